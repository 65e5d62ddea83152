# Scenario: load the module, query status plain and as JSON, change the mode,
# refuse an unprivileged caller, unload, and report a missing module.
. /lib/phtrack/testlib.sh

ph status >/tmp/out 2>&1 && fail "ph status succeeded without the module"
expect_grep "module is not loaded" /tmp/out

ph_load
ph status >/tmp/st || fail "ph status exited $?"
cat /tmp/st
expect_grep "^module version: *0\.1\.0$" /tmp/st
expect_grep "^protocol version: *2$" /tmp/st
expect_grep "^kernel release: *$(uname -r)$" /tmp/st
expect_grep "^mode: *learning$" /tmp/st
expect_grep "^events dropped: *0$" /tmp/st

ph --json status >/tmp/js || fail "ph --json status"
cat /tmp/js
expect_grep '"module_version":"0.1.0"' /tmp/js
expect_grep '"protocol_version":2' /tmp/js
expect_grep "\"kernel_release\":\"$(uname -r)\"" /tmp/js
expect_grep '"mode":"learning"' /tmp/js
expect_grep '"counters":{"events_emitted":0' /tmp/js

expect_eq "mode set" permissive "$(ph mode permissive)"
expect_eq "mode get" permissive "$(ph mode)"
ph mode bogus >/tmp/out 2>&1
expect_eq "bad mode exit" 2 $?
expect_grep "unknown mode" /tmp/out

note "unprivileged caller"
/usr/libexec/phtrack/phx runas 65534 65534 /usr/sbin/ph status >/tmp/out 2>&1
expect_eq "non-root exit" 1 $?
cat /tmp/out
expect_grep "permission denied" /tmp/out
/usr/libexec/phtrack/phx runas 65534 65534 /usr/sbin/ph mode enforcing >/tmp/out 2>&1
expect_eq "non-root mode exit" 1 $?
expect_grep "permission denied" /tmp/out
expect_eq "mode unchanged" permissive "$(ph mode)"

ph_unload
ph status >/tmp/out 2>&1
expect_eq "status after rmmod" 1 $?
expect_grep "module is not loaded" /tmp/out
echo "status scenario ok"
