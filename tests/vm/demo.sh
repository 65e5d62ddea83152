# boot:
# overlay: tests/vm/workload
# make demo: phtrack loaded from the initramfs before /sbin/init learns a
# sample boot (busybox init, an rc script, cron, httpd and syslog
# services); then a service's access profile is exported, the service is
# "upgraded", and the profiles before and after are compared.
. /lib/phtrack/testlib.sh
section() { printf '\n==== %s\n' "$*"; }
section "ph status (module loaded before /sbin/init with boot_trigger=/sbin/init)"
ph status
section "ph domains: the process-history tree learned since boot"
ph domains
section "ph pstree: running processes and their domains"
ph pstree
httpd=$(ph domains --full | grep '/usr/sbin/httpd$')
section "ph acl: what httpd's domain learned ($httpd)"
ph acl "$httpd"
section "ph profile export /usr/sbin/httpd (the service and everything it ran)"
ph profile export /usr/sbin/httpd -o /tmp/httpd-2.4.profile
cat /tmp/httpd-2.4.profile
section "upgrade: httpd 2.6 also reads a TLS key and runs a new helper"
mkdir -p /etc/httpd/tls
echo key >/etc/httpd/tls/server.key
cat >/opt/httpd/bin/httpd-2.6 <<'NEW'
#!/bin/sh
# httpd 2.6 (sample): now with TLS.
cat /etc/httpd/httpd.conf /etc/httpd/tls/server.key >/dev/null
mkdir -p /var/www
/usr/lib/cgi-bin/status >/var/www/status.txt
sha256sum /etc/httpd/tls/server.key >/dev/null
sleep 100000 &
NEW
chmod 755 /opt/httpd/bin/httpd-2.6
ln -sf /opt/httpd/bin/httpd-2.6 /usr/sbin/httpd
/etc/rc.d/init.d/httpd start
ph profile export /usr/sbin/httpd -o /tmp/httpd-2.6.profile
section "ph profile diff: what the upgrade changed in httpd's behaviour"
ph profile diff /tmp/httpd-2.4.profile /tmp/httpd-2.6.profile
echo "(exit status $?: 1 means the profiles differ)"
section "phd stores domains, learned entries and watch events (SQLite)"
phd --db /var/lib/phtrack/ph.db --pidfile /run/phd.pid || fail "phd"
while [ ! -e /run/phd.pid ]; do sleep 0.1; done
ph watch add /etc/httpd/ --ops change
section "who changed /etc/httpd/httpd.conf, and when?"
sed -i 's/^Listen .*/Listen 8080/' /etc/httpd/httpd.conf 2>/dev/null ||
	echo "Listen 8080" >>/etc/httpd/httpd.conf
echo "# tuned" >>/etc/httpd/httpd.conf
sleep 1
ph who /etc/httpd/httpd.conf
section "ph --db: the same store, queried without the module"
ph --db /var/lib/phtrack/ph.db status
kill -TERM "$(cat /run/phd.pid)"
