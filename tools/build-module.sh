#!/bin/sh
# Build phtrack.ko (and the harness's test modules and phtrack_selftest.ko)
# for one kernel, in a copy of kernel/ under build/kernel/<release>, so
# several kernels can be built side by side.  The shared policy code
# (top-level policy/) is copied into that tree's policy/, so kbuild's objects
# stay inside M= and the module's "policy/ph_*.h" includes resolve.
# Usage: build-module.sh [KVER]   (KDIR=... in the environment overrides)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${KDIR:-}" ]; then
	kdir=$KDIR
	kver=$(make -s -C "$kdir" kernelrelease 2>/dev/null || basename "$kdir")
else
	kver=${1:-$(uname -r)}
	kdir=/lib/modules/$kver/build
fi
if [ ! -d "$kdir" ]; then
	echo "build-module: no kernel build tree at $kdir" >&2
	echo "  install linux-headers-$kver, or pass KDIR=/path/to/kernel/build" >&2
	exit 1
fi
out=$top/build/kernel/$kver
mkdir -p "$out/tests"
cp -a "$top"/kernel/. "$out"/
rm -rf "$out"/policy
mkdir -p "$out"/policy
cp -a "$top"/policy/*.c "$top"/policy/*.h "$out"/policy/
cp -a "$top"/tests/vm/modules/. "$out"/tests/
# Two jobs: the machines this runs on have two cores (make check builds
# for every pinned kernel and the newer ones in a row).
j=${PH_JOBS:-2}
make -s -j"$j" -C "$kdir" M="$out" modules
make -s -j"$j" -C "$kdir" M="$out/tests" modules
# phtrack_selftest.ko (kernel/selftest/): the unit tests with the module's own
# sources, built with the module's Kbuild flags (kept as phtrack.Kbuild).
st=$out/selftest
rm -rf "$st"
mkdir -p "$st"
cp -a "$top"/kernel/*.c "$top"/kernel/*.h "$top"/kernel/uapi "$out"/policy "$st"/
cp -a "$top"/kernel/Kbuild "$st"/phtrack.Kbuild
cp -a "$top"/kernel/selftest/. "$st"/
cp -a "$top"/policy/tests/ph_cases.h "$st"/policy/
make -s -j"$j" -C "$kdir" M="$st" modules
echo "built $out/phtrack.ko"
