# Benchmark: the rate at which phd stores watch events with the audit
# acknowledgment in place (issue 18), and the rate of the replay at start.
# Run it on the instruction clock (docs/store.md, "Benchmark"):
#   PH_QEMU_ARGS="-icount shift=0,sleep=off" tools/vm/run.sh -q -c 1 \
#       -k KVER tests/vm/bench/audit_rate.sh
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
DB=/var/lib/phtrack/ph.db
ph_load audit_buffer_kb=65536 event_queue_len=65536
mkdir -p /tmp/r
echo x >/tmp/r/hot
ph watch add /tmp/r/hot --ops read >/dev/null || fail "watch add"
start_phd() {
	rm -f /run/phd.pid
	phd --foreground --db $DB --pidfile /run/phd.pid 2>>/tmp/r/phd.log &
	phd_pid=$!
	while [ ! -e /run/phd.pid ]; do sleep 0.05; done
}
stored() { ph --db $DB --json status | sed -n 's/.*"audit_events":\([0-9]*\).*/\1/p'; }
now_ms() { awk '{printf "%d\n", $1 * 1000}' /proc/uptime; }
wait_stored() {
	while [ "$(stored)" -lt "$1" ]; do sleep 0.05; done
}
start_phd
$PHX storm /tmp/r/hot 10000 0 >/dev/null	# warm-up
wait_stored 10000
for n in 50000 50000 50000; do
	before=$(stored)
	t0=$(now_ms)
	$PHX storm /tmp/r/hot $n 0 >/tmp/r/gen || fail storm
	wait_stored $((before + n))
	t1=$(now_ms)
	echo "live: $n events stored in $((t1 - t0)) ms = $((n * 1000 / (t1 - t0 + 1)))/s" \
		"(generated at $(awk '{print $4}' /tmp/r/gen)/s)"
done
kill -TERM $phd_pid
wait $phd_pid || fail "phd exit"
for n in 50000 50000; do
	before=$(stored)
	$PHX storm /tmp/r/hot $n 0 >/dev/null || fail storm
	t0=$(now_ms)
	start_phd
	wait_stored $((before + n))
	t1=$(now_ms)
	echo "replay: phd started and stored $n held events in $((t1 - t0)) ms =" \
		"$((n * 1000 / (t1 - t0 + 1)))/s"
	kill -TERM $phd_pid
	wait $phd_pid || fail "phd exit"
done
ph --json status >/tmp/r/st
for k in audit_seq audit_acked audit_held audit_dropped; do
	echo "$k $(sed -n 's/.*"'$k'":\([0-9]*\).*/\1/p' /tmp/r/st)"
done
expect_eq "lost" 0 "$(ph --db $DB --json status | sed -n 's/.*"audit_lost":\([0-9]*\).*/\1/p')"
ph watch rm /tmp/r/hot >/dev/null
ph_unload
echo "audit_rate ok"
