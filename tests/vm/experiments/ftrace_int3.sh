# timeout: 900
# Experiment, not in the suite (make check never runs tests/vm/experiments/):
# the kernel's own function tracer switched on and off 150 times over the
# wrappers phtrack attaches to, with phtrack unloaded, while two shells exec
# without pause.  Under QEMU 7.2's multi-threaded TCG this gives the same
# "Oops: int3" at a call site (e.g. security_file_open+0x5, kernel not
# tainted) that insmod/rmmod stress gave with phtrack, with the code dump
# already showing the finished instruction; under -accel tcg,thread=single it
# never did.  Run it both ways:
#   tools/vm/run.sh -k KVER tests/vm/experiments/ftrace_int3.sh
#   PH_ACCEL=tcg,thread=single tools/vm/run.sh -k KVER tests/vm/experiments/ftrace_int3.sh
# Results are in docs/testing.md ("Multi-threaded TCG and text patching").
. /lib/phtrack/testlib.sh
grep -q '^phtrack ' /proc/modules && ph_unload
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T || fail "mount tracefs"
# The filter globs of kernel/hooks.c (ph_filters).
for g in 'security_task_[af]*' 'security_bprm_c[hro]*' 'security_file_[oti]*' \
	security_inode_getattr 'security_path_[clmrstu]*' 'security_sb_[mpu]*' \
	security_move_mount security_capable; do
	echo "$g" >>$T/set_ftrace_filter || fail "filter $g"
done
echo "functions: $(wc -l <$T/set_ftrace_filter)"
(while :; do /bin/true; done) &
f1=$!
(while :; do /bin/true; done) &
f2=$!
i=0
while [ $i -lt 150 ]; do
	echo function >$T/current_tracer || fail "function on, cycle $i"
	echo nop >$T/current_tracer || fail "function off, cycle $i"
	i=$((i + 1))
done
kill $f1 $f2
echo "cycles: $i"
echo "PASS: ftrace_int3"
