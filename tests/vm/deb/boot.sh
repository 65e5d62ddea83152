# bed: debian
# timeout: 900
# Package test, stages 2 and 3 (tools/deb-check.sh): stage 1
# (tests/vm/deb/install.sh) left this script as /scenario.sh on the disk.
# The VM boots the real initramfs-tools initrd that update-initramfs built
# in the guest, not the harness's.
# With phtrack=learning (stage 2): ph status shows boot learning active
# since init; phd is active (started before sysinit.target); the tree
# starts <kernel> /usr/sbin/init with the services' domains; ph who answers for
# /etc/ph-watched, written during boot by ph-bootwrite.service; then
# systemd-analyze security and the journal of phd.
# With phtrack=off (stage 3): the module is not loaded; then apt remove keeps
# the store, apt purge removes it, and the file list equals the one taken
# before the install.
. /lib/phtrack/testlib.sh
. /root/ph-filelist.sh
bad=0
pass() { echo "PASS: $*"; }
miss() { echo "FAIL: $*"; bad=$((bad + 1)); }
note "kernel command line: $(cat /proc/cmdline)"

case " $(cat /proc/cmdline) " in
*" phtrack=learning "*)
	note "dmesg: phtrack"
	dmesg | grep -i phtrack | head -n 5 | sed 's/^/  /'
	if systemctl is-active phd.service >/tmp/active 2>&1; then
		pass "systemctl is-active phd: $(cat /tmp/active)"
	else
		miss "systemctl is-active phd: $(cat /tmp/active)"
	fi
	note "ph status"
	ph status >/tmp/status 2>&1 || miss "ph status"
	cat /tmp/status
	if grep -q '^active: *yes' /tmp/status && grep -q 'boot trigger /sbin/init' /tmp/status; then
		pass "ph status: boot learning active since init (boot trigger /sbin/init)"
	else
		miss "ph status does not show boot learning active since /sbin/init"
	fi
	note "ph domains (first 25 lines)"
	ph domains >/tmp/tree 2>&1 || miss "ph domains"
	head -n 25 /tmp/tree
	ph domains --full >/tmp/full 2>&1
	n=$(grep -c '^<kernel>' /tmp/full)
	note "$n domains"
	# The trigger's name as looked up on merged /usr (/sbin -> usr/sbin).
	init='<kernel> /usr/sbin/init'
	if grep -q "^$init\$" /tmp/full; then
		pass "the tree starts $init"
	else
		miss "no $init domain"
	fi
	for s in /usr/sbin/sshd /usr/sbin/cron /usr/sbin/rsyslogd /usr/sbin/nginx /usr/sbin/phd; do
		if grep -q "^$init $s\$" /tmp/full; then
			pass "domain $init $s"
		else
			miss "no domain for $s under systemd"
		fi
	done
	note "ph who /etc/ph-watched"
	i=0
	while [ $i -lt 20 ]; do
		ph who /etc/ph-watched >/tmp/who 2>&1 && grep -q 'bootwrite\|/bin/sh\|/usr/bin/dash' /tmp/who && break
		sleep 1
		i=$((i + 1))
	done
	cat /tmp/who
	if grep -q '/usr/bin/dash\|/bin/sh' /tmp/who; then
		pass "ph who /etc/ph-watched names the boot-time writer's domain"
	else
		miss "ph who /etc/ph-watched does not name the boot-time writer"
	fi
	note "browsing: ph acl of cron's domain (first 8 lines)"
	ph acl "$init /usr/sbin/cron" 2>&1 | head -n 8
	note "export before an upgrade"
	mkdir -p /root/phtrack-export
	ph profile export /usr/sbin/cron -o /root/phtrack-export/cron.profile &&
		pass "ph profile export /usr/sbin/cron" || miss "ph profile export /usr/sbin/cron"
	head -n 6 /root/phtrack-export/cron.profile
	ph acl --all >/root/phtrack-export/domain_policy.conf || miss "ph acl --all"
	wc -l /root/phtrack-export/domain_policy.conf
	ph --db /var/lib/phtrack/ph.db status 2>&1 | head -n 12
	note "systemd-analyze security phd.service"
	systemd-analyze security --no-pager phd.service 2>&1 | tail -n 4
	note "journalctl -b -u phd"
	journalctl -b -u phd --no-pager -o short-monotonic | sed 's/^/  /'
	;;
*" phtrack=off "*)
	if [ -d /sys/module/phtrack ]; then
		miss "phtrack=off: the module is loaded"
	else
		pass "phtrack=off: booted without the module"
	fi
	systemctl is-active phd.service | sed 's/^/  phd: /'
	note "apt remove phtrack phtrack-dkms"
	DEBIAN_FRONTEND=noninteractive apt-get remove -y phtrack phtrack-dkms >/tmp/apt.log 2>&1 ||
		miss "apt remove"
	grep -E '^(Removing|dkms|Deleting|update-initramfs)' /tmp/apt.log | sed 's/^/  /'
	if [ -f /var/lib/phtrack/ph.db ] && [ -f /etc/phtrack/boot.conf ]; then
		pass "apt remove keeps the store and /etc/phtrack"
	else
		miss "apt remove took the store or the configuration"
	fi
	note "apt purge phtrack phtrack-dkms"
	DEBIAN_FRONTEND=noninteractive apt-get purge -y phtrack phtrack-dkms >/tmp/apt.log 2>&1 ||
		miss "apt purge"
	grep -E '^(Purging|Removing)' /tmp/apt.log | sed 's/^/  /'
	filelist >/tmp/files.after
	if diff -u /root/ph-files.before /tmp/files.after >/tmp/files.diff; then
		pass "after apt purge the file list is the one before the install ($(wc -l </tmp/files.after) paths)"
	else
		miss "apt purge leaves a different file list:"
		sed -n '3,40p' /tmp/files.diff
	fi
	;;
*)
	miss "neither phtrack=learning nor phtrack=off on the command line"
	;;
esac
exit $bad
