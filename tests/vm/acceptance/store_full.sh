# bed: debian
# Scenario: a full store on the real Debian bed (issue 18).  phd runs as
# phd.service with its store on a 16 MiB tmpfs mounted on /var/lib/phtrack,
# and storms of reads of the watched /etc/ph-watched fill it:
# 1. with a free-space floor (--min-free 4M): phd says the store is full,
#    keeps counting what it does not store, and resumes by itself once a
#    file is removed;
# 2. without one (--min-free 0), so that commits fail (SQLITE_FULL): phd
#    stays up, acknowledges nothing it did not commit, retries, and stores
#    what the module held once space is freed;
# 3. with --max-size 1M: retention prunes the oldest rows, recorded as
#    pruned, not lost, and `ph verify` still passes.
# phd is never restarted by systemd (same MainPID, NRestarts=0), and every
# audit event the kernel numbered is stored, pruned or recorded as lost.
. /lib/phtrack/testlib.sh
ph_ensure_active
PHX=/usr/libexec/phtrack/phx
D=/var/lib/phtrack
F=/etc/ph-watched
systemctl stop phd.service 2>/dev/null
rm -rf $D
mkdir -p $D /etc/phtrack
mount -t tmpfs -o size=16m,mode=0700 tmpfs $D || fail "mount tmpfs on $D"
ph watch add $F --ops read >/dev/null || fail "watch add"

jn() { journalctl -u phd.service --no-pager -o cat; }
# Wait up to $2 tenths of a second for the phd journal to say $1, with reads
# of $F (storms of $3) in between.
wait_log() {
	i=0
	while ! jn | grep -q "$1"; do
		[ $i -lt "$2" ] || { jn | tail -n 30; fail "phd did not log '$1'"; }
		[ "${3:-0}" -eq 0 ] || $PHX storm $F "$3" 0 >/dev/null
		sleep 0.1
		i=$((i + 1))
	done
}
start_phd() {
	echo "PHD_OPTS=\"$1\"" >/etc/phtrack/phd.conf
	systemctl restart phd.service || { jn | tail -n 20; fail "systemctl restart phd ($1)"; }
	pid=$(systemctl show -p MainPID --value phd.service)
}
still_up() {
	expect_eq "phd's pid ($1)" "$pid" "$(systemctl show -p MainPID --value phd.service)"
	expect_eq "phd restarts ($1)" 0 "$(systemctl show -p NRestarts --value phd.service)"
}
st() { ph --db $D/ph.db --json status | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" | head -n 1; }

note "1. the floor: 16 MiB, 10 MiB taken by another file, floor 4 MiB"
dd if=/dev/zero of=$D/filler bs=1M count=10 2>/dev/null || fail "filler"
start_phd "--min-free 4M --batch 1000 --flush-ms 50"
$PHX storm $F 100 0 >/dev/null
wait_log "store full" 600 5000
$PHX storm $F 5000 0 >/dev/null
sleep 1
still_up "below the floor"
rm -f $D/filler
wait_log "room again" 100
$PHX storm $F 1000 0 >/dev/null
jn | grep -E "store full|room again"
unstored=$(jn | sed -n 's/.*; \([0-9]*\) were not stored so far.*/\1/p' | tail -n 1)
[ "${unstored:-0}" -gt 0 ] || fail "phd did not count the reads it did not store below the floor"

note "2. no floor: commits fail on the full filesystem"
start_phd "--min-free 0 --batch 1000 --flush-ms 50"
dd if=/dev/zero of=$D/filler bs=64k 2>/dev/null
truncate -s -256K $D/filler || fail "truncate the filler"
wait_log "store write failed" 600 5000
$PHX storm $F 2000 0 >/dev/null
sleep 1
still_up "commits failing"
rm -f $D/filler
wait_log "store writable again" 400
$PHX storm $F 1000 0 >/dev/null
jn | grep -E "store write failed|store writable again|lost \(" | head -n 20

note "3. retention: --max-size 1M"
start_phd "--min-free 0 --max-size 1M"
wait_log "pruned " 300
$PHX storm $F 100 0 >/dev/null
sleep 1
still_up "pruning"
systemctl stop phd.service
jn | grep -E "pruned |stored [0-9]* events"
ph --db $D/ph.db status || fail "ph --db status"
stored=$(st audit_events)
lost=$(st audit_lost)
pruned=$(st pruned_events)
upto=$(st audit_seq)
kseq=$(ph --json status | sed -n 's/.*"audit_seq":\([0-9]*\).*/\1/p' | tail -n 1)
note "audit events: kernel $kseq, stored $stored + lost $lost + pruned $pruned, store up to $upto"
[ "$pruned" -gt 0 ] || fail "nothing was pruned"
expect_eq "the store's resume point" "$kseq" "$upto"
expect_eq "audit events stored, pruned or recorded as lost" "$kseq" $((stored + lost + pruned))
ph --db $D/ph.db check >/dev/null || fail "integrity_check"
ph --db $D/ph.db verify || fail "ph verify after pruning"
