# bed: debian
# module: none
# timeout: 1800
# include: build/deb/phtrack_0.1.0_amd64.deb build/deb/phtrack-dkms_0.1.0_all.deb tests/vm/deb/filelist.sh
# include: build/deb-check/tomoyo/tomoyo-tools.deb build/deb-check/tomoyo/libtomoyotools3.deb
# Package test, stage 1 of 3 (tools/deb-check.sh): on the package bed
# (tools/vm/deb-bed.sh: the Debian bed with this kernel's headers, dkms and
# initramfs-tools), booted without phtrack: remove what the harness put in
# place, take the file list, `apt install ./phtrack-dkms_*.deb ./phtrack_*.deb`
# (DKMS builds the module; the package's initramfs trigger runs
# `update-initramfs -u`; on the dracut bed the test runs `dracut -f`), load
# it once to store a watch on /etc/ph-watched (phd restores it at the next
# boot), check the initrd, and hand it to the host on the second disk.
# Stages 2 and 3 boot from it.  initramfs-tools is set to MODULES=dep (an
# ordinary administrator's choice: the modules this machine needs): with
# MODULES=most, one update-initramfs ran for over 13 minutes in TCG without
# finishing.  Before the file list, tomoyo-tools goes in (from the host's
# mirror, tools/deb-check.sh) with every domain in learning mode, for
# stage 2's comparison with TOMOYO on the same boot (security=tomoyo).
. /lib/phtrack/testlib.sh
. /include/filelist.sh
bad=0
pass() { echo "PASS: $*"; }
miss() { echo "FAIL: $*"; bad=$((bad + 1)); }
kver=$(uname -r)

note "the harness's copies of ph, phd and phd.service go: the packages install them"
rm -f /usr/sbin/ph /usr/sbin/phd /usr/sbin/ph-editpolicy /etc/systemd/system/phd.service
rmdir /var/lib/phtrack 2>/dev/null || :
systemctl daemon-reload
# A boot-time writer of the watched file, after phd: the "file changed
# during boot" that stage 2 asks ph who about.
cat >/etc/systemd/system/ph-bootwrite.service <<'UNIT'
[Unit]
Description=package test: write /etc/ph-watched during boot
After=phd.service
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "written at boot" >>/etc/ph-watched'
[Install]
WantedBy=multi-user.target
UNIT
systemctl enable ph-bootwrite.service 2>/dev/null
# A cron job every minute, for the enforcing stage (tests/vm/deb/enforce.sh).
cat >/etc/cron.d/ph-cron <<'CRON'
* * * * * root date +\%s >/run/ph-cron-ran
CRON
if command -v dracut >/dev/null; then
	mkinitrd=dracut
else
	mkinitrd=initramfs-tools
	sed -i 's/^MODULES=.*/MODULES=dep/' /etc/initramfs-tools/initramfs.conf
fi
note "initrd generator: $mkinitrd"
# Stages 2 and 3 get their scenario (tests/vm/deb/boot.sh) on the second
# disk, so that it can change without a new stage 1.
cat >/scenario.sh <<'SCEN'
mkdir -p /run/ph-deb && tar -xf /dev/vdb -C /run/ph-deb && . /run/ph-deb/boot.sh
SCEN
cp /include/filelist.sh /root/ph-filelist.sh

note "tomoyo-tools, every domain in learning mode (profile 1)"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	/include/libtomoyotools3.deb /include/tomoyo-tools.deb >/tmp/apt-tomoyo.log 2>&1 ||
	{ miss "apt install tomoyo-tools"; tail -n 20 /tmp/apt-tomoyo.log; }
sed -i 's/^use_profile .*/use_profile 1/' /etc/tomoyo/domain_policy.conf
grep -q '^use_profile 1' /etc/tomoyo/domain_policy.conf && pass "TOMOYO's <kernel> uses profile 1" ||
	miss "cannot set TOMOYO's <kernel> to profile 1"
grep '^1-' /etc/tomoyo/profile.conf | sed 's/^/  profile.conf: /'
filelist >/root/ph-files.before
note "$(wc -l </root/ph-files.before) paths before the install"

note "apt install ./phtrack-dkms_0.1.0_all.deb ./phtrack_0.1.0_amd64.deb"
t0=$(cut -d' ' -f1 /proc/uptime)
cd /include
if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	./phtrack-dkms_0.1.0_all.deb ./phtrack_0.1.0_amd64.deb >/tmp/apt.log 2>&1; then
	pass "apt install of both packages"
else
	miss "apt install (exit $?)"
fi
cd /
t1=$(cut -d' ' -f1 /proc/uptime)
grep -E '^(Setting up|Building|Installing|Loading|Adding|depmod|update-initramfs|Processing|dkms|DKMS|Sign)' /tmp/apt.log | sed 's/^/  /'
echo "apt install took $(echo "$t0 $t1" | awk '{printf "%.0f", $2 - $1}') s (DKMS build in TCG included)"
dkms status | sed 's/^/  dkms status: /'
ko=$(modinfo -F filename phtrack 2>/dev/null)
echo "  modinfo: $ko"
case $ko in
*/updates/dkms/phtrack.ko*) pass "DKMS installed phtrack.ko for $kver" ;;
*) miss "no DKMS-built phtrack.ko for $kver"; tail -n 30 /tmp/apt.log ;;
esac
systemctl is-enabled phd.service | sed 's/^/  phd.service: /'

note "one load to store a watch: phd keeps it and restores it at the next boot"
modprobe phtrack || miss "modprobe phtrack"
systemctl start phd.service || miss "systemctl start phd"
systemctl is-active phd.service | sed 's/^/  phd: /'
ph watch add /etc/ph-watched >/dev/null || miss "ph watch add /etc/ph-watched"
sleep 3
systemctl stop phd.service
rmmod phtrack || miss "rmmod phtrack"
journalctl -b -u phd --no-pager -o cat | sed 's/^/  journal: /'

if [ $mkinitrd = dracut ]; then
	note "dracut -f"
	t0=$(cut -d' ' -f1 /proc/uptime)
	dracut -f "/boot/initrd.img-$kver" "$kver" >/tmp/dracut.log 2>&1 || { miss "dracut -f"; tail -n 20 /tmp/dracut.log; }
	t1=$(cut -d' ' -f1 /proc/uptime)
	grep -i phtrack /tmp/dracut.log | sed 's/^/  /'
	echo "dracut -f took $(echo "$t0 $t1" | awk '{printf "%.0f", $2 - $1}') s"
	lsinitrd "/boot/initrd.img-$kver" | grep -E 'phtrack' | sed 's/^/  initrd: /' >/tmp/inrd
	cat /tmp/inrd
	grep -q 'phtrack.ko' /tmp/inrd && grep -q 'phtrack-load.sh' /tmp/inrd &&
		grep -q 'etc/phtrack/boot.conf' /tmp/inrd &&
		pass "the dracut initrd has phtrack.ko, the 90phtrack hook and boot.conf" ||
		miss "the dracut initrd lacks phtrack's files"
else
	note "the initrd apt's trigger rebuilt (update-initramfs -u)"
	grep -E '^update-initramfs|^Processing triggers for initramfs' /tmp/apt.log | sed 's/^/  /'
	lsinitramfs "/boot/initrd.img-$kver" | grep -E 'phtrack' | sed 's/^/  initrd: /' >/tmp/inrd
	cat /tmp/inrd
	grep -q 'phtrack.ko' /tmp/inrd && grep -q 'scripts/init-top/phtrack' /tmp/inrd &&
		grep -q 'etc/phtrack/boot.conf' /tmp/inrd && pass "the initrd has phtrack.ko, init-top/phtrack and boot.conf" ||
		miss "the initrd lacks phtrack's files"
fi
ls -l "/boot/initrd.img-$kver" | sed 's/^/  /'
# The host reads the initrd from the second disk (a tar archive).
tar -cf /dev/vdb -C /boot "initrd.img-$kver" && sync && pass "initrd handed to the host" ||
	miss "cannot write the initrd to /dev/vdb"
exit $bad
