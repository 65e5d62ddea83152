#!/bin/sh
# phtrack boot-time learning, dracut pre-udev hook: loads phtrack.ko with
# boot_trigger set to the real root's init when phtrack=learning is on the
# kernel command line or PHTRACK_BOOT=learning in /etc/phtrack/boot.conf;
# phtrack=off skips it.  A failure is reported and the boot goes on.
# The real root's init is the init= of the command line, else the program
# the initrd's own init will execute: a systemd initrd (systemd is PID 1
# here) switches root by executing /lib/systemd/systemd, not /sbin/init
# (which it tries only when that fails); dracut's shell init executes
# /sbin/init.
type getarg >/dev/null 2>&1 || . /lib/dracut-lib.sh

PHTRACK_BOOT=off
PHTRACK_ARGS=""
[ -r /etc/phtrack/boot.conf ] && . /etc/phtrack/boot.conf
arg=$(getarg phtrack=) && PHTRACK_BOOT=$arg
trigger=$(getarg init=) || trigger=""
if [ -z "$trigger" ]; then
	trigger=/sbin/init
	[ -d /run/systemd/system ] && trigger=/lib/systemd/systemd
fi

case $PHTRACK_BOOT in
off | "") ;;
learning | enforcing)
	# shellcheck disable=SC2086 # PHTRACK_ARGS holds several parameters
	if modprobe phtrack initial_mode=1 boot_trigger="$trigger" $PHTRACK_ARGS; then
		info "phtrack: boot-time learning until $trigger runs"
		if [ -r /etc/phtrack/exception_policy.conf ] && command -v ph >/dev/null; then
			ph policy load /etc/phtrack/exception_policy.conf ||
				warn "phtrack: the saved exception policy was not loaded"
		fi
		saved=/etc/phtrack/policy
		if [ -r $saved/domain_policy.conf ]; then
			if ! ph policy load $saved; then
				warn "phtrack: the saved policy was not loaded; learning"
			elif [ "$PHTRACK_BOOT" = enforcing ]; then
				{ ph mode enforcing && ph mode enforcing "<kernel>" --subtree; } >/dev/null ||
					warn "phtrack: cannot switch to enforcing mode"
				if [ -r /etc/phtrack/manager.conf ]; then
					# The shell picks the domain lines: no grep in
					# every initrd.
					while read -r d; do
						case $d in
						"<kernel>"*) ph mode learning "$d" --subtree >/dev/null 2>&1 || : ;;
						esac
					done </etc/phtrack/manager.conf
				fi
			fi
		elif [ "$PHTRACK_BOOT" = enforcing ]; then
			warn "phtrack: phtrack=enforcing without a saved policy ($saved); learning"
		fi
		if [ -r /etc/phtrack/manager.conf ]; then
			ph policy load /etc/phtrack/manager.conf >/dev/null ||
				warn "phtrack: the manager list was not loaded"
		fi
	else
		warn "phtrack: cannot load the module; booting without boot-time learning"
	fi
	;;
*)
	warn "phtrack: unknown phtrack=$PHTRACK_BOOT (learning, enforcing or off); not loaded"
	;;
esac
