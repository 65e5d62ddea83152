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
	# A saved policy (ph policy save /etc/phtrack/policy), manager.conf
	# apart: the hook loads it after the modes (as initramfs-tools' does).
	local saved=/etc/phtrack/policy f
	if [[ -r $saved/domain_policy.conf ]]; then
		for f in exception_policy.conf domain_policy.conf profile.conf; do
			[[ -r $saved/$f ]] && inst_simple "$saved/$f"
		done
		[[ -r $saved/manager.conf ]] && inst_simple "$saved/manager.conf" /etc/phtrack/manager.conf
		inst_binary /usr/sbin/ph
	fi
}
