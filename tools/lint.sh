#!/bin/sh
# Style checks: checkpatch.pl --strict on the kernel code, clang-format on
# userspace.  checkpatch.pl comes from the Debian linux-source package's
# tarball (extracted once into the cache).
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
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
