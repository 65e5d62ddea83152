# Scenario: ph-editpolicy live against the module, driven by keys without a
# terminal (--keys ... --dump: the same model and actions as the curses
# screen; tests/editpolicy/tui.sh drives the curses screen itself on the
# host).  The tree shows <kernel> and the domains a small workload made;
# F and Enter open a domain's ACL; @ shows processes with their domains;
# the exception policy is the module's; S on the statistics window sets the
# mode, which ph mode confirms, and on the domain tree a subtree's own mode,
# which ph domains confirms; A adds an entry and a domain, D deletes a
# loaded line and a learned entry (after y), which ph policy save and
# ph domains confirm; --readonly and a caller who is not root change
# nothing.
. /lib/phtrack/testlib.sh
EP=/usr/sbin/ph-editpolicy
ph_load
mkdir -p /tmp/ep
cat >/tmp/ep/svc <<'SVC'
#!/bin/sh
cat /etc/hostname /tmp/ep/svc >/dev/null 2>&1
sleep 30 &
echo $! >/tmp/ep/pid
SVC
chmod 755 /tmp/ep/svc
/tmp/ep/svc
echo 'initialize_domain /tmp/ep/svc from any' | ph policy load - || fail "ph policy load"

$EP --dump >/tmp/ep/tree || fail "ph-editpolicy --dump exited $?"
cat /tmp/ep/tree
expect_grep "^ph-editpolicy | domain transition tree | learning | live" /tmp/ep/tree
expect_grep "^      0: 1 .*<kernel>$" /tmp/ep/tree
expect_grep " /tmp/ep/svc$" /tmp/ep/tree
# svc was entered from the shell, and the rule now starts it from <kernel>:
# that domain is unreachable ('!').
expect_grep "  ! *  */tmp/ep/svc$" /tmp/ep/tree

$EP --keys "F /tmp/ep/svc Enter Enter" --dump >/tmp/ep/acl || fail "ACL dump"
cat /tmp/ep/acl
expect_grep "| ACL of /tmp/ep/svc |" /tmp/ep/acl
expect_grep "file .*execute.* /bin/cat$" /tmp/ep/acl

$EP --keys "@" --dump >/tmp/ep/procs || fail "process dump"
cat /tmp/ep/procs
expect_grep "| process list |" /tmp/ep/procs
expect_grep "sleep  <kernel> .*/tmp/ep/svc" /tmp/ep/procs

$EP --keys "W Home Down Down Enter" --dump >/tmp/ep/exc || fail "exception dump"
expect_grep "0: initialize_domain /tmp/ep/svc from any" /tmp/ep/exc

# Permissive, not enforcing: enforcing would refuse this script's own
# unlearned accesses (and, through the guest's init, end the VM).
$EP --keys "W Home Down Down Down Enter S permissive Enter" --dump >/tmp/ep/mode ||
	fail "mode dump"
tail -n 1 /tmp/ep/mode
expect_grep "^status: mode set to permissive" /tmp/ep/mode
expect_grep "mode (profile of every domain) *permissive (2)" /tmp/ep/mode
expect_eq "ph mode after S" permissive "$(ph mode)"
ph domains | grep -q '<kernel>' || fail "ph domains after the mode change"
$EP --keys "W Home Down Down Down Enter S learning Enter" --dump >/tmp/ep/mode ||
	fail "mode dump"
expect_eq "ph mode after S back" learning "$(ph mode)"

note "editing: A adds an entry, D deletes entries, A adds a domain"
section() {	# the saved lines of the first domain whose name ends with $2
	awk -v suf="$2" '/^<kernel>/ { if (on) exit; on = (substr($0, length($0) - length(suf) + 1) == suf); next }
		on' "$1/domain_policy.conf"
}
$EP --keys "F /tmp/ep/svc Enter Enter A file Space read Space /tmp/ep/added Enter" --dump \
	>/tmp/ep/add || fail "add dump"
tail -n 1 /tmp/ep/add
expect_grep "^status: added: file read /tmp/ep/added$" /tmp/ep/add
expect_grep "^ *[0-9]*: file read /tmp/ep/added$" /tmp/ep/add
ph policy save /tmp/ep/s1 >/dev/null || fail "save after A"
section /tmp/ep/s1 " /tmp/ep/svc" >/tmp/ep/s1.svc
expect_grep "^file read /tmp/ep/added$" /tmp/ep/s1.svc
expect_grep "^file .*execute.* /bin/cat$" /tmp/ep/s1.svc
$EP --keys "F /tmp/ep/svc Enter Enter F /tmp/ep/added Enter Space F /bin/cat Enter Space D y" \
	--dump >/tmp/ep/del || fail "delete dump"
tail -n 1 /tmp/ep/del
expect_grep "^status: deleted 2 lines$" /tmp/ep/del
ph policy save /tmp/ep/s2 >/dev/null || fail "save after D"
section /tmp/ep/s2 " /tmp/ep/svc" >/tmp/ep/s2.svc
grep -q "/tmp/ep/added$" /tmp/ep/s2.svc && fail "the deleted loaded line is still saved"
expect_eq "learned /bin/cat lines after deleting one" \
	$(($(grep -c ' /bin/cat$' /tmp/ep/s1.svc) - 1)) "$(grep -c ' /bin/cat$' /tmp/ep/s2.svc)"
$EP --keys "F /tmp/ep/svc Enter A /tmp/ep/newprog Enter" --dump >/tmp/ep/dom || fail "domain dump"
tail -n 1 /tmp/ep/dom
expect_grep "^status: added domain <kernel>.* /tmp/ep/svc /tmp/ep/newprog$" /tmp/ep/dom
ph domains --full | grep -q ' /tmp/ep/svc /tmp/ep/newprog' || fail "ph domains lacks the added domain"

note "S on the domain tree: a mode of its own for a subtree, ph domains confirms"
$EP --keys "F /tmp/ep/svc Enter S permissive Space subtree Enter" --dump >/tmp/ep/dmode ||
	fail "domain mode dump"
tail -n 1 /tmp/ep/dmode
expect_grep "^status: permissive: [0-9]* domains$" /tmp/ep/dmode
expect_grep "^ *[0-9]*: 2 .* /tmp/ep/svc$" /tmp/ep/dmode
n=$(sed -n 's/^status: permissive: \([0-9]*\) domains$/\1/p' /tmp/ep/dmode)
ph domains --full >/tmp/ep/doms
expect_grep " /tmp/ep/svc (permissive)" /tmp/ep/doms
expect_grep " /tmp/ep/svc /tmp/ep/newprog (permissive)" /tmp/ep/doms
expect_eq "domains ph domains shows permissive" "$n" "$(grep -c '(permissive)' /tmp/ep/doms)"
expect_eq "the default mode after S on a subtree" learning "$(ph mode)"
$EP --keys "F /tmp/ep/svc Enter S default Space subtree Enter" --dump >/tmp/ep/dmode ||
	fail "domain mode dump"
expect_grep "^status: default: $n domains$" /tmp/ep/dmode
ph domains --full | grep -q '(permissive)' && fail "a domain kept its own mode after default"

note "read-only: S changes nothing"
$EP --readonly --keys "W Home Down Down Down Enter S" --dump >/tmp/ep/ro
expect_grep "^status: .*read-only" /tmp/ep/ro
expect_eq "ph mode after read-only S" learning "$(ph mode)"

note "not root: refused at the start, the mode unchanged"
/usr/libexec/phtrack/phx runas 65534 65534 $EP --dump >/tmp/ep/nobody 2>&1
expect_eq "non-root exit" 1 $?
expect_grep "permission denied" /tmp/ep/nobody
expect_eq "mode unchanged" learning "$(ph mode)"
ph policy load /dev/null || fail "clearing the exception policy"
kill "$(cat /tmp/ep/pid)"
ph_unload
echo "editpolicy_live scenario ok"
