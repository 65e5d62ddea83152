# alone: each call must return within a bounded time
# Scenario: nothing on the hook path takes a lock its caller may hold, and
# a program executed through a magic link is named by the file it runs.
#  - With phd listening, raising a hard rlimit makes do_prlimit() call
#    capable() under task_lock(); the learned-entry event built there used
#    to take task_lock() again (get_task_comm()) and lock the CPU up.  The
#    harness fails the scenario on any stall or lockup report.
#  - /proc/self/exe, /proc/PID/exe and /dev/fd/N execs used to create
#    domains such as "... /proc/152/exe": no domain may carry a pid or fd.
. /lib/phtrack/testlib.sh
ph_load
mkdir -p /var/lib/phtrack
rm -f /run/phd.pid
phd --foreground --db /var/lib/phtrack/ph.db --pidfile /run/phd.pid 2>/tmp/phd.log &
phd_pid=$!
n=0
while [ ! -e /run/phd.pid ]; do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "phd did not start: $(cat /tmp/phd.log)"
	sleep 0.1
done

note "raise a hard rlimit, as sudo and pam_limits do"
timeout 30 sh -c 'ulimit -Sn 500; ulimit -Hn 1000; sh -c "ulimit -Hn 2000"' ||
	fail "rlimit raise failed or hung"
ph acl --all >/tmp/acl.txt
expect_grep 'capability sys_resource' /tmp/acl.txt "learned list after the rlimit raise"

note "exec through magic links"
timeout 30 sh -c '/proc/self/exe true' >/dev/null 2>&1
timeout 30 sh -c 'exec 3</bin/busybox; /dev/fd/3 true' >/dev/null 2>&1
timeout 30 sh -c "/proc/\$\$/exe true" >/dev/null 2>&1
timeout 30 sh -c 'exec 4</bin/busybox; /proc/self/fd/4 true' >/dev/null 2>&1
ph domains >/tmp/domains.txt
if grep -E '/proc/[0-9]+/|/proc/self/|/dev/fd/' /tmp/domains.txt; then
	fail "a domain is named after a pid or fd"
fi
cat /tmp/domains.txt

kill "$phd_pid"
wait "$phd_pid"
ph_unload
echo "hook_locks: ok"
