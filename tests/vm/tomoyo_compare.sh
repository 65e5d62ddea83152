# boot:
# overlay: tests/vm/workload
# overlay: tests/vm/tomoyo
# cmdline: security=tomoyo
# Scenario: the boot workload learned at once by phtrack (loaded before
# /sbin/init) and by TOMOYO's own learning mode (Debian's kernel has it
# built in; tests/vm/tomoyo/sbin/tomoyo-init puts every domain in profile
# 1, learning).  Both must give the same per-domain entries, apart from the
# documented differences (docs/tomoyo-compatibility.md), which
# ph tomoyo-compare classifies; any other difference fails.
. /lib/phtrack/testlib.sh
t=/sys/kernel/security/tomoyo
[ -f $t/domain_policy ] || fail "TOMOYO is not active (security=tomoyo)"
# Two rounds, so that the programs this check runs (cat, ph) were seen by
# both before the compared snapshot is taken.
# The same redirections both rounds, so the shell's own accesses match too.
for round in 1 2; do
	cat $t/domain_policy >/tmp/tomoyo.policy
	echo "round $round" >>/tmp/compare
	ph tomoyo-compare /tmp/tomoyo.policy >>/tmp/compare
	rc=$?
done
sed -n '/^round 2$/,$p' /tmp/compare
expect_eq "tomoyo-compare exit status" 0 $rc
grep -q '^domains: TOMOYO' /tmp/compare || fail "no summary"
echo "tomoyo_compare ok"
