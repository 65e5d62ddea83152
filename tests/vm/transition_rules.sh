# Scenario: each exception-policy transition rule changes the tree as
# documented (docs/policy-language.md), one block per rule type.
. /lib/phtrack/testlib.sh
ph_load
mkdir -p /tmp/t
cat >/tmp/t/hop <<'HOP'
#!/bin/sh
# hop [NEXT ARGS...]: run NEXT as a child, or print this process's domain.
if [ $# -gt 0 ]; then n=$1; shift; "$n" "$@"; else ph domain-of $$ | sed 's/ (reconstructed)$//'; fi
true
HOP
for p in a b svc keeper; do cp /tmp/t/hop /tmp/t/$p; chmod 755 /tmp/t/$p; done
D0=$(ph domain-of $$ | sed 's/ (reconstructed)$//')
note "scenario shell domain: $D0"

policy() { printf '%s\n' "$@" >/tmp/t/policy; ph policy load /tmp/t/policy >/dev/null || fail "policy load: $*"; }
# check WHAT EXPECTED PROGRAM...
check() {
	what=$1; want=$2; shift 2
	got=$("$@")
	expect_eq "$what" "$want" "$got"
	echo "ok: $what"
}

policy ""
check "no rules: plain transition" "$D0 /tmp/t/a /tmp/t/svc" /tmp/t/a /tmp/t/svc

note "initialize_domain"
policy "initialize_domain /tmp/t/svc from any"
check "initialize_domain restarts from <kernel>" "<kernel> /tmp/t/svc" /tmp/t/a /tmp/t/svc
check "initialize_domain leaves other programs alone" "$D0 /tmp/t/a /tmp/t/b" /tmp/t/a /tmp/t/b
check "initialize_domain from <kernel> domain itself" "<kernel> /tmp/t/svc /tmp/t/b" /tmp/t/a /tmp/t/svc /tmp/t/b

note "no_initialize_domain"
policy "initialize_domain /tmp/t/svc from any" "no_initialize_domain /tmp/t/svc from /tmp/t/a"
check "no_initialize_domain from the matching program" "$D0 /tmp/t/a /tmp/t/svc" /tmp/t/a /tmp/t/svc
check "initialize_domain still applies elsewhere" "<kernel> /tmp/t/svc" /tmp/t/b /tmp/t/svc

note "keep_domain"
policy "keep_domain any from /tmp/t/keeper" "keep_domain /tmp/t/b from $D0 /tmp/t/a"
check "keep_domain any from a program" "$D0 /tmp/t/keeper" /tmp/t/keeper /tmp/t/a
check "keep_domain stays for grandchildren" "$D0 /tmp/t/keeper" /tmp/t/keeper /tmp/t/a /tmp/t/b
check "keep_domain PROGRAM from an exact domain" "$D0 /tmp/t/a" /tmp/t/a /tmp/t/b
check "keep_domain does not apply from other domains" "$D0 /tmp/t/b /tmp/t/a /tmp/t/b" /tmp/t/b /tmp/t/a /tmp/t/b

note "no_keep_domain"
policy "keep_domain any from /tmp/t/keeper" "no_keep_domain /tmp/t/b from any"
check "no_keep_domain lets one program transition" "$D0 /tmp/t/keeper /tmp/t/b" /tmp/t/keeper /tmp/t/b
check "keep_domain still applies to others" "$D0 /tmp/t/keeper" /tmp/t/keeper /tmp/t/a

note "reset_domain"
policy "reset_domain /tmp/t/svc from any" "no_initialize_domain /tmp/t/svc from any"
check "reset_domain restarts from <kernel>, even with no_initialize" "<kernel> /tmp/t/svc" /tmp/t/a /tmp/t/svc

note "no_reset_domain"
policy "reset_domain /tmp/t/svc from any" "no_reset_domain /tmp/t/svc from /tmp/t/a"
check "no_reset_domain from the matching program" "$D0 /tmp/t/a /tmp/t/svc" /tmp/t/a /tmp/t/svc
check "reset_domain still applies elsewhere" "<kernel> /tmp/t/svc" /tmp/t/b /tmp/t/svc

note "aggregator"
for p in ed-1 ed-2 other; do cp /tmp/t/hop /tmp/t/$p; chmod 755 /tmp/t/$p; done
policy 'aggregator /tmp/t/ed-\$ /tmp/t/editor' 'initialize_domain /tmp/t/editor from /tmp/t/b'
check "aggregator names a program by its rule's name" "$D0 /tmp/t/a /tmp/t/editor" /tmp/t/a /tmp/t/ed-1
check "every program its pattern matches gets that name" "$D0 /tmp/t/a /tmp/t/editor" /tmp/t/a /tmp/t/ed-2
check "transition rules see the aggregated name" "<kernel> /tmp/t/editor" /tmp/t/b /tmp/t/ed-1
ph acl "$D0 /tmp/t/a" >/tmp/t/a.acl || fail "ph acl"
expect_grep '^file execute /tmp/t/editor$' /tmp/t/a.acl
grep -q 'execute /tmp/t/ed-' /tmp/t/a.acl && fail "the programs' own names were learned"
ph policy show >/tmp/t/shown
expect_grep '^aggregator /tmp/t/ed-\\\$ /tmp/t/editor$' /tmp/t/shown
# Enforcing: the aggregated name in the list allows every program it names.
ph mode enforcing "$D0 /tmp/t/a" >/dev/null || fail "ph mode enforcing"
/tmp/t/a /tmp/t/ed-2 >/tmp/t/out 2>&1 || { cat /tmp/t/out; fail "enforcing refused a program named by the aggregator"; }
expect_eq "the aggregated exec under enforcing" "$D0 /tmp/t/a /tmp/t/editor" "$(cat /tmp/t/out)"
/tmp/t/a /tmp/t/other >/tmp/t/out 2>&1
cat /tmp/t/out
grep -q '/tmp/t/other$' /tmp/t/out && fail "enforcing allowed an unlisted program"
expect_grep 'not permitted' /tmp/t/out
ph mode default "$D0 /tmp/t/a" >/dev/null || fail "ph mode default"
echo "ok: aggregator under enforcing"

note "wildcards in rules"
policy 'initialize_domain /tmp/t/\*vc from any'
check "initialize_domain with a pattern" "<kernel> /tmp/t/svc" /tmp/t/a /tmp/t/svc

note "policy show and bad policy"
ph policy show >/tmp/t/shown
cat /tmp/t/shown
expect_grep '^initialize_domain /tmp/t/\\\*vc from any$' /tmp/t/shown
printf 'initialize_domain /tmp/t/svc from any\nbogus_keyword /x\n' >/tmp/t/bad
ph policy load /tmp/t/bad >/tmp/t/err 2>&1
expect_eq "bad policy exit" 1 $?
cat /tmp/t/err
expect_grep '/tmp/t/bad:2:' /tmp/t/err
ph policy show >/tmp/t/shown2
cmp -s /tmp/t/shown /tmp/t/shown2 || fail "a bad policy changed the active one"
ph_unload
echo "transition_rules ok"
