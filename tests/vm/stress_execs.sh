# alone: four exec workers keep both vCPUs busy
# timeout: 900
# Scenario: 10,000 execs across both CPUs with concurrent forks and exits.
# Afterwards every domain's task count adds up to the tasks running, the
# module's own task count agrees, and rmmod is clean.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
ph_load
[ "$(nproc)" -ge 2 ] || fail "needs 2 CPUs, have $(nproc)"
t0=$(cut -d' ' -f1 /proc/uptime)
$PHX stress 10000 4 $PHX || fail "stress workers failed"
t1=$(cut -d' ' -f1 /proc/uptime)
echo "10000 fork+exec+wait in 4 workers: $t0 -> $t1 s uptime"
# Dead tasks leave the table after an RCU grace period.
sleep 1

# Threads alive now, counted by the shell itself (no extra process).
set -- /proc/[0-9]*/task/[0-9]*
running=$#
# The dump is taken by ph, which is one more task while it runs.
ph --json domains >/tmp/js
sum=$(grep -o '"tasks":[0-9]*' /tmp/js | cut -d: -f2 | awk '{s += $1} END {print s}')
echo "threads running: $running; sum of domain task counts (ph included): $sum"
expect_eq "domain task counts" $((running + 1)) "$sum"
ph status >/tmp/st
tracked=$(sed -n 's/^tasks tracked: *//p' /tmp/st)
expect_eq "tracked tasks (ph included)" $((running + 1)) "$tracked"
execs=$(sed -n 's/^exec transitions: *\([0-9]*\).*/\1/p' /tmp/st)
[ "$execs" -ge 10000 ] || fail "only $execs exec transitions seen"
grep -E "exec|alloc" /tmp/st
ph_unload
echo "stress_execs ok"
