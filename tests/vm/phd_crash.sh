# alone: the workload and phd keep both vCPUs busy while phd is killed
# Scenario: phd survives SIGKILL.  While a workload keeps generating
# learned entries, exec and watch events, phd is killed with SIGKILL 20
# times at random moments.  After each restart (which resyncs from the
# module) the database passes PRAGMA integrity_check and its learned
# entries equal the module's dump exactly; the events phd missed while it
# was down are recorded as loss, never silently; the audit rows' hash chain
# verifies (ph verify) after every kill.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
DB=/var/lib/phtrack/ph.db
ROUNDS=${PH_CRASH_ROUNDS:-20}
ph_load
mkdir -p /tmp/c
echo x >/tmp/c/hot
cp $PHX /tmp/c/gen
ph watch add /tmp/c/hot >/dev/null || fail "watch add"

# The workload: each round of the loop learns a new entry (a new file),
# makes a watch event and an exec.  It pauses while /tmp/c/pause exists.
(
	i=0
	while [ ! -e /tmp/c/stop ]; do
		if [ -e /tmp/c/pause ]; then
			: >/tmp/c/paused
			sleep 0.1
			continue
		fi
		rm -f /tmp/c/paused
		i=$((i + 1))
		/tmp/c/gen do create /tmp/c/f$i 0600
		/tmp/c/gen do read /tmp/c/hot
	done
) &
wl=$!

start_phd() {
	rm -f /run/phd.pid
	phd --foreground --db $DB --pidfile /run/phd.pid 2>>/tmp/c/phd.log &
	phd_pid=$!
	n=0
	while [ ! -e /run/phd.pid ]; do
		kill -0 $phd_pid 2>/dev/null || { cat /tmp/c/phd.log; fail "phd exited"; }
		n=$((n + 1))
		[ $n -lt 300 ] || fail "phd not ready after 30 s"
		sleep 0.1
	done
}

# Pause the workload, let phd commit, and compare with the module.
compare() {
	: >/tmp/c/pause
	while [ ! -e /tmp/c/paused ]; do sleep 0.05; done
	sleep 0.5
	# Both write to the same file, so that after the warm-up neither run
	# learns anything new (a new name would be a new entry).
	ph acl --all >/tmp/c/out || fail "ph acl --all"
	cp /tmp/c/out /tmp/c/kernel.acl
	sleep 0.5
	ph --db $DB acl --all >/tmp/c/out || fail "ph --db acl --all"
	cp /tmp/c/out /tmp/c/db.acl
	if [ "$1" != warm-up ] && ! cmp -s /tmp/c/kernel.acl /tmp/c/db.acl; then
		diff /tmp/c/kernel.acl /tmp/c/db.acl | head -20
		fail "round $1: the database's entries differ from the module's"
	fi
	rm -f /tmp/c/pause
}

start_phd
# Warm up: the first runs of ph learn their own accesses.
compare warm-up
compare warm-up
compare 0
kill -TERM $phd_pid
wait $phd_pid || fail "phd did not exit 0 on SIGTERM"

r=1
while [ $r -le $ROUNDS ]; do
	start_phd
	compare "$r-restart"
	# Kill at a random moment within 1 s of busy storing (the workload runs
	# all along, so phd is always between commits or inside one).
	sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
	kill -KILL $phd_pid
	wait $phd_pid 2>/dev/null
	ph --db $DB check >/tmp/c/check || { cat /tmp/c/check; fail "round $r: integrity"; }
	expect_grep "^ok" /tmp/c/check "round $r integrity check"
	ph --db $DB verify >/tmp/c/verify || { cat /tmp/c/verify; fail "round $r: ph verify"; }
	r=$((r + 1))
done
start_phd
compare final
kill -TERM $phd_pid
wait $phd_pid || fail "phd did not exit 0 on SIGTERM"
: >/tmp/c/stop
wait $wl
ph --db $DB status >/tmp/c/st || fail "ph --db status"
cat /tmp/c/st
entries=$(ph acl --all | grep -c '^[a-z]')
note "rounds: $ROUNDS, learned entries: $entries, workload files: $(ls /tmp/c | grep -c '^f')"
grep -c "resynced" /tmp/c/phd.log
ph_unload
echo "phd_crash ok"
