# bed: debian
# module: none
# The benchmark's watch rows (tools/bench-audit.sh): the cost of an access
# to a watched file with phtrack (module, watch, phd storing with the
# acknowledgement) against Linux audit (auditd from Debian, `auditctl -w
# FILE -p rwa`), in the same boot, interleaved: in each round no watcher,
# phtrack, Linux audit, no watcher again.  An access is an open and close
# of /etc/ph-watched (`phx storm`, N of them, 5 batches).  Two figures per
# configuration: the accessing process's time per access (the median
# batch), and the busy CPU time of the whole guest (/proc/stat, every CPU)
# from the storm's start until its events are stored (phd) or written to
# audit.log (auditd), per access: the daemon's work included.  Then the
# stored rate with the acknowledgement: one storm of RATE_N opens, from
# its start until phd has stored them all.
ROUNDS=3
N=10000
RATE_N=30000
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
F=/etc/ph-watched
DB=/var/lib/phtrack/ph.db
LOG=/var/log/audit/audit.log
command -v auditctl >/dev/null || fail "auditctl missing: the bed image predates auditd (tools/vm/rootfs.sh)"
systemctl stop auditd.service 2>/dev/null
auditctl -D >/dev/null 2>&1
auditctl -e 0 >/dev/null || fail "auditctl -e 0"

busy_ms() {
	awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%d\n", ($2 + $3 + $4 + $7 + $8) * 1000 / hz}' /proc/stat
}
# One measurement: 5 batches of N/5 opens, then 2 quiet seconds for the
# daemon; prints "median-ns-per-open busy-ns-per-open" (the former from the
# rate phx reports, which it computes at full clock resolution).
measure() {
	b0=$(busy_ms)
	per=""
	for _ in 1 2 3 4 5; do
		s=$($PHX storm $F $((N / 5)) 0) || fail "storm"
		per="$per $(echo "$s" | awk '{printf "%d", 1e9 / $4}')"
	done
	sleep 2
	b1=$(busy_ms)
	med=$(printf '%s\n' $per | sort -n | sed -n 3p)
	echo "$med $(((b1 - b0) * 1000000 / N))"
}
stored() { ph --db $DB --json status | sed -n 's/.*"audit_events":\([0-9]*\).*/\1/p'; }
audit_lines() { cat $LOG* 2>/dev/null | grep -c 'type=PATH.*ph-watched'; }

phd_pid=""
start_phd() {
	rm -f /run/phd.pid
	phd --foreground --db $DB --pidfile /run/phd.pid 2>>/tmp/phd-bench.log &
	phd_pid=$!
	while [ ! -e /run/phd.pid ]; do
		kill -0 $phd_pid 2>/dev/null || { cat /tmp/phd-bench.log; fail "phd did not start"; }
		sleep 0.1
	done
}
stop_phd() {
	kill -TERM $phd_pid
	wait $phd_pid || fail "phd exit status"
}

run_none() {
	echo "@@BENCH-AUDIT $1 $2 $(measure)"
}
run_phtrack() {
	ph_load
	start_phd
	ph watch add $F --ops read,write,append >/dev/null || fail "ph watch add"
	$PHX storm $F 500 0 >/dev/null # learning converges, the store is warm
	sleep 1
	before=$(stored)
	m=$(measure)
	after=$(stored)
	[ $((after - before)) -ge $N ] || fail "phd stored $((after - before)) of $N accesses"
	echo "@@BENCH-AUDIT $1 phtrack $m"
	ph watch rm $F >/dev/null
	stop_phd
	ph_unload
}
run_auditd() {
	systemctl start auditd.service || fail "systemctl start auditd"
	auditctl -e 1 >/dev/null
	auditctl -w $F -p rwa -k phbench >/dev/null || fail "auditctl -w"
	$PHX storm $F 500 0 >/dev/null
	sleep 1
	before=$(audit_lines)
	m=$(measure)
	# auditd may still be writing (its flush is asynchronous): the busy
	# window has ended, the count waits up to 10 s more.
	i=0
	while [ $(($(audit_lines) - before)) -lt $N ] && [ $i -lt 20 ]; do
		sleep 0.5
		i=$((i + 1))
	done
	[ $i -eq 0 ] || note "auditd wrote its last records $((i / 2)) s after the busy window"
	after=$(audit_lines)
	[ $((after - before)) -ge $N ] || fail "auditd logged $((after - before)) of $N accesses"
	lost=$(auditctl -s | sed -n 's/^lost //p')
	echo "@@BENCH-AUDIT $1 auditd $m"
	auditctl -D >/dev/null
	systemctl stop auditd.service
	auditctl -e 0 >/dev/null
	note "auditd: audit lost counter ${lost:-?}"
}

r=1
while [ $r -le $ROUNDS ]; do
	run_none $r none
	run_phtrack $r
	run_auditd $r
	run_none $r none-again
	r=$((r + 1))
done

# The stored rate with the acknowledgement in place.
ph_load
start_phd
ph watch add $F --ops read >/dev/null || fail "ph watch add"
$PHX storm $F 1000 0 >/dev/null
sleep 1
before=$(stored)
t0=$(awk '{printf "%d\n", $1 * 1000}' /proc/uptime)
$PHX storm $F $RATE_N 0 >/tmp/gen || fail "storm"
while [ "$(stored)" -lt $((before + RATE_N)) ]; do sleep 0.05; done
t1=$(awk '{printf "%d\n", $1 * 1000}' /proc/uptime)
ph --json status >/tmp/st
acked=$(sed -n 's/.*"audit_acked":\([0-9]*\).*/\1/p' /tmp/st)
seq=$(sed -n 's/.*"audit_seq":\([0-9]*\).*/\1/p' /tmp/st | tail -n 1)
echo "@@BENCH-RATE $RATE_N $((t1 - t0)) $(awk '{print $4}' /tmp/gen) ${acked:-0} ${seq:-0}"
stop_phd
lost=$(ph --db $DB --json status | sed -n 's/.*"audit_lost":\([0-9]*\).*/\1/p')
note "audit events lost in the store: ${lost:-?}"
ph_unload
