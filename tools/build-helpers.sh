#!/bin/sh
# Build the static helper programs VM scenarios use (tests/vm/helpers/) into
# build/vm-helpers/: phx (exact system calls), phfexec (exec through magic
# links), phfuzz (netlink fuzzer), phhostile (hostile names), phtracexec (a
# task stopped by ptrace at its exec event), phhold (a task held inside a
# system call) and phinject.so (a preloaded stand-in for injected code);
# and the host's tmux as an overlay for the busybox bed
# (tools/vm/tmux-overlay.sh, build/vm-tmux/).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/vm-helpers
src=$top/tests/vm/helpers
mkdir -p "$out"
if [ ! -x "$out/phx" ] || [ -n "$(find "$src" -name 'phx*' -newer "$out/phx")" ]; then
	cc -static -O2 -Wall -Wextra -Werror -o "$out/phx" "$src"/phx.c "$src"/phx_ops.c "$src"/phx_bench.c
fi
for h in phfexec phfuzz phhostile phtracexec phhold; do
	if [ ! -x "$out/$h" ] || [ "$src/$h.c" -nt "$out/$h" ]; then
		cc -static -O2 -Wall -Wextra -Werror -o "$out/$h" "$src/$h.c"
	fi
done
# A library preloaded into nginx by the enforcing test: a stand-in for
# injected code (tests/vm/enforce/service.sh).
if [ ! -e "$out/phinject.so" ] || [ "$src/phinject.c" -nt "$out/phinject.so" ]; then
	cc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$out/phinject.so" "$src/phinject.c"
fi
"$top"/tools/vm/tmux-overlay.sh
# The upgrade test's service as two Debian packages (build/vm-debs/).
"$top"/tests/vm/upgrade/build-debs.sh
