# alone: exec loops keep both vCPUs busy under full preemption
# timeout: 900
# Scenario: the hooks under full preemption.  Debian's kernels are built
# with PREEMPT_DYNAMIC and boot "voluntary"; "preempt=full" makes every
# point outside a preempt-disabled region preemptible, so a handler that
# relied on running unpreempted without disabling preemption itself would
# race on its per-CPU buffers and hints.  Stats, opens, socket connects
# and execs run on both CPUs at once, learning and then enforcing, and the
# module is unloaded and loaded again; the harness fails the run on any
# warning, BUG or oops in the kernel log.
# cmdline: preempt=full
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
[ "$(nproc)" -ge 2 ] || fail "needs 2 CPUs, have $(nproc)"
dmesg | grep -q "Dynamic Preempt: full" || fail "the kernel did not switch to full preemption"

mix() {	# everything at once, on both CPUs
	$PHX bench stat 20000 >/dev/null &
	$PHX bench open 10000 >/dev/null &
	$PHX bench unix 500 >/dev/null &
	$PHX bench tcp 300 >/dev/null &
	$PHX stress 2000 2 $PHX || fail "stress workers failed"
	wait
}
for cycle in 1 2; do
	ph_load
	mix
	ph status >/tmp/st
	repeats=$(sed -n 's/^known repeats: *\([0-9]*\).*/\1/p' /tmp/st)
	[ "${repeats:-0}" -gt 1000 ] || fail "cycle $cycle: only ${repeats:-0} known repeats"
	ph mode enforcing >/dev/null || fail "ph mode enforcing"
	mix
	ph mode learning >/dev/null
	ph status | grep -E "^(known repeats|outside the list|exec transitions)"
	ph_unload
done
echo "preempt_full ok"
