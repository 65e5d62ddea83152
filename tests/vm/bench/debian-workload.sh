# The service workload of the real Debian bed, sourced by tests/vm/real_boot.sh
# and by the benchmark's real-boot row (tests/vm/bench/real_boot.sh): HTTP
# to nginx, a TCP connect and a PAM login through sshd on loopback,
# logrotate -f, logger, sudo and su.  The caller defines pass() and miss().
# Generous time limits, retried: on the benchmark's instruction clock the
# guest's time jumps forward while the host is busy, and a short limit can
# expire before the emulated machine has done the work.
code=000
for try in 1 2 3; do
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 http://127.0.0.1/)
	[ "$code" = 200 ] && break
	sleep 5
done
[ "$code" = 200 ] && pass "HTTP GET to nginx on 127.0.0.1: $code" || miss "HTTP GET to nginx: '$code'"
banner=$(timeout 120 bash -c 'exec 3<>/dev/tcp/127.0.0.1/22; head -c 7 <&3')
[ "$banner" = SSH-2.0 ] && pass "TCP connect to sshd on 127.0.0.1:22" || miss "sshd banner: '$banner'"
for try in 1 2 3; do
	out=$(timeout 300 ssh -o BatchMode=yes -o ConnectTimeout=120 root@127.0.0.1 echo ssh-ok 2>&1)
	[ "$out" = ssh-ok ] && break
	sleep 5
done
[ "$out" = ssh-ok ] && pass "PAM login through sshd on loopback" || miss "ssh root@127.0.0.1: $out"
timeout 120 logrotate -f /etc/logrotate.conf && pass "logrotate -f" || miss "logrotate -f"
logger -t phtest hello && pass "logger" || miss "logger"
id=$(timeout 30 sudo -u nobody id -un)
[ "$id" = nobody ] && pass "sudo -u nobody id" || miss "sudo -u nobody id: '$id'"
timeout 30 sudo sh -c 'echo sudo-was-here >>/etc/ph-watched' && pass "sudo sh -c 'echo >>/etc/ph-watched'" ||
	miss "sudo write of /etc/ph-watched"
timeout 30 su -s /bin/sh nobody -c true && pass "su -s /bin/sh nobody -c true" || miss "su"
