#!/bin/sh
# Build the real Debian 12 bed: a debootstrap of bookworm with systemd and the
# services of a small server, configured for the VM harness, as an ext4 image.
# The image is cached under $PH_CACHE/rootfs/ (default .cache/rootfs/), keyed
# by a hash of this script (package list and configuration) and of
# tools/kernels.conf (the image carries each pinned kernel's modules), and is
# rebuilt only when one of them changes.  Prints the image's path.
# Usage: rootfs.sh [-f]   (-f: rebuild even if cached)
# Needs root (debootstrap, chroot) and the debootstrap, e2fsprogs packages.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${PH_CACHE:-$top/.cache}
force=0
[ "${1:-}" = -f ] && force=1

# The services of the bed, the tools scenarios call, and the runtime
# libraries of ph and phd.  auditd is Linux audit's daemon, which the audit
# benchmark (tests/vm/bench_audit.sh) compares phtrack's watches with; it is
# installed but not started at boot.
pkgs="systemd-sysv udev dbus sudo libpam-modules openssh-server openssh-client \
cron rsyslog nginx-light logrotate procps iproute2 kmod tomoyo-tools strace \
util-linux curl libmnl0 libsqlite3-0 libncursesw6 libstdc++6 auditd"
size=3G

key=$( (cat "$0"; grep -v '^#' "$top"/tools/kernels.conf) | sha256sum | cut -c1-16)
dir=$cache/rootfs
img=$dir/debian-bookworm-$key.img
if [ $force -eq 0 ] && [ -f "$img" ]; then
	echo "$img"
	exit 0
fi
[ "$(id -u)" = 0 ] || { echo "rootfs.sh: needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "rootfs.sh: needs debootstrap (tools/deps.sh vm)" >&2; exit 1; }
mkdir -p "$dir"
exec 9>"$dir/build.lock"
flock 9
if [ $force -eq 0 ] && [ -f "$img" ]; then
	echo "$img"
	exit 0
fi
for k in $(grep -v '^#' "$top"/tools/kernels.conf); do
	[ -d "$cache/kernels/$k/lib/modules/$k" ] || "$top"/tools/fetch-kernels.sh "$k" >&2
done

# The Debian mirror apt already uses on this machine (deb822 .sources files
# or one-line sources.list entries); deb.debian.org when none is configured.
mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '/^URIs:/ {u = $2} /^Suites:/ && / bookworm( |$)/ && u ~ /debian\/?$/ {print u; exit}')
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*debian\/\{0,1\}\) bookworm .*/\2/p' \
	/etc/apt/sources.list 2>/dev/null | head -n1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

root=$dir/build-$key
rm -rf "$root"
mkdir -p "$root"
cleanup() {
	for m in proc sys dev/pts dev; do
		umount "$root/$m" 2>/dev/null || :
	done
	rm -rf "$root"
}
trap cleanup EXIT
t0=$(date +%s)
echo "rootfs: debootstrap bookworm from $mirror" >&2
debootstrap --variant=minbase --include="$(echo $pkgs | tr ' ' ,)" \
	bookworm "$root" "$mirror" >"$dir/debootstrap-$key.log" 2>&1 || {
	tail -n 30 "$dir/debootstrap-$key.log" >&2
	exit 1
}
t1=$(date +%s)
echo "rootfs: debootstrap took $((t1 - t0))s" >&2

# Configuration for the harness.
echo phvm >"$root"/etc/hostname
printf '127.0.0.1\tlocalhost\n127.0.1.1\tphvm\n::1\tlocalhost ip6-localhost\n' >"$root"/etc/hosts
printf '/dev/vda\t/\text4\tdefaults,errors=remount-ro\t0\t1\n' >"$root"/etc/fstab
# Root logs in on the console without a password; sudo needs none either.
chroot "$root" passwd -d root >/dev/null
# Loopback only: no interface configuration, no name service beyond files.
: >"$root"/etc/resolv.conf
# Nothing runs on a timer during a scenario except cron itself.
for u in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer \
	fstrim.timer dpkg-db-backup.timer systemd-tmpfiles-clean.timer \
	getty@tty1.service systemd-networkd-wait-online.service systemd-firstboot.service; do
	ln -sf /dev/null "$root/etc/systemd/system/$u"
done
# ssh: host keys, and a key for root so a scenario can log in through sshd
# and PAM on 127.0.0.1.
chroot "$root" ssh-keygen -A >/dev/null
mkdir -p "$root"/root/.ssh
chmod 700 "$root"/root/.ssh
rm -f "$root"/root/.ssh/id_ed25519 "$root"/root/.ssh/id_ed25519.pub
chroot "$root" ssh-keygen -q -t ed25519 -N '' -f /root/.ssh/id_ed25519
cp "$root"/root/.ssh/id_ed25519.pub "$root"/root/.ssh/authorized_keys
printf 'Host 127.0.0.1 localhost\n\tStrictHostKeyChecking no\n\tUserKnownHostsFile /dev/null\n\tLogLevel ERROR\n' \
	>"$root"/root/.ssh/config
chmod 600 "$root"/root/.ssh/authorized_keys "$root"/root/.ssh/config
# nginx, ssh, cron and rsyslog start at boot (their packages enable them).
for u in nginx ssh cron rsyslog; do
	[ -e "$root/etc/systemd/system/multi-user.target.wants/$u.service" ] ||
		chroot "$root" systemctl enable "$u.service" >/dev/null 2>&1
done
# auditd only where a scenario starts it (its package enables it at boot).
chroot "$root" systemctl disable auditd.service >/dev/null 2>&1 || :
rm -f "$root"/etc/systemd/system/multi-user.target.wants/auditd.service
echo 'ph-watched: a file scenarios watch' >"$root"/etc/ph-watched

# The harness's scenario runner: a unit after multi-user.target that runs
# /lib/phtrack/run-scenario (the initramfs puts it and the scenario in place).
cat >"$root"/etc/systemd/system/ph-scenario.service <<'UNIT'
[Unit]
Description=phtrack VM harness scenario
After=multi-user.target
ConditionPathExists=/lib/phtrack/run-scenario

[Service]
Type=oneshot
ExecStart=/lib/phtrack/run-scenario
TimeoutStartSec=infinity
StandardInput=null
StandardOutput=journal
StandardError=journal

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/ph-scenario.service \
	"$root"/etc/systemd/system/multi-user.target.wants/ph-scenario.service

# The pinned kernels' modules, so udev and modprobe work in the guest.
for k in $(grep -v '^#' "$top"/tools/kernels.conf); do
	mkdir -p "$root/lib/modules"
	cp -a "$cache/kernels/$k/lib/modules/$k" "$root/lib/modules/"
	depmod -b "$root" "$k"
done
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin

rm -f "$img.tmp"
truncate -s "$size" "$img.tmp"
mkfs.ext4 -q -F -L phroot -d "$root" "$img.tmp"
mv "$img.tmp" "$img"
t2=$(date +%s)
echo "rootfs: configuration and ext4 image took $((t2 - t1))s" >&2
# Older images of the bed (and their logs) are of no further use.
for old in "$dir"/debian-bookworm-*.img "$dir"/debootstrap-*.log; do
	case $old in
	*-$key.img | *-$key.log) ;;
	*) rm -f "$old" ;;
	esac
done
echo "$img"
