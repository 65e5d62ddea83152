#!/bin/sh
# Extract checkpatch.pl and its data files from Debian's linux-source-6.1
# package into DIR (downloaded with apt-get download; nothing is installed).
set -eu
dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root linux-source-6.1 >/dev/null)
dpkg -x "$tmp"/linux-source-6.1_*.deb "$tmp/x"
tarball=$(ls "$tmp"/x/usr/src/linux-source-6.1.tar.xz)
mkdir -p "$dir"
tar -xJf "$tarball" -C "$tmp" --wildcards '*/scripts/checkpatch.pl' \
	'*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch'
mkdir -p "$dir/scripts"
cp "$tmp"/linux-source-6.1/scripts/checkpatch.pl "$tmp"/linux-source-6.1/scripts/spelling.txt \
	"$tmp"/linux-source-6.1/scripts/const_structs.checkpatch "$dir/scripts/"
