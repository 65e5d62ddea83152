# boot:
# overlay: tests/vm/bench-root
# overlay: tests/vm/tomoyo
# cmdline: security=tomoyo
# include: tests/vm/phd_storm.sh
# make bench: what phtrack costs, side by side with no module and with
# TOMOYO's learning mode, in one boot, interleaved over rounds.  Prints
# "RESULT ROUND CONFIG BENCH NS" lines that tools/bench.sh turns into ratios
# against the no-module figure of the same round.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
ROUNDS=$(cat /etc/ph-bench-rounds 2>/dev/null || echo 7)
# The configurations measured besides none (tools/bench.sh sets it from
# PH_BENCH_CONFIGS): "all", or some of learning, phd, enforcing, tomoyo,
# none-again.  Enforcing learns (unmeasured) first, for the policy it saves.
CONFIGS=all
# The event path is measured in rates per second: only on the wall clock.
STORM=1
t=/sys/kernel/security/tomoyo
# Every domain uses TOMOYO profile 1 (tests/vm/tomoyo/sbin/tomoyo-init).
tomoyo() {
	echo "1-CONFIG={ mode=$1 grant_log=no reject_log=no }" >$t/profile ||
		fail "cannot switch TOMOYO to $1"
	grep -q "^1-CONFIG={ mode=$1 " $t/profile || fail "TOMOYO profile 1 is not in $1 mode"
}
tomoyo disabled
rmmod phtrack 2>/dev/null

# Macro workload: unpack a tarball, find and grep over it, then a
# configure-like script of many small programs.
mkdir -p /tmp/src
cp -a /bin /lib /etc /tmp/src/ 2>/dev/null
tar -cf /tmp/src.tar -C /tmp src 2>/dev/null
rm -rf /tmp/src
cat >/tmp/macro.sh <<'M'
#!/bin/sh
rm -rf /tmp/m && mkdir /tmp/m && cd /tmp/m || exit 1
tar -xf /tmp/src.tar
find /tmp/m -type f | wc -l >/dev/null
grep -r -l GLIBC /tmp/m >/dev/null 2>&1
i=0
while [ $i -lt 40 ]; do
	test -f /tmp/m/src/etc/passwd && cat /tmp/m/src/etc/passwd | sed -n 1p | tr a-z A-Z >/dev/null
	expr $i + 1 >/dev/null
	i=$((i + 1))
done
M
chmod 755 /tmp/macro.sh

want() { case " $CONFIGS " in *" all "* | *" $1 "*) return 0 ;; esac; return 1; }
run() {	# run ROUND CONFIG
	# The counts are written in tools/bench-report.py's method too.
	for b in "open 20000" "stat 20000" "exec 600" "unix 6000" "tcp 2000"; do
		set -- $b
		# Five batches, median: a host hiccup moves one batch, not the figure.
		ns=$($PHX bench $1 $2 5 | cut -d" " -f2)
		echo "RESULT $round $config $1 $ns"
	done
	echo "RESULT $round $config macro $($PHX time /tmp/macro.sh)"
}
# learn: the accesses of run, as run makes them (its output into pipes),
# in few iterations, for the enforcing policy when learning is not measured.
learn() {
	for b in open stat exec unix tcp; do
		_x=$($PHX bench $b 10 5 | cut -d" " -f2)
	done
	_x=$($PHX time /tmp/macro.sh)
}
warm() { $PHX bench open 100 >/dev/null; $PHX bench stat 100 >/dev/null; \
	$PHX bench exec 3 >/dev/null; $PHX bench unix 3 >/dev/null; \
	$PHX bench tcp 3 >/dev/null; /tmp/macro.sh; /tmp/macro.sh; }

# bench_policy FILE: the saved domain policy FILE with pipe:[N] made
# pipe:[\$] and, right after the header of each domain of phx (the
# measured one), 1,000 pattern entries (wildcards, a number range, an
# address range) that no access of the workload matches: the module scans
# a domain's patterns in load order, so a scan goes through all of them
# before it reaches the domain's own.  Prints on stderr the number of
# domains given them.
bench_policy() {
	sed -e 's/pipe:\[[0-9]*\]/pipe:[\\$]/g' "$1" | awk -v n=1000 '
	function fillers(i, k, o) {
		for (i = 0; i < n; i++) {
			k = i % 4
			o = int(i / 4) % 256
			if (k == 0) print "file read /tmp/phx-nomatch-" i "/\\*"
			else if (k == 1) print "file getattr /usr/lib/\\*/nomatch-" i "-\\$.so"
			else if (k == 2) print "file ioctl /dev/nomatch" i " 0x5400-0x54ff"
			else print "network inet stream connect 10.0." o ".0-10.0." o ".255 " 1000 + i
		}
		added++
	}
	{ print }
	/^<kernel>.* \/usr\/libexec\/phtrack\/phx$/ { fillers() }
	END { printf "%d domains given %d patterns", added, n >"/dev/stderr" }'
}

round=1
while [ $round -le $ROUNDS ]; do
	warm		# every configuration is measured warm
	config=none; run
	insmod $PH_KO || fail "insmod"
	warm
	config=phtrack-learning
	if want learning; then run; else learn; fi
	if [ $round = 1 ]; then
		ph status >/tmp/st
		echo "MEM domains $(sed -n 's/^domains: *\([0-9]*\).*/\1/p' /tmp/st)"
		echo "MEM entries $(sed -n 's/^learned entries: *//p' /tmp/st) $(sed -n 's/^learned entry bytes: *//p' /tmp/st)"
		echo "MEM module_bytes $(sed -n 's/^module memory (bytes): *//p' /tmp/st)"
		echo "MEM tasks $(sed -n 's/^tasks tracked: *//p' /tmp/st)"
		echo "MEM dropped $(sed -n 's/^events dropped: *//p' /tmp/st)"
	fi
	# The same, with phd storing (converged: few events but the execs').
	if want phd; then
		phd --foreground --db /tmp/bench.db --pidfile /run/phd.pid 2>>/tmp/phd.log &
		phd_pid=$!
		while [ ! -e /run/phd.pid ]; do sleep 0.1; done
		warm
		config=phtrack-phd; run
		if [ $round = 1 ]; then
			echo "MEM phd_rss_kb $(awk '/^VmRSS:/ {print $2}' /proc/$phd_pid/status)"
		fi
		kill -TERM $phd_pid
		wait $phd_pid || fail "phd exit status"
		rm -f /run/phd.pid
	fi
	# Enforcing (issue 19) from a loaded policy, not from the learned
	# list: ph policy save of what was learned above (pipe:[N] made
	# pipe:[\$], tomoyo-tools' default pattern), plus 1,000 pattern entries
	# in the measured domain (phx's), loaded into a fresh module, whose
	# learned list is empty: every check is a learned-list miss, a hash
	# lookup among the loaded exact lines and, for what only a pattern
	# holds, the scan of the domain's patterns in load order, the 1,000
	# first.  Nothing the workload does should be refused; what was is
	# reported.
	if want enforcing; then
		ph policy save /tmp/pol >/dev/null || fail "ph policy save"
		rmmod phtrack || fail "rmmod before enforcing"
		insmod $PH_KO || fail "insmod before enforcing"
		bench_policy /tmp/pol/domain_policy.conf >/tmp/pol/bench.conf 2>/tmp/pol/bench.note
		ph policy load /tmp/pol/bench.conf >/tmp/pol/load.out || fail "ph policy load of the bench policy"
		ph mode default '<kernel>' --subtree >/dev/null || fail "ph mode default <kernel> --subtree"
		ph mode enforcing >/dev/null || fail "ph mode enforcing"
		config=phtrack-enforcing; run
		ph mode learning >/dev/null
		if [ $round = 1 ]; then
			echo "MEM enforce_policy $(cat /tmp/pol/bench.note) $(cat /tmp/pol/load.out)"
			echo "MEM enforce_denied $(ph --json status | sed -n 's/.*"denied":\([0-9]*\).*/\1/p')"
		fi
	fi
	rmmod phtrack || fail "rmmod"
	if want tomoyo; then
		tomoyo learning
		warm
		config=tomoyo-learning; run
		tomoyo disabled
	fi
	# The baseline once more: its ratio to the round's first is the noise
	# of the measurement itself, the band the other ratios must clear.
	if want none-again; then
		warm
		config=none-again; run
	fi
	round=$((round + 1))
done
# The event path: watch-event storms stored by phd, phd's own rate, and
# the store path alone (the host runs ph-synth too, for the TCG factor).
if [ "$STORM" = 1 ]; then
	PH_STORM_N=100000 PH_DRAIN_N=60000 PH_SYNTH_ROWS=200000 \
		sh /include/phd_storm.sh >/tmp/storm.out 2>&1 || { cat /tmp/storm.out; fail "event storm"; }
	grep -E '^(STORM|DRAIN|SYNTH|PHDRSS) ' /tmp/storm.out | sed 's/^/EVENTS /'
fi
echo "bench done"
