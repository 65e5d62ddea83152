# Scenario: load after boot.  Processes started before insmod get
# reconstructed domains; their later execs extend them; new processes get
# exact domains; fork inherits; a failed exec changes nothing.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx

# A process started before the module: it waits, then execs /bin/sleep.
(while [ ! -e /tmp/go ]; do usleep 50000; done; exec /bin/sleep 600) &
early=$!
usleep 200000
ph_load

ph domain-of $early >/tmp/d1 || fail "domain-of early"
cat /tmp/d1
expect_grep '^<kernel> /bin/busybox (reconstructed)$' /tmp/d1
ph domain-of 1 >/tmp/d0
expect_grep '^<kernel> /bin/busybox (reconstructed)$' /tmp/d0
ph domain-of 2 >/tmp/dk
expect_eq "kthreadd domain" "<kernel>" "$(cat /tmp/dk)"

touch /tmp/go
usleep 300000
ph domain-of $early >/tmp/d2
cat /tmp/d2
expect_grep '^<kernel> /bin/busybox /bin/sleep$' /tmp/d2
kill $early

note "new process: exact transition from the scenario shell's domain"
me=$(ph domain-of $$ | sed 's/ (reconstructed)$//')
$PHX exec /bin/sh -c 'ph domain-of $$; true' >/tmp/d3
cat /tmp/d3
expect_eq "exec via phx" "$me /usr/libexec/phtrack/phx /bin/sh" "$(sed 's/ (reconstructed)$//' /tmp/d3)"

note "failed exec changes nothing"
$PHX exec /nonexistent >/dev/null 2>&1
$PHX exec /bin/sh -c '/usr/libexec/phtrack/phx exec /nonexistent 2>/dev/null; ph domain-of $$; true' >/tmp/d4
expect_eq "after failed exec" "$me /usr/libexec/phtrack/phx /bin/sh" "$(sed 's/ (reconstructed)$//' /tmp/d4)"

note "fork inherits: a subshell stays in the shell's domain"
sh -c '( ph domain-of $$; true ); true' >/tmp/d5
expect_eq "fork inherits" "$me /bin/sh" "$(sed 's/ (reconstructed)$//' /tmp/d5)"

ph domains
ph domains --full
ph --json domains | head -c 600; echo
ph status
ph_unload
echo "domains_after_load ok"
