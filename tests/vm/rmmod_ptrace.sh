# Scenario (issue 17): rmmod never hangs on a task that holds deferred work.
#
# 1. A task held inside mount(MS_MOVE) after phtrack's sb_mount hook queued
#    its topology work (the move waits for an inode lock that a getdents
#    blocked in a userfaultfd fault holds).  The work holds a module
#    reference, so rmmod fails at once ("in use") instead of waiting in D
#    state; the module keeps answering, and once the task is released rmmod
#    succeeds.  Without the reference, rmmod hangs here.
# 2. A task stopped by ptrace at its exec event (PTRACE_O_TRACEEXEC), and
#    one stopped by SIGSTOP: both ran their work before stopping (the
#    kernel runs task works before a ptrace or signal stop), so rmmod
#    returns within 10 s and succeeds; insmod and rmmod work again.
. /lib/phtrack/testlib.sh
H=/usr/libexec/phtrack

# A hang of rmmod in D state is reported within seconds, and fails the run.
[ -w /proc/sys/kernel/hung_task_timeout_secs ] && echo 8 >/proc/sys/kernel/hung_task_timeout_secs

# wait_gone PID TENTHS: wait up to TENTHS tenths of a second for PID to end.
wait_gone() {
	_n=0
	while [ -d /proc/$1 ] && [ $_n -lt "$2" ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	[ ! -d /proc/$1 ]
}

# try_rmmod: rmmod in the background, so that this script ends even when it
# hangs; sets rm_rc, and fails when rmmod is still running after 10 s.
try_rmmod() {
	rmmod phtrack >/tmp/rmmod.out 2>&1 &
	_p=$!
	if ! wait_gone $_p 100; then
		grep '^State:' /proc/$_p/status
		fail "rmmod did not return within 10 s"
	fi
	rm_rc=0
	wait $_p || rm_rc=$?
	echo "rmmod returned $rm_rc: $(cat /tmp/rmmod.out)"
}

# ---- 1. a task held with its work queued ----
ph_load
mkdir -p /tmp/src /tmp/mp
mount -t tmpfs src /tmp/src || fail "mount tmpfs"
rm -f /tmp/ready
$H/phhold getdents /tmp/mp /tmp/ready &
holder=$!
i=0
while [ ! -e /tmp/ready ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -e /tmp/ready ] || fail "phhold getdents never got ready"
sleep 0.5
$H/phhold move /tmp/src /tmp/mp &
mover=$!
sleep 1
[ -d /proc/$mover ] || fail "the move did not block (it returned early)"
grep '^State:' /proc/$mover/status
refs=$(cat /sys/module/phtrack/refcnt)
echo "phtrack refcnt with the move held: $refs"
[ "$refs" -ge 1 ] || fail "the held move's work holds no module reference"
try_rmmod
[ $rm_rc -ne 0 ] || fail "rmmod succeeded while a queued work holds the module"
grep -q '^phtrack ' /proc/modules || fail "phtrack gone after a refused rmmod"
ph status >/tmp/st || fail "ph status after the refused rmmod"
grep -q '^mode: *learning$' /tmp/st || fail "status content after the refused rmmod"
# Release: the getdents dies, the move gets its lock and returns.
kill -KILL $holder
wait_gone $mover 50 || fail "the move is still held"
wait $mover || fail "the move failed"
echo "phtrack refcnt with the move done: $(cat /sys/module/phtrack/refcnt)"
ph_unload
umount /tmp/mp

# ---- 2. tasks stopped by ptrace at an exec, and by SIGSTOP ----
ph_load
sleep 600 &
stopped=$!
kill -STOP $stopped
rm -f /tmp/tracee
$H/phtracexec /tmp/tracee /bin/sleep 600 &
tracer=$!
i=0
while [ ! -s /tmp/tracee ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s /tmp/tracee ] || fail "the tracee never reached its exec stop"
tracee=$(cat /tmp/tracee)
grep '^State:' /proc/$tracee/status
grep -q '^State:.*t' /proc/$tracee/status || fail "tracee $tracee is not in a tracing stop"
echo "tracee's domain: $(ph domain-of $tracee)"
echo "phtrack refcnt with the tracee stopped: $(cat /sys/module/phtrack/refcnt)"
try_rmmod
[ $rm_rc -eq 0 ] || fail "rmmod refused with only stopped tasks"
! grep -q '^phtrack ' /proc/modules || fail "phtrack still listed after rmmod"
ph_load
ph status >/dev/null || fail "ph status after reload"
ph_unload
kill -KILL $tracee $stopped
kill $tracer
wait_gone $tracee 50 || fail "tracee $tracee still there"
ph_load
ph_unload
echo "rmmod_ptrace: ok"
