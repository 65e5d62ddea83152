#!/bin/sh
# Build the policy fuzzer (clang + libFuzzer, ASan, UBSan) and run it.
# Usage: tools/fuzz.sh [SECONDS]   (default 60)
# The seed corpus is policy/tests/corpus (read only); new inputs go to
# build/fuzz/corpus and crashes to build/fuzz/artifacts.  Exits non-zero on a
# crash, a leak, a timeout (an input slower than 10 s) or a build failure.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
case "$secs" in
'' | *[!0-9]*)
	echo "usage: $0 [SECONDS]" >&2
	exit 2
	;;
esac

CC=clang CXX=clang++ cmake -S userspace -B build/fuzz -DPH_FUZZ=ON -DPH_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz --target fuzz_policy -j2

mkdir -p build/fuzz/corpus build/fuzz/artifacts
exec build/fuzz/fuzz_policy -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-max_len=4096 -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/ \
	build/fuzz/corpus policy/tests/corpus
