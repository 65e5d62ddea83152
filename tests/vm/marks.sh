# Scenario: marks cut a service's profile in time (issue 21).  With phd
# storing (phd.service on the Debian bed, which it must pass as well:
# PH_BED=debian tools/vm/run.sh ... tests/vm/marks.sh): a service reads /etc/m/a and /etc/m/b; mark
# m1; it reads a (known: reported again once) and c (new); mark m2; it
# reads b a thousand times.  Then `ph profile export --since m1` has a and
# c but not b, `--between m1 m2` the same, `--since m2` only b; the
# thousand reads after m2 are one learned event, not a thousand; the marks
# survive a restart of phd.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
if command -v systemctl >/dev/null; then
	ph_ensure_active
	start_phd() { systemctl start phd.service || fail "systemctl start phd"; }
	stop_phd() { systemctl stop phd.service || fail "systemctl stop phd"; }
else
	ph_load
	start_phd() {
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
	}
	stop_phd() { kill $phd_pid && wait $phd_pid; }
fi
start_phd
mkdir -p /tmp/m /etc/m
for f in a b c; do echo $f >/etc/m/$f; done
cp $PHX /tmp/m/svc
/tmp/m/svc do read /etc/m/a || fail "read a"
/tmp/m/svc do read /etc/m/b || fail "read b"
ph mark m1 || fail "ph mark m1"
ph mark m1 2>/tmp/m/dup && fail "a second mark m1 was taken"
expect_grep 'exists' /tmp/m/dup "second mark m1"
/tmp/m/svc do read /etc/m/a || fail "read a after m1"
/tmp/m/svc do read /etc/m/c || fail "read c after m1"
ph mark m2 || fail "ph mark m2"
ph --json events >/tmp/m/events &
evpid=$!
sleep 1
/tmp/m/svc do open-many /etc/m/b 1000 || fail "open-many b"
sleep 1
kill $evpid
n=$(grep '"comm":"svc"' /tmp/m/events | grep -c '"entry":"file read /etc/m/b"')
expect_eq "learned events for 1000 reads of a known file after a mark" 1 "$n"

# phd commits in batches: wait until the last report is stored.
for try in $(seq 30); do
	ph profile export /tmp/m/svc --since m2 --raw >/tmp/m/since2 2>&1 &&
		grep -q ' /etc/m/b$' /tmp/m/since2 && break
	sleep 1
done
ph profile export /tmp/m/svc --since m1 --raw >/tmp/m/since1 || fail "export --since m1"
ph profile export /tmp/m/svc --between m1 m2 --raw >/tmp/m/between || fail "export --between"
ph profile export /tmp/m/svc --raw >/tmp/m/all || fail "export"
for f in since1 between since2 all; do
	note "$f:"
	grep '/etc/m/' /tmp/m/$f
done
lines() { grep -o ' /etc/m/[abc]$' "$1" | tr -d ' ' | sort | tr '\n' ' '; }
expect_eq "since m1" "/etc/m/a /etc/m/b /etc/m/c " "$(lines /tmp/m/since1)"
expect_eq "between m1 and m2" "/etc/m/a /etc/m/c " "$(lines /tmp/m/between)"
expect_eq "since m2" "/etc/m/b " "$(lines /tmp/m/since2)"
expect_eq "everything" "/etc/m/a /etc/m/b /etc/m/c " "$(lines /tmp/m/all)"
expect_grep '^# used between marks m1 and m2$' /tmp/m/between "export header"
ph profile export /tmp/m/svc --since nosuch >/dev/null 2>&1 && fail "an unknown mark was accepted"

stop_phd
start_phd
ph mark --list >/tmp/m/list || fail "ph mark --list"
cat /tmp/m/list
expect_eq "marks after a phd restart" "m1 m2 " "$(cut -f1 /tmp/m/list | tr '\n' ' ')"
if ! command -v systemctl >/dev/null; then
	stop_phd
	ph_unload
fi
echo "marks ok"
