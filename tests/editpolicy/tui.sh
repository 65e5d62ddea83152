#!/bin/sh
# Terminal test of ph-editpolicy (tools/check.sh runs it on the host): the
# real binary in a tmux pane of 80x24, offline on a store of the demo VM's
# sample boot written by ph-editpolicy-fixture --demo.  Keys go in with
# send-keys, screens come out with capture-pane, and each capture is
# compared with its golden copy in tests/editpolicy/golden/.  Then editing
# a saved policy directory (--dir): add and delete, written back.
# Regenerate the golden copies on purpose only, after checking the screens:
#   UPDATE_GOLDEN=1 tests/editpolicy/tui.sh
# Needs: make userspace (build/userspace), tmux.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
bin=build/userspace
TUI_EP=$bin/ph-editpolicy
TUI_WORK=build/editpolicy-test
TUI_GOLDEN=tests/editpolicy/golden
work=$TUI_WORK
db=$work/demo.db
. tests/editpolicy/tmuxlib.sh
tui_begin || exit 1
"$bin/ph-editpolicy-fixture" --demo "$db" || exit 1

start --db "$db"
check "the tree shows <kernel>" "0: 1       1     <kernel>"
check "the tree shows the httpd subtree" "/usr/sbin/httpd"
golden tree
t send-keys -t tui F httpd Enter
check "F httpd Enter moves to the httpd subtree (row 11 of 22)" "11/22"
t send-keys -t tui Enter
check "Enter shows its ACL" "ACL of /etc/rc.d/init.d/httpd"
check "the ACL lists its entry" "file execute/read /usr/sbin/httpd"
t send-keys -t tui Enter N Enter
check "N finds /usr/sbin/httpd, Enter its ACL" "ACL of /usr/sbin/httpd"
golden acl
t send-keys -t tui @
check "@ shows processes" "260   httpd  <kernel> /sbin/init"
golden processes
t send-keys -t tui W Home Down Down Down Enter
check "W lists the windows; statistics" "store audit events"
golden stats
t send-keys -t tui W Home Enter '\' cgi Enter
check "the filter keeps the matching rows" "[filter: cgi]"
golden filter
t send-keys -t tui Escape '\' Escape F5
check "F5 shows full names" "domain (list)"
t send-keys -t tui F10
check "F10 quits" "EXITED 0"
t send-keys -t tui q
restored "F10"

start --db "$db"
check "started again" "domain transition tree"
t send-keys -t tui q
check "q quits" "EXITED 0"

# A signal: the terminal is restored all the same, exit status 128 + 15.
start --db "$db"
check "started for SIGTERM" "domain transition tree"
pid=$(t display -p -t tui '#{pane_pid}')
kill -TERM "$(pgrep -P "$pid" -x ph-editpolicy)"
if wait_for "EXITED 143" && screen | grep -q ' icanon ' && screen | grep -q ' echo '; then
	ok "SIGTERM restores the terminal"
else
	bad "SIGTERM: not restored:"
	screen | sed 's/^/     | /'
fi

# SIGWINCH: a bigger window gets more rows and the bar on its last line.
start --db "$db"
check "started for SIGWINCH" "domain transition tree"
t resize-window -t tui -x 100 -y 30
if wait_for "    /lib/phtrack/boot-check" && [ "$(screen | sed -n 30p | cut -c1-6)" = "F1Help" ]; then
	ok "SIGWINCH: 100x30 shows every domain and the bar on line 30"
else
	bad "SIGWINCH:"
	screen | sed 's/^/     | /'
fi
t send-keys -t tui q

# Beyond TOMOYO: who accessed the cursor's path (H), the violations (V).
start --db "$db"
check "started for H and V" "domain transition tree"
t send-keys -t tui F sbin/httpd Enter Enter F status.txt Enter H
check "H shows who accessed the entry's path" "read  sleep pid 268 uid 0"
golden who
t send-keys -t tui V
check "V shows the stored violations" "(no violations: store"
golden violations
t send-keys -t tui q

# Editing a saved policy directory (--dir): A adds, D deletes after y, each
# written back to domain_policy.conf at once; a store refuses.
start --db "$db"
check "started on the store for A" "domain transition tree"
t send-keys -t tui A
check "a store refuses A, read-only" "read-only: nothing can be changed"
t send-keys -t tui q
dir=$work/dir
rm -rf "$dir"
mkdir -p "$dir"
printf '%s\n' '<kernel>' 'use_profile 1' '' '<kernel> /sbin/init' 'use_profile 1' \
	'file read /etc/inittab' 'file execute /usr/sbin/httpd' '' \
	'<kernel> /sbin/init /usr/sbin/httpd' 'use_profile 1' 'file read /etc/httpd/httpd.conf' \
	>"$dir/domain_policy.conf"
printf '%s\n' 'path_group WEB /var/www/\*' >"$dir/exception_policy.conf"
start --dir "$dir"
check "--dir shows the directory's tree" "    /usr/sbin/httpd"
t send-keys -t tui F httpd Enter Enter
check "Enter shows the saved ACL" "file read /etc/httpd/httpd.conf"
t send-keys -t tui A 'file read @WEB' Enter
check "A adds a line naming a group" "added: file read @WEB"
golden dir_add
if grep -qx 'file read @WEB' "$dir/domain_policy.conf"; then ok "the line is in domain_policy.conf"; else
	bad "A did not write domain_policy.conf:"
	sed 's/^/     | /' "$dir/domain_policy.conf"
fi
t send-keys -t tui A 'file bogus /x' Enter
check "a bad line is refused before anything is written" "not added: "
t send-keys -t tui Home D
check "D asks first" "Delete 1 entries? (y/n)"
t send-keys -t tui y
check "y deletes" "deleted 1 line"
if grep -q 'file read /etc/httpd/httpd.conf' "$dir/domain_policy.conf"; then
	bad "D left the line in domain_policy.conf"
else ok "the line is gone from domain_policy.conf"; fi
t send-keys -t tui q
check "q quits the --dir editor" "EXITED 0"

echo "tui: $fails failed"
[ $fails -eq 0 ]
