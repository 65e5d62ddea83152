# alone: waits for phd's retries for a bounded time
# Scenario: phd and ph --db refuse bad situations clearly, with a non-zero
# exit, and leave nothing half-written: no module, a file that is not a
# database, another application's database.  On a full disk phd stays up,
# says its commits fail, and retries until they succeed; below its
# free-space floor phd stays up, says the store is full, records what it
# does not store as loss, and resumes by itself when space is freed.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
mkdir -p /tmp/e

# No module: a clear error, and no database is created.
phd --foreground --db /tmp/e/none/ph.db >/tmp/e/out 2>&1
expect_eq "phd without the module" 1 $?
expect_grep "module is not loaded" /tmp/e/out
[ ! -e /tmp/e/none/ph.db ] || fail "phd created a database without the module"
ph --db /tmp/e/none/ph.db status >/tmp/e/out 2>&1
expect_eq "ph --db on a missing file" 1 $?

ph_load
# Not a database.
echo "this is not sqlite" >/tmp/e/garbage.db
phd --foreground --db /tmp/e/garbage.db >/tmp/e/out 2>&1
expect_eq "phd on garbage" 1 $?
expect_grep "not a database" /tmp/e/out
expect_eq "garbage untouched" "this is not sqlite" "$(cat /tmp/e/garbage.db)"
# In the background (no --foreground) the error still reaches the caller.
phd --db /tmp/e/garbage.db >/tmp/e/out 2>&1
expect_eq "phd (daemon) on garbage" 1 $?
expect_grep "not a database" /tmp/e/out
ph --db /tmp/e/garbage.db domains >/tmp/e/out 2>&1
expect_eq "ph --db on garbage" 1 $?
expect_grep "not a database" /tmp/e/out

# Full disk (no floor): phd stores into a 1 MiB filesystem until a commit
# fails; it stays up, says so, acknowledges nothing it did not commit and
# retries.  The database is intact; with room again (the filesystem grows)
# the retry stores what the module still held and records as loss what it
# no longer held: every audit event is stored or counted lost.
mkdir -p /tmp/e/small
mount -t tmpfs -o size=1m tmpfs /tmp/e/small || fail "mount tmpfs"
echo x >/tmp/e/hot
ph watch add /tmp/e/hot --ops read >/dev/null
phd --foreground --db /tmp/e/small/ph.db --flush-ms 50 --min-free 0 --pidfile /run/phd.pid \
	2>/tmp/e/phd.log &
pid=$!
while [ ! -e /run/phd.pid ]; do
	kill -0 $pid 2>/dev/null || { cat /tmp/e/phd.log; fail "phd did not start"; }
	sleep 0.1
done
i=0
while ! grep -q "store write failed" /tmp/e/phd.log && [ $i -lt 60 ]; do
	$PHX storm /tmp/e/hot 5000 0 >/dev/null
	i=$((i + 1))
done
grep -q "store write failed" /tmp/e/phd.log || { cat /tmp/e/phd.log; fail "phd did not say a store write failed"; }
$PHX storm /tmp/e/hot 1000 0 >/dev/null
sleep 1
kill -0 $pid 2>/dev/null || { cat /tmp/e/phd.log; fail "phd exited on a full disk"; }
grep -qi "full" /tmp/e/phd.log || fail "phd did not say the disk is full"
ph --db /tmp/e/small/ph.db check >/tmp/e/out 2>&1 || { cat /tmp/e/out; fail "integrity after a full disk"; }
mount -o remount,size=64m /tmp/e/small || fail "remount"
i=0
while ! grep -q "store writable again" /tmp/e/phd.log && [ $i -lt 400 ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q "store writable again" /tmp/e/phd.log || { cat /tmp/e/phd.log; fail "phd did not resume"; }
$PHX storm /tmp/e/hot 100 0 >/dev/null
sleep 1
kill -TERM $pid
wait $pid
expect_eq "phd exit status after the full disk" 0 $?
grep -E "store write failed|writable again|lost \(" /tmp/e/phd.log | head -n 12
ph --db /tmp/e/small/ph.db status >/tmp/e/out || fail "ph --db status"
cat /tmp/e/out
ph --db /tmp/e/small/ph.db --json status >/tmp/e/st
stored=$(sed -n 's/.*"audit_events":\([0-9]*\).*/\1/p' /tmp/e/st)
lost=$(sed -n 's/.*"audit_lost":\([0-9]*\).*/\1/p' /tmp/e/st)
upto=$(sed -n 's/.*"audit_seq":\([0-9]*\).*/\1/p' /tmp/e/st)
kseq=$(ph --json status | sed -n 's/.*"audit_seq":\([0-9]*\).*/\1/p' | tail -1)
note "after the full disk: $stored audit events stored, $lost lost, up to $upto of $kseq"
expect_eq "audit events stored or counted lost" "$upto" $((stored + lost))
expect_eq "the store's audit resume point" "$kseq" "$upto"
ph --db /tmp/e/small/ph.db check >/dev/null || fail "integrity after the restart"
umount /tmp/e/small

# The floor: on an 8 MiB filesystem with a 3 MiB floor, a storm of reads
# does not stop phd; it says the store is full, every read is either stored
# or recorded as lost, and after the filesystem grows phd stores again.
# phd checks the floor after every batch: small batches (--batch 1000)
# keep what one batch adds well under the floor on so small a filesystem.
mkdir -p /tmp/e/floor
mount -t tmpfs -o size=8m tmpfs /tmp/e/floor || fail "mount tmpfs"
phd --foreground --db /tmp/e/floor/ph.db --flush-ms 50 --batch 1000 --min-free 3M \
	--pidfile /run/phd.pid \
	2>/tmp/e/floor.log &
pid=$!
while [ ! -e /run/phd.pid ]; do
	kill -0 $pid 2>/dev/null || { cat /tmp/e/floor.log; fail "phd did not start"; }
	sleep 0.1
done
# A first read, stored, puts the loss since the module's load (this store
# is new) behind us; the counts start from there.
cat /tmp/e/hot >/dev/null
fstat() { ph --db /tmp/e/floor/ph.db --json status | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
i=0
while [ "$(fstat audit_events)" -lt 1 ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
stored0=$(fstat audit_events)
[ "$stored0" -ge 1 ] || fail "the first read was not stored"
lost0=$(fstat lost_events)
reads=0
i=0
while ! grep -q "store full" /tmp/e/floor.log && [ $i -lt 40 ]; do
	$PHX storm /tmp/e/hot 5000 0 >/dev/null
	reads=$((reads + 5000))
	i=$((i + 1))
done
grep -q "store full" /tmp/e/floor.log || { cat /tmp/e/floor.log; fail "phd did not say the store is full"; }
# Below the floor: more reads, and phd stays up.
$PHX storm /tmp/e/hot 5000 0 >/dev/null
reads=$((reads + 5000))
sleep 2
kill -0 $pid 2>/dev/null || { cat /tmp/e/floor.log; fail "phd died below the floor"; }
mount -o remount,size=64m /tmp/e/floor || fail "remount"
i=0
while ! grep -q "room again" /tmp/e/floor.log && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i + 1))
done
grep -q "room again" /tmp/e/floor.log || { cat /tmp/e/floor.log; fail "phd did not resume"; }
$PHX storm /tmp/e/hot 1000 0 >/dev/null
reads=$((reads + 1000))
sleep 1
kill -TERM $pid
wait $pid
expect_eq "phd exit status after the floor" 0 $?
cat /tmp/e/floor.log
ph --db /tmp/e/floor/ph.db status >/tmp/e/out || fail "ph --db status (floor)"
cat /tmp/e/out
stored=$(($(fstat audit_events) - stored0))
lost=$(($(fstat lost_events) - lost0))
unstored=$(sed -n 's/.*; \([0-9]*\) were not stored so far.*/\1/p' /tmp/e/floor.log | tail -n 1)
note "floor: $reads reads, $stored stored, $lost recorded as lost, of which $unstored below the floor"
[ "${unstored:-0}" -gt 0 ] || fail "phd did not count the reads it did not store below the floor"
# Every read is stored or recorded as lost (a socket overflow's range
# may also cover exec events of the storms, hence at least).
[ $((stored + lost)) -ge "$reads" ] || fail "$reads reads, but only $stored stored and $lost recorded as lost"
[ "$lost" -ge "$unstored" ] || fail "reads not stored below the floor are not all recorded as loss"
ph --db /tmp/e/floor/ph.db who /tmp/e/hot --json | grep -q '"total":' || fail "who after the floor"
ph --db /tmp/e/floor/ph.db check >/dev/null || fail "integrity after the floor"
ph --db /tmp/e/floor/ph.db verify >/tmp/e/out || { cat /tmp/e/out; fail "ph verify after the floor"; }
umount /tmp/e/floor

# Another application's SQLite database is refused too; without sqlite3 in
# the guest the store's unit tests cover that case.

# SIGTERM: commit and exit 0.
phd --foreground --db /tmp/e/ok.db --pidfile /run/phd.pid 2>/tmp/e/phd2.log &
pid=$!
while [ ! -e /run/phd.pid ]; do sleep 0.1; done
$PHX storm /tmp/e/hot 1000 0 >/dev/null
kill -TERM $pid
wait $pid
expect_eq "phd exit status on SIGTERM" 0 $?
[ "$(stat -c %a /tmp/e/ok.db)" = 600 ] || fail "database mode is not 0600"
ph --db /tmp/e/ok.db check >/dev/null || fail "integrity after SIGTERM"

# A watch added while phd runs is saved within a few seconds.
phd --db /tmp/e/ok.db --pidfile /run/phd.pid || fail "phd as a daemon"
[ -e /run/phd.pid ] || fail "no pidfile once phd returned"
ph watch add /tmp/e/later --ops write >/dev/null
sleep 5
expect_eq "saved watches" 2 "$(ph --db /tmp/e/ok.db --json status | sed -n 's/.*"watches":\([0-9]*\).*/\1/p')"
kill -TERM "$(cat /run/phd.pid)"
n=0
while [ -e /run/phd.pid ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
[ ! -e /run/phd.pid ] || fail "the daemon did not exit on SIGTERM"
ph watch rm /tmp/e/later

# The module goes away under phd: phd notices within a few seconds and
# exits 1.  Loaded again, the new module instance gets the saved watches
# back from the store, and the store holds both instances.
ph watch add /tmp/e/dir/ --ops change >/dev/null || fail "watch add dir"
phd --foreground --db /tmp/e/ok.db --pidfile /run/phd.pid 2>/tmp/e/phd3.log &
pid=$!
while [ ! -e /run/phd.pid ]; do sleep 0.1; done
ph_unload
n=0
while kill -0 $pid 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
kill -0 $pid 2>/dev/null && fail "phd still running 10 s after the module left"
wait $pid
expect_eq "phd exit status when the module left" 1 $?
cat /tmp/e/phd3.log
ph_load
expect_eq "watches in a fresh module" 0 "$(ph watch list | wc -l)"
phd --foreground --db /tmp/e/ok.db --pidfile /run/phd.pid 2>/tmp/e/phd4.log &
pid=$!
while [ ! -e /run/phd.pid ]; do sleep 0.1; done
cat /tmp/e/phd4.log
ph watch list >/tmp/e/wl
expect_grep "/tmp/e/hot	read" /tmp/e/wl "restored watches"
expect_grep "/tmp/e/dir/	" /tmp/e/wl "restored watches"
kill -TERM $pid
wait $pid || fail "phd exit status"
expect_eq "instances" 2 "$(ph --db /tmp/e/ok.db --json status | sed -n 's/.*"instances":\([0-9]*\).*/\1/p')"
ph watch rm /tmp/e/hot
ph watch rm /tmp/e/dir/
ph_unload
echo "phd_errors ok"
