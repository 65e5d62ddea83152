# alone: a million opens flat out, and a timed quota
# Scenario: learning converges and is bounded.
# - One million opens of the same file in one domain produce exactly one
#   learned event (and one entry).
# - A domain that touches 10,000 distinct files stops at its quota (2048
#   entries) with the quota flag set, the misses counted, and no warning.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
ph_load
mkdir -p /tmp/l /tmp/q
echo x >/tmp/l/f
cp $PHX /tmp/l/opener
cp $PHX /tmp/l/creator
D0=$(ph domain-of $$ | sed 's/ (reconstructed)$//')

ph --json events >/tmp/l/events &
evpid=$!
usleep 500000
t0=$(cut -d' ' -f1 /proc/uptime)
/tmp/l/opener do open-many /tmp/l/f 1000000 || fail "open-many"
t1=$(cut -d' ' -f1 /proc/uptime)
echo "1000000 opens in $(echo "$t0 $t1" | awk '{print $2 - $1}') s"
/tmp/l/creator do create-many /tmp/q 10000 || fail "create-many"
sleep 1
kill $evpid

n=$(grep '"comm":"opener"' /tmp/l/events | grep -c '"entry":"file read /tmp/l/f"')
expect_eq "learned events for one million opens" 1 "$n"
ph acl "$D0 /tmp/l/opener" >/tmp/l/opener.acl
expect_eq "entries for /tmp/l/f" 1 "$(grep -c ' /tmp/l/f$' /tmp/l/opener.acl)"
echo "ok: one million opens, one learned event"

ph --json domains | tr '}' '\n' | grep '/tmp/l/creator"' >/tmp/l/creator.json
cat /tmp/l/creator.json
expect_grep '"quota_reached":true' /tmp/l/creator.json "creator domain"
expect_grep '"acl_count":2048' /tmp/l/creator.json "creator domain"
ph acl "$D0 /tmp/l/creator" >/tmp/l/creator.acl
expect_grep '^# quota reached' /tmp/l/creator.acl
expect_eq "entries listed" 2048 "$(grep -c '^[a-z]' /tmp/l/creator.acl | awk '{print $1 - 1}')"
ph status >/tmp/l/st
cat /tmp/l/st
hits=$(sed -n 's/^not learned, at quota: *\([0-9]*\)$/\1/p' /tmp/l/st)
[ "$hits" -gt 0 ] || fail "quota misses not counted"
learned=$(grep '"comm":"creator"' /tmp/l/events | grep -c '"event":"learned"')
echo "learned events from creator: $learned"
echo "ok: quota of 2048 entries held, $hits accesses not learned"
ph_unload
echo "acl_learning ok"
