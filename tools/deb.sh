#!/bin/sh
# make deb: build the phtrack and phtrack-dkms packages with
# dpkg-buildpackage (debhelper, no network) from a copy of the source tree
# (the files git knows, committed or not) in build/deb/src/, and check them
# with lintian (debian/*.lintian-overrides explain the remaining tags).
# The .debs, .buildinfo and .changes land in build/deb/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tools/deps.sh deb
version=$(dpkg-parsechangelog -SVersion)
out=$top/build/deb
src=$out/src/phtrack-$version
rm -rf "$out"
mkdir -p "$src"
git ls-files -co --exclude-standard -z | xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
	tar --null -T - -cf - | tar -xf - -C "$src"
cd "$src"
if ! dpkg-buildpackage -b -uc -us >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	echo "deb: dpkg-buildpackage failed; the log is $out/build.log" >&2
	exit 1
fi
cd "$out"
# dpkg-buildpackage writes next to the source tree, in src/.
mv src/*.deb src/*.buildinfo src/*.changes .
rm -rf src
ls ./*.deb
changes=$(ls ./*.changes)
if lintian --fail-on error,warning,info,pedantic --info --pedantic "$changes" >lintian.log 2>&1; then
	echo "deb: lintian: $(grep -c '^[EWIP]:' lintian.log || true) tags not overridden (overrides and reasons: debian/*.lintian-overrides)"
else
	cat lintian.log >&2
	echo "deb: lintian found errors or warnings" >&2
	exit 1
fi
