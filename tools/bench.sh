#!/bin/sh
# make bench: boot each pinned kernel, measure no module, phtrack learning,
# phtrack with phd, phtrack enforcing and TOMOYO learning interleaved over
# rounds (tests/vm/bench.sh), and write docs/performance.md and .json.
#
# Two clocks, one boot per kernel each:
#   icount  QEMU counts guest instructions and the guest clock follows the
#           count (-icount shift=0: one instruction is one nanosecond).  The
#           figures are the work done, repeatable to a fraction of a percent
#           and immune to host load, so both kernels run at once.
#   wall    the guest clock is the host's: the figures include everything
#           emulation costs, with a noise band of several percent.  These
#           boots run one after the other, then the event path (phd_storm).
# Environment: PH_BENCH_ROUNDS (icount rounds, default 7),
# PH_BENCH_WALL_ROUNDS (default 5), PH_BENCH_CLOCKS (default "icount wall"),
# KERNELS (default: all pinned), PH_BENCH_BOOT=0 to leave out the real-boot
# row (tools/bench-boot.sh, PH_BENCH_BOOT_ROUNDS), PH_BENCH_AUDIT=0 to leave
# out the watched-access rows against Linux audit (tools/bench-audit.sh,
# PH_BENCH_AUDIT_ROUNDS).
# PH_BENCH_CONFIGS (default all): the configurations measured besides none,
# some of learning, phd, enforcing, tomoyo, none-again (tests/vm/bench.sh);
# PH_BENCH_KEEP: logs of an earlier run, CLOCK@REV:LOG each, whose columns
# the report shows where this run measured none (so that one column can be
# measured again alone); PH_BENCH_HOST=0 to leave out the host sections
# (tools/bench-editpolicy.sh, tools/bench-store.sh); PH_BENCH_LOCK: a lock
# file each boot holds (flock), so that boots run one at a time on a shared
# host; PH_BENCH_REUSE=1 to keep a kernel's finished boot (see reusable()).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
rounds=${PH_BENCH_ROUNDS:-7}
wall_rounds=${PH_BENCH_WALL_ROUNDS:-5}
clocks=${PH_BENCH_CLOCKS:-icount wall}
configs=${PH_BENCH_CONFIGS:-all}
lock=${PH_BENCH_LOCK:-}
kernels=${KERNELS:-$(grep -v '^#' tools/kernels.conf)}
tools/deps.sh all
tools/fetch-kernels.sh
make -s userspace >/dev/null
tools/build-helpers.sh
mkdir -p build/bench
sed -e "s/^ROUNDS=.*/ROUNDS=$rounds/" -e "s/^STORM=.*/STORM=0/" \
	-e "s/^CONFIGS=.*/CONFIGS='$configs'/" tests/vm/bench.sh >build/bench/bench-icount.sh
sed -e "s/^ROUNDS=.*/ROUNDS=$wall_rounds/" -e "s/^CONFIGS=.*/CONFIGS='$configs'/" \
	tests/vm/bench.sh >build/bench/bench-wall.sh
# PH_BENCH_REUSE=1: a boot whose log is complete, made by the same script
# and the same module (their copy and checksum beside the log), is not run
# again.
modsum() { sha256sum <"build/kernel/$k/phtrack.ko"; }
reusable() {	# reusable OUTDIR SCRIPT
	[ "${PH_BENCH_REUSE:-0}" = 1 ] && grep -q '^bench done' "$1/output.log" 2>/dev/null &&
		cmp -s "$2" "$1/bench.sh" && [ "$(modsum)" = "$(cat "$1/module.sha256" 2>/dev/null)" ]
}
kept() {	# kept OUTDIR SCRIPT: what reusable() compares, after a run
	cp "$2" "$1/bench.sh" && modsum >"$1/module.sha256"
}
vm() { if [ -n "$lock" ]; then flock "$lock" tools/vm/run.sh "$@"; else tools/vm/run.sh "$@"; fi; }
for k in $kernels; do
	tools/build-module.sh "$k" >/dev/null
done
logs=""
case " $clocks " in *" icount "*)
	pids=""
	for k in $kernels; do
		echo "bench: $k, instruction clock, $rounds rounds (this takes a while under emulation)"
		logs="$logs icount:build/bench/$k-icount/output.log"
		if reusable "build/bench/$k-icount" build/bench/bench-icount.sh; then
			echo "bench: $k, reusing the finished run of the same script and module"
			continue
		fi
		(PH_QEMU_ARGS="-icount shift=0,sleep=off" vm -q -c 1 -t 5400 -k "$k" \
			-o "build/bench/$k-icount" build/bench/bench-icount.sh &&
			kept "build/bench/$k-icount" build/bench/bench-icount.sh) &
		pids="$pids $!"
	done
	fail=0
	for p in $pids; do wait "$p" || fail=1; done
	[ "$fail" = 0 ] || { echo "bench: an instruction-clock run failed" >&2; exit 1; }
	;;
esac
case " $clocks " in *" wall "*)
	for k in $kernels; do
		echo "bench: $k, wall clock, $wall_rounds rounds, then the event path"
		logs="$logs wall:build/bench/$k/output.log"
		if reusable "build/bench/$k" build/bench/bench-wall.sh; then
			echo "bench: $k, reusing the finished run of the same script and module"
			continue
		fi
		vm -q -c 1 -t 5400 -k "$k" -o "build/bench/$k" build/bench/bench-wall.sh
		kept "build/bench/$k" build/bench/bench-wall.sh
	done
	;;
esac
[ -n "$logs" ] || { echo "bench: PH_BENCH_CLOCKS names no clock (icount, wall)" >&2; exit 2; }
# The store path on the host, to relate the guest's figures to native ones.
rm -f build/bench/synth.db build/bench/synth.db-wal build/bench/synth.db-shm
host_synth=$(build/userspace/ph-synth --rows 200000 --db build/bench/synth.db |
	sed -n 's/.*(\([0-9]*\) rows\/s.*/\1/p')
rm -f build/bench/synth.db build/bench/synth.db-wal build/bench/synth.db-shm
# How this generation was run, for the report: the settings given.
how=""
for v in KERNELS PH_BENCH_CLOCKS PH_BENCH_ROUNDS PH_BENCH_WALL_ROUNDS PH_BENCH_CONFIGS \
	PH_BENCH_BOOT PH_BENCH_AUDIT PH_BENCH_HOST PH_BENCH_REUSE; do
	eval "val=\${$v:-}"
	[ -z "$val" ] || how="$how$v='$val' "
done
python3 tools/bench-report.py --md docs/performance.md --json docs/performance.json \
	--host-synth "${host_synth:-0}" --how "${how}tools/bench.sh" ${PH_BENCH_KEEP:-} $logs
# The real-boot row (Debian bed); it replaces its own section of the report.
[ "${PH_BENCH_BOOT:-1}" = 0 ] || tools/bench-boot.sh
# phtrack's watches against Linux audit's (Debian bed); their own section.
[ "${PH_BENCH_AUDIT:-1}" = 0 ] || tools/bench-audit.sh
# ph-editpolicy's host figures; they replace their own section too.
[ "${PH_BENCH_HOST:-1}" = 0 ] || tools/bench-editpolicy.sh || true
# The store's write path on the host, by transaction size; its own section.
[ "${PH_BENCH_HOST:-1}" = 0 ] || tools/bench-store.sh || true
cat docs/performance.md
