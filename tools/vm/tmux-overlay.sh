#!/bin/sh
# The host's tmux for the busybox bed, as a scenario overlay
# (build/vm-tmux/, "# overlay: build/vm-tmux"): /usr/bin/tmux with every
# shared library it needs, the terminfo entries of the pane (tmux,
# tmux-256color) and the C.UTF-8 locale, so that a VM scenario drives the
# real curses ph-editpolicy in a tmux pane as tests/editpolicy/tui.sh does
# on the host.  The host is Debian 12 like the bed's libraries.  Without a
# tmux on the host nothing is built, and the scenarios that need it fail
# with their own message.
# Usage: tmux-overlay.sh [OUT]   (default build/vm-tmux)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/build/vm-tmux}
tmux=$(command -v tmux) || { echo "tmux-overlay: no tmux on the host (tools/deps.sh)"; exit 0; }
[ -x "$out/usr/bin/tmux" ] && [ ! "$tmux" -nt "$out/usr/bin/tmux" ] &&
	[ ! "$0" -nt "$out/usr/bin/tmux" ] && exit 0
rm -rf "$out"
mkdir -p "$out/usr/bin"
cp -L "$tmux" "$out/usr/bin/tmux"
ldd "$tmux" | awk '/=>/ {print $3} /^\t\// {print $1}' | while read -r lib; do
	[ -n "$lib" ] && [ -e "$lib" ] || continue
	mkdir -p "$out$(dirname "$lib")"
	cp -L "$lib" "$out$lib"
done
for t in tmux tmux-256color; do
	for d in /lib/terminfo /usr/share/terminfo /etc/terminfo; do
		if [ -e "$d/t/$t" ]; then
			mkdir -p "$out/usr/share/terminfo/t"
			cp -L "$d/t/$t" "$out/usr/share/terminfo/t/$t"
			break
		fi
	done
done
if [ -d /usr/lib/locale/C.utf8 ]; then
	mkdir -p "$out/usr/lib/locale"
	cp -a /usr/lib/locale/C.utf8 "$out/usr/lib/locale/"
fi
# Newer than the host's tmux and this script: up to date.
touch "$out/usr/bin/tmux"
