# Scenario: ph-editpolicy live against the module.  First the real curses
# binary in a tmux pane of 80x24 (the host's tmux, brought in as an overlay
# by tools/vm/tmux-overlay.sh; the driver is tests/editpolicy/tmuxlib.sh,
# shared with the host's tests/editpolicy/tui.sh): the tree shows <kernel>
# and a workload's domain, F NAME Enter moves to it and Enter shows its
# ACL, @ shows processes, S sets a subtree permissive (ph domains
# confirms), a violation in it becomes an entry with A on the violations
# screen, proposed as a pattern (ph violations --as-policy's), after which
X  Then, by keys without a
# terminal (--keys ... --dump, the same model): the '!' marker of an
# initialize_domain rule, the exception policy, S on the statistics (ph
# mode confirms), A and D on entries and A of a domain (ph policy save and
# ph domains confirm); --readonly and a caller who is not root change
# nothing.
# overlay: build/vm-tmux
# include: tests/editpolicy/tmuxlib.sh tests/editpolicy/golden/help_live.txt
. /lib/phtrack/testlib.sh
EP=/usr/sbin/ph-editpolicy
# tmux wants a UTF-8 locale (the overlay brings C.UTF-8); set before the
# workload learns, so its environment is the same on every run.
export LANG=C.UTF-8
ph_load
rm -f /run/phd.pid
phd --foreground --pidfile /run/phd.pid 2>>/tmp/phd.log &
phd_pid=$!
n=0
while [ ! -e /run/phd.pid ]; do
	kill -0 $phd_pid 2>/dev/null || { cat /tmp/phd.log; fail "phd exited"; }
	n=$((n + 1))
	[ $n -lt 300 ] || fail "phd not ready after 30 s"
	sleep 0.1
done
mkdir -p /tmp/ep
cat >/tmp/ep/svc <<'SVC'
#!/bin/sh
cat /etc/hostname /tmp/ep/svc >/dev/null 2>&1
sleep 30 &
echo $! >/tmp/ep/pid
SVC
# A program whose access names its shell's pid: a new name on every run.
cat >/tmp/ep/viol <<'VIOL'
#!/bin/sh
cat /proc/$$/status >/dev/null
VIOL
chmod 755 /tmp/ep/svc /tmp/ep/viol
/tmp/ep/svc
/tmp/ep/viol # learned, in its own domain and cat's below it
outside() { ph status | sed -n 's/^outside the list: *//p'; }
# Guest uptime at each step, for the scenario's time budget.
at() { echo "at $(cut -d' ' -f1 /proc/uptime) s: $*"; }
at "workload done"

note "the curses screen in tmux"
TUI_EP=$EP
TUI_WORK=/tmp/ep/tui
TUI_GOLDEN=/include
TUI_WAIT=200 # tenths of a second: TCG is slow
. /include/tmuxlib.sh
tui_begin || fail "tmux"
start
check "the tree shows <kernel>" "<kernel>"
check "the tree shows the workload's domain" "/tmp/ep/svc"
t send-keys -t tui F /tmp/ep/svc Enter Enter
check "F /tmp/ep/svc Enter moves to it, Enter shows its ACL" "ACL of /tmp/ep/svc"
check "the ACL lists its entries" "/bin/cat"
t send-keys -t tui @
check "@ shows processes" "process list"
check "@ shows the workload's process in its domain" "/tmp/ep/svc /bin/sleep"
t send-keys -t tui @ F /tmp/ep/viol Enter S permissive Space subtree Enter
check "S on the tree sets a subtree permissive" "permissive: 2 domains"
ph domains --full >/tmp/ep/doms
expect_grep " /tmp/ep/viol (permissive)" /tmp/ep/doms
expect_grep " /tmp/ep/viol /bin/cat (permissive)" /tmp/ep/doms
expect_eq "the default mode after S on a subtree" learning "$(ph mode)"

at "a violation becomes"
note "a violation becomes an entry with A on the violations screen"
v0=$(outside)
/tmp/ep/viol # a new pid: cat's read is outside its list, allowed (permissive)
v1=$(outside)
[ "$v1" -gt "$v0" ] || fail "no violation counted (outside the list: $v0, then $v1)"
n=0
until ph violations 2>/dev/null | grep -q '/status'; do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "phd did not store the violation"
	sleep 0.2
done
ph violations --as-policy >/tmp/ep/proposed
cat /tmp/ep/proposed
t send-keys -t tui R V
check "V shows the stored violation" "/status   <kernel>"
t send-keys -t tui F /status Enter A
check "A proposes the entry as a pattern, --as-policy's" "$(grep '/status$' /tmp/ep/proposed)_"
t send-keys -t tui Enter
check "Enter adds it" "added to <kernel>"
v2=$(outside)
/tmp/ep/viol # another pid, covered by the pattern
expect_eq "violations after the entry" "$v2" "$(outside)"
t send-keys -t tui Tab Home F /tmp/ep/viol Enter S default Space subtree Enter
check "S default on the subtree" "default: 2 domains"
t send-keys -t tui '?'
check "? shows the help" "this help"
golden help_live
t send-keys -t tui q
restored "q"
tui_cleanup
[ "$fails" -eq 0 ] || fail "$fails terminal checks failed"

at "by keys, without"
note "by keys, without a terminal"
echo 'initialize_domain /tmp/ep/svc from any' | ph policy load - || fail "ph policy load"
$EP --dump >/tmp/ep/tree || fail "ph-editpolicy --dump exited $?"
expect_grep "^ph-editpolicy | domain transition tree | learning | live" /tmp/ep/tree
expect_grep "^      0: 1 .*<kernel>$" /tmp/ep/tree
# svc was entered from the shell, and the rule now starts it from <kernel>:
# that domain is unreachable ('!').
expect_grep "  ! *  */tmp/ep/svc$" /tmp/ep/tree

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
$EP --keys "W Home Down Down Down Enter S learning Enter" --dump >/tmp/ep/mode ||
	fail "mode dump"
expect_eq "ph mode after S back" learning "$(ph mode)"

at "editing: A adds"
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
# The violation's entry, added in the curses screen, is loaded.
section /tmp/ep/s1 " /tmp/ep/viol /bin/cat" >/tmp/ep/s1.cat
expect_grep "^$(grep '/status$' /tmp/ep/proposed | sed 's/[\\$]/\\&/g')$" /tmp/ep/s1.cat
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

at "read-only: S"
note "read-only: S changes nothing"
$EP --readonly --keys "W Home Down Down Down Enter S" --dump >/tmp/ep/ro
expect_grep "^status: .*read-only" /tmp/ep/ro
expect_eq "ph mode after read-only S" learning "$(ph mode)"

at "not root"
note "not root: refused at the start, the mode unchanged"
/usr/libexec/phtrack/phx runas 65534 65534 $EP --dump >/tmp/ep/nobody 2>&1
expect_eq "non-root exit" 1 $?
expect_grep "permission denied" /tmp/ep/nobody
expect_eq "mode unchanged" learning "$(ph mode)"
ph policy load /dev/null || fail "clearing the exception policy"
kill "$(cat /tmp/ep/pid)"
kill $phd_pid && wait $phd_pid
ph_unload
at "editpolicy_live scenario ok"
echo "editpolicy_live scenario ok"
