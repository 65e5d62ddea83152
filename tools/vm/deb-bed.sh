#!/bin/sh
# The bed for the package test (tests/vm/deb/install.sh): the Debian bed's
# image (tools/vm/rootfs.sh) with what an administrator has before
# `apt install ./phtrack*.deb`: the kernel's headers
# (linux-headers-KVER), dkms and initramfs-tools (or, with FLAVOR dracut,
# dracut in its place), installed with apt-get in a chroot from the mirrors
# the host's apt uses, and the kernel in /boot with its initrd, as an
# installed linux-image leaves it (the kernel's files from the cache; the
# bed's /lib/modules already has them).  The dracut bed is configured
# hostonly (dracut.conf.d/10-hostonly.conf), the counterpart of the
# MODULES=dep the package test sets for initramfs-tools: a generic dracut
# initrd takes every driver and is far too slow to build in TCG.
# Only that kernel's headers, so DKMS builds for it alone.  The image is
# derived under build/deb-bed/ (the shared cache stays untouched), keyed by
# the base image and this script, and rebuilt only when one changes.
# Prints its path.  Needs root (loop mount, chroot) and the network for apt.
# Usage: deb-bed.sh KVER [initramfs-tools|dracut]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${PH_CACHE:-$top/.cache}
kver=$1
flavor=${2:-initramfs-tools}
case $flavor in
initramfs-tools)
	tag=""
	mkinitrd="update-initramfs -c -k $kver"
	;;
dracut)
	tag=-dracut
	mkinitrd="mkdir -p /etc/dracut.conf.d && echo hostonly=yes >/etc/dracut.conf.d/10-hostonly.conf && dracut -f --kver $kver"
	;;
*)
	echo "deb-bed.sh: unknown flavor $flavor (initramfs-tools or dracut)" >&2
	exit 2
	;;
esac
base=$("$top"/tools/vm/rootfs.sh)
# Keyed by the base image and the recipe: the packages and the initrd
# command (and the version of the steps below, to bump when they change).
recipe="steps 1; linux-headers-$kver dkms $flavor; $mkinitrd"
key=$( (basename "$base"; echo "$recipe") | sha256sum | cut -c1-16)
dir=$top/build/deb-bed
img=$dir/debian$tag-$kver-$key.img
if [ -f "$img" ]; then
	echo "$img"
	exit 0
fi
[ "$(id -u)" = 0 ] || { echo "deb-bed.sh: needs root (loop mount, chroot)" >&2; exit 1; }
mkdir -p "$dir"
rm -f "$dir"/debian"$tag"-"$kver"-*.img
cp --sparse=always "$base" "$img.tmp"
mnt=$(mktemp -d)
cleanup() {
	for m in dev/pts dev proc sys; do
		umount "$mnt/$m" 2>/dev/null || :
	done
	umount "$mnt" 2>/dev/null || :
	rmdir "$mnt" 2>/dev/null || :
}
trap cleanup EXIT
mount -o loop "$img.tmp" "$mnt"
mount -t proc proc "$mnt/proc"
mount -t sysfs sysfs "$mnt/sys"
mount --bind /dev "$mnt/dev"
mount --bind /dev/pts "$mnt/dev/pts"
# The host's apt sources (the kernels may come from bookworm-security) and
# name service, for the install only.
mkdir -p "$mnt/etc/apt/sources.list.d"
cp "$mnt/etc/apt/sources.list" "$dir/sources.list.bed"
cp /etc/apt/sources.list.d/*.sources "$mnt/etc/apt/sources.list.d/" 2>/dev/null || :
[ ! -f /etc/apt/sources.list ] || cat /etc/apt/sources.list >>"$mnt/etc/apt/sources.list"
cp /etc/resolv.conf "$mnt/etc/resolv.conf"
k=$cache/kernels/$kver/boot
cp "$k/vmlinuz-$kver" "$k/config-$kver" "$k/System.map-$kver" "$mnt/boot/"
echo "deb-bed: apt-get install linux-headers-$kver dkms $flavor" >&2
chroot "$mnt" sh -c "export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null &&
	apt-get install -y -q --no-install-recommends linux-headers-$kver dkms $flavor >/dev/null &&
	$mkinitrd >/dev/null 2>&1 &&
	apt-get clean" >"$dir/deb-bed$tag-$kver.log" 2>&1 || {
	tail -n 30 "$dir/deb-bed$tag-$kver.log" >&2
	exit 1
}
# Back to the bed's own configuration: offline, bookworm main only.
rm -f "$mnt"/etc/apt/sources.list.d/*.sources
cp "$dir/sources.list.bed" "$mnt/etc/apt/sources.list"
rm -rf "$mnt"/var/lib/apt/lists/* "$mnt"/var/cache/apt/*.bin
: >"$mnt/etc/resolv.conf"
cleanup
trap - EXIT
mv "$img.tmp" "$img"
echo "$img"
