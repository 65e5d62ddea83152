# Scenario: per-domain modes.  After learning, one service's subtree is set
# enforcing while the default stays learning: the service and its worker
# keep doing what they learned, an unlearned read in either is refused, and
# the same read elsewhere is learned.  A domain created later below a
# permissive domain starts permissive; "ph mode default" hands the subtree
# back to the default mode.  An unlisted environment name kills the exec.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
ph_load
mkdir -p /tmp/m
echo ok >/tmp/m/allowed
echo no >/tmp/m/secret
for p in svc worker late other; do cp $PHX /tmp/m/$p; done

# The workload, rehearsed in learning mode.
work() {
	/tmp/m/svc do read /tmp/m/allowed >/dev/null 2>&1 || return 1
	/tmp/m/svc exec /tmp/m/worker do read /tmp/m/allowed >/dev/null 2>&1 || return 1
}
work && work || fail "workload in learning mode"
svc=$(ph domains --full | grep '/tmp/m/svc$') || fail "no svc domain"
worker="$svc /tmp/m/worker"

ph mode enforcing "$svc" --subtree >/tmp/m/set || fail "ph mode enforcing DOMAIN --subtree"
expect_eq "domains set enforcing" "enforcing: 2 domains" "$(cat /tmp/m/set)"
expect_eq "default mode" learning "$(ph mode)"
ph domains --full >/tmp/m/doms
expect_grep "^$svc (enforcing)\$" /tmp/m/doms
expect_grep "^$worker (enforcing)\$" /tmp/m/doms
ph domains --profile --full >/tmp/m/prof
expect_grep "^3 $svc (enforcing)\$" /tmp/m/prof
expect_grep "^1 <kernel>\$" /tmp/m/prof
ph --json domains | grep -q '"own_mode":true' || fail "json lacks own_mode"

work || fail "learned workload refused while its subtree enforces"
/tmp/m/svc do read /tmp/m/secret >/tmp/m/out1 2>&1
r1=$?
/tmp/m/svc exec /tmp/m/worker do read /tmp/m/secret >/tmp/m/out2 2>&1
r2=$?
/tmp/m/other do read /tmp/m/secret >/tmp/m/out3 2>&1
r3=$?
expect_eq "unlearned read in the enforcing service" 1 "$r1"
expect_eq "unlearned read in its enforcing worker" 1 "$r2"
expect_eq "the same read outside the subtree (learning)" 0 "$r3"
expect_grep "Operation not permitted" /tmp/m/out1
expect_grep "Operation not permitted" /tmp/m/out2
denied=$(ph status | sed -n 's/^denied: *//p')
[ "$denied" -ge 2 ] || fail "denials not counted ($denied)"

# An environment name the enforcing service never had.  The names are read
# after the exec's point of no return, so the task is killed (SIGKILL, 137)
# before the program's first instruction; the learned names still pass.
PH_UNLISTED_NAME=1 /tmp/m/svc do read /tmp/m/allowed >/tmp/m/out4 2>&1
expect_eq "exec with an unlisted environment name" 137 "$?"
work || fail "learned workload killed for its environment"
killed=$(ph --json status | sed -n 's/.*"execs_killed":\([0-9]*\).*/\1/p')
expect_eq "execs killed for an environment name" 1 "$killed"

# A new domain starts in its parent's mode: permissive counts, allows.
ph mode permissive "$svc" >/dev/null || fail "ph mode permissive DOMAIN"
/tmp/m/svc exec /tmp/m/late do read /tmp/m/secret >/dev/null 2>&1 ||
	fail "permissive domain refused an access"
ph domains --full >/tmp/m/doms2
expect_grep "^$svc /tmp/m/late (permissive)\$" /tmp/m/doms2
expect_grep "^$worker (enforcing)\$" /tmp/m/doms2

# Back to the default, the whole subtree.
expect_eq "back to default" "default: 3 domains" "$(ph mode default "$svc" --subtree)"
/tmp/m/svc exec /tmp/m/worker do read /tmp/m/secret >/dev/null 2>&1 ||
	fail "worker refused after returning to the default (learning)"
ph domains --full | grep -qE '\((enforcing|permissive)\)' && fail "a domain kept its own mode"
ph mode enforcing "<kernel> /no/such" >/dev/null 2>&1 && fail "unknown domain accepted"
ph_unload

# The whole-system boot's case: a policy learned in one load, enforcing in
# the next, and an exec by a name whose directory is a symlink (Debian's
# "/bin/sh": /bin -> usr/bin, sh -> dash).  Learning names the program
# /tmp/sl/real/sh (directories resolved, the last link kept), as TOMOYO
# does; the check before the point of no return cannot resolve
# /tmp/sl/bin/sh and knows only the file, /tmp/sl/real/prog.  The load
# gives each domain it names its program's file (the domain of
# /tmp/sl/real/sh: /tmp/sl/real/prog), which the check matches.
note "an exec through symlinks, enforcing from a policy loaded into a new module"
ph_load
mkdir -p /tmp/sl/real
cp $PHX /tmp/sl/par
cp $PHX /tmp/sl/real/prog
cp $PHX /tmp/sl/real/other
ln -s prog /tmp/sl/real/sh
ln -s real /tmp/sl/bin
/tmp/sl/par exec /tmp/sl/bin/sh true || fail "learning: exec of /tmp/sl/bin/sh"
par=$(ph domains --full | sed 's/ ([a-z, ]*)$//' | grep '/tmp/sl/par$') || fail "no domain of /tmp/sl/par"
ph policy save /tmp/sl/policy >/dev/null || fail "ph policy save"
awk -v d="$par" '$0 == d { f = 1; next } /^<kernel>/ { f = 0 } f && /file execute/' \
	/tmp/sl/policy/domain_policy.conf >/tmp/sl/exec
cat /tmp/sl/exec
expect_grep '^file execute /tmp/sl/real/sh$' /tmp/sl/exec
grep -q 'real/prog' /tmp/sl/exec && fail "learning listed the symlink's target too"
ph_unload
ph_load
ph policy load /tmp/sl/policy >/dev/null || fail "ph policy load"
ph mode enforcing "$par" >/dev/null || fail "ph mode enforcing $par"
/tmp/sl/par exec /tmp/sl/bin/sh true || fail "enforcing after the load: exec of /tmp/sl/bin/sh refused"
/tmp/sl/par exec /tmp/sl/real/other true 2>/dev/null && fail "enforcing: the unlisted /tmp/sl/real/other ran"
ph mode learning "$par" >/dev/null || fail "ph mode learning $par"
ph_unload
echo "domain_modes ok"
