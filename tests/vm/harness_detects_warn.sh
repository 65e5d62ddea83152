# expect: kernel-log-failure
# Harness self-test: load a module whose init does WARN_ON(1).  The scenario
# itself succeeds; the harness must still fail it on the kernel log.  The
# check runner counts this as passed only when run.sh exits 3.
. /lib/phtrack/testlib.sh
insmod $PH_TESTMOD/ph_warn_test.ko || fail "insmod ph_warn_test"
rmmod ph_warn_test
echo "warned on purpose"
