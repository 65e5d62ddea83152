#!/bin/sh
# Boot one kernel under QEMU (TCG), run one scenario script in the guest and
# judge it.  Prints the guest's output; keeps console, output and dmesg in the
# result folder.
#
# Usage: run.sh [-k KVER] [-t SECONDS] [-o DIR] [-m MB] [-c CPUS] [-q] SCENARIO.sh
#   -k  kernel release from tools/kernels.conf (default: the first one)
#   -t  time limit for the whole boot (default: the scenario's "# timeout:"
#       header, else 300; 900 in the Debian bed)
#   -o  result folder (default build/vm-results/KVER/SCENARIO)
#   -m  guest memory in MiB (default 1024; 2048 in the Debian bed)
#   -c  virtual CPUs (default 2)
#   -q  do not print the guest's output on success
# PH_QEMU_ARGS in the environment adds QEMU options (make bench: -icount).
# For the package test (tools/deb-check.sh), in the Debian bed:
#   PH_BED_IMAGE=FILE  boot from FILE (raw, or qcow2 when named *.qcow2)
#                      instead of rootfs.sh's image
#   PH_BED_KEEP=FILE   put the copy-on-write overlay in FILE and keep it
#   PH_INITRD=FILE     boot with FILE, the guest's own initrd, instead of the
#                      harness's initramfs (root=/dev/vda): the scenario's
#                      files must already be on the disk (an earlier stage)
#   PH_APPEND=ARGS     more kernel command line
#
# The bed: a "# bed: debian" header (or PH_BED=debian in the environment)
# boots a real Debian 12 userspace (tools/vm/rootfs.sh: systemd, udev,
# sshd, cron, rsyslog, nginx...) from a throw-away overlay of the cached ext4
# image, with phtrack loaded from the initramfs before /sbin/init
# (boot_trigger=/sbin/init, or PH_BOOT_TRIGGER); the scenario runs as
# ph-scenario.service after multi-user.target.  The default is "busybox":
# the busybox initramfs only.
#
# Exit status: 0 pass; 1 the scenario failed; 3 the kernel log shows a
# warning, oops, BUG, lockup or stall (or the taint flags do); 4 no result
# (timeout, panic or crash before the scenario finished); 2 bad usage.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$(grep -v '^#' "$top"/tools/kernels.conf | head -n1)
limit=""
outdir=""
mem=""
cpus=2
quiet=0
while getopts k:t:o:m:c:q opt; do
	case $opt in
	k) kver=$OPTARG ;;
	t) limit=$OPTARG ;;
	o) outdir=$OPTARG ;;
	m) mem=$OPTARG ;;
	c) cpus=$OPTARG ;;
	q) quiet=1 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: run.sh [-k KVER] [-t SECS] [-o DIR] [-m MB] [-c CPUS] [-q] SCENARIO.sh" >&2; exit 2; }
scenario=$1
[ -f "$scenario" ] || { echo "run.sh: no scenario $scenario" >&2; exit 2; }
name=$(basename "$scenario" .sh)
bed=${PH_BED:-$(sed -n 's/^# bed: *//p' "$scenario" | head -n1)}
bed=${bed:-busybox}
# "# timeout: SECONDS" raises the time limit of a long scenario (-t wins).
limit=${limit:-$(sed -n 's/^# timeout: *//p' "$scenario" | head -n1)}
# "# accel: ARGS" (or PH_ACCEL) sets QEMU's -accel, e.g. tcg,thread=single for
# scenarios that patch kernel text many times while other CPUs run it:
# multi-threaded TCG (QEMU 7.2) can execute a stale translation of an ftrace
# call site after text_poke_bp() has finished with it, an "Oops: int3" that
# reproduces without phtrack (tests/vm/experiments/ftrace_int3.sh).
accel=${PH_ACCEL:-$(sed -n 's/^# accel: *//p' "$scenario" | head -n1)}
accel=${accel:-tcg}
case $bed in
busybox) limit=${limit:-300} mem=${mem:-1024} ;;
debian) limit=${limit:-900} mem=${mem:-2048} ;;
*) echo "run.sh: unknown bed '$bed' (busybox or debian)" >&2; exit 2 ;;
esac
cache=${PH_CACHE:-$top/.cache}
vmlinuz=$cache/kernels/$kver/boot/vmlinuz-$kver
[ -f "$vmlinuz" ] || "$top"/tools/fetch-kernels.sh "$kver"
outdir=${outdir:-$top/build/vm-results/$kver/$name}
mkdir -p "$outdir"
rm -f "$outdir"/console.log "$outdir"/output.log "$outdir"/dmesg.log

base=$top/build/vm/$kver/base.cpio.gz
# Runs started together must not build the base archive at the same time.
mkdir -p "$(dirname "$base")"
exec 9>"$base.lock"
flock 9
if [ ! -f "$base" ] || [ -n "$(find "$top/build/kernel/$kver/phtrack.ko" \
	"$top/build/userspace" "$top/build/vm-helpers" "$top/tools/vm" -newer "$base" 2>/dev/null | head -n1)" ]; then
	mkdir -p "$(dirname "$base")"
	"$top"/tools/vm/mkinitramfs.sh "$kver" "$base"
fi
if [ "$bed" = debian ]; then
	bedrd=$top/build/vm/$kver/debian.cpio.gz
	if [ ! -f "$bedrd" ] || [ -n "$(find "$top/tools/vm" "$top/userspace/daemon/phd.service" \
		-newer "$bedrd" 2>/dev/null | head -n1)" ]; then
		"$top"/tools/vm/mkinitramfs-debian.sh "$kver" "$bedrd"
	fi
fi
flock -u 9
exec 9>&-
if [ "$bed" = debian ]; then
	if [ -n "${PH_BED_IMAGE:-}" ]; then
		image=$PH_BED_IMAGE
	else
		image=$("$top"/tools/vm/rootfs.sh) || { echo "run.sh: no Debian bed image" >&2; exit 4; }
	fi
fi

# The scenario travels as a second cpio archive appended to the base one.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root"
cp "$scenario" "$work/root/scenario.sh"
# Files named in "# include: PATH..." lines (relative to the repository)
# go to /include/ in the guest.
includes=$(sed -n 's/^# include: *//p' "$scenario")
if [ -n "$includes" ]; then
	mkdir -p "$work/root/include"
	for f in $includes; do
		cp -a "$top/$f" "$work/root/include/"
	done
fi
# "# overlay: DIR" copies DIR (relative to the repository) over the guest's
# root; "# boot: ARGS" selects the boot-time path (module loaded before
# /sbin/init with boot_trigger=/sbin/init and ARGS).
# In the Debian bed the overlay goes over the ext4 root (/ph-overlay in the
# initramfs) and the module is always loaded before /sbin/init.
overlay=$work/root
[ "$bed" = debian ] && overlay=$work/root/ph-overlay
mkdir -p "$overlay"
for d in $(sed -n 's/^# overlay: *//p' "$scenario"); do
	cp -a "$top/$d"/. "$overlay/"
done
if grep -q '^# boot:' "$scenario"; then
	mkdir -p "$work/root/etc"
	sed -n 's/^# boot: *//p' "$scenario" | head -n1 >"$work/root/etc/ph-boot"
fi
# "# module: none" (Debian bed): boot without phtrack, for comparisons.
if grep -q '^# module: none' "$scenario"; then
	mkdir -p "$work/root/etc"
	: >"$work/root/etc/ph-no-module"
fi
if [ -n "${PH_BOOT_TRIGGER:-}" ]; then
	mkdir -p "$work/root/etc"
	echo "$PH_BOOT_TRIGGER" >"$work/root/etc/ph-boot-trigger"
fi
(cd "$work/root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$work/scenario.cpio.gz"
disk=""
if [ "$bed" = debian ]; then
	cat "$base" "$bedrd" "$work/scenario.cpio.gz" >"$work/initrd.gz"
	# A copy-on-write overlay: the cached image stays pristine.
	fmt=raw
	case $image in *.qcow2) fmt=qcow2 ;; esac
	overlay_disk=${PH_BED_KEEP:-$work/root.qcow2}
	rm -f "$overlay_disk"
	qemu-img create -q -f qcow2 -b "$(realpath "$image")" -F $fmt "$overlay_disk"
	disk="-drive file=$overlay_disk,if=virtio,format=qcow2,cache=unsafe"
	append="console=ttyS0 loglevel=4 panic=-1 rdinit=/init-debian tsc=unstable fsck.mode=skip"
	if [ -n "${PH_INITRD:-}" ]; then
		cp "$PH_INITRD" "$work/initrd.gz"
		append="console=ttyS0 loglevel=4 panic=-1 root=/dev/vda rw tsc=unstable fsck.mode=skip"
	fi
else
	cat "$base" "$work/scenario.cpio.gz" >"$work/initrd.gz"
	append="console=ttyS0 loglevel=4 panic=-1 rdinit=/init tsc=unstable"
fi
append="$append $(sed -n 's/^# cmdline: *//p' "$scenario" | tr '\n' ' ')${PH_APPEND:-}"
start=$(date +%s.%N)
set +e
timeout --foreground -k 5 "$limit" qemu-system-x86_64 -accel "$accel" -cpu max -smp "$cpus" \
	-m "$mem" -nodefaults -no-reboot -display none -vga none -nic none \
	-kernel "$vmlinuz" -initrd "$work/initrd.gz" -append "$append" $disk \
	-serial "file:$outdir/console.raw" -serial "file:$outdir/output.raw" \
	-serial "file:$outdir/dmesg.raw" ${PH_QEMU_ARGS:-} </dev/null >"$outdir/qemu.log" 2>&1 &
qpid=$!
# A locked-up guest never finishes: 30 s after the console first reports a
# lockup or stall (enough for the reports to name the tasks), stop it
# rather than wait for the time limit.  The verdict is the same (3).  The
# watcher runs beside QEMU, so that the run ends as soon as QEMU exits
# (a polling loop here cost a second per run on average).
(
	stuck=""
	while kill -0 $qpid 2>/dev/null; do
		sleep 2
		if [ -z "$stuck" ] && grep -qE 'soft lockup|hard LOCKUP|self-detected stall|detected stalls on CPUs' \
			"$outdir/console.raw" 2>/dev/null; then
			stuck=$(date +%s)
		fi
		if [ -n "$stuck" ] && [ $(($(date +%s) - stuck)) -ge 30 ]; then
			kill $qpid 2>/dev/null
			break
		fi
	done
) </dev/null >/dev/null 2>&1 &
watcher=$!
wait $qpid
qrc=$?
kill $watcher 2>/dev/null
wait $watcher 2>/dev/null
set -e
end=$(date +%s.%N)
for f in console output dmesg; do
	tr -d '\r' <"$outdir/$f.raw" >"$outdir/$f.log" 2>/dev/null || : >"$outdir/$f.log"
	rm -f "$outdir/$f.raw"
done
secs=$(echo "$start $end" | awk '{printf "%.1f", $2 - $1}')

verdict=0
why=""
bedtag=""
[ "$bed" = debian ] && bedtag=" (Debian bed)"
rc=$(sed -n 's/^@@PH-RC //p' "$outdir/output.log" | tail -n1)
taint=$(sed -n 's/^@@PH-TAINT //p' "$outdir/output.log" | tail -n1)
if [ -z "$rc" ]; then
	verdict=4
	why="no result (qemu exit $qrc after ${secs}s; see $outdir/console.log)"
elif [ "$rc" != 0 ]; then
	verdict=1
	why="scenario exited $rc"
	# Name the failed assertions in the verdict, so that a log cut to its
	# tail (as CI shows it) still says what went wrong.
	failed=$(grep -E '^FAIL: ' "$outdir/output.log" | head -n5 || true)
	[ -z "$failed" ] || why="$why:
$failed"
fi
# The kernel log check: any of these fails the scenario, whatever it said.
bad='WARNING:|BUG:|Oops|general protection|RCU stall|rcu_.*detected stall|self-detected stall|soft lockup|hard LOCKUP|list_del corruption|list_add corruption|refcount_t:|UBSAN:|KASAN:|kernel BUG|blocked for more than|Call Trace:'
# TOMOYO's notice that a domain reached its learning quota starts with
# "WARNING:" but is no kernel warning (the taint check below still sees
# one); the package test runs TOMOYO beside phtrack (tools/deb-check.sh).
tomoyo_quota="WARNING: Domain '.*' has too many ACLs to hold\. Stopped learning mode\.$"
hits=$(cat "$outdir/dmesg.log" "$outdir/console.log" | grep -E "$bad" | grep -v -E "$tomoyo_quota" | head -n5 || true)
# Taint bits: 7 D (died), 9 W (warning), 14 L (soft lockup).
if [ -n "$taint" ] && [ $((taint & ((1 << 7) | (1 << 9) | (1 << 14)))) -ne 0 ]; then
	hits="$hits
kernel taint flags $taint include D, W or L"
fi
if [ -n "$hits" ]; then
	verdict=3
	why="kernel log check failed:
$hits"
	# The whole report from its first line, so that a failure seen once
	# in CI can be diagnosed from CI's log alone (the call trace names
	# the function, the list or the lock).  The guest's dmesg has every
	# level; the console (loglevel=4) has the rest when the guest died
	# before its dmesg was copied.
	first=$(printf '%s\n' "$hits" | head -n1 | sed 's/^\[ *[0-9.]*\] //')
	for f in dmesg console; do
		at=$(grep -n -F -- "$first" "$outdir/$f.log" | head -n1 | cut -d: -f1)
		[ -n "$at" ] || continue
		why="$why
--- $f.log from the first hit (line $at), 60 lines:
$(sed -n "$at,$((at + 59))p" "$outdir/$f.log")
---"
		break
	done
fi

if [ $verdict -ne 0 ] || [ $quiet -eq 0 ]; then
	sed -e '/^@@PH-/d' "$outdir/output.log"
fi
if [ $verdict -eq 0 ]; then
	echo "PASS $name on $kver$bedtag (${secs}s)"
else
	echo "FAIL $name on $kver$bedtag (${secs}s): $why"
fi
exit $verdict
