#!/bin/sh
# make deb-check: the packages on the real Debian bed, per kernel, in three
# VM boots (tests/vm/deb/):
#   1. install.sh on the package bed (tools/vm/deb-bed.sh), without phtrack:
#      tomoyo-tools (every domain learning), then apt install of both .debs
#      (DKMS builds the module in the guest), update-initramfs -u (or, on
#      the dracut bed, dracut -f); the guest's initrd comes back on a second
#      disk and the disk is kept (build/deb-check/KVER[-dracut]/stage1.qcow2);
#   2. boot.sh from that disk and that initrd with phtrack=learning and
#      security=tomoyo (TOMOYO learns the same boot), then an upgrade of
#      the phtrack package over itself;
#   3. the whole-system enforcing stage (tests/vm/deb/enforce.sh, two
#      boots): learning with the workload, ph policy save /etc/phtrack/policy
#      and update-initramfs -u; then phtrack=enforcing from that initrd;
#   4. boot.sh again with phtrack=off, then apt remove and apt purge.
# boot.sh reaches the guest on a second disk (a tar archive), so a change
# to it needs no new stage 1 (PH_DEB_REUSE=1).
# Needs the .debs (make deb), and the network once, for tomoyo-tools
# (apt-get download from the host's mirrors, kept in build/deb-check/tomoyo/).
# Each VM boot holds PH_DEB_LOCK (default /tmp/phvm.lock, the lock of every
# VM run) on its own, so that other VM runs interleave between the stages.
# PH_DEB_REUSE=1 skips stage 1 when its disk and initrd are there;
# PH_DEB_MODES="learning" (or "enforcing", or "off") runs only that stage
# of 2 to 4.
# Usage: tools/deb-check.sh [--dracut] [KVER...]
#        (default: the kernels of tools/kernels.conf, initramfs-tools)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
flavor=initramfs-tools
tag=""
if [ "${1:-}" = --dracut ]; then
	flavor=dracut
	tag=-dracut
	shift
fi
kernels=${*:-${KERNELS:-$(grep -v '^#' tools/kernels.conf)}}
lock1=${PH_DEB_LOCK:-/tmp/phvm.lock}
for f in build/deb/phtrack_0.1.0_amd64.deb build/deb/phtrack-dkms_0.1.0_all.deb; do
	[ -f "$f" ] || { echo "deb-check: no $f (make deb)" >&2; exit 1; }
done
tdir=build/deb-check/tomoyo
if [ ! -f $tdir/tomoyo-tools.deb ] || [ ! -f $tdir/libtomoyotools3.deb ]; then
	mkdir -p $tdir
	(cd $tdir && rm -f ./*.deb && apt-get download -q tomoyo-tools libtomoyotools3 2>/dev/null &&
		mv tomoyo-tools_*.deb tomoyo-tools.deb && mv libtomoyotools3_*.deb libtomoyotools3.deb) || {
		echo "deb-check: cannot download tomoyo-tools (apt-get download)" >&2
		exit 1
	}
fi
# The upgrade of stage 2 (boot.sh's upgrade_check): the phtrack package
# repacked as version 0.1.0+upgrade1, the same files, so that apt installs
# it over 0.1.0 as an upgrade (maintainer scripts, phd's restart, the
# initramfs trigger).
up=build/deb-check/phtrack-upgrade.deb
if [ ! -f $up ] || [ build/deb/phtrack_0.1.0_amd64.deb -nt $up ]; then
	rm -rf build/deb-check/upgrade-src
	dpkg-deb -R build/deb/phtrack_0.1.0_amd64.deb build/deb-check/upgrade-src
	sed -i 's/^Version: .*/Version: 0.1.0+upgrade1/' build/deb-check/upgrade-src/DEBIAN/control
	dpkg-deb --root-owner-group -b build/deb-check/upgrade-src $up >/dev/null
	rm -rf build/deb-check/upgrade-src
fi
now() { date +%s; }
# The whole-system enforcing stage (tests/vm/deb/enforce.sh), two boots:
# learning with the workload (with acl_quota raised on the command line,
# which modprobe passes to the module: at the default 2,048, <kernel>,
# systemd and udevd fill their lists during the boot, and what they did
# past it is missing from the saved policy), the policy saved, update-initramfs -u, the
# disk kept (enforce.qcow2) and the new initrd back on a third disk; then
# phtrack=enforcing from that disk and initrd.
enforcing_stage() {
	k=$1 out=$2
	rm -f "$out/initrd2.tar" "$out/initrd-enforce.img"
	truncate -s 256M "$out/initrd2.tar"
	t0=$(now)
	PH_BED_IMAGE=$top/$out/stage1.qcow2 PH_BED_KEEP=$top/$out/enforce.qcow2 PH_INITRD=$top/$out/initrd.img \
		PH_APPEND="phtrack=learning ph_deb=save phtrack.acl_quota=${PH_DEB_QUOTA:-65536}" \
		PH_QEMU_ARGS="-drive file=$top/$out/scenario.tar,if=virtio,format=raw,readonly=on -drive file=$top/$out/initrd2.tar,if=virtio,format=raw" \
		flock "$lock1" tools/vm/run.sh -k "$k" -o "$out/enforce-save" tests/vm/deb/enforce.sh || return 1
	echo "deb-check: $k$tag stage enforce-save took $(($(now) - t0)) s (with the wait for the lock)"
	tar -xOf "$out/initrd2.tar" "initrd.img-$k" >"$out/initrd-enforce.img"
	rm -f "$out/initrd2.tar"
	t0=$(now)
	PH_BED_IMAGE=$top/$out/enforce.qcow2 PH_INITRD=$top/$out/initrd-enforce.img PH_APPEND="phtrack=enforcing" \
		PH_QEMU_ARGS="-drive file=$top/$out/scenario.tar,if=virtio,format=raw,readonly=on" \
		flock "$lock1" tools/vm/run.sh -k "$k" -o "$out/enforce-boot" tests/vm/deb/enforce.sh || return 1
	echo "deb-check: $k$tag stage enforce-boot took $(($(now) - t0)) s (with the wait for the lock)"
}
rc=0
for k in $kernels; do
	out=build/deb-check/$k$tag
	mkdir -p "$out"
	if [ -n "${PH_DEB_REUSE:-}" ] && [ -f "$out/stage1.qcow2" ] && [ -f "$out/initrd.img" ]; then
		echo "deb-check: reusing stage 1 of $k$tag ($out/stage1.qcow2)"
	else
		bed=$(tools/vm/deb-bed.sh "$k" "$flavor")
		rm -f "$out/initrd.tar" "$out/initrd.img"
		truncate -s 256M "$out/initrd.tar"
		t0=$(now)
		if ! PH_BED_IMAGE=$bed PH_BED_KEEP=$top/$out/stage1.qcow2 \
			PH_QEMU_ARGS="-drive file=$top/$out/initrd.tar,if=virtio,format=raw" \
			flock "$lock1" tools/vm/run.sh -k "$k" -o "$out/install" tests/vm/deb/install.sh; then
			rc=1
			continue
		fi
		echo "deb-check: $k$tag stage 1 (install) took $(($(now) - t0)) s (with the wait for the lock)"
		tar -xOf "$out/initrd.tar" "initrd.img-$k" >"$out/initrd.img"
		rm -f "$out/initrd.tar"
	fi
	rm -f "$out/scenario.tar"
	tar -cf "$out/scenario.tar" -C tests/vm/deb boot.sh enforce.sh -C ../bench debian-workload.sh \
		-C ../../../policy patternize.conf -C "$top/build/deb-check" phtrack-upgrade.deb
	for mode in ${PH_DEB_MODES:-learning enforcing off}; do
		if [ "$mode" = enforcing ]; then
			enforcing_stage "$k" "$out" || rc=1
			continue
		fi
		append="phtrack=$mode"
		# TOMOYO activates at the exec of /sbin/init, which a systemd
		# initrd of dracut does not do: the comparison is on the
		# initramfs-tools boot only.
		[ $mode = learning ] && [ $flavor = initramfs-tools ] && append="$append security=tomoyo"
		t0=$(now)
		PH_BED_IMAGE=$top/$out/stage1.qcow2 PH_INITRD=$top/$out/initrd.img PH_APPEND="$append" \
			PH_QEMU_ARGS="-drive file=$top/$out/scenario.tar,if=virtio,format=raw,readonly=on" \
			flock "$lock1" tools/vm/run.sh -k "$k" -o "$out/boot-$mode" tests/vm/deb/boot.sh || rc=1
		echo "deb-check: $k$tag stage boot-$mode took $(($(now) - t0)) s (with the wait for the lock)"
	done
done
exit $rc
