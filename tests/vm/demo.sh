# boot:
# overlay: tests/vm/workload
# make demo: phtrack loaded from the initramfs before /sbin/init, a sample
# boot (busybox init, an rc script, cron, httpd and syslog services), and
# what phtrack learned about it.
. /lib/phtrack/testlib.sh
section() { printf '\n==== %s\n' "$*"; }
section "ph status (module loaded before /sbin/init with boot_trigger=/sbin/init)"
ph status
section "ph domains: the process-history tree since boot"
ph domains
section "ph domains --full: one domain per line, for scripts"
ph domains --full | grep httpd
section "ph pstree: running processes and their domains"
ph pstree
section "ph domain-of: which domain is the httpd daemon in?"
pid=$(pidof sleep | tr ' ' '\n' | head -n1)
ph domain-of "$pid"
