# boot:
# overlay: tests/vm/workload
# include: tests/vm/boot_domains.expected
# Scenario: boot-time learning of domains.  phtrack is loaded from the
# initramfs before /sbin/init (boot_trigger=/sbin/init); busybox init runs
# an rc script that starts three services (one a shell-script daemon, one
# reached through a symlink) with helpers several levels deep.  The domain
# list must equal the expected one line by line.
. /lib/phtrack/testlib.sh
ph domains --full >/tmp/got || fail "ph domains"
ph domains
if ! diff -u /include/boot_domains.expected /tmp/got; then
	fail "domain list differs from tests/vm/boot_domains.expected"
fi
ph status | grep -E "active|domains|exec"
note "targets of symlinked and script programs"
ph --json domains | tr '}' '\n' | grep -E '"name":"[^"]*/usr/sbin/httpd"' | head -n1 >/tmp/h
expect_grep '"target":"/opt/httpd/bin/httpd-2.4"' /tmp/h "httpd domain"
echo "boot_domains ok"
