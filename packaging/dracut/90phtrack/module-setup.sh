#!/bin/bash
# dracut module for phtrack boot-time learning: the same job as the
# initramfs-tools hook (packaging/initramfs-tools/): phtrack.ko,
# /etc/phtrack/boot.conf and the saved exception policy with ph in the
# initramfs, and a pre-udev hook that loads the module before init.

check() {
	# Included by default when the module exists for the kernel.
	[[ -n $(modinfo -k "$kernel" -F filename phtrack 2>/dev/null) ]] || return 1
	return 0
}

depends() {
	return 0
}

installkernel() {
	# Also in a hostonly initrd when phtrack is not loaded at build time:
	# hostonly instmods skips modules the running system has not loaded.
	hostonly='' instmods phtrack
}

install() {
	inst_hook pre-udev 10 "$moddir/phtrack-load.sh"
	[[ -r /etc/phtrack/boot.conf ]] && inst_simple /etc/phtrack/boot.conf
	local policy=/etc/phtrack/exception_policy.conf
	if [[ -r $policy ]] && grep -qv '^[[:space:]]*\(#\|$\)' "$policy"; then
		inst_simple "$policy"
		inst_binary /usr/sbin/ph
	fi
}
