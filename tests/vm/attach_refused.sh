# Scenario: on a kernel where phtrack cannot attach, the load is refused
# with a clear message instead of half-working.  With ftrace switched off
# (sysctl kernel.ftrace_enabled=0) every hook would stay silent; the ops is
# FTRACE_OPS_FL_PERMANENT, so insmod fails, dmesg says why and nothing
# stays loaded.  With ftrace on it loads, and while it is loaded the sysctl
# cannot switch ftrace off.
. /lib/phtrack/testlib.sh
f=/proc/sys/kernel/ftrace_enabled
[ -w $f ] || fail "no $f"
echo 0 >$f || fail "cannot switch ftrace off"
dmesg -c >/dev/null
if insmod "$PH_KO" 2>/tmp/insmod.err; then
	fail "insmod succeeded with kernel.ftrace_enabled=0"
fi
echo "insmod: $(cat /tmp/insmod.err)"
dmesg >/tmp/dmesg
grep phtrack /tmp/dmesg
expect_grep 'phtrack: cannot attach: ftrace is switched off (sysctl kernel.ftrace_enabled=0); not loaded' /tmp/dmesg
! grep -q '^phtrack ' /proc/modules || fail "phtrack listed after a refused load"
echo 1 >$f || fail "cannot switch ftrace back on"
ph_load
ph status >/tmp/st || fail "ph status"
expect_grep '^mode: *learning$' /tmp/st
if echo 0 >$f 2>/dev/null; then
	fail "the sysctl switched ftrace off under phtrack"
fi
expect_eq "kernel.ftrace_enabled while loaded" 1 "$(cat $f)"
ph_unload
echo "attach_refused ok"
