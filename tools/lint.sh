#!/bin/sh
# Style checks: checkpatch.pl --strict on the kernel code, clang-format on
# userspace, and the kernel layering check (tools/layering.sh) with its
# self-test.  checkpatch.pl comes from the Debian linux-source package's
# tarball (extracted once into the cache).  The layering check reads the
# module's object files: when the first kernel's build is missing or older
# than kernel/, it is built first (tools/build-module.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
rc=0
cp_dir=${PH_CACHE:-$top/.cache}/checkpatch
if [ ! -x "$cp_dir/scripts/checkpatch.pl" ]; then
	"$top"/tools/get-checkpatch.sh "$cp_dir"
fi
files=$(find kernel policy tests/vm/modules -name '*.[ch]' | sort)
if ! perl "$cp_dir/scripts/checkpatch.pl" --strict --no-tree --quiet \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
	--max-line-length=100 -f $files; then
	echo "lint: checkpatch --strict found problems"
	rc=1
fi
fmt=$(find userspace policy -name '*.cpp' -o -name '*.hpp' | sort)
if ! clang-format --dry-run --Werror $fmt; then
	echo "lint: clang-format differences (run: clang-format -i on the files above)"
	rc=1
fi
if ! tools/layering.sh --self-test; then
	echo "lint: the layering check's self-test failed"
	rc=1
fi
kver=$(grep -v '^#' tools/kernels.conf | head -n 1)
obj=build/kernel/$kver
if [ ! -f "$obj/phtrack.ko" ] || [ -n "$(find kernel -newer "$obj/phtrack.ko" -type f | head -n 1)" ]; then
	echo "lint: building the module for $kver (the layering check reads its objects)"
	if ! tools/build-module.sh "$kver" >/dev/null; then
		echo "lint: cannot build the module for $kver; the layering check needs $obj/*.o"
		rc=1
	fi
fi
if [ -f "$obj/phtrack.ko" ] && ! tools/layering.sh "$obj"; then
	echo "lint: kernel layering check failed"
	rc=1
fi
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
