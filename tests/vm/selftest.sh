# Kernel unit tests: phtrack_selftest.ko (kernel/selftest/) runs the cases for
# name building and escaping (name.c), the acl store (acl.c), the seen
# cache's invalidation (seen.c) and the shared policy code (patterns, groups,
# numbers, addresses: the case tables of policy/tests/ph_cases.h, which the
# GoogleTests also run) when it loads, from the module's own sources.
# Every case must pass; its init fails when one does not.
. /lib/phtrack/testlib.sh
st=$PH_TESTMOD/phtrack_selftest.ko
[ -f "$st" ] || fail "no $st (tools/build-module.sh builds it)"
rc=0
insmod "$st" || rc=$?
dmesg | grep 'phtrack_selftest:' >/tmp/selftest.log
cat /tmp/selftest.log
[ $rc -eq 0 ] || fail "insmod phtrack_selftest: a case failed"
rmmod phtrack_selftest || fail "rmmod phtrack_selftest"
summary=$(grep -E '[0-9]+ cases, [0-9]+ passed, [0-9]+ failed' /tmp/selftest.log | tail -n1)
[ -n "$summary" ] || fail "no summary line"
if grep -q 'not ok' /tmp/selftest.log; then
	fail "a case failed"
fi
total=$(echo "$summary" | sed -E 's/.*: ([0-9]+) cases.*/\1/')
passed=$(echo "$summary" | sed -E 's/.* ([0-9]+) passed.*/\1/')
expect_eq "passed cases" "$total" "$passed"
[ "$total" -ge 27 ] || fail "only $total cases ran"
for c in match number addr group; do
	grep -q "ok [0-9]* policy.policy_${c}_cases" /tmp/selftest.log ||
		fail "policy case $c did not pass"
done
echo "selftest: $passed of $total cases passed"
