#!/bin/sh
# make bench-who: the 10-million-row acceptance check for `ph who`.
# Builds ph and ph-synth (make userspace), writes a store of ROWS synthetic
# audit rows under build/bench-who/ (reused while it holds that many), then
# runs each query RUNS times and prints the min and median wall time and the
# median against the 100 ms target.  Exits 1 when a median reaches 100 ms.
# Environment: ROWS (default 10000000), RUNS (default 5).
# --generate-only writes the store and stops (make check writes it in the
# background while the host tests run, then times the queries alone).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
rows=${ROWS:-10000000}
runs=${RUNS:-5}
gen_only=0
[ "${1:-}" = --generate-only ] && gen_only=1
bin=build/userspace
dir=build/bench-who
db=$dir/ph.db

make -s userspace >/dev/null
mkdir -p "$dir"

stored_rows() {
	[ -f "$db" ] || { echo 0; return; }
	"$bin/ph" --db "$db" --json status 2>/dev/null |
		sed -n 's/.*"audit_events":\([0-9]*\).*/\1/p' | grep . || echo 0
}

if [ "$(stored_rows)" != "$rows" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	echo "generating $rows rows in $db (ph-synth, 1,000,000-row transactions)"
	"$bin/ph-synth" --db "$db" --rows "$rows" --batch 1000000
else
	echo "reusing $db ($rows rows; no generation rate: rm -r $dir to measure it)"
fi
ls -l "$db" | awk '{ printf "store size: %.0f MB\n", $5 / 1048576 }'
[ $gen_only -eq 0 ] || exit 0

now_ns() { date +%s%N; }
fail=0
printf '%-36s %8s %8s %8s %s\n' query 'min ms' 'med ms' 'med/100' rows
bench() {
	out=$("$bin/ph" --db "$db" who "$@" | head -n 1)
	times=""
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now_ns)
		"$bin/ph" --db "$db" who "$@" >/dev/null
		t1=$(now_ns)
		times="$times $(((t1 - t0) / 1000))"
		i=$((i + 1))
	done
	set -- "$*" $(printf '%s\n' $times | sort -n)
	label=$1
	shift
	min=$1
	med=$(printf '%s\n' "$@" | sed -n "$(($# / 2 + 1))p")
	awk -v l="$label" -v min="$min" -v med="$med" -v out="${out#*: }" \
		'BEGIN { printf "%-36s %8.1f %8.1f %8.2f %s\n", l, min / 1000, med / 1000, med / 100000, out }'
	[ "$med" -lt 100000 ] || fail=1
}
bench /etc/foobar
bench /etc/foobar --op write
bench /etc/foobar --since 7d
bench /etc/
bench /etc/rarely-touched
[ $fail -eq 0 ] && echo "bench-who: every median under 100 ms" ||
	echo "bench-who: a median reached 100 ms"
exit $fail
