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

# The wrappers phtrack has a handler for; those that can deny are claimed
# with IPMODIFY (security_file_truncate is missing on 6.1).
DENY="bprm_check capable file_ioctl file_ioctl_compat file_open file_truncate inode_getattr
path_chmod path_chown path_chroot path_link path_mkdir path_mknod path_rename
path_rmdir path_symlink path_truncate path_unlink sb_mount sb_pivotroot
sb_umount socket_accept socket_bind socket_connect socket_listen
socket_recvmsg socket_sendmsg"
OBSERVE="bprm_committed_creds bprm_creds_for_exec move_mount
task_alloc task_free"

note "only the handled wrappers are traced, IPMODIFY only on those that can deny"
ph_load
ph status | grep -q "^hooks can deny: *yes$" || fail "hooks cannot deny"
grep '^security_' /sys/kernel/tracing/enabled_functions >/tmp/ef
n=0
while read -r fn rest; do
	w=${fn#security_}
	case " $(echo $DENY) " in
	*" $w "*) echo "$rest" | grep -q " I " || fail "$fn is not claimed with IPMODIFY" ;;
	*)
		case " $(echo $OBSERVE) " in
		*" $w "*) echo "$rest" | grep -q " I " && fail "$fn is claimed with IPMODIFY" ;;
		*) fail "$fn is traced but phtrack has no handler for it" ;;
		esac
		;;
	esac
	n=$((n + 1))
done </tmp/ef
want=$(($(echo $DENY $OBSERVE | wc -w) - 1))
grep -q '^security_file_truncate ' /tmp/ef && want=$((want + 1))
expect_eq "wrappers traced" "$want" "$n"

note "kprobe on a wrapper without a handler, phtrack loaded"
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
