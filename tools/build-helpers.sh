#!/bin/sh
# Build the static helper programs VM scenarios use (tests/vm/helpers/) into
# build/vm-helpers/: phx, and phfexec (exec through magic links).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/vm-helpers
src=$top/tests/vm/helpers
mkdir -p "$out"
if [ ! -x "$out/phx" ] || [ -n "$(find "$src" -newer "$out/phx")" ]; then
	cc -static -O2 -Wall -Wextra -Werror -o "$out/phx" "$src"/phx.c "$src"/phx_ops.c "$src"/phx_bench.c
fi
if [ ! -x "$out/phfexec" ] || [ "$src/phfexec.c" -nt "$out/phfexec" ]; then
	cc -static -O2 -Wall -Wextra -Werror -o "$out/phfexec" "$src"/phfexec.c
fi
