#!/bin/sh
# ph profile export --format dot, drawn by Graphviz (issue 21), on the host:
# the demo store (ph-editpolicy-fixture --demo, deterministic) exported as
# DOT for the httpd service; `dot -Tsvg` must render it with every domain
# and access in it, `dot -Tpng` makes build/profile/profile-example.png.
# `ph profile diff --svg` draws a comparison with the changed domains
# coloured.  UPDATE_DOC=1 copies that PNG to docs/profile-example.png (the admin
# guide shows it).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/build/userspace
out=$top/build/profile
rm -rf "$out"
mkdir -p "$out"
fail() {
	echo "FAIL: $*"
	exit 1
}
command -v dot >/dev/null || fail "no dot (graphviz; tools/deps.sh installs it)"
"$bin"/ph-editpolicy-fixture --demo "$out/demo.db" >/dev/null
"$bin"/ph --db "$out/demo.db" profile export /usr/sbin/httpd --format dot >"$out/httpd.dot" ||
	fail "export --format dot"
"$bin"/ph --db "$out/demo.db" profile export /usr/sbin/httpd >"$out/httpd.txt" || fail "export"
dot -Tsvg "$out/httpd.dot" -o "$out/httpd.svg" || fail "dot -Tsvg"
grep -q '^<svg' "$out/httpd.svg" || fail "dot -Tsvg wrote no SVG"
# Every domain of the text export is a box of the picture, and every
# access a line of a note (Graphviz writes '-' '<' '>' '&' as entities).
svgtext() { sed 's/&#45;/-/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' "$1"; }
n=0
while IFS= read -r line; do
	case $line in
	'' | '#'*) continue ;;
	'  '*) want=${line#  } ;;
	*) want=${line##* } ;;
	esac
	svgtext "$out/httpd.svg" | grep -qF ">$want<" || fail "the SVG lacks '$want'"
	n=$((n + 1))
done <"$out/httpd.txt"
[ $n -ge 10 ] || fail "only $n lines checked"
dot -Tpng "$out/httpd.dot" -o "$out/profile-example.png" || fail "dot -Tpng"
[ "$(head -c 8 "$out/profile-example.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
	fail "dot -Tpng wrote no PNG"
# A diff drawn: the export against a copy with one entry dropped and one
# domain added; the changed domain orange, the added one green.
sed -e '/^  file read \/etc\/httpd\/httpd.conf$/d' -e '$a/usr/sbin/httpd /bin/true' \
	"$out/httpd.txt" >"$out/httpd-new.txt"
rc=0
"$bin"/ph profile diff "$out/httpd.txt" "$out/httpd-new.txt" --svg "$out/diff.svg" >"$out/diff.txt" || rc=$?
[ $rc -eq 1 ] || fail "profile diff --svg exit $rc, not 1"
grep -q '^<svg' "$out/diff.svg" || fail "profile diff --svg wrote no SVG"
grep -q 'fill="#f5e3b3"' "$out/diff.svg" || fail "no changed (orange) domain in the diff SVG"
grep -q 'fill="#c8f0c8"' "$out/diff.svg" || fail "no added (green) domain in the diff SVG"
svgtext "$out/diff.svg" | grep -qF -- '>- file read /etc/httpd/httpd.conf<' || fail "the diff SVG lacks the removed entry"
if [ "${UPDATE_DOC:-0}" = 1 ]; then
	cp "$out/profile-example.png" "$top/docs/profile-example.png"
fi
echo "profile dot ok: $n domains and accesses in the SVG, a coloured diff SVG, PNG $(wc -c <"$out/profile-example.png") bytes"
