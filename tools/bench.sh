#!/bin/sh
# make bench: boot each pinned kernel once, measure no module, phtrack
# learning, phtrack with phd, phtrack enforcing and TOMOYO learning
# interleaved over rounds, then the event path (tests/vm/bench.sh),
# and write docs/performance.md and docs/performance.json.
# Environment: PH_BENCH_ROUNDS (default 7), KERNELS (default: all pinned).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
rounds=${PH_BENCH_ROUNDS:-7}
kernels=${KERNELS:-$(grep -v '^#' tools/kernels.conf)}
tools/deps.sh all
tools/fetch-kernels.sh
make -s userspace >/dev/null
tools/build-helpers.sh
scen=build/bench/bench.sh
mkdir -p build/bench
sed "s/^ROUNDS=.*/ROUNDS=$rounds/" tests/vm/bench.sh >"$scen"
logs=""
for k in $kernels; do
	tools/build-module.sh "$k" >/dev/null
	echo "bench: $k, $rounds rounds (this takes a while under emulation)"
	tools/vm/run.sh -q -c 1 -t 5400 -k "$k" -o "build/bench/$k" "$scen"
	logs="$logs build/bench/$k/output.log"
done
# The store path on the host, to relate the guest's figures to native ones.
rm -f build/bench/synth.db build/bench/synth.db-wal build/bench/synth.db-shm
host_synth=$(build/userspace/ph-synth --rows 200000 --db build/bench/synth.db |
	sed -n 's/.*(\([0-9]*\) rows\/s.*/\1/p')
rm -f build/bench/synth.db build/bench/synth.db-wal build/bench/synth.db-shm
python3 tools/bench-report.py --md docs/performance.md --json docs/performance.json \
	--host-synth "${host_synth:-0}" $logs
cat docs/performance.md
