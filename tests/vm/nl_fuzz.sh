# alone: sends 100,000 messages flat out
# Scenario: the netlink family survives hostile messages.  phfuzz sends
# random and mutated messages of every command (random attributes and
# lengths, truncated headers, wrong versions, dumps started and abandoned):
# as root, then as uid 65534, then as root inside a user namespace.  The
# harness fails the scenario on any oops or warning; afterwards the module
# must still answer, and no unprivileged request may have been served, nor
# the events group joined.
. /lib/phtrack/testlib.sh
FUZZ=/usr/libexec/phtrack/phfuzz
PHX=/usr/libexec/phtrack/phx
N=${PH_FUZZ_N:-100000}
ph_load
ph status >/dev/null || fail "status before fuzzing"

note "root: $N messages"
timeout 600 $FUZZ "$N" 1 >/tmp/root.txt || fail "phfuzz as root exited $?"
cat /tmp/root.txt
ph status >/tmp/st.txt || fail "module does not answer after root fuzzing"
expect_grep '^mode: *learning' /tmp/st.txt "mode after root fuzzing"

note "uid 65534: $N messages"
timeout 600 $PHX runas 65534 65534 $FUZZ "$N" 2 >/tmp/nobody.txt ||
	fail "phfuzz as nobody exited $?"
cat /tmp/nobody.txt
expect_grep ' ok 0 ' /tmp/nobody.txt "requests served to uid 65534"
expect_grep ' join 0 ' /tmp/nobody.txt "events group joined by uid 65534"

note "root in a user namespace: $N messages"
timeout 600 unshare -U -r $FUZZ "$N" 3 >/tmp/userns.txt ||
	fail "phfuzz in a user namespace exited $?"
cat /tmp/userns.txt
expect_grep ' ok 0 ' /tmp/userns.txt "requests served to root in a user namespace"
expect_grep ' join 0 ' /tmp/userns.txt "events group joined from a user namespace"

ph status >/dev/null || fail "module does not answer after fuzzing"
ph domains >/dev/null || fail "domain dump after fuzzing"
ph acl --all >/dev/null || fail "acl dump after fuzzing"
ph_unload
ph_load
ph_unload
echo "nl_fuzz: ok"
