# alone: kills phd within 50 ms of a burst
# Scenario: nothing acknowledged is lost across a phd crash (issue 18).
# 20 rounds: a burst of 1 to 1000 appends to a watched file, split between
# root and uid 65534, then SIGKILL of phd within 50 ms, then a restart.
# The module holds every watch event until phd acknowledges its commit, and
# phd asks for the rest when it starts: `ph who` must then count exactly
# every append, by uid, with 0 audit events lost and an intact database.
# Then a burst larger than the module's audit buffer while phd is stopped:
# the exact overflowed range is recorded as lost, everything else stored.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
DB=/var/lib/phtrack/ph.db
ROUNDS=${PH_ACK_ROUNDS:-20}
F=/tmp/a/foobar
ph_load
mkdir -p /tmp/a
: >$F
chmod 666 $F
ph watch add $F --ops append >/dev/null || fail "watch add"

start_phd() {
	rm -f /run/phd.pid
	phd --foreground --db $DB --pidfile /run/phd.pid 2>>/tmp/a/phd.log &
	phd_pid=$!
	n=0
	while [ ! -e /run/phd.pid ]; do
		kill -0 $phd_pid 2>/dev/null || { cat /tmp/a/phd.log; fail "phd exited"; }
		n=$((n + 1))
		[ $n -lt 300 ] || fail "phd not ready after 30 s"
		sleep 0.1
	done
}

# N appends to $F in one shell (no fork per append).
appends() {
	i=0
	while [ $i -lt "$1" ]; do
		echo x >>$F
		i=$((i + 1))
	done
}

# The store's count of accesses to $F by uid $1.
stored_by() {
	ph --db $DB --json who $F | sed 's/},{/}\n{/g' |
		sed -n 's/.*"uid":'"$1"',"count":\([0-9]*\).*/\1/p' | awk '{n += $1} END {print n + 0}'
}
json_num() { sed -n 's/.*"'"$1"'":\([0-9]*\).*/\1/p' | head -1; }

start_phd
want_root=0
want_nobody=0
r=1
while [ $r -le $ROUNDS ]; do
	n=$((RANDOM % 1000 + 1))
	k=$((RANDOM % (n + 1)))
	appends $k
	$PHX runas 65534 65534 /bin/sh -c \
		'i=0; while [ $i -lt '"$((n - k))"' ]; do echo x >>'"$F"'; i=$((i + 1)); done' ||
		fail "round $r: appends as 65534"
	want_root=$((want_root + k))
	want_nobody=$((want_nobody + n - k))
	usleep $((RANDOM % 50000))
	kill -KILL $phd_pid
	wait $phd_pid 2>/dev/null
	start_phd
	r=$((r + 1))
done
# Let the last restart's commit land, then compare.
kill -TERM $phd_pid
wait $phd_pid || fail "phd did not exit 0 on SIGTERM"
ph --db $DB check >/tmp/a/check || { cat /tmp/a/check; fail "integrity"; }
expect_grep "^ok" /tmp/a/check "integrity check after $ROUNDS kills"
expect_eq "appends by root stored" "$want_root" "$(stored_by 0)"
expect_eq "appends by uid 65534 stored" "$want_nobody" "$(stored_by 65534)"
ph --db $DB --json status >/tmp/a/st || fail "ph --db status"
expect_eq "audit events lost" 0 "$(json_num audit_lost </tmp/a/st)"
ph --json status >/tmp/a/mod || fail "ph status"
expect_eq "events the module still holds" 0 "$(json_num audit_held </tmp/a/mod)"
note "rounds $ROUNDS: root $want_root, uid 65534 $want_nobody appends;" \
	"$(grep -c 'audit replays' /tmp/a/phd.log) runs logged"

# Overflow while phd is stopped: a 16 KiB buffer holds far fewer than 2000.
echo 16 >/sys/module/phtrack/parameters/audit_buffer_kb
ph status | grep -q "audit buffer 16 KiB" || fail "ph status shows the buffer size"
s0=$(json_num audit_seq </tmp/a/mod)
before=$(( $(stored_by 0) ))
appends 2000
ph --json status >/tmp/a/mod || fail "ph status"
s1=$(json_num audit_seq </tmp/a/mod)
held=$(json_num audit_held </tmp/a/mod)
dropped=$(json_num audit_dropped </tmp/a/mod)
expect_eq "audit sequence after the burst" $((s0 + 2000)) "$s1"
[ "$held" -gt 0 ] && [ "$held" -lt 2000 ] || fail "held $held of 2000 in 16 KiB"
expect_eq "dropped by the module" $((2000 - held)) "$dropped"
start_phd
kill -TERM $phd_pid
wait $phd_pid || fail "phd did not exit 0 on SIGTERM"
expect_eq "stored after the overflow" $((before + held)) "$(stored_by 0)"
ph --db $DB --json status >/tmp/a/st || fail "ph --db status"
expect_eq "audit events lost" $((2000 - held)) "$(json_num audit_lost </tmp/a/st)"
expect_grep "\"first_seq\":$((s0 + 1)),\"last_seq\":$((s1 - held)),\"count\":$((2000 - held)),\"reason\":\"phd down past the buffer\"" \
	/tmp/a/st "the exact lost range"
ph --db $DB status >/tmp/a/txt
cat /tmp/a/txt
expect_grep "audit seq $((s0 + 1))\.\.$((s1 - held)) ($((2000 - held))): phd down past the buffer" \
	/tmp/a/txt "ph --db status names the range"
ph --json status >/tmp/a/mod
expect_eq "held after phd's acknowledgement" 0 "$(json_num audit_held </tmp/a/mod)"
ph watch rm $F >/dev/null
ph_unload
echo "audit_ack ok"
