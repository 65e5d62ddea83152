#!/bin/sh
# Build the libFuzzer targets (clang + libFuzzer, ASan, UBSan) and run each
# for SECONDS, one after the other:
#   fuzz_policy  the TOMOYO policy code shared with the module (policy/)
#   fuzz_proto   the userspace decoders of the netlink protocol (lib/proto)
# Usage: tools/fuzz.sh [SECONDS] [TARGET...]   (default 600 each, both)
# Seed corpora: policy/tests/corpus (read only) and the messages written by
# build/fuzz/proto_seeds; new inputs go to build/fuzz/corpus/TARGET and
# crashes to build/fuzz/artifacts/TARGET-*.  Exits non-zero on a crash, a
# leak, a timeout (an input slower than 10 s) or a build failure.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-600}
case "$secs" in
'' | *[!0-9]*)
	echo "usage: $0 [SECONDS] [fuzz_policy|fuzz_proto...]" >&2
	exit 2
	;;
esac
[ $# -gt 0 ] && shift
targets=${*:-fuzz_policy fuzz_proto}

CC=clang CXX=clang++ cmake -S userspace -B build/fuzz -DPH_FUZZ=ON -DPH_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# shellcheck disable=SC2086
cmake --build build/fuzz --target $targets proto_seeds -j2

mkdir -p build/fuzz/artifacts build/fuzz/seeds/fuzz_proto
build/fuzz/proto_seeds build/fuzz/seeds/fuzz_proto
for t in $targets; do
	case $t in
	fuzz_policy) seeds=policy/tests/corpus ;;
	fuzz_proto) seeds=build/fuzz/seeds/fuzz_proto ;;
	*)
		echo "$0: unknown target $t" >&2
		exit 2
		;;
	esac
	mkdir -p "build/fuzz/corpus/$t"
	echo "== $t for ${secs}s"
	"build/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=4096 -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$t-" \
		"build/fuzz/corpus/$t" "$seeds"
done
