# Scenario: programs whose paths hold spaces, newlines and non-UTF-8 bytes
# get TOMOYO-escaped names; a 4000-byte path is kept whole; names past the
# length limit and a 300-deep exec chain are capped (flagged, counted) with
# no warning.
. /lib/phtrack/testlib.sh
ph_load
PHX=/usr/libexec/phtrack/phx
cat >/tmp/hop <<'HOP'
#!/bin/sh
if [ $# -gt 0 ]; then n=$1; shift; "$n" "$@"; else ph domain-of $$ | sed 's/ (reconstructed)$//'; fi
true
HOP
chmod 755 /tmp/hop
D0=$(ph domain-of $$ | sed 's/ (reconstructed)$//')

# put PATH: install the hop script at PATH
put() { mkdir -p "$(dirname "$1")"; cp /tmp/hop "$1"; chmod 755 "$1"; }

note "space"
put "/tmp/a b/prog"
expect_eq "space" "$D0 /tmp/a\\040b/prog" "$("/tmp/a b/prog")"
note "newline"
nl=$(printf '/tmp/n\nl/prog')
put "$nl"
expect_eq "newline" "$D0 /tmp/n\\012l/prog" "$("$nl")"
note "non-UTF-8 byte and backslash"
odd=$(printf '/tmp/\377\\x/prog')
put "$odd"
expect_eq "0xff" "$D0 /tmp/\\377\\\\x/prog" "$("$odd")"
ph domains --full | grep -F '/tmp/\377' >/dev/null || fail "escaped name missing from the dump"

note "4000-byte path"
seg=$(printf '%0200d' 0)
long=/tmp
i=0
while [ $i -lt 19 ]; do long="$long/$seg"; i=$((i + 1)); done
long="$long/$(printf '%0170d' 0)"
echo "path length ${#long}"
put "$long"
got=$("$long")
expect_eq "4000-byte name" "$D0 $long" "$got"
echo "domain name length ${#got}"
note "names past max_name_len (8192) are capped"
# The third program would make the name ~12000 bytes: it stays in the
# domain of the second, which is flagged capped.
got=$("$long" "$long" "$long")
[ "$got" = "$D0 $long $long (capped)" ] || fail "third long program: got a name of ${#got} bytes"

note "300-deep exec chain (max_depth 64)"
cp $PHX /tmp/chain
/tmp/chain chain 300 || fail "chain"
ph status >/tmp/st
cat /tmp/st
refused=$(sed -n 's/^execs kept by a limit: *//p' /tmp/st)
[ "$refused" -ge 237 ] || fail "expected at least 237 refused transitions, got $refused"
deep=$(ph domains --full | grep -c '/tmp/chain')
expect_eq "chain domains" 63 "$deep"
ph domains --full | grep '/tmp/chain (capped)$' | awk '{print NF}' >/tmp/nf
expect_eq "capped chain domain has 64 programs + <kernel> + flag" 66 "$(cat /tmp/nf)"
ph_unload
echo "domain_names ok"
