# alone: each call must return within a bounded time
# bed: debian
# Scenario: nothing on the hook path takes a lock its caller may hold
# (issue 16).  In the real Debian bed, with learning active and phd storing,
# the calls that raise rlimits, change credentials through PAM, ptrace or
# enter namespaces run one by one under a timeout: a ulimit -H raise,
# prlimit, sudo -u nobody id, sudo -i true, su, a PAM login through sshd on
# loopback, strace -f of a shell, unshare -m and nsenter.  The harness fails
# the scenario on any stall or lockup report in the kernel log (and stops a
# locked-up guest 30 s after the first report).
. /lib/phtrack/testlib.sh
ph_ensure_active
systemctl start phd.service || {
	journalctl -u phd.service --no-pager | tail -n 20
	fail "systemctl start phd"
}
systemctl is-active phd.service
ph status | grep -E '^(active|domains)'
bad=0
try() {
	echo "-- running: $*"
	if timeout 120 "$@" >/tmp/out 2>&1; then
		echo "ok: $*"
	else
		echo "FAIL (exit $?): $*"
		cat /tmp/out
		bad=$((bad + 1))
	fi
}
try sh -c 'ulimit -Sn 500; ulimit -Hn 1000; sh -c "ulimit -Hn 2000"'
try prlimit --nofile=1024:4096 true
try sudo -u nobody id
try sudo -i true
try su -s /bin/sh nobody -c true
try ssh -o BatchMode=yes -o ConnectTimeout=30 root@127.0.0.1 true
try strace -f -o /dev/null sh -c true
try unshare -m true
try nsenter -t 1 -m true
sleep 2
ph status | grep -E '^(active|domains)'
[ $bad -eq 0 ] || fail "$bad call(s) failed"
echo "lockup ok"
