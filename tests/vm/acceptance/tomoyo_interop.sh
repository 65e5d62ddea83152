# bed: debian
# cmdline: security=tomoyo
# timeout: 900
# include: tests/vm/bench/debian-workload.sh
# Scenario (make tomoyo-interop, not in make check): policy files exchanged
# with TOMOYO 2.6 itself (issue 19).  The Debian bed boots with
# security=tomoyo (tomoyo-tools' init_policy, every domain in profile 0) and
# phtrack learning from the initramfs.  TOMOYO is switched to learning for
# every domain (tomoyo-setprofile -r 1 '<kernel>') and the service workload
# runs, so that both learn it.  Then:
#  b) ph policy save, and tomoyo-loadpolicy of its exception and domain
#     policy: every TOMOYO 2.6 line phtrack wrote is in TOMOYO's
#     domain_policy and exception_policy read back (one permission per
#     line); the extension lines are counted apart.
#  a) tomoyo-savepolicy, and ph policy load --skip-refused of its
#     directory: every line is accepted or refused for one of the reasons
#     docs/tomoyo-compatibility.md lists ("Interop with TOMOYO 2.6"), and
#     every accepted access line is in phtrack's next ph policy save.
# Each assertion prints PASS or FAIL; the counts are the numbers the
# document gives.
. /lib/phtrack/testlib.sh
bad=0
pass() { echo "PASS: $*"; }
miss() { echo "FAIL: $*"; bad=$((bad + 1)); }
want() { if [ "$2" = "$3" ]; then pass "$1: $3"; else miss "$1: expected '$2', got '$3'"; fi; }
t=/sys/kernel/security/tomoyo
[ -f $t/domain_policy ] || fail "TOMOYO is not active (security=tomoyo)"
ph_ensure_active
w=/tmp/ti
mkdir -p $w

# One "DOMAIN<TAB>LINE" per permission of every access line of a domain
# policy (the permission word split at '/'); use_profile, use_group, flags
# and comments left out.  TOMOYO writes a line's permissions merged,
# phtrack too, but not always the same merges.
split_policy() {
	awk '
	/^<kernel>/ { d = $0; next }
	/^#/ || /^[ \t]*$/ || /^use_profile / || /^use_group / { next }
	/^quota_exceeded$/ || /^transition_failed$/ { next }
	{
		n = split($0, w, " ")
		pi = ($1 == "network") ? 4 : 2
		np = split(w[pi], p, "/")
		for (i = 1; i <= np; i++) {
			line = ""
			for (j = 1; j <= n; j++)
				line = line (j > 1 ? " " : "") (j == pi ? p[i] : w[j])
			print d "\t" line
		}
	}' "$1" | sort -u
}

note "TOMOYO: every domain learning, then the service workload"
tomoyo-setprofile -r 1 '<kernel>' >/dev/null || miss "tomoyo-setprofile -r 1 '<kernel>'"
note "TOMOYO domains in profile 1: $(grep -c '^use_profile 1' $t/domain_policy) of $(grep -c '^<kernel>' $t/domain_policy)"
. /include/debian-workload.sh
sleep 2

note "b) phtrack's saved policy into TOMOYO (tomoyo-loadpolicy)"
ph policy save $w/ph >/dev/null || fail "ph policy save"
sed -n '/^# phtrack extensions/,/^$/p' $w/ph/domain_policy.conf | grep -v '^#' | grep -v '^$' >$w/ph.ext || true
# The TOMOYO 2.6 lines: the domain policy without its extension blocks.
awk '/^# phtrack extensions/ { skip = 1; next } /^$/ { skip = 0 } !skip' \
	$w/ph/domain_policy.conf >$w/ph.std
split_policy $w/ph.std >$w/ph.split
note "phtrack wrote $(grep -c '^<kernel>' $w/ph/domain_policy.conf) domains," \
	"$(wc -l <$w/ph/domain_policy.conf) lines: $(wc -l <$w/ph.split) TOMOYO 2.6 permissions," \
	"$(wc -l <$w/ph.ext) extension lines; $(grep -c . $w/ph/exception_policy.conf) exception lines"
for k in $(sed -n 's/^\(capability\|network [a-z]* [a-z]* [a-z/]*\) .*/\1/p' $w/ph.ext | tr ' ' '_' | sort | uniq -c | awk '{ print $2 "=" $1 }'); do
	note "  extension ${k%=*}: ${k#*=}" | tr '_' ' '
done
tomoyo-loadpolicy -e <$w/ph/exception_policy.conf || miss "tomoyo-loadpolicy -e"
tomoyo-loadpolicy -d <$w/ph/domain_policy.conf || miss "tomoyo-loadpolicy -d"
cat $t/domain_policy >$w/tomoyo.after
split_policy $w/tomoyo.after >$w/tomoyo.split
comm -23 $w/ph.split $w/tomoyo.split >$w/ph.notloaded
grep -c '^<kernel>' $w/ph/domain_policy.conf >$w/n.dom
n_dom_missing=0
while read -r d; do
	grep -qxF "$d" $w/tomoyo.after || n_dom_missing=$((n_dom_missing + 1))
done <<EOF
$(grep '^<kernel>' $w/ph/domain_policy.conf)
EOF
note "TOMOYO's domain_policy read back: $(grep -c '^<kernel>' $w/tomoyo.after) domains," \
	"$(wc -l <$w/tomoyo.after) lines, $(wc -l <$w/tomoyo.split) permissions"
note "of phtrack's $(wc -l <$w/ph.split) TOMOYO 2.6 permissions, $(comm -12 $w/ph.split $w/tomoyo.split | wc -l) read back"
want "phtrack domains missing in TOMOYO" 0 $n_dom_missing
if [ -s $w/ph.notloaded ]; then
	miss "$(wc -l <$w/ph.notloaded) TOMOYO 2.6 lines of phtrack's save are not in TOMOYO's domain_policy"
	head -n 30 $w/ph.notloaded
else
	pass "every TOMOYO 2.6 line of phtrack's domain_policy.conf is in TOMOYO's domain_policy"
fi
# The extension lines: TOMOYO 2.6 has none of them (each one is refused).
n_ext_in=0
while read -r l; do
	[ -n "$l" ] || continue
	grep -qxF "$l" $w/tomoyo.after && n_ext_in=$((n_ext_in + 1))
done <$w/ph.ext
want "extension lines TOMOYO took" 0 $n_ext_in
cat $t/exception_policy >$w/tomoyo.exc
n_exc_missing=0
while read -r l; do
	[ -n "$l" ] || continue
	grep -qxF "$l" $w/tomoyo.exc || { n_exc_missing=$((n_exc_missing + 1)); echo "  not in TOMOYO: $l"; }
done <$w/ph/exception_policy.conf
want "phtrack exception lines missing in TOMOYO's exception_policy" 0 $n_exc_missing

note "a) TOMOYO's saved policy into phtrack (tomoyo-savepolicy, ph policy load)"
# tomoyo-savepolicy DIR writes DIR/policy/YY-MM-DD.hh:mm:ss/ (DIR/policy must exist).
mkdir -p $w/tomoyo/policy
tomoyo-savepolicy $w/tomoyo/ || miss "tomoyo-savepolicy"
f=$(find $w/tomoyo -name domain_policy.conf -type f | head -n 1)
[ -n "$f" ] || fail "tomoyo-savepolicy wrote no domain_policy.conf"
td=$(dirname "$f")
for x in domain_policy.conf exception_policy.conf profile.conf manager.conf; do
	note "  TOMOYO's $x: $(grep -c . $td/$x) lines"
done
ph policy check $td --all >$w/check.out 2>&1
ph policy load $td --skip-refused >$w/load.out 2>$w/load.err || {
	cat $w/load.out $w/load.err
	miss "ph policy load --skip-refused of tomoyo-savepolicy's directory"
}
cat $w/load.out
tail -n 1 $w/load.err
# The refused lines, per keyword (the first words of the line) and reason.
sed -n 's/^refused [^ ]*:[0-9][0-9]*: //p' $w/load.err >$w/refused
awk -F': ' '{
	split($2, w, " ")
	k = w[1]
	if (k == "file" || k == "misc" || k == "task" || k == "ipc" || k == "capability") k = k " " w[2]
	if (k == "network") k = k " " w[2] " " w[3] " " w[4]
	print k " | " $1
}' $w/refused | sort | uniq -c >$w/refused.kinds
note "refused, per keyword and reason:"
cat $w/refused.kinds
note "one refused line of each kind:"
awk -F': ' '{ split($2, w, " "); k = w[1] " " w[2]; if (!(k in seen)) { seen[k] = 1; print "  " $2 } }' $w/refused
# The reasons documented in docs/tomoyo-compatibility.md (Interop with
# TOMOYO 2.6); any other fails.
unexplained=0
while read -r n rest; do
	kw=${rest%% | *}
	why=${rest#* | }
	case "$kw|$why" in
	*"|conditions (WORD=VALUE) are not supported") ;;
	*"|in a refused domain") ;;
	"file execute|"* | "file read|"* | "misc env|"*) ;;
	*) echo "  unexplained: $n x $kw: $why"; unexplained=$((unexplained + n)) ;;
	esac
done <$w/refused.kinds
want "refused lines without a documented reason" 0 $unexplained
# Every accepted access line of TOMOYO's domain policy is in phtrack's save.
sed -n 's/^refused \([^ ]*\): .*/\1/p' $w/load.err | sed -n 's/.*domain_policy.conf:\([0-9]*\)$/\1/p' >$w/refused.lines
awk 'NR == FNR { r[$1] = 1; next } /^<kernel>/ || !(FNR in r)' $w/refused.lines $td/domain_policy.conf |
	sed 's/ [a-z.]*\(\[[0-9]*\]\)\{0,1\}=[^ ]*//g' >$w/tomoyo.accepted
split_policy $w/tomoyo.accepted >$w/tomoyo.accepted.split
ph policy save $w/ph2 >/dev/null || miss "ph policy save after the load"
split_policy $w/ph2/domain_policy.conf >$w/ph2.split
comm -23 $w/tomoyo.accepted.split $w/ph2.split >$w/tomoyo.notloaded
note "TOMOYO's accepted permissions: $(wc -l <$w/tomoyo.accepted.split); in phtrack's save after the load:" \
	"$(comm -12 $w/tomoyo.accepted.split $w/ph2.split | wc -l)"
if [ -s $w/tomoyo.notloaded ]; then
	miss "$(wc -l <$w/tomoyo.notloaded) accepted lines of TOMOYO's policy are not in phtrack's save"
	head -n 30 $w/tomoyo.notloaded
else
	pass "every accepted line of TOMOYO's domain_policy.conf is in phtrack's policy"
fi
grep -q '^use_profile 1$' $w/ph2/domain_policy.conf && pass "TOMOYO's use_profile 1 loaded (learning)" ||
	miss "no use_profile 1 after the load"
note "ph policy check --all of TOMOYO's directory: $(tail -n 1 $w/check.out)"

[ $bad -eq 0 ] || fail "$bad assertions failed"
echo "tomoyo_interop ok"
