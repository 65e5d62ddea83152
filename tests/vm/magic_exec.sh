# bed: debian
# include: tests/vm/enforce/service.sh
# Scenario: exec through a magic link names the program by the file it runs
# (issue 16).  In the real Debian bed, with learning active: 50 su calls
# (util-linux su), and phfexec running /usr/bin/true through fexecve(),
# /proc/self/fd/N, /dev/fd/N, /proc/self/exe and /proc/PID/exe.  No domain
# name may carry a pid or an fd number: none contains /proc/<digits>/,
# /proc/self/ or /dev/fd/.  Then, in the same boot, the enforcing checks of
# tests/vm/enforce/service.sh (issue 19: violations, exec refusal, manager).
. /lib/phtrack/testlib.sh
ph_ensure_active
FX=/usr/libexec/phtrack/phfexec
note "50 su calls"
i=0
while [ $i -lt 50 ]; do
	su -s /bin/sh nobody -c true || fail "su call $i"
	i=$((i + 1))
done
note "exec through magic links"
for m in fexecve proc-self-fd dev-fd proc-self-exe proc-pid-exe; do
	$FX $m /usr/bin/true || fail "phfexec $m"
	$FX $m /usr/bin/true || fail "phfexec $m (again)"
done
ph domains --full | sed 's/ ([a-z, ]*)$//' >/tmp/domains || fail "ph domains"
note "$(wc -l </tmp/domains) domains; those of su and phfexec:"
grep -E '/bin/su( |$)|/phfexec' /tmp/domains | head -n 40
grep -q '/phfexec' /tmp/domains || fail "no domain of phfexec: learning did not see the execs"
if grep -E '/proc/[0-9]+/|/proc/self/|/dev/fd/' /tmp/domains >/tmp/bad; then
	echo "FAIL: $(wc -l </tmp/bad) domain names carry a pid or an fd number, e.g.:"
	head -n 10 /tmp/bad
	fail "domain names contain /proc/<digits>/, /proc/self/ or /dev/fd/"
fi
echo "PASS: no domain name contains /proc/<digits>/, /proc/self/ or /dev/fd/"
echo "magic_exec ok"
. /include/service.sh
