# bed: debian
# timeout: 900
# Package test, stages 2 and 3 (tools/deb-check.sh): stage 1
# (tests/vm/deb/install.sh) left a /scenario.sh on the disk that reads this
# script from the second disk (a tar archive tools/deb-check.sh writes).
# The VM boots the real initrd that update-initramfs (or dracut) built in
# the guest, not the harness's.
# With phtrack=learning (stage 2): ph status shows boot learning active
# since init; phd is active (started before sysinit.target); the tree
# starts <kernel> /usr/sbin/init with the services' domains; ph who answers for
# /etc/ph-watched, written during boot by ph-bootwrite.service; then
# systemd-analyze security and the journal of phd; then an upgrade of
# the phtrack package over itself (upgrade_check).  With security=tomoyo
# too, TOMOYO (tomoyo-tools, every domain in learning mode) learns the same
# boot: every domain TOMOYO has must be in phtrack's tree, but for the
# differences docs/tomoyo-compatibility.md ("The systemd boot") explains,
# which are classified here; any other fails.
# With phtrack=off (stage 3): the module is not loaded; then after apt
# remove the file list differs from the one before the install only by the
# store and the conffiles of /etc/phtrack; after apt purge it is the same.
. /lib/phtrack/testlib.sh
. /root/ph-filelist.sh
bad=0
pass() { echo "PASS: $*"; }
miss() { echo "FAIL: $*"; bad=$((bad + 1)); }

# The domains of TOMOYO's learning mode on this boot against phtrack's tree.
# TOMOYO's snapshot comes first, so phtrack's, a moment later, has at least
# as many domains.  A TOMOYO-only domain is explained when TOMOYO's
# exception policy (tomoyo-tools' init_policy writes one) has an
# initialize_domain rule for its first program and phtrack has that program's
# domain under init (phtrack's shipped exception policy has no such rule);
# when its program cannot be run (the exec failed after TOMOYO's check at
# bprm_check, where TOMOYO creates the domain; phtrack creates it when the
# exec succeeded); or when it is TOMOYO's own policy loader (run by the
# kernel as a usermode helper, outside the tree phtrack follows from init).
# Anything else fails.
tomoyo_compare() {
	t=/sys/kernel/security/tomoyo
	if [ ! -r $t/domain_policy ]; then
		note "TOMOYO not active (no security=tomoyo): no comparison"
		return
	fi
	note "TOMOYO's learning mode on the same boot"
	grep '^<kernel>' $t/domain_policy | sort -u >/tmp/tomoyo.domains
	ph domains --full 2>/dev/null | sed 's/\( ([a-z]*)\)*$//' | grep '^<kernel>' | sort -u >/tmp/ph.domains
	comm -23 /tmp/tomoyo.domains /tmp/ph.domains >/tmp/tomoyo.only
	comm -13 /tmp/tomoyo.domains /tmp/ph.domains >/tmp/ph.only
	echo "domains: TOMOYO $(wc -l </tmp/tomoyo.domains), phtrack $(wc -l </tmp/ph.domains)," \
		"in both $(comm -12 /tmp/tomoyo.domains /tmp/ph.domains | wc -l)," \
		"TOMOYO only $(wc -l </tmp/tomoyo.only), phtrack only $(wc -l </tmp/ph.only)"
	sed -n 's/^initialize_domain \([^ ]*\) from any$/\1/p' $t/exception_policy | sort -u >/tmp/tomoyo.init
	echo "TOMOYO's exception policy: $(wc -l </tmp/tomoyo.init) initialize_domain rules"
	unexplained=0
	while read -r d; do
		prog=${d##* }
		first=$(echo "$d" | cut -d' ' -f2)
		rest=${d#<kernel> }
		case $d in
		"<kernel> /sbin/tomoyo-init" | "<kernel> /sbin/tomoyo-init "* | "<kernel> /usr/sbin/tomoyo-init"*)
			why="TOMOYO's policy loader, run by the kernel as a usermode helper" ;;
		*)
			if grep -qxF "$first" /tmp/tomoyo.init && grep -qF " $rest" /tmp/ph.only; then
				why="TOMOYO's initialize_domain $first; phtrack has it under init"
			elif [ ! -e "$prog" ]; then
				why="the exec failed: $prog does not exist (TOMOYO creates the domain at bprm_check)"
			elif [ ! -x "$prog" ] || [ -d "$prog" ]; then
				why="the exec failed: $prog is not an executable file"
			else
				why=""
			fi
			;;
		esac
		if [ -n "$why" ]; then
			echo "  TOMOYO only: $d ($why)"
		else
			echo "  TOMOYO only, unexplained: $d"
			unexplained=$((unexplained + 1))
		fi
	done </tmp/tomoyo.only
	sed 's/^/  phtrack only: /' /tmp/ph.only | head -n 40
	if [ $unexplained -eq 0 ]; then
		pass "every domain of TOMOYO's learning mode is in phtrack's tree or explained"
	else
		miss "$unexplained domains of TOMOYO's learning mode are not in phtrack's tree and not explained"
	fi
}
# Upgrading phtrack itself: a newer version of the package (the same files
# as version 0.1.0+upgrade1, repacked by tools/deb-check.sh) installed over
# this one with apt, as an upgrade is.  The store and its hash chain are kept
# (ph verify --anchor with the head from before), phd is restarted and
# active, ph who still names the boot-time writer (every line from before
# is still there), the conffiles are untouched.
upgrade_check() {
	deb=/run/ph-deb/phtrack-upgrade.deb
	if [ ! -f $deb ]; then
		note "no $deb: the upgrade is not checked"
		return
	fi
	note "upgrade: apt install of phtrack 0.1.0+upgrade1 over $(dpkg-query -W -f='${Version}' phtrack)"
	ph verify >/tmp/verify0 2>&1 || miss "ph verify before the upgrade"
	cat /tmp/verify0
	head=$(sed -n 's/^ok: .*; head \([0-9]*\) \([0-9a-f]*\)$/\1:\2/p' /tmp/verify0)
	pid0=$(systemctl show -p MainPID --value phd.service)
	md5sum /etc/phtrack/*.conf >/tmp/conf0
	ph who /etc/ph-watched >/tmp/who0 2>&1
	# apt reads a local package as its _apt user: a copy it can read.
	cp $deb /tmp/phtrack-upgrade.deb
	chmod 644 /tmp/phtrack-upgrade.deb
	t0=$(date +%s)
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y /tmp/phtrack-upgrade.deb >/tmp/apt-up.log 2>&1; then
		miss "apt install of the upgrade"
		tail -n 20 /tmp/apt-up.log
	fi
	echo "apt install of the upgrade took $(($(date +%s) - t0)) s"
	grep -E '^(Preparing|Unpacking|Setting up|update-initramfs|dracut)' /tmp/apt-up.log | sed 's/^/  /'
	v=$(dpkg-query -W -f='${Version}' phtrack)
	if [ "$v" = 0.1.0+upgrade1 ]; then
		pass "phtrack upgraded to $v"
	else
		miss "phtrack is $v after the upgrade"
	fi
	i=0
	while [ $i -lt 30 ] && ! systemctl is-active -q phd.service; do
		sleep 1
		i=$((i + 1))
	done
	pid1=$(systemctl show -p MainPID --value phd.service)
	if systemctl is-active -q phd.service && [ "$pid1" != "$pid0" ]; then
		pass "phd restarted by the upgrade and active (pid $pid0, then $pid1)"
	else
		miss "phd after the upgrade: $(systemctl is-active phd.service), pid $pid0, then $pid1"
	fi
	if [ -n "$head" ] && ph verify --anchor "$head" >/tmp/verify1 2>&1; then
		pass "the store's chain is kept: ph verify --anchor $head: $(tail -n 1 /tmp/verify1)"
	else
		miss "ph verify --anchor '$head' after the upgrade:"
		cat /tmp/verify1
	fi
	ph who /etc/ph-watched >/tmp/who1 2>&1
	if [ -s /tmp/who0 ] && ! grep -vxF -f /tmp/who1 /tmp/who0 >/tmp/who.lost; then
		pass "ph who /etc/ph-watched after the upgrade has every row from before ($(wc -l </tmp/who0) lines before, $(wc -l </tmp/who1) after)"
	else
		miss "ph who /etc/ph-watched lost rows in the upgrade:"
		cat /tmp/who.lost
	fi
	if md5sum -c --quiet /tmp/conf0; then
		pass "the conffiles of /etc/phtrack are untouched"
	else
		miss "the upgrade changed a conffile of /etc/phtrack"
	fi
}
note "kernel command line: $(cat /proc/cmdline)"
# The whole-system enforcing stage's two boots (tests/vm/deb/enforce.sh).
case " $(cat /proc/cmdline) " in
*" ph_deb=save "* | *" phtrack=enforcing "*)
	. /run/ph-deb/enforce.sh
	;;
esac

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
	# The trigger the initrd's script gave: initramfs-tools' run-init
	# executes /sbin/init, a systemd initrd of dracut /lib/systemd/systemd
	# (packaging/dracut/90phtrack/phtrack-load.sh); the domain is the
	# program's name on merged /usr.
	if command -v dracut >/dev/null; then
		trig=/lib/systemd/systemd init='<kernel> /usr/lib/systemd/systemd'
	else
		trig=/sbin/init init='<kernel> /usr/sbin/init'
	fi
	if grep -q '^active: *yes' /tmp/status && grep -q "boot trigger $trig)" /tmp/status; then
		pass "ph status: boot learning active since init (boot trigger $trig)"
	else
		miss "ph status does not show boot learning active since $trig"
	fi
	note "ph domains (first 25 lines)"
	ph domains >/tmp/tree 2>&1 || miss "ph domains"
	head -n 25 /tmp/tree
	# Without the marks ph domains puts after a name, such as " (quota)".
	ph domains --full 2>&1 | sed 's/\( ([a-z]*)\)*$//' >/tmp/full
	n=$(grep -c '^<kernel>' /tmp/full)
	note "$n domains"
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
	note "browsing: ph-editpolicy --readonly --mono --dump --keys 'F cron Enter'"
	if ph-editpolicy --readonly --mono --dump --keys 'F cron Enter' >/tmp/browse 2>&1 &&
		grep -q '/usr/sbin/cron' /tmp/browse; then
		pass "ph-editpolicy shows cron's domain"
	else
		miss "ph-editpolicy --dump does not show cron's domain"
	fi
	sed -n '1,24p' /tmp/browse
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
	tomoyo_compare
	note "systemd-analyze security phd.service"
	systemd-analyze security --no-pager phd.service 2>&1 | tail -n 4
	note "journalctl -b -u phd"
	journalctl -b -u phd --no-pager -o short-monotonic | sed 's/^/  /'
	upgrade_check
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
	# After remove: only the store, the conffiles and the unit's enablement
	# link may be new (debhelper's postrm keeps systemd's enablement state
	# on remove, as it keeps conffiles, and drops it on purge).
	filelist >/tmp/files.removed
	diff /root/ph-files.before /tmp/files.removed | sed -n 's/^> //p' >/tmp/files.kept
	sed 's/^/  kept: /' /tmp/files.kept
	if grep -q . /tmp/files.kept &&
		! grep -v -E '^/etc/phtrack(/(boot|exception_policy|patternize)\.conf)?$|^/var/lib/phtrack(/ph\.db(-wal|-shm)?)?$|^/etc/systemd/system/sysinit\.target\.wants/phd\.service$' \
			/tmp/files.kept >/tmp/files.odd &&
		! diff /root/ph-files.before /tmp/files.removed | grep -q '^<'; then
		pass "after apt remove only /etc/phtrack's conffiles, the store /var/lib/phtrack and phd's enablement link are new ($(wc -l </tmp/files.kept) paths)"
	else
		miss "after apt remove the file list differs by more than /etc/phtrack, /var/lib/phtrack and phd's enablement link:"
		cat /tmp/files.odd
		diff /root/ph-files.before /tmp/files.removed | grep '^<'
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
