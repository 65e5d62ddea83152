# bed: debian
# Scenario: TOMOYO 2.6 policy save and load (issue 19).  On the real Debian
# bed after boot learning: ph policy save, then load, then save again gives
# the same bytes.  A file with a bad line is refused, names the line and
# changes nothing.  Then an enforcing domain with loaded pattern entries: a
# wildcard (file read /tmp/pl/x\*), a path_group and an ioctl number range
# allow what matches and refuse what does not; a "delete" line (with
# --merge) takes an entry out again.  Delete lines of learned entries
# (a read of a merged read/getattr entry, an ioctl number) take them out of
# the learned list: saved no more, refused when enforcing, learned again
# in learning; a delete of nothing is counted.
. /lib/phtrack/testlib.sh
ph_ensure_active
PHX=/usr/libexec/phtrack/phx
mkdir -p /tmp/pl/g
cp $PHX /tmp/pl/svc
for f in seed fresh x1 xyz y1 g/a h; do echo data >/tmp/pl/$f; done

note "learning: the service's start and three accesses"
/tmp/pl/svc do read /tmp/pl/seed || fail "seed read"
/tmp/pl/svc do getattr /tmp/pl/seed || fail "seed getattr"
/tmp/pl/svc do ioctl /dev/null 0x5401 || fail "seed ioctl"
svc=$(ph domains --full | sed 's/ ([a-z, ]*)$//' | grep '/tmp/pl/svc$') || fail "no svc domain"

note "round trip: save, load, save"
# Every program this scenario runs between the saves has its domain before
# the first one (a new domain would be a difference).
for t in awk cat cmp diff head wc grep sed; do $t </dev/null >/dev/null 2>&1; done
diff /dev/null /dev/null
ph mode permissive >/dev/null || fail "ph mode permissive"
ph policy save /tmp/pl/s1 || fail "ph policy save"
for f in domain_policy.conf exception_policy.conf profile.conf manager.conf; do
	[ -f /tmp/pl/s1/$f ] || fail "save wrote no $f"
done
expect_grep '^PROFILE_VERSION=20150505$' /tmp/pl/s1/profile.conf
expect_grep '^3-CONFIG={ mode=enforcing ' /tmp/pl/s1/profile.conf
expect_grep "^$svc\$" /tmp/pl/s1/domain_policy.conf
expect_grep '^use_profile 2$' /tmp/pl/s1/domain_policy.conf
expect_grep '^file ioctl /dev/null 0x5401$' /tmp/pl/s1/domain_policy.conf
note "$(grep -c '^<kernel>' /tmp/pl/s1/domain_policy.conf) domains, $(wc -l </tmp/pl/s1/domain_policy.conf) lines saved"
ph policy load /tmp/pl/s1 >/tmp/pl/load1 2>&1 || { cat /tmp/pl/load1; fail "ph policy load DIR"; }
cat /tmp/pl/load1
ph policy save /tmp/pl/s2 >/dev/null || fail "second ph policy save"
# The bed's services may create a domain meanwhile (a getty, a timer's job):
# such a whole new domain section is left out, any other difference fails.
only_s1() {
	awk 'NR == FNR { if ($0 ~ /^<kernel>/) keep[$0] = 1; next }
	     /^<kernel>/ { on = ($0 in keep); if (!on) print "-- new domain: " $0 >"/dev/stderr" }
	     on' /tmp/pl/s1/domain_policy.conf "$1"
}
rt_check() {
	only_s1 "$1/domain_policy.conf" >/tmp/pl/cmp.conf
	cmp -s /tmp/pl/s1/domain_policy.conf /tmp/pl/cmp.conf || {
		diff /tmp/pl/s1/domain_policy.conf /tmp/pl/cmp.conf | head -n 40
		return 1
	}
	for f in exception_policy.conf profile.conf manager.conf; do
		cmp -s /tmp/pl/s1/$f "$1/$f" || { diff /tmp/pl/s1/$f "$1/$f" | head -n 20; return 1; }
	done
}
rt_check /tmp/pl/s2 || fail "save -> load -> save is not byte-identical"

note "a bad line: refused, named, nothing changed"
printf '%s\nuse_profile 3\nfile read /tmp/pl/\\*\nfile bogus /x\n' "$svc" >/tmp/pl/bad.conf
ph policy load /tmp/pl/bad.conf >/tmp/pl/bad.out 2>&1
expect_eq "bad policy exit" 1 $?
cat /tmp/pl/bad.out
expect_grep '/tmp/pl/bad.conf:4: ' /tmp/pl/bad.out
ph policy save /tmp/pl/s3 >/dev/null || fail "third ph policy save"
rt_check /tmp/pl/s3 || fail "a refused load changed the policy"
ph domains --full >/tmp/pl/doms
expect_grep "^$svc (permissive)\$" /tmp/pl/doms

note "enforcing with patterns, a path_group and a number range"
mkdir -p /tmp/pl/p
printf 'path_group PLG /tmp/pl/g/\\*\n' >/tmp/pl/p/exception_policy.conf
printf '%s\nuse_profile 3\n\nfile read /tmp/pl/x\\*\nfile getattr @PLG\nfile ioctl /dev/null 0x5402-0x5414\n' \
	"$svc" >/tmp/pl/p/domain_policy.conf
ph policy load /tmp/pl/p --merge || fail "ph policy load of the pattern policy"
ph domains --full >/tmp/pl/doms
expect_grep "^$svc (enforcing)\$" /tmp/pl/doms
denied0=$(ph status | sed -n 's/^denied: *//p')
/tmp/pl/svc do read /tmp/pl/seed || fail "learned read refused"
/tmp/pl/svc do read /tmp/pl/x1 || fail "read matching /tmp/pl/x\\* refused"
/tmp/pl/svc do read /tmp/pl/xyz || fail "read matching /tmp/pl/x\\* refused (xyz)"
/tmp/pl/svc do read /tmp/pl/y1 >/tmp/pl/o1 2>&1 && fail "read of /tmp/pl/y1 allowed"
expect_grep "Operation not permitted" /tmp/pl/o1
/tmp/pl/svc do getattr /tmp/pl/g/a || fail "getattr in the path_group refused"
/tmp/pl/svc do getattr /tmp/pl/h >/dev/null 2>&1 && fail "getattr outside the path_group allowed"
/tmp/pl/svc do ioctl /dev/null 0x5413 || fail "ioctl open refused"
denied1=$(ph status | sed -n 's/^denied: *//p')
expect_eq "denials so far (read y1, getattr h)" 2 $((denied1 - denied0))
/tmp/pl/svc do ioctl /dev/null 0x5415 || fail "ioctl open refused"
denied2=$(ph status | sed -n 's/^denied: *//p')
expect_eq "ioctl 0x5415 outside 0x5402-0x5414 refused" 1 $((denied2 - denied1))

note "delete lines"
printf '%s\ndelete file read /tmp/pl/x\\*\n' "$svc" >/tmp/pl/del.conf
ph policy load /tmp/pl/del.conf --merge || fail "load with a delete line"
/tmp/pl/svc do read /tmp/pl/x1 >/dev/null 2>&1 && fail "deleted entry still allows"
/tmp/pl/svc do getattr /tmp/pl/g/a || fail "merge lost the path_group entry"
ph policy save /tmp/pl/s4 >/dev/null || fail "save after delete"
grep -q 'file read /tmp/pl/x\\\*' /tmp/pl/s4/domain_policy.conf && fail "deleted entry saved"
expect_grep '^path_group PLG /tmp/pl/g/\\\*$' /tmp/pl/s4/exception_policy.conf
expect_grep '^file getattr @PLG$' /tmp/pl/s4/domain_policy.conf

note "delete lines take learned entries too"
perms_of() {	# the permissions saved for one path of svc, one line each
	awk -v d="$svc" -v p="$2" '/^<kernel>/ { on = ($0 == d); next }
		on && $1 == "file" && $3 == p && NF == 3 { print $2 }' "$1/domain_policy.conf"
}
# Learned after the round trip's load, so in no loaded line.
ph mode learning "$svc" >/dev/null || fail "svc to learning"
/tmp/pl/svc do read /tmp/pl/fresh || fail "fresh read"
/tmp/pl/svc do getattr /tmp/pl/fresh || fail "fresh getattr"
/tmp/pl/svc do ioctl /dev/null 0x541b || fail "fresh ioctl"
ph mode enforcing "$svc" >/dev/null || fail "svc to enforcing"
missed0=$(ph status | sed -n 's/^policy deletes that matched nothing: *//p')
printf '%s\ndelete file read /tmp/pl/fresh\ndelete file ioctl /dev/null 0x541B\ndelete file read /tmp/pl/none\n' \
	"$svc" | ph policy load --merge - || fail "load --merge - with delete lines of learned entries"
missed1=$(ph status | sed -n 's/^policy deletes that matched nothing: *//p')
expect_eq "delete lines that matched nothing (counted)" 1 $((missed1 - missed0))
ph policy save /tmp/pl/s5 >/dev/null || fail "save after deleting learned entries"
expect_eq "learned getattr stays, read deleted" getattr "$(perms_of /tmp/pl/s5 /tmp/pl/fresh)"
grep -qi '^file ioctl /dev/null 0x541b$' /tmp/pl/s5/domain_policy.conf && fail "deleted ioctl entry saved"
/tmp/pl/svc do read /tmp/pl/fresh >/dev/null 2>&1 && fail "enforcing: the deleted learned read still allowed"
/tmp/pl/svc do getattr /tmp/pl/fresh || fail "enforcing: the learned getattr left refused"
ph mode learning "$svc" >/dev/null || fail "svc back to learning"
/tmp/pl/svc do read /tmp/pl/fresh || fail "read in learning"
ph policy save /tmp/pl/s6 >/dev/null || fail "save after relearning"
expect_eq "the next access learns it again" read/getattr "$(perms_of /tmp/pl/s6 /tmp/pl/fresh)"

ph mode learning >/dev/null
ph mode learning "$svc" >/dev/null || fail "svc back to learning"

note "manager.conf carries the manager list"
grep -qv '^#' /tmp/pl/s1/manager.conf && fail "manager.conf with entries while the list is empty"
me=$(readlink -f "$(command -v ph)")
ph manager add "$me" || fail "ph manager add $me"
ph policy save /tmp/pl/sm >/dev/null || fail "save with a manager"
expect_eq "manager.conf" "$me" "$(cat /tmp/pl/sm/manager.conf)"
ph manager del "$me" || fail "ph manager del"
ph policy load /tmp/pl/sm/manager.conf >/tmp/pl/mload || fail "load manager.conf"
expect_eq "load output" "manager list: 1 entries" "$(cat /tmp/pl/mload)"
expect_eq "manager list after the load" "$me" "$(ph manager list)"
ph manager del "$me" || fail "ph manager del after the load"
echo "policy_load ok"
