#!/bin/sh
# Build the real Debian bed's addition to the base initramfs for one kernel:
# /init-debian (mounts the ext4 root, puts phtrack into it, loads the module
# before /sbin/init), the scenario runner systemd starts, phd's unit, and the
# block and file-system modules the root needs, decompressed, in load order.
# run.sh appends it to the base archive for "# bed: debian" scenarios.
# Usage: mkinitramfs-debian.sh KVER OUT.cpio.gz
set -eu
kver=$1
out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
mods=${PH_CACHE:-$top/.cache}/kernels/$kver/lib/modules/$kver

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/lib/phtrack/boot-modules
cp "$top"/tools/vm/init-debian "$root"/init-debian
cp "$top"/tools/vm/run-scenario "$root"/lib/phtrack/run-scenario
chmod 755 "$root"/init-debian "$root"/lib/phtrack/run-scenario
cp "$top"/userspace/daemon/phd.service "$root"/lib/phtrack/phd.service

# Each module after its dependencies; a module built into the kernel is not
# found and needs nothing.
order=$root/lib/phtrack/boot-modules/order
: >"$order"
modfile() {
	find "$mods/kernel" -name "$1.ko*" -o -name "$(echo "$1" | tr _ -).ko*" | head -n1
}
add() {
	grep -qx "$1" "$order" && return 0
	[ -n "$(modfile "$1")" ] || return 0
	for d in $(modinfo -F depends "$(modfile "$1")" | tr , ' '); do
		add "$d"
	done
	# (sh has no local variables: the recursion above reuses f)
	f=$(modfile "$1")
	case $f in
	*.xz) xz -dc "$f" ;;
	*.zst) zstd -qdc "$f" ;;
	*) cat "$f" ;;
	esac >"$root/lib/phtrack/boot-modules/$1.ko"
	echo "$1" >>"$order"
}
for m in crc32c_generic crc32c_intel virtio_pci virtio_blk ext4; do
	add "$m"
done

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
