#!/bin/sh
# make deb-check: the packages on the real Debian bed, per kernel, in three
# VM boots (tests/vm/deb/):
#   1. install.sh on the package bed (tools/vm/deb-bed.sh), without phtrack:
#      apt install of both .debs (DKMS builds the module in the guest),
#      update-initramfs -u; the guest's initrd comes back on a second disk
#      and the disk is kept (build/deb-check/KVER/stage1.qcow2);
#   2. boot.sh from that disk and that initrd with phtrack=learning;
#   3. boot.sh again with phtrack=off, then apt remove and apt purge.
# Needs the .debs (make deb).  Each VM run holds PH_DEB_LOCK (default
# /tmp/phvm.lock), so VMs run one at a time.
# PH_DEB_REUSE=1 skips stage 1 when its disk and initrd are there.
# Usage: tools/deb-check.sh [KVER...]   (default: the kernels of tools/kernels.conf)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kernels=${*:-${KERNELS:-$(grep -v '^#' tools/kernels.conf)}}
lock1=${PH_DEB_LOCK:-/tmp/phvm.lock}
for f in build/deb/phtrack_0.1.0_amd64.deb build/deb/phtrack-dkms_0.1.0_all.deb; do
	[ -f "$f" ] || { echo "deb-check: no $f (make deb)" >&2; exit 1; }
done
rc=0
for k in $kernels; do
	out=build/deb-check/$k
	mkdir -p "$out"
	if [ -n "${PH_DEB_REUSE:-}" ] && [ -f "$out/stage1.qcow2" ] && [ -f "$out/initrd.img" ]; then
		echo "deb-check: reusing stage 1 of $k ($out/stage1.qcow2)"
	else
		bed=$(tools/vm/deb-bed.sh "$k")
		rm -f "$out/initrd.tar" "$out/initrd.img"
		truncate -s 256M "$out/initrd.tar"
		if ! PH_BED_IMAGE=$bed PH_BED_KEEP=$top/$out/stage1.qcow2 \
			PH_QEMU_ARGS="-drive file=$top/$out/initrd.tar,if=virtio,format=raw" \
			flock "$lock1" tools/vm/run.sh -k "$k" -o "$out/install" tests/vm/deb/install.sh; then
			rc=1
			continue
		fi
		tar -xOf "$out/initrd.tar" "initrd.img-$k" >"$out/initrd.img"
		rm -f "$out/initrd.tar"
	fi
	for mode in learning off; do
		PH_BED_IMAGE=$top/$out/stage1.qcow2 PH_INITRD=$top/$out/initrd.img PH_APPEND="phtrack=$mode" \
			flock "$lock1" tools/vm/run.sh -k "$k" -o "$out/boot-$mode" tests/vm/deb/boot.sh || rc=1
	done
done
exit $rc
