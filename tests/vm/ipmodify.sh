# Scenario: phtrack claims IPMODIFY (the right to redirect a function) only on
# the wrappers whose handler can deny, so that another IPMODIFY user of
# ftrace - here a kprobe with a post handler, as a live patch would be - can
# share the kernel with it.
# 1. phtrack loaded: a kprobe on security_socket_setsockopt, a wrapper the
#    filter globs once matched but phtrack has no handler for, registers.
# 2. The kprobe on security_inode_getattr loaded first: phtrack still loads,
#    names that one hook observe-only, and still denies on the others; a
#    stat outside the learned list is not denied.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
KP=$PH_TESTMOD/ph_kprobe_test.ko

note "kprobe on a wrapper without a handler, phtrack loaded"
ph_load
ph status | grep -q "^hooks can deny: *yes$" || fail "hooks cannot deny"
insmod $KP symbol=security_socket_setsockopt ||
	fail "kprobe on security_socket_setsockopt refused while phtrack is loaded"
rmmod ph_kprobe_test || fail "rmmod ph_kprobe_test"
ph_unload

note "kprobe on security_inode_getattr, then phtrack"
insmod $KP symbol=security_inode_getattr || fail "kprobe on security_inode_getattr"
dmesg -c >/dev/null
ph_load
dmesg >/tmp/dm
grep phtrack /tmp/dm
expect_grep "security_inode_getattr.*observe-only" /tmp/dm
ph status >/tmp/st
grep -E "^hooks" /tmp/st
expect_grep "^hooks can deny: *yes$" /tmp/st
expect_grep "^hooks observe-only: *1$" /tmp/st

mkdir -p /tmp/e
echo ok >/tmp/e/allowed
echo no >/tmp/e/secret
echo no >/tmp/e/other
cp $PHX /tmp/e/prog
cp $PHX /tmp/e/prog2
# Everything that runs while enforcing is rehearsed in learning mode first
# (the mode is global): only prog's read of /tmp/e/secret and prog2's stat of
# /tmp/e/other are new when enforced.
segment() {	# segment MODE FILE-TO-READ FILE-TO-STAT
	ph mode "$1" >/dev/null
	/tmp/e/prog do read "$2" >/tmp/e/out1 2>&1
	r1=$?
	/tmp/e/prog2 do getattr "$3" >/tmp/e/out2 2>&1
	r2=$?
	ph mode learning >/dev/null
	echo "$r1 $r2" >/tmp/e/rc
}
segment learning /tmp/e/allowed /tmp/e/allowed
segment learning /tmp/e/allowed /tmp/e/allowed
segment enforcing /tmp/e/secret /tmp/e/other
read r1 r2 </tmp/e/rc
cat /tmp/e/out1 /tmp/e/out2
expect_eq "unlearned read while enforcing (file_open can deny)" 1 "$r1"
expect_grep "Operation not permitted" /tmp/e/out1
expect_eq "unlearned stat while enforcing (getattr is observe-only)" 0 "$r2"
ph_unload
rmmod ph_kprobe_test || fail "rmmod ph_kprobe_test"
dmesg | grep ph_kprobe_test
echo "ipmodify ok"
