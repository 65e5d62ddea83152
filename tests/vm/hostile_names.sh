# Scenario: hostile names end to end (issue 17).  As uid 65534, names with
# every byte value 1..255, newlines, ESC sequences, '\', spaces and a
# 4,095-byte path go into file names, mount types and devices, comm
# (prctl(PR_SET_NAME)), environment names, unix socket paths and a program
# path (so a domain name).  Then: ph acl --all parses back with ph policy
# check, with one header per domain and no forged one; no raw control byte
# reaches the output of ph who, events, pstree, domains or acl; their --json
# output is valid JSON; phd is still running, and ends when the module is
# unloaded.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
HOST=/usr/libexec/phtrack/phhostile
DB=/var/lib/phtrack/ph.db
NOBODY="$PHX runas 65534 65534"
ph_load
mkdir -p /tmp/h/files /tmp/h/unix /tmp/mnt /tmp/o
chmod 1777 /tmp/h /tmp/h/files /tmp/h/unix /tmp/mnt
: >/tmp/h/watched
chmod 666 /tmp/h/watched
ph watch add /tmp/h/ --ops all >/dev/null || fail "watch add /tmp/h/"
ph watch add /tmp/h/files/ --ops all >/dev/null || fail "watch add /tmp/h/files/"

rm -f /run/phd.pid
phd --foreground --db $DB --pidfile /run/phd.pid 2>/tmp/o/phd.log &
phd_pid=$!
n=0
while [ ! -e /run/phd.pid ]; do
	kill -0 $phd_pid 2>/dev/null || { cat /tmp/o/phd.log; fail "phd did not start"; }
	n=$((n + 1))
	[ $n -lt 300 ] || fail "phd not ready"
	sleep 0.1
done

ph events >/tmp/o/events &
ev=$!
ph --json events >/tmp/o/events.json &
evj=$!
sleep 1

# A program whose path is hostile: its domain name is too.
prog=$(printf '/tmp/h/prog\n<kernel> /fake\033[2J x')
mkdir -p "$(dirname "$prog")"
cp $PHX "$prog"
chmod 755 "$prog"
$NOBODY "$prog" do append /tmp/h/watched || fail "hostile program"

$NOBODY $HOST files /tmp/h/files || fail "hostile file names"
$NOBODY $HOST mount /tmp/mnt >/tmp/o/mount || fail "hostile mounts"
cat /tmp/o/mount
expect_grep "mount: \([0-9]*\) of \1 denied with EPERM" /tmp/o/mount "mounts as nobody"
$NOBODY $HOST comm /tmp/h/watched 120 &
holder=$!
$NOBODY $HOST env $PHX true || fail "hostile environment names"
$NOBODY $HOST unix /tmp/h/unix || fail "hostile unix sockets"
# Entries with every string at its longest: cut to their share of the
# entry's budget and marked, never too big for a dump message.
mkdir -p /tmp/h/max
chmod 1777 /tmp/h/max
$NOBODY $HOST maximal /tmp/h/max >/tmp/o/max || fail "maximal names"
cat /tmp/o/max
# The same as root: the successful paths (mount) are recorded too.
mount -t tmpfs "$(printf 'dev\n<kernel> /fake\033[2J\\')" /tmp/mnt || fail "root mount"
umount /tmp/mnt
sleep 1

# Raw control bytes: none in what ph prints (newline and tab separate).
check_ctl() {
	$HOST ctl <"$2" >/tmp/o/ctl || {
		cat /tmp/o/ctl
		fail "$1 prints a raw control byte"
	}
}
check_json() {
	$HOST json <"$2" >/tmp/o/json || {
		cat /tmp/o/json
		head -c 2000 "$2"
		fail "$1: invalid JSON"
	}
}
ph pstree >/tmp/o/pstree || fail "ph pstree"
ph --json pstree >/tmp/o/pstree.json || fail "ph --json pstree"
grep -q 'ev\\033\[2J\\012il' /tmp/o/pstree || {
	cat /tmp/o/pstree
	ps -o pid,comm,args | cat -A
	kill -0 $holder || note "the holder is gone"
	fail "ph pstree does not show the hostile comm escaped"
}
kill $holder
wait $holder 2>/dev/null
sleep 2
kill $ev $evj
wait $ev $evj 2>/dev/null

ph who /tmp/h/ --all >/tmp/o/who || fail "ph who"
ph --json who /tmp/h/ --all >/tmp/o/who.json || fail "ph --json who"
grep -q 'ev\\033\[2J\\012il' /tmp/o/who || {
	cat /tmp/o/who
	fail "ph who does not show the hostile comm escaped"
}
ph domains --full >/tmp/o/domains || fail "ph domains"
ph acl --all >/tmp/o/acl || fail "ph acl --all"
ph domains --full >/tmp/o/domains2 || fail "ph domains (again)"
ph --json domains >/tmp/o/domains.json || fail "ph --json domains"
ph --json acl --all >/tmp/o/acl.json || fail "ph --json acl --all"
ph --db $DB acl --all >/tmp/o/acl.db || fail "ph --db acl --all"
for f in events pstree who domains acl acl.db; do check_ctl "ph $f" /tmp/o/$f; done
for f in events pstree who domains acl; do check_json "ph --json $f" /tmp/o/$f.json; done
note "$(wc -l </tmp/o/events) event lines, $(wc -l </tmp/o/who) who lines"

# ph acl --all parses back, with exactly one header per domain.
for f in acl acl.db; do
	ph policy check /tmp/o/$f >/tmp/o/check 2>&1 || {
		cat /tmp/o/check
		fail "ph policy check of ph $f --all"
	}
	note "$f: $(cat /tmp/o/check)"
	if grep -q '^<kernel> /fake' /tmp/o/$f; then
		grep -n '<kernel> /fake' /tmp/o/$f
		fail "a forged domain header in $f"
	fi
	! grep -q '^file write /etc/shadow' /tmp/o/$f || fail "a forged entry in $f"
done
cmp -s /tmp/o/domains /tmp/o/domains2 || note "domains changed during the dump"
headers=$(grep -c '^<kernel>' /tmp/o/acl)
expect_eq "domain headers vs ph domains" "$(wc -l </tmp/o/domains2)" "$headers"
expect_grep '^<kernel>.* /tmp/h/prog\\012<kernel>\\040/fake\\033\[2J\\040x$' /tmp/o/domains \
	"the hostile program's domain"
expect_grep 'x\\012<kernel>\\040/fake\\012file\\040write\\040/etc/shadow' /tmp/o/acl \
	"the forged mount type, escaped"
expect_grep 'misc env nl\\012<kernel>\\040/fake' /tmp/o/acl "a hostile environment name"
expect_grep 'network unix stream .*/tmp/h/unix/esc\\033' /tmp/o/acl "a hostile unix path"
grep -q '^file .* /tmp/h/files/.\{3000,\}' /tmp/o/acl || fail "no entry for the 4,095-byte path"
expect_grep '^file mount [^ ]*\\000\.\.\. /tmp/h/max/[^ ]*\\000\.\.\. [^ ]*\\000\.\.\. ' /tmp/o/acl \
	"the maximal mount, its three names cut and marked"
expect_grep '^file rename /tmp/h/max/[^ ]*\\000\.\.\. /tmp/h/max/[^ ]*\\000\.\.\.$' /tmp/o/acl \
	"the maximal rename, both names cut and marked"
# The budget: 3,072 escaped bytes of names per entry, each cut one marked.
long=$(awk '/^file / && length($0) > 3072 + 3 * 7 + 128' /tmp/o/acl | wc -l)
expect_eq "entries over the budget" 0 "$long"
ph status >/tmp/o/status || fail "ph status"
cut=$(sed -n 's/^ *names cut at the entry limit: *//p' /tmp/o/status)
[ "${cut:-0}" -gt 0 ] || { cat /tmp/o/status; fail "names_cut not counted"; }
note "names cut: $cut"

kill -0 $phd_pid 2>/dev/null || { cat /tmp/o/phd.log; fail "phd exited"; }
kill $phd_pid
wait $phd_pid
expect_eq "phd exit after TERM" 0 $?
ph --db $DB check >/dev/null || fail "store integrity"
ph watch rm /tmp/h/ >/dev/null
ph watch rm /tmp/h/files/ >/dev/null
# Failed requests are retried, but the module going away still ends phd.
rm -f /run/phd.pid
phd --foreground --db $DB --pidfile /run/phd.pid 2>/tmp/o/phd2.log &
phd_pid=$!
n=0
while [ ! -e /run/phd.pid ] && [ $n -lt 300 ]; do
	n=$((n + 1))
	sleep 0.1
done
ph_unload
n=0
while kill -0 $phd_pid 2>/dev/null && [ $n -lt 100 ]; do
	n=$((n + 1))
	sleep 0.1
done
kill -0 $phd_pid 2>/dev/null && fail "phd still runs 10 s after the module went away"
wait $phd_pid
expect_eq "phd exit after the module went away" 1 $?
expect_grep "stopped answering" /tmp/o/phd2.log
echo "PASS: hostile_names"
