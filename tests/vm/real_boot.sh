# bed: debian
# include: tests/vm/bench/debian-workload.sh
# Scenario: boot learning on a real Debian 12 system (issue 16).  phtrack is
# loaded from the initramfs with boot_trigger=/sbin/init, as the README
# tells users, before the bed's systemd; after multi-user.target phd stores,
# a file in /etc is watched and the service workload runs (HTTP to nginx, a
# TCP connect and a PAM login through sshd on loopback, logrotate -f, logger,
# sudo, su).  Then: ph status shows active; the tree starts <kernel> -> init;
# at least 60 domains, sshd's, nginx's, cron's and rsyslogd's among them;
# ph who of the watched file names sudo's domain.  The harness checks dmesg.
# Each assertion prints PASS or FAIL; the scenario fails if any does.
# PH_BOOT_TRIGGER=/usr/sbin/init tools/vm/run.sh ... runs it with the
# trigger set to the name the lookup gives on a merged /usr.
. /lib/phtrack/testlib.sh
bad=0
pass() { echo "PASS: $*"; }
miss() { echo "FAIL: $*"; bad=$((bad + 1)); }

note "merged /usr: /sbin -> $(readlink /sbin); /sbin/init is $(readlink -f /sbin/init)"
note "phd (phd.service) stores; /etc/ph-watched is watched"
systemctl start phd.service || miss "systemctl start phd"
systemctl is-active phd.service
ph watch add /etc/ph-watched >/dev/null || miss "ph watch add /etc/ph-watched"

note "service workload"
. /include/debian-workload.sh
sleep 3

note "assertions"
ph status >/tmp/status || miss "ph status"
grep -E '^(active|domains|mode|entries|learned)' /tmp/status
ph domains --full >/tmp/domains.raw || miss "ph domains"
# (--full marks a domain that reached its quota with " (quota)")
sed "s/ ([a-z, ]*)\$//" /tmp/domains.raw >/tmp/domains
if grep -q '^active: *yes' /tmp/status; then
	pass "ph status shows active: yes"
else
	miss "ph status shows '$(grep '^active' /tmp/status)': boot learning never started." \
		"boot_trigger=$(cat /sys/module/phtrack/parameters/boot_trigger 2>/dev/null || echo /sbin/init)" \
		"did not match the exec of /sbin/init (on Debian 12's merged /usr it is reached" \
		"through /sbin -> usr/sbin; issue 16)"
fi
first=$(sed -n 1p /tmp/domains)
second=$(sed -n 2p /tmp/domains)
if [ "$first" = "<kernel>" ] && echo "$second" |
	grep -qxE '<kernel> (/sbin/init|/usr/sbin/init|/usr/lib/systemd/systemd|/lib/systemd/systemd)'; then
	pass "the tree starts <kernel> -> init ($second)"
else
	miss "the tree starts '$first' -> '$second', not <kernel> -> init"
fi
n=$(wc -l </tmp/domains)
[ "$n" -ge 60 ] && pass "$n domains (at least 60)" || miss "$n domains, fewer than 60"
for p in /usr/sbin/sshd /usr/sbin/nginx /usr/sbin/cron /usr/sbin/rsyslogd; do
	d=$(grep -E " $p( |\$)" /tmp/domains | head -n1)
	[ -n "$d" ] && pass "a domain of $p: $d" || miss "no domain of $p"
done
# phd commits audit events in batches; on a loaded host the commit of sudo's
# write can come later than the workload's end, so wait for it (up to 60 s).
for try in $(seq 30); do
	ph who /etc/ph-watched >/tmp/who 2>&1 && grep -q '/usr/bin/sudo' /tmp/who && break
	sleep 2
done
ph who /etc/ph-watched >/tmp/who 2>&1 || miss "ph who /etc/ph-watched (exit $?)"
cat /tmp/who
if grep -q '/usr/bin/sudo' /tmp/who; then
	pass "ph who /etc/ph-watched names sudo's domain"
else
	miss "ph who /etc/ph-watched does not name sudo's domain"
fi

note "figures for the benchmark's real-boot row (informational)"
# Busy guest CPU time since boot, all CPUs: user + nice + system + softirq
# from /proc/stat (USER_HZ ticks), not uptime, which jumps forward while
# the guest waits on emulated disk I/O.
awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "busy CPU time since boot: %.2f s (user %.2f, system %.2f, softirq %.2f)\n", ($2 + $3 + $4 + $8) / hz, ($2 + $3) / hz, $4 / hz, $8 / hz}' /proc/stat
# Kernel memory per learned entry (module accounting): at most 136 bytes.
# It was 121 bytes with the 88-byte entry header; marks (issue 21) added an
# 8-byte report word to the header (96 bytes, kernel/acl.h), 129 bytes on 6.1.
awk -F': *' '$1 == "learned entries" {n = $2} $1 == "learned entry bytes" {b = $2}
	END {if (n > 0) printf "%d %d %.1f\n", n, b, b / n}' /tmp/status >/tmp/per_entry
read -r n_ent n_bytes per_entry </tmp/per_entry || miss "learned entry figures in ph status"
echo "kernel memory per learned entry: $per_entry bytes ($n_ent entries, $n_bytes bytes)"
awk -v p="$per_entry" 'BEGIN {exit !(p <= 136)}' && pass "at most 136 bytes per learned entry" ||
	miss "at most 136 bytes per learned entry (got $per_entry)"
note "the domain tree (first 100 lines)"
ph domains | head -n 100
note "domains per program, first exec after <kernel> (top 10)"
cut -d' ' -f2 /tmp/domains | sort | uniq -c | sort -rn | head -n 10
if [ $bad -ne 0 ]; then
	echo "real_boot: $bad assertion(s) failed"
	exit 1
fi
echo "real_boot ok"
