#!/bin/sh
# Build the static helper programs VM scenarios use (tests/vm/helpers/*.c)
# into build/vm-helpers/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/vm-helpers
mkdir -p "$out"
for src in "$top"/tests/vm/helpers/*.c; do
	bin=$out/$(basename "$src" .c)
	if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
		cc -static -O2 -Wall -Wextra -Werror -o "$bin" "$src"
	fi
done
