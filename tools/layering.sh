#!/bin/sh
# Kernel layering check: which unit of the module uses what another unit
# defines, read from the object files, must follow the layer list.
#
# Usage: layering.sh [DIR]        check a module build (default: the build of
#                                 the first kernel in tools/kernels.conf)
#        layering.sh --graph [DIR]  print every edge "A -> B (symbol)"
#        layering.sh --self-test  run the check on tests/layering/ cases
#
# A unit is one object of the module: the objects of phtrack-y in DIR/Kbuild,
# or every *.o in DIR when it has no Kbuild.  Unit A uses unit B when an
# undefined symbol of A.o (nm -u) is a global symbol B.o defines; symbols no
# unit defines (the kernel's) are ignored.  An inline function of a header
# that touches another unit's variable or calls its function leaves the
# undefined symbol in the object that uses it, so a header cannot hide an
# edge.
#
# The layer list is DIR/LAYERS (kernel/LAYERS, copied into the build): one
# layer per line, top first, units of a layer separated by spaces, '#'
# starts a comment.  The check fails (exit 1) when
#   - a unit is missing from the list,
#   - an edge points up the list (from a unit to one on an earlier line),
#   - the edges form a cycle (possible only within one layer).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
NM=${NM:-nm}

# Units of DIR, one per line (object paths without ".o").
units_of() {
	if [ -f "$1/Kbuild" ]; then
		# phtrack-y := a.o b.o \ (continued lines)
		sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$1/Kbuild" |
			sed -n 's/^phtrack-y[[:space:]]*[:+]*=//p' | tr -s ' \t' '\n\n' |
			sed -n 's/\.o$//p'
	else
		(cd "$1" && ls ./*.o) | sed -e 's|^\./||' -e 's/\.o$//'
	fi
}

# "A B symbol" for every edge A -> B of the objects in DIR.
edges_of() {
	dir=$1
	tmp=$(mktemp -d)
	for u in $(units_of "$dir"); do
		if [ ! -f "$dir/$u.o" ]; then
			echo "layering: $dir/$u.o is missing (build the module first)" >&2
			rm -rf "$tmp"
			return 2
		fi
		"$NM" -g --defined-only "$dir/$u.o" | awk -v u="$u" 'NF >= 3 { print $3, u }' >>"$tmp/defs"
		"$NM" -u "$dir/$u.o" | awk -v u="$u" '{ print u, $NF }' >>"$tmp/undefs"
	done
	touch "$tmp/defs" "$tmp/undefs"
	awk 'NR == FNR { def[$1] = $2; next }
	     ($2 in def) && def[$2] != $1 { print $1, def[$2], $2 }' \
		"$tmp/defs" "$tmp/undefs" | sort -u
	rm -rf "$tmp"
}

# Check DIR against DIR/LAYERS; prints the problems, returns 1 on any.
check() {
	dir=$1
	layers=$dir/LAYERS
	if [ ! -f "$layers" ]; then
		echo "layering: no layer list $layers" >&2
		return 2
	fi
	edges=$(edges_of "$dir") || return 2
	units=$(units_of "$dir")
	printf '%s\n' "$edges" | awk -v layers="$layers" -v units="$units" '
	BEGIN {
		n = 0
		while ((getline line < layers) > 0) {
			sub(/#.*/, "", line)
			if (line ~ /^[[:space:]]*$/)
				continue
			n++
			k = split(line, w, /[[:space:]]+/)
			for (i = 1; i <= k; i++)
				if (w[i] != "") {
					level[w[i]] = n
					text[n] = text[n] " " w[i]
				}
		}
		bad = 0
		k = split(units, u, "\n")	# also the search order: deterministic
		for (i = 1; i <= k; i++)
			if (u[i] != "" && !(u[i] in level)) {
				printf "layering: unit %s is not in the layer list %s\n", u[i], layers
				bad = 1
			}
	}
	NF == 3 {
		a = $1; b = $2
		if (!((a SUBSEP b) in seen)) {
			seen[a, b] = $3
			out[a] = out[a] " " b
		}
		if ((a in level) && (b in level) && level[b] < level[a] && !((a SUBSEP b) in up)) {
			up[a, b] = 1
			printf "layering: edge %s -> %s points up the layer list (%s uses %s; %s is on layer %d, %s on layer %d)\n",
				a, b, a, $3, a, level[a], b, level[b]
			bad = 1
		}
	}
	# Depth-first search; a grey node met again closes a cycle.
	function visit(x,    list, m, j, y, s, p) {
		color[x] = 1
		stack[++sp] = x
		m = split(out[x], list, " ")
		for (j = 1; j <= m; j++) {
			y = list[j]
			if (color[y] == 1) {
				s = y
				for (p = sp; p >= 1 && stack[p] != y; p--)
					;
				for (p = p + 1; p <= sp; p++)
					s = s " -> " stack[p]
				s = s " -> " y
				printf "layering: cycle %s (%s uses %s)\n", s, x, seen[x, y]
				bad = 1
			} else if (color[y] == 0) {
				visit(y)
			}
		}
		sp--
		color[x] = 2
	}
	END {
		for (i = 1; i <= k; i++)
			if (u[i] != "" && color[u[i]] == 0)
				visit(u[i])
		exit bad
	}'
}

self_test() {
	cc=${CC:-cc}
	rc=0
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for case in "$top"/tests/layering/*/; do
		name=$(basename "$case")
		mkdir -p "$tmp/$name"
		cp "$case"/* "$tmp/$name"/
		for c in "$tmp/$name"/*.c; do
			"$cc" -c -O0 -o "${c%.c}.o" "$c"
		done
		want=$(cat "$case/EXPECT")	# "pass" or "fail: text the output must contain"
		if out=$(check "$tmp/$name" 2>&1); then got=pass; else got=fail; fi
		case $want in
		pass)
			if [ $got != pass ]; then
				echo "layering self-test: $name should pass:"
				echo "$out"
				rc=1
			fi ;;
		fail:*)
			text=${want#fail: }
			if [ $got != fail ] || ! printf '%s\n' "$out" | grep -qF -- "$text"; then
				echo "layering self-test: $name should fail with \"$text\", got:"
				echo "$out"
				rc=1
			fi ;;
		esac
	done
	[ $rc -eq 0 ] && echo "layering self-test: $(ls -d "$top"/tests/layering/*/ | wc -l) cases as expected"
	return $rc
}

default_dir() {
	kver=$(grep -v '^#' "$top/tools/kernels.conf" | head -n 1)
	echo "$top/build/kernel/$kver"
}

case ${1:-} in
--self-test)
	self_test
	;;
--graph)
	edges_of "${2:-$(default_dir)}" | awk '{ print $1 " -> " $2 " (" $3 ")" }'
	;;
-*)
	sed -n '2,/^set -eu/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit 2
	;;
*)
	dir=${1:-$(default_dir)}
	if check "$dir"; then
		echo "layering: $(units_of "$dir" | wc -l) units, no cycle, no edge up the layer list"
	else
		echo "layering: see the layer list in kernel/LAYERS and docs/architecture.md"
		exit 1
	fi
	;;
esac
