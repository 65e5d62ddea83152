# Sourced by tests/vm/magic_exec.sh (# include:), in the real Debian bed,
# after its own checks: a scenario of its own would cost a second Debian
# boot (about a minute under emulation) in make check.
# Enforcing means enforcing, with violations and a manager
# (issue 19), on the real Debian bed.  nginx, restarted with a stand-in for
# injected code preloaded, learns its HTTP workload; with its subtree
# enforcing the workload runs with 0 denials, and the shell its master and
# worker try to exec and the master's read of /etc/shadow are refused and
# stored as violations with pid and uid.  sshd's subtree, enforcing after
# two learned logins, lets the next two in with 0 denials.  A small service (a copy of phx, run
# from this shell) learns its workload (a read of /etc/hostname, an exec
# of /usr/bin/true), then its subtree is set enforcing by the manager (this
# shell's ph).  Then: the workload runs with 0 denials; a shell exec'd from
# the service is refused (EPERM, before the exec takes effect); its read of
# /etc/shadow is refused; an unlisted environment name kills the exec; ph
# violations (from phd's chained trail) shows them with pid, uid and time, and --as-policy proposes them; a root
# process that is not the manager gets EPERM for ph mode, which is counted
# and stored as a violation; ph mode learning from the manager works.
PHX=/usr/libexec/phtrack/phx
systemctl start phd.service || fail "systemctl start phd"
cp $PHX /usr/local/sbin/phsvc

work() {
	/usr/local/sbin/phsvc do read /etc/hostname >/dev/null 2>&1 || return 1
	/usr/local/sbin/phsvc exec /usr/bin/true || return 1
}
work && work || fail "workload in learning mode"

# nginx itself, with a stand-in for injected code preloaded
# (tests/vm/helpers/phinject.c: on SIGURG it forks a child that reads
# /etc/shadow and execs a shell), learns its HTTP workload.
note "nginx with phinject.so preloaded, learning"
mkdir -p /run/systemd/system/nginx.service.d
printf '[Service]\nEnvironment=LD_PRELOAD=/usr/libexec/phtrack/phinject.so\n' \
	>/run/systemd/system/nginx.service.d/phinject.conf
systemctl daemon-reload
systemctl restart nginx.service || fail "systemctl restart nginx (phinject.so preloaded)"
http() { curl -s -o /dev/null -w '%{http_code}' --max-time 60 http://127.0.0.1/; }
for i in 1 2 3; do expect_eq "HTTP GET to nginx (learning)" 200 "$(http)"; done
ngx_master=$(cat /run/nginx.pid)
ngx=$(ph domain-of "$ngx_master" | sed 's/ ([a-z, ]*)$//') || fail "ph domain-of nginx"
note "nginx's domain: $ngx"
note "sshd, learning: two logins"
sshd=$(ph domain-of "$(cat /run/sshd.pid)" | sed 's/ ([a-z, ]*)$//') || fail "ph domain-of sshd"
note "sshd's domain: $sshd"
login() { timeout 180 ssh -o BatchMode=yes -o ConnectTimeout=120 root@127.0.0.1 echo ssh-ok 2>&1; }
for i in 1 2; do expect_eq "ssh login (learning)" ssh-ok "$(login)"; done
me=$(ph domain-of $$ | sed 's/ ([a-z, ]*)$//') || fail "ph domain-of"
svc="$me /usr/local/sbin/phsvc"
ph domains --full | grep -qxF "$svc" || fail "no domain '$svc'"
note "service domain: $svc"

note "the manager: this shell's ph"
ph manager add "$me /usr/sbin/ph" || fail "ph manager add"
ph manager list
ph --json manager list | grep -q '"self":true' || fail "this shell's ph is not the manager"
ph mode enforcing "$svc" --subtree || fail "ph mode enforcing (manager)"

denied0=$(ph status | sed -n 's/^denied: *//p')
work || fail "the learned workload is refused while enforcing"
work || fail "the learned workload is refused while enforcing (again)"
denied1=$(ph status | sed -n 's/^denied: *//p')
expect_eq "denials of the learned workload" "$denied0" "$denied1"

note "nginx's subtree enforcing"
ph mode enforcing "$ngx" --subtree || fail "ph mode enforcing nginx (manager)"
denied0=$(ph status | sed -n 's/^denied: *//p')
for i in 1 2 3; do expect_eq "HTTP GET to nginx (enforcing)" 200 "$(http)"; done
denied1=$(ph status | sed -n 's/^denied: *//p')
expect_eq "denials of nginx's HTTP workload" "$denied0" "$denied1"
ngx_worker=$(pgrep -P "$ngx_master" | head -n1)
[ -n "$ngx_worker" ] || fail "no nginx worker"
kill -URG "$ngx_master" "$ngx_worker" || fail "SIGURG to nginx"
sleep 1
dmesg | grep 'phinject:'
[ -e /run/phinject.ran ] && fail "a shell ran from nginx's domain"
expect_eq "HTTP GET to nginx after the refusals" 200 "$(http)"

note "sshd's subtree enforcing"
ph mode enforcing "$sshd" --subtree || fail "ph mode enforcing sshd (manager)"
denied0=$(ph status | sed -n 's/^denied: *//p')
for i in 1 2; do expect_eq "ssh login (enforcing)" ssh-ok "$(login)"; done
denied1=$(ph status | sed -n 's/^denied: *//p')
[ "$denied0" = "$denied1" ] || ph violations --domain "$sshd" --subtree
expect_eq "denials of sshd's logins" "$denied0" "$denied1"

/usr/local/sbin/phsvc exec /bin/sh -c 'echo shell-ran' >/tmp/es.sh 2>&1
rc=$?
cat /tmp/es.sh
[ $rc -ne 0 ] || fail "a shell exec'd from the enforcing service ran"
grep -q shell-ran /tmp/es.sh && fail "the shell ran"
expect_grep "Operation not permitted" /tmp/es.sh
/usr/local/sbin/phsvc do read /etc/shadow >/tmp/es.rd 2>&1 && fail "read of /etc/shadow allowed"
expect_grep "Operation not permitted" /tmp/es.rd
# An environment name the service never had: read after the exec's point
# of no return, so the task is killed (SIGKILL) before its first instruction.
PH_UNLISTED_ENV=1 /usr/local/sbin/phsvc do read /etc/hostname >/dev/null 2>&1
expect_eq "exec with an unlisted environment name" 137 "$?"

note "a non-manager root process"
sh -c 'ph mode learning' >/tmp/es.mode 2>&1 && fail "non-manager ph mode succeeded"
cat /tmp/es.mode
expect_grep "Operation not permitted" /tmp/es.mode
sh -c 'ph manager del "'"$me"' /usr/sbin/ph"' >/dev/null 2>&1 && fail "non-manager changed the list"
ph status | grep -E "^(denied|outside|violation|requests refused)"
[ "$(ph status | sed -n 's/^requests refused to non-managers: *//p')" -ge 2 ] ||
	fail "refusals not counted"

note "ph violations (phd's store)"
for try in $(seq 30); do
	ph violations --rows >/tmp/es.v 2>&1 && grep -q 'file read /etc/shadow' /tmp/es.v &&
		grep -q 'request mode_set' /tmp/es.v &&
		grep -qE ' 33 +denied +nginx +file execute /usr/bin/dash' /tmp/es.v && break
	sleep 1
done
cat /tmp/es.v
expect_grep "denied  file execute /usr/bin/dash" /tmp/es.v
expect_grep "denied  file read /etc/shadow" /tmp/es.v
expect_grep "denied  misc env PH_UNLISTED_ENV" /tmp/es.v
expect_grep "denied  request mode_set" /tmp/es.v
# pid, uid and time of each: the rows.
grep -E '^20[0-9-]+T[0-9:]+Z +[0-9]+ +0 +denied +phsvc +file read /etc/shadow' /tmp/es.v ||
	fail "no row with time, pid and uid 0 for the /etc/shadow read"
# nginx's: the master's (uid 0) read and shell, the worker's (www-data) shell.
grep -E '^20[0-9-]+T[0-9:]+Z +[0-9]+ +0 +denied +nginx +file read /etc/shadow' /tmp/es.v ||
	fail "no row of nginx's refused /etc/shadow read"
grep -E '^20[0-9-]+T[0-9:]+Z +[0-9]+ +0 +denied +nginx +file execute /usr/bin/dash' /tmp/es.v ||
	fail "no row of the nginx master's refused shell"
grep -E '^20[0-9-]+T[0-9:]+Z +[0-9]+ +33 +denied +nginx +file execute /usr/bin/dash' /tmp/es.v ||
	fail "no row of the nginx worker's refused shell"
ph violations --domain "$ngx" --as-policy >/tmp/es.ngx || fail "ph violations --as-policy (nginx)"
cat /tmp/es.ngx
expect_grep "^file execute /usr/bin/dash$" /tmp/es.ngx
expect_grep "^file read /etc/shadow$" /tmp/es.ngx
ph violations --domain "$svc" --as-policy >/tmp/es.pol || fail "ph violations --as-policy"
cat /tmp/es.pol
expect_eq "as-policy domain line" "$svc" "$(sed -n 1p /tmp/es.pol)"
expect_grep "^file read /etc/shadow$" /tmp/es.pol
expect_grep "^file execute /usr/bin/dash$" /tmp/es.pol
expect_grep "^misc env PH_UNLISTED_ENV$" /tmp/es.pol
ph --json violations | grep -q '"verdict":"denied"' || fail "json"
ph verify >/dev/null || fail "ph verify: the chain over the violations"

note "ph ready"
ph ready "$svc" --period 1h >/tmp/es.ready
cat /tmp/es.ready
expect_grep "^  verdict:  *not ready: .* violations* in the last 1h" /tmp/es.ready
expect_grep "^  entries: .*file" /tmp/es.ready

note "the manager switches back"
ph mode learning "$svc" --subtree || fail "ph mode learning (manager)"
ph mode learning "$ngx" --subtree || fail "ph mode learning nginx (manager)"
ph mode learning "$sshd" --subtree || fail "ph mode learning sshd (manager)"
/usr/local/sbin/phsvc do read /etc/shadow >/dev/null || fail "learning mode refused the read"
ph manager del "$me /usr/sbin/ph" || fail "ph manager del"
ph manager list | grep -q "no manager" || fail "the list is not empty"
echo "enforce_service ok"
