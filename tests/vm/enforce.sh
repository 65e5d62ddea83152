# Scenario: the hooks can deny.  In enforcing mode an access outside its
# domain's learned list fails with EPERM (and is counted) while learned
# accesses still work.  The mode is global, so everything that runs while
# enforcing is first rehearsed in learning mode: only prog2's read of
# /tmp/e/secret is new when it runs enforced.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
ph_load
mkdir -p /tmp/e
echo ok >/tmp/e/allowed
echo no >/tmp/e/secret
cp $PHX /tmp/e/prog
cp $PHX /tmp/e/prog2
ph status | grep -q "^hooks can deny: *yes$" || fail "hooks cannot deny"

segment() {	# segment MODE FILE-FOR-PROG2
	ph mode "$1" >/dev/null
	/tmp/e/prog do read /tmp/e/allowed >/tmp/e/out1 2>&1
	r1=$?
	/tmp/e/prog2 do read "$2" >/tmp/e/out2 2>&1
	r2=$?
	ph mode learning >/dev/null
	echo "$r1 $r2" >/tmp/e/rc
}
segment learning /tmp/e/allowed
segment learning /tmp/e/allowed
segment enforcing /tmp/e/secret
read r1 r2 </tmp/e/rc
cat /tmp/e/out2
expect_eq "learned read while enforcing" 0 "$r1"
expect_eq "unlearned read while enforcing" 1 "$r2"
expect_grep "Operation not permitted" /tmp/e/out2
ph status >/tmp/e/st
grep -E "^(mode|outside|denied)" /tmp/e/st
denied=$(sed -n 's/^denied: *//p' /tmp/e/st)
[ "$denied" -ge 1 ] || fail "denial not counted"
/tmp/e/prog2 do read /tmp/e/secret || fail "learning mode must allow it"
ph_unload
echo "enforce ok"
