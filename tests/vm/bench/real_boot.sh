# bed: debian
# include: tests/vm/bench/debian-workload.sh
# The benchmark's real-boot row (tools/bench-boot.sh): one boot of the real
# Debian bed and the service workload, in one configuration (CONFIG below,
# set by the driver: none, phtrack or tomoyo).  Prints the guest's busy CPU
# time since boot, all CPUs, user + nice + system + softirq from /proc/stat,
# not uptime: on the instruction clock, uptime jumps forward whenever the
# guest waits on emulated disk I/O.
CONFIG=phtrack
. /lib/phtrack/testlib.sh
bad=0
pass() { :; }
miss() { echo "FAIL: $*"; bad=$((bad + 1)); }
. /include/debian-workload.sh
sync
busy=$(awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%d", ($2 + $3 + $4 + $8) * 1000 / hz}' /proc/stat)
case $CONFIG in
phtrack)
	ph status >/tmp/status || miss "ph status"
	grep -q '^active: *yes' /tmp/status || miss "phtrack boot learning is not active"
	n=$(sed -n 's/^learned entries: *//p' /tmp/status)
	b=$(sed -n 's/^learned entry bytes: *//p' /tmp/status)
	d=$(sed -n 's/^domains: *//p' /tmp/status)
	echo "@@BENCH-MEM entries=$n bytes=$b domains=$d"
	;;
tomoyo)
	grep -q '^1-CONFIG={ mode=learning' /sys/kernel/security/tomoyo/profile ||
		miss "TOMOYO is not learning"
	echo "@@BENCH-MEM tomoyo_domains=$(grep -c '^<kernel>' /sys/kernel/security/tomoyo/domain_policy)"
	;;
none)
	! grep -q '^phtrack ' /proc/modules || miss "phtrack is loaded in the none configuration"
	;;
esac
echo "@@BENCH-BOOT $CONFIG $busy"
[ "$bad" -eq 0 ]
