#!/bin/sh
# Install what phtrack needs to build and test, with apt-get, idempotently.
# Usage: tools/deps.sh [build|deb|vm|all]   (default: all)
set -eu
cd "$(dirname "$0")/.."
what=${1:-all}
# tools/deps.sh headers KVER...: only the headers of the kernels named (the
# newer-than-pinned builds that make check also boots).
if [ "$what" = headers ]; then
	shift
	pkgs=""
	for k in "$@"; do
		pkgs="$pkgs linux-headers-$k"
	done
fi

[ "$what" = headers ] || pkgs="build-essential cmake pkg-config libmnl-dev libsqlite3-dev sqlite3 \
libncurses-dev libgtest-dev clang python3 tmux graphviz"
# make deb: debhelper with the DKMS add-on, and lintian.
pkgs_deb="debhelper dh-dkms dpkg-dev fakeroot lintian"
if [ "$what" = deb ]; then
	pkgs="$pkgs_deb cmake pkg-config libmnl-dev libsqlite3-dev"
elif [ "$what" != build ] && [ "$what" != headers ]; then
	pkgs="$pkgs $pkgs_deb"
fi
if [ "$what" = vm ] || [ "$what" = all ]; then
	pkgs="$pkgs qemu-system-x86 cpio kmod xz-utils zstd"
	# The real Debian bed (tools/vm/rootfs.sh): debootstrap, mkfs.ext4 -d,
	# qemu-img for the throw-away overlays.
	pkgs="$pkgs debootstrap e2fsprogs qemu-utils"
	for k in $(grep -v '^#' tools/kernels.conf); do
		pkgs="$pkgs linux-headers-$k"
	done
fi

missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends $missing >/dev/null; then
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
