#!/bin/sh
# Host test of `ph verify` (docs/store.md, "Hash chain"): a store written
# by ph-synth verifies; after a row is edited, deleted or inserted with the
# sqlite3 CLI, ph verify exits 1 and names that row; likewise after the
# parts table or a row's partition is edited (they decide what ph who
# reads).  Also checks that --db and --json work after the command.
# Needs make userspace and sqlite3.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/build/userspace
dir=$(mktemp -d /tmp/ph-verify-test.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fail=0
ok() { echo "ok: $*"; }
ko() { echo "FAIL: $*"; fail=1; }

"$bin/ph-synth" --db "$dir/base.db" --rows 2000 >/dev/null || { echo "FAIL: ph-synth"; exit 1; }

# expect NAME STATUS PATTERN SQL: a copy of the store, SQL applied, then
# ph verify must exit STATUS with PATTERN in its output.
expect() {
	name=$1 want=$2 pattern=$3 sql=$4
	cp "$dir/base.db" "$dir/$name.db"
	[ -z "$sql" ] || sqlite3 "$dir/$name.db" "$sql" || { ko "$name: sqlite3 failed"; return; }
	out=$("$bin/ph" verify --db "$dir/$name.db" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		ko "$name: exit $rc, expected $want: $out"
	elif ! printf '%s\n' "$out" | grep -q -- "$pattern"; then
		ko "$name: output lacks '$pattern': $out"
	else
		ok "$name: $(printf '%s\n' "$out" | head -n 1)"
	fi
}

expect untouched 0 '^ok: 2000 audit rows' ""
expect edited 1 '^chain position 777: changed: .*uid 4242' \
	"UPDATE audit SET uid = 4242 WHERE chain = 777"
expect deleted 1 '^chain position 1234: deleted' "DELETE FROM audit WHERE chain = 1234"
expect deleted-newest 1 '^chain positions 1999..2000: deleted' \
	"DELETE FROM audit WHERE chain >= 1999"
expect inserted 1 '^a row: inserted: .*seq 987654' \
	"INSERT INTO audit (path, ts_ns, instance, seq, path2, op, pid, tgid, ppid, uid, euid, gid,
	 comm, domain, watch_id, result) SELECT path, ts_ns + 1, instance, 987654, path2, op, pid,
	 tgid, ppid, 0, euid, gid, comm, domain, watch_id, result FROM audit WHERE chain = 10"
expect parts-narrowed 1 '^chain position 1: partition: partition 0 ' \
	"UPDATE parts SET last_ns = first_ns WHERE part = 0"
expect part-moved 1 '^chain position 42: partition: its partition column is 9' \
	"UPDATE audit SET part = 9 WHERE chain = 42"
expect renamed-path 1 'changed: .*/etc/renamed' \
	"UPDATE paths SET path = '/etc/renamed' WHERE id = (SELECT path FROM audit WHERE chain = 5)"

# --anchor: the head as phd logs it matches; another hash does not.
head=$("$bin/ph" verify --db "$dir/base.db" | sed -n 's/.*; head \([0-9]*\) \([0-9a-f]*\)$/\1:\2/p')
if "$bin/ph" verify --db "$dir/base.db" --anchor "$head" >/dev/null; then
	ok "verify --anchor $head"
else
	ko "verify --anchor $head failed"
fi
out=$("$bin/ph" verify --db "$dir/base.db" --anchor "1000:$(printf '0%.0s' $(seq 64))")
if [ $? -eq 1 ] && printf '%s\n' "$out" | grep -q '^anchor: chain position 1000 does not have'; then
	ok "verify --anchor with another hash fails"
else
	ko "verify --anchor with another hash: $out"
fi

# Global options after the command and its arguments.
out=$("$bin/ph" verify --db "$dir/base.db" --json)
case $out in
*'"ok":true'*'"rows":2000'*) ok "verify --db FILE --json" ;;
*) ko "verify --db FILE --json: $out" ;;
esac
out=$("$bin/ph" who /etc/foobar --db "$dir/base.db" --json)
case $out in
*'"total":'*) ok "who PATH --db FILE --json" ;;
*) ko "who PATH --db FILE --json: $out" ;;
esac
exit $fail
