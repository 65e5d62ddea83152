#!/bin/sh
# Fetch the Debian kernel images listed in tools/kernels.conf into the cache
# folder (default .cache/kernels, override with PH_CACHE).  Images are
# downloaded with apt-get download and unpacked with dpkg -x: nothing is
# installed on the host.  Prints nothing when everything is already cached.
set -eu
cd "$(dirname "$0")/.."
cache=${PH_CACHE:-$PWD/.cache}/kernels
mkdir -p "$cache"
for k in ${1:-$(grep -v '^#' tools/kernels.conf)}; do
	dir=$cache/$k
	[ -f "$dir/boot/vmlinuz-$k" ] && continue
	echo "fetch-kernels: downloading linux-image-$k"
	tmp=$(mktemp -d "$cache/.dl.XXXXXX")
	(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "linux-image-$k" >/dev/null) || {
		apt-get update -q >/dev/null
		(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "linux-image-$k" >/dev/null)
	}
	rm -rf "$dir.tmp"
	dpkg -x "$tmp"/linux-image-*.deb "$dir.tmp"
	rm -rf "$tmp" "$dir"
	mv "$dir.tmp" "$dir"
done

# The guest's busybox: Debian's dynamic build, whose shell executes applets
# by name through PATH as a real system does (busybox-static re-executes
# /proc/self/exe, which would hide every program name from the domains).
bb=${PH_CACHE:-$PWD/.cache}/busybox
if [ ! -x "$bb/bin/busybox" ]; then
	echo "fetch-kernels: downloading busybox"
	tmp=$(mktemp -d "$cache/.dl.XXXXXX")
	(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root busybox >/dev/null)
	rm -rf "$bb"
	dpkg -x "$tmp"/busybox_*.deb "$bb"
	rm -rf "$tmp"
fi
