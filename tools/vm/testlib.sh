# Shell helpers for VM scenarios (sourced inside the guest).
PH_KO=/lib/phtrack/phtrack.ko
PH_TESTMOD=/lib/phtrack/tests

fail() {
	echo "FAIL: $*"
	exit 1
}

note() {
	echo "-- $*"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# expect_grep PATTERN FILE [WHAT]
expect_grep() {
	grep -q -e "$1" "$2" || {
		echo "--- $2:"
		cat "$2"
		fail "${3:-$2} lacks '$1'"
	}
}

# kB of unreclaimable slab after dropping caches
# The lowest of three readings 1 s apart: RCU-deferred and per-CPU frees of
# unrelated kernel work land between them, and a leak survives all three.
slab_unreclaim_kb() {
	min=""
	for _ in 1 2 3; do
		sync
		echo 3 >/proc/sys/vm/drop_caches
		v=$(awk '/^SUnreclaim:/ {print $2}' /proc/meminfo)
		[ -z "$min" ] || [ "$v" -lt "$min" ] && min=$v
		sleep 1
	done
	echo "$min"
}

vmalloc_kb() {
	awk '/^VmallocUsed:/ {print $2}' /proc/meminfo
}

ph_load() {
	insmod "$PH_KO" "$@" || fail "insmod phtrack $*"
}

# rmmod phtrack.  A task in the middle of an exec holds the module until its
# exec work has run (docs/admin-guide.md, "Unloading"), so a refused rmmod
# right after a workload is retried for up to 5 s.
ph_unload() {
	_i=0
	until rmmod phtrack 2>/tmp/ph_unload.err; do
		_i=$((_i + 1))
		[ $_i -lt 50 ] || { cat /tmp/ph_unload.err >&2; fail "rmmod phtrack"; }
		sleep 0.1
	done
	! grep -q '^phtrack ' /proc/modules || fail "phtrack still listed after rmmod"
}

# Debian bed: when boot learning did not start (ph status: active: no, the
# boot trigger never matched), stop phd and reload the module without a boot
# trigger, so that learning runs from here on whatever the trigger does.
ph_ensure_active() {
	ph status | grep -q '^active: *yes' && return 0
	note "boot learning is not active: reloading phtrack without boot_trigger"
	systemctl stop phd.service 2>/dev/null
	rmmod phtrack || fail "rmmod phtrack"
	insmod "$PH_KO" "$@" || fail "insmod phtrack $*"
	ph status | grep -q '^active: *yes' || fail "not active after reload"
}
