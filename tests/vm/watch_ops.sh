# Scenario: kernel watches.  `ph watch add` selects paths (a file, a
# directory, a wildcard pattern) and operations; every matching access is
# one event with pid, ppid, uids, gid, comm, domain, operation and result,
# never deduplicated, and nothing else is reported.  Bad input is refused.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
ph_load
mkdir -p /tmp/w/dir /tmp/w/conf
echo data >/tmp/w/foobar
echo other >/tmp/w/unwatched
echo x >/tmp/w/dir/old
: >/tmp/w/conf/a.conf
: >/tmp/w/conf/a.txt
cp $PHX /tmp/w/writer
cp $PHX /tmp/w/denied

ph watch add /tmp/w/foobar >/tmp/w/add1 || fail "watch add file"
expect_grep "^1	/tmp/w/foobar	" /tmp/w/add1
ph watch add /tmp/w/dir/ --ops change >/dev/null || fail "watch add dir"
ph watch add '/tmp/w/conf/\*.conf' --ops write >/dev/null || fail "watch add pattern"
ph watch add relative/path >/tmp/w/err 2>&1 && fail "relative pattern accepted"
expect_grep "bad watch" /tmp/w/err
ph watch add /tmp/w/x --ops frob >/tmp/w/err 2>&1
expect_eq "unknown op exit" 2 $?
expect_grep "unknown operation 'frob'" /tmp/w/err
ph watch list >/tmp/w/list
expect_eq "watches" 3 "$(wc -l </tmp/w/list)"
expect_grep "^2	/tmp/w/dir/	write,append,unlink" /tmp/w/list

ph --json events >/tmp/w/ev &
evpid=$!
sleep 1
# 3 reads + 1 write of foobar: 4 events, no deduplication.
for i in 1 2 3; do /tmp/w/writer do read /tmp/w/foobar || fail "read $i"; done
/tmp/w/writer do write /tmp/w/foobar || fail write
/tmp/w/writer do getattr /tmp/w/foobar || fail getattr	# not selected
/tmp/w/writer do read /tmp/w/unwatched || fail "read unwatched"
/tmp/w/writer do rename /tmp/w/dir/old /tmp/w/dir/new || fail rename
/tmp/w/writer do read /tmp/w/dir/new || fail "read in dir"	# not a change
/tmp/w/writer do read /tmp/w/conf/a.conf || fail "read conf"	# only write selected
/tmp/w/writer do write /tmp/w/conf/a.conf || fail "write conf"
/tmp/w/writer do write /tmp/w/conf/a.txt || fail "write txt"	# not matched
# Enforcing: an unlearned read is denied, and the event says so.  The
# program runs once while learning first, so that its execution is in the
# list (enforcing refuses an unlisted exec before it starts).
/tmp/w/denied do getattr /tmp/w/unwatched || fail "denied's learning run"
ph mode enforcing >/dev/null
/tmp/w/denied do read /tmp/w/foobar 2>/dev/null && fail "unlearned read allowed"
ph mode learning >/dev/null
sleep 1
kill $evpid
wait $evpid 2>/dev/null
grep '"event":"watch"' /tmp/w/ev >/tmp/w/watch
cat /tmp/w/watch

n() { grep -c -e "$1" /tmp/w/watch; }
expect_eq "reads of foobar by writer" 3 "$(n '"comm":"writer".*"op":"read","path":"/tmp/w/foobar"')"
expect_eq "writes of foobar" 1 "$(n '"op":"write","path":"/tmp/w/foobar"')"
expect_eq "getattr events" 0 "$(n '"op":"getattr"')"
expect_eq "unwatched events" 0 "$(n unwatched)"
expect_eq "rename in dir" 1 "$(n '"op":"rename","path":"/tmp/w/dir/old","path2":"/tmp/w/dir/new"')"
expect_eq "reads in dir" 0 "$(n '"op":"read","path":"/tmp/w/dir/')"
expect_eq "conf write" 1 "$(n '"op":"write","path":"/tmp/w/conf/a.conf"')"
expect_eq "conf events" 1 "$(n '/tmp/w/conf/')"
expect_eq "denied read" 1 "$(n '"comm":"denied".*"op":"read","path":"/tmp/w/foobar","result":-1')"
expect_eq "allowed results" 6 "$(n '"result":0')"
expect_eq "ppid is this shell" 7 "$(n "\"ppid\":$$,")"
expect_grep '"uid":0,"euid":0,"gid":0' /tmp/w/watch
expect_eq "total" 7 "$(wc -l </tmp/w/watch)"
ph status >/tmp/w/st
expect_grep "watch events: *7" /tmp/w/st

ph watch rm /tmp/w/foobar || fail "rm by pattern"
ph watch rm 2 || fail "rm by id"
ph watch rm /tmp/w/nope >/tmp/w/err 2>&1 && fail "rm of a missing watch succeeded"
expect_grep "no such watch" /tmp/w/err
expect_eq "watches left" 1 "$(ph watch list | wc -l)"
# Unloading with a watch still set must free it (the module warns otherwise).
ph_unload
echo "watch_ops ok"
