#!/bin/sh
# Build the static helper programs VM scenarios use (tests/vm/helpers/) into
# build/vm-helpers/: phx (exact system calls) and phfuzz (netlink fuzzer).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/vm-helpers
src=$top/tests/vm/helpers
mkdir -p "$out"
if [ ! -x "$out/phx" ] || [ -n "$(find "$src" -newer "$out/phx")" ]; then
	cc -static -O2 -Wall -Wextra -Werror -o "$out/phx" "$src"/phx.c "$src"/phx_ops.c "$src"/phx_bench.c
fi
if [ ! -x "$out/phfuzz" ] || [ "$src/phfuzz.c" -nt "$out/phfuzz" ]; then
	cc -static -O2 -Wall -Wextra -Werror -o "$out/phfuzz" "$src"/phfuzz.c
fi
