#!/bin/sh
# tools/perf-section.sh NAME FILE [DOC]: put the generated section in FILE,
# which starts with "<!-- NAME: ... -->" and ends with "<!-- /NAME -->",
# into DOC (docs/performance.md), in place of the section of that name, or
# at the end when DOC has none yet; then print it.  Used by the bench-*
# scripts so that each figure in DOC comes from the command that makes it.
set -eu
name=$1 section=$2 doc=${3:-docs/performance.md}
if grep -q "^<!-- $name:" "$doc"; then
	awk -v f="$section" -v n="$name" '
		index($0, "<!-- " n ":") == 1 { while ((getline l < f) > 0) print l; skip = 1; next }
		$0 == "<!-- /" n " -->" { skip = 0; next }
		!skip' "$doc" >"$doc.tmp"
else
	{ cat "$doc"; echo; cat "$section"; } >"$doc.tmp"
fi
mv "$doc.tmp" "$doc"
cat "$section"
