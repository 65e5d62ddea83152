# bed: debian
# include: build/vm-debs/phtrack-svc_1.0_amd64.deb build/vm-debs/phtrack-svc_1.1_amd64.deb
# Scenario: a service's profile across a package upgrade (issue 21), on the
# real Debian bed (`make upgrade-check`; the packages are built on the host
# by tests/vm/upgrade/build-debs.sh, from tools/build-helpers.sh).
# phtrack-svc 1.0 is installed with dpkg -i; mark m1; svc.service starts,
# serves a connection and stops (its whole life is in the window); export
# --since m1.  dpkg -i 1.1 (libsvc.so.1.0 -> 1.1, a new /etc/svc/ports.conf
# with port 7002, no more reads of /usr/share/svc/banner.txt); mark m2;
# the service starts again, serves both ports and stops; export --since m2.
# The mark goes before the start: a service reads its library and
# configuration when it starts.  `ph profile diff` must show exactly the
# new configuration file and the new port as added and the banner as
# removed, and nothing about the library version, the pid file or the
# mkstemp name; the same checked field by field in --json.
. /lib/phtrack/testlib.sh
ph_ensure_active
bad=0
pass() { echo "PASS: $*"; }
miss() { echo "FAIL: $*"; bad=$((bad + 1)); }
W=/tmp/up
mkdir -p $W
systemctl start phd.service || fail "systemctl start phd"

# Serve one connection on each port given; print the replies.
connect() {
	for p in "$@"; do
		bash -c "exec 3<>/dev/tcp/127.0.0.1/$p && cat <&3" || miss "connect to port $p"
	done
}
# Start svc.service and wait until it listens on every port given.
start_svc() {
	systemctl start svc.service || fail "systemctl start svc"
	for p in "$@"; do
		i=0
		while ! ss -ltnH "sport = :$p" | grep -q LISTEN; do
			i=$((i + 1))
			[ $i -lt 100 ] || { journalctl -u svc.service --no-pager | tail; fail "svc not on port $p"; }
			sleep 0.1
		done
	done
}
# Export the service's profile since mark $1 to $2, once phd has stored the
# last access of the window (the unlink of the pid file, at the stop).
export_since() {
	i=0
	while :; do
		ph profile export /usr/sbin/svcd --since "$1" -o "$2" 2>$W/export.err &&
			grep -Eq '^  file [a-z/]*unlink[a-z/]* /run/svc/' "$2" && break
		i=$((i + 1))
		if [ $i -ge 20 ]; then
			cat $W/export.err "$2"
			ph domains | grep -F svcd
			ph profile export /usr/sbin/svcd --raw
			journalctl -u svc.service --no-pager | tail
			fail "export --since $1 never showed the stop"
		fi
		sleep 1
	done
	note "export --since $1:"
	cat "$2"
}

dpkg -i /include/phtrack-svc_1.0_amd64.deb >$W/dpkg1 2>&1 || { cat $W/dpkg1; fail "dpkg -i 1.0"; }
systemctl daemon-reload
ph mark m1 || fail "ph mark m1"
start_svc 7001
connect 7001
systemctl stop svc.service
export_since m1 $W/before

dpkg -i /include/phtrack-svc_1.1_amd64.deb >$W/dpkg2 2>&1 || { cat $W/dpkg2; fail "dpkg -i 1.1"; }
dpkg-query -W phtrack-svc
systemctl daemon-reload
ph mark m2 || fail "ph mark m2"
start_svc 7001 7002
connect 7001 7002
systemctl stop svc.service
export_since m2 $W/after

note "what changed on disk"
ls /usr/lib/x86_64-linux-gnu/libsvc.so.* /etc/svc/
for f in before after; do
	grep -q 'libsvc\.so\.' $W/$f && pass "the $f export has the library" || miss "no library in the $f export"
	grep -q '/run/svc/' $W/$f && pass "the $f export has the pid file" || miss "no pid file in the $f export"
	grep -q '/tmp/svc\.' $W/$f && pass "the $f export has the scratch file" || miss "no scratch file in the $f export"
done
grep -q 'banner.txt' $W/before && pass "1.0 read the banner" || miss "1.0 did not read the banner"

note "ph profile diff"
ph profile diff $W/before $W/after >$W/diff
rc=$?
cat $W/diff
expect_eq "diff exit code (1: changed)" 1 "$rc"
# Exactly: the domain line, the new configuration file, the new port (one
# entry: bind/listen/accept), the dropped banner.
body=$(grep -v '^  /usr/sbin/svcd$' $W/diff | sort)
want=$(printf '%s\n' \
	'  + file read /etc/svc/ports.conf' \
	'  + network inet stream bind/listen/accept 127.0.0.1 7002' \
	'  - file read /usr/share/svc/banner.txt' | sort)
if [ "$body" = "$want" ]; then
	pass "the diff is exactly ports.conf and port 7002 added, the banner removed"
else
	miss "the diff is not exactly the expected three lines"
	printf 'want:\n%s\n' "$want"
fi
grep -q '^  /usr/sbin/svcd$' $W/diff && pass "the changed domain is /usr/sbin/svcd" || miss "domain line"
for what in libsvc /run/svc /tmp/ 'so\.1\.'; do
	grep -q "$what" $W/diff && miss "the diff has a line about $what" || pass "no line about $what"
done

note "ph profile diff --json"
ph --json profile diff $W/before $W/after >$W/json
rc=$?
cat $W/json
expect_eq "--json exit code" 1 "$rc"
j=$(cat $W/json)
# One field at a time: the writer is compact, so each field is "key":value.
field() { printf '%s' "$j" | grep -o "\"$1\":$2" | head -n1; }
for kv in '"changed":true' '"domains_added":0' '"domains_removed":0' '"entries_changed":3' \
	'"name":"/usr/sbin/svcd"' '"status":"changed"' '"widened":\[\]' '"narrowed":\[\]' \
	'"changed":\[\]'; do
	k=${kv%%:*}
	k=${k#\"}
	k=${k%\"}
	v=${kv#*:}
	if [ -n "$(field "$k" "$v")" ]; then pass "json $kv"; else miss "json $kv"; fi
done
added=$(printf '%s' "$j" | sed -n 's/.*"added":\[\([^]]*\)\].*/\1/p')
removed=$(printf '%s' "$j" | sed -n 's/.*"removed":\[\([^]]*\)\].*/\1/p')
expect_eq "json added" '"file read /etc/svc/ports.conf","network inet stream bind/listen/accept 127.0.0.1 7002"' "$added"
expect_eq "json removed" '"file read /usr/share/svc/banner.txt"' "$removed"
expect_eq "json domains" 1 "$(printf '%s' "$j" | grep -o '"name":' | wc -l)"

[ $bad -eq 0 ] || fail "$bad assertions failed"
echo "upgrade ok"
