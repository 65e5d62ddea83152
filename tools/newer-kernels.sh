#!/bin/sh
# Print, for each kernel line pinned in tools/kernels.conf, the newest build
# that apt knows and that is newer than the pinned one (nothing for a line
# whose pinned build is the newest).  make check boots each one with a smoke
# set of scenarios, so a Debian point release that breaks the module shows
# up before users install it.  Usage: tools/newer-kernels.sh
set -eu
cd "$(dirname "$0")/.."
for k in $(grep -v '^#' tools/kernels.conf); do
	case "$k" in
	6.1.0-*-amd64) re='^linux-image-6\.1\.0-[0-9]+-amd64$' ;;
	6.12.*+deb12-amd64) re='^linux-image-6\.12\.[0-9]+\+deb12-amd64$' ;;
	*) continue ;;
	esac
	newest=$(apt-cache search --names-only "$re" | cut -d' ' -f1 |
		sed 's/^linux-image-//' | sort -V | tail -n1)
	[ -n "$newest" ] && [ "$newest" != "$k" ] || continue
	# newer than the pinned one, by version order
	[ "$(printf '%s\n%s\n' "$k" "$newest" | sort -V | tail -n1)" = "$newest" ] && echo "$newest"
done
