#!/bin/sh
# Build the base initramfs for one kernel: busybox, the guest init and test
# library, phtrack.ko and test modules for that kernel, the userspace binaries
# and every shared library they need.
# Usage: mkinitramfs.sh KVER OUT.cpio.gz
set -eu
kver=$1
out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
kbuild=$top/build/kernel/$kver
ubuild=$top/build/userspace

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/bin "$root"/sbin "$root"/usr/bin "$root"/usr/sbin "$root"/etc \
	"$root"/proc "$root"/sys "$root"/dev "$root"/tmp "$root"/run "$root"/root \
	"$root"/lib/phtrack/tests "$root"/usr/libexec/phtrack "$root"/var/lib/phtrack \
	"$root"/var/log "$root"/etc/phtrack

copy_with_libs() {
	cp "$1" "$2"
	ldd "$1" 2>/dev/null | awk '/=>/ {print $3} /^\t\// {print $1}' |
		while read -r lib; do
			[ -n "$lib" ] && [ -e "$lib" ] || continue
			mkdir -p "$root$(dirname "$lib")"
			[ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
		done
}
bb=${PH_CACHE:-$top/.cache}/busybox/bin/busybox
[ -x "$bb" ] || "$top"/tools/fetch-kernels.sh
copy_with_libs "$bb" "$root"/bin/busybox
# Applets where a Debian system has them (/sbin/init, /usr/bin/logger, ...).
for applet in $("$bb" --list-full); do
	[ -e "$root/$applet" ] || [ -L "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
cp "$top"/tools/vm/init "$root"/init
chmod 755 "$root"/init
cp "$top"/tools/vm/testlib.sh "$root"/lib/phtrack/testlib.sh
cp "$top"/tools/vm/finish "$top"/tools/vm/boot-check "$root"/lib/phtrack/

cp "$kbuild"/phtrack.ko "$root"/lib/phtrack/phtrack.ko
for m in "$kbuild"/tests/*.ko; do
	[ -e "$m" ] && cp "$m" "$root"/lib/phtrack/tests/
done
# The kernel unit tests (kernel/selftest/, tests/vm/selftest.sh).
[ -e "$kbuild"/selftest/phtrack_selftest.ko ] &&
	cp "$kbuild"/selftest/phtrack_selftest.ko "$root"/lib/phtrack/tests/

for b in ph phd ph-editpolicy; do
	[ -x "$ubuild/$b" ] && copy_with_libs "$ubuild/$b" "$root/usr/sbin/$b"
done
# The store's synthetic writer: the same Store code as phd, measured in the
# guest and on the host to relate TCG figures to native ones.
[ -x "$ubuild/ph-synth" ] && copy_with_libs "$ubuild/ph-synth" "$root/usr/libexec/phtrack/ph-synth"
for h in "$top"/build/vm-helpers/*; do
	[ -x "$h" ] && copy_with_libs "$h" "$root/usr/libexec/phtrack/$(basename "$h")"
done
# The 64-bit loader must be where binaries look for it.
mkdir -p "$root"/lib64
[ -e "$root"/lib64/ld-linux-x86-64.so.2 ] ||
	cp -L /lib64/ld-linux-x86-64.so.2 "$root"/lib64/

# The guest needs no debug information: without it the archive is about a
# sixth of its size (the userspace binaries are built with -g), which each
# boot unpacks under emulation and the Debian bed copies to its disk.
find "$root"/usr/sbin "$root"/usr/libexec/phtrack -type f -exec strip --strip-debug {} +
find "$root"/lib/phtrack -name '*.ko' -exec strip --strip-debug {} +

cat >"$root"/etc/passwd <<'PW'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
cat >"$root"/etc/group <<'GR'
root:x:0:
nogroup:x:65534:
GR

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
