#!/bin/sh
# Build the static helper program VM scenarios use (tests/vm/helpers/) into
# build/vm-helpers/phx.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/vm-helpers
src=$top/tests/vm/helpers
mkdir -p "$out"
if [ ! -x "$out/phx" ] || [ -n "$(find "$src" -newer "$out/phx")" ]; then
	cc -static -O2 -Wall -Wextra -Werror -o "$out/phx" "$src"/phx.c "$src"/phx_ops.c "$src"/phx_bench.c
fi
