#!/bin/sh
# make check: install what is missing, build everything, then run the unit
# tests (ASan/UBSan), each libFuzzer target briefly (FUZZ_SECS seconds,
# default 30), the lint checks, the Debian package build with lintian
# (tools/deb.sh) and every VM scenario on every pinned kernel.
# Ends with one "N passed, N failed" line; exits non-zero on failure.
# Environment: KERNELS="..." and SCENARIOS="a b" narrow the VM part;
# BEDS=busybox leaves out the scenarios of the real Debian bed ("# bed:
# debian", tools/vm/rootfs.sh), which need the bed's image (built once, cached).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
vm_only=0
[ "${1:-}" = "--vm-only" ] && vm_only=1
kernels=${KERNELS:-$(grep -v '^#' tools/kernels.conf)}
pass=0
failn=0
failed=""
t0=$(date +%s)
log=build/check.log
mkdir -p build
: >"$log"

ok() { pass=$((pass + 1)); }
ko() { failn=$((failn + 1)); failed="$failed
  $1"; }
step() { echo "== $* (at $(($(date +%s) - t0)) s)"; }

finish() {
	echo
	[ -n "$failed" ] && echo "failed:$failed"
	echo "check took $(($(date +%s) - t0))s"
	echo "$pass passed, $failn failed"
	[ "$failn" -eq 0 ]
	exit $?
}

if [ $vm_only -eq 0 ]; then
	step "dependencies"
	tools/deps.sh all || { ko "installing dependencies"; finish; }
	tools/fetch-kernels.sh || { ko "fetching kernels"; finish; }

	step "build"
	for k in $kernels; do
		if tools/build-module.sh "$k" >>"$log" 2>&1; then ok; else ko "module build for $k"; fi
	done
	if make -s userspace >>"$log" 2>&1; then ok; else ko "userspace build"; fi
	if make -s userspace-asan >>"$log" 2>&1; then ok; else ko "userspace ASan/UBSan build"; fi
	if tools/build-helpers.sh >>"$log" 2>&1; then ok; else ko "VM helper build"; fi
	[ "$failn" -eq 0 ] || { tail -n 40 "$log"; finish; }
	# The 10-million-row store of the `ph who` check is written in the
	# background while the host tests run (one core each); its queries are
	# timed later, alone.
	tools/bench-who.sh --generate-only >build/bench-who-gen.log 2>&1 &
	who_gen=$!

	step "unit tests (ASan/UBSan)"
	(cd build/asan && ctest --output-on-failure) >build/unit.log 2>&1
	n_ok=$(grep -c ' Passed ' build/unit.log)
	n_bad=$(grep -cE '\*\*\*(Failed|Exception)|Not Run' build/unit.log)
	pass=$((pass + n_ok))
	if [ "$n_bad" -ne 0 ] || ! grep -q '100% tests passed' build/unit.log; then
		cat build/unit.log
		failn=$((failn + n_bad))
		[ "$n_bad" -eq 0 ] && failn=$((failn + 1))
		failed="$failed
  unit tests (see build/unit.log)"
	fi
	echo "$n_ok unit tests passed, $n_bad failed"

	step "fuzzers (${FUZZ_SECS:-15}s each)"
	for t in fuzz_policy fuzz_proto; do
		if tools/fuzz.sh "${FUZZ_SECS:-15}" "$t" >"build/$t.log" 2>&1; then
			ok
			grep -m1 'Done [0-9]* runs' "build/$t.log"
		else
			tail -n 30 "build/$t.log"
			ko "$t (see build/$t.log)"
		fi
	done

	step "lint"
	if tools/lint.sh >build/lint.log 2>&1; then ok; else cat build/lint.log; ko "lint"; fi

	step "ph verify after sqlite3 edits, deletions and insertions (host)"
	if tests/host/verify.sh >build/verify-host.log 2>&1; then ok; else cat build/verify-host.log; ko "tests/host/verify.sh"; fi

	step "ph-editpolicy in tmux (host; tests/editpolicy/tui.sh)"
	if tests/editpolicy/tui.sh >build/tui.log 2>&1; then ok; else ko "ph-editpolicy terminal test (see build/tui.log)"; fi
	tail -n 1 build/tui.log
	step "ph profile export --format dot in Graphviz (host; tests/profile/dot.sh)"
	if tests/profile/dot.sh >build/profile-dot.log 2>&1; then ok; else ko "profile DOT test (see build/profile-dot.log)"; fi

	step "packages (make deb: dpkg-buildpackage and lintian)"
	if tools/deb.sh >build/deb.log 2>&1; then
		ok
		tail -n 1 build/deb.log
	else
		tail -n 30 build/deb.log
		ko "make deb (see build/deb.log)"
	fi

	step "ph who on a 10-million-row store (host)"
	if wait $who_gen; then
		cat build/bench-who-gen.log
		if tools/bench-who.sh >build/bench-who.log 2>&1; then ok; else ko "bench-who"; fi
		cat build/bench-who.log
	else
		cat build/bench-who-gen.log
		ko "bench-who: writing the store (see build/bench-who-gen.log)"
	fi
fi

step "VM scenarios"
scen=${SCENARIOS:-$(cd tests/vm && ls *.sh | sed 's/\.sh$//' | grep -v -e '^demo$' -e '^bench$')}
beds=${BEDS:-busybox debian}
sel=""
for s in $scen; do
	b=$(sed -n 's/^# bed: *//p' tests/vm/$s.sh | head -n1)
	case " $beds " in *" ${b:-busybox} "*) sel="$sel $s" ;; esac
done
scen=$sel
if echo " $beds " | grep -q ' debian ' && grep -q '^# bed: debian' $(for s in $scen; do echo tests/vm/$s.sh; done) /dev/null; then
	step "real Debian bed image (built once, then cached)"
	tb=$(date +%s)
	if tools/vm/rootfs.sh >>"$log" 2>&1; then ok; else ko "Debian bed image (tools/vm/rootfs.sh; see $log)"; fi
	echo "Debian bed image ready after $(($(date +%s) - tb))s"
fi
# The VM scenarios run in one lane per pinned kernel, two VMs at a time
# (VM_LANES=1: one at a time).  Most scenarios keep one host core busy
# (boot, one process at a time in the guest), so two fit the machine's two
# cores; a scenario headed "# alone: REASON" (both vCPUs flat out, or
# timings it asserts) runs with the other lane stopped.  A turnstile lock
# keeps the other lane from starving such a scenario.  Each run's output
# is printed in one piece; its verdict goes to the lane's result file.
lanes=${VM_LANES:-2}
lanelock=$top/build/vm-lanes.lock
turnstile=$top/build/vm-lanes.turnstile
vm_scenario() { # KVER SCENARIO RESULTFILE
	f=tests/vm/$2.sh
	expect=$(sed -n 's/^# expect: *//p' "$f")
	if [ "$lanes" -le 1 ]; then
		out=$(tools/vm/run.sh -q -k "$1" "$f" 2>&1)
	elif grep -q '^# alone:' "$f"; then
		out=$(flock -x "$turnstile" flock -x "$lanelock" tools/vm/run.sh -q -k "$1" "$f" 2>&1)
	else
		flock -x "$turnstile" true
		out=$(flock -s "$lanelock" tools/vm/run.sh -q -k "$1" "$f" 2>&1)
	fi
	rc=$?
	if [ "$expect" = kernel-log-failure ]; then
		if [ $rc -eq 3 ]; then
			out="$out
  (expected: the harness caught the deliberate warning)"
			v=ok
		else
			v="ko $2 on $1: harness did not catch the warning (exit $rc)"
		fi
	elif [ $rc -eq 0 ]; then
		v=ok
	else
		v="ko $2 on $1"
	fi
	printf '%s\n' "$out"
	echo "$v" >>"$3"
}
rm -f build/vm-lane.*
lane_pids=""
for k in $kernels; do
	if [ "$lanes" -gt 1 ]; then
		(for s in $scen; do vm_scenario "$k" "$s" "build/vm-lane.$k"; done) &
		lane_pids="$lane_pids $!"
	else
		for s in $scen; do vm_scenario "$k" "$s" "build/vm-lane.$k"; done
	fi
done
for p in $lane_pids; do wait "$p"; done
for k in $kernels; do
	[ -f "build/vm-lane.$k" ] || continue
	while read -r v; do
		case $v in
		ok) ok ;;
		*) ko "${v#ko }" ;;
		esac
	done <"build/vm-lane.$k"
done
# A Debian point release newer than the pinned build of a line (for
# instance a 6.1.0-N+1 security update) must still work: build for it and
# boot a smoke set of scenarios (SMOKE="..." to choose them; real_boot only
# when the Debian bed is selected).  NEWER=0 skips this step.
if [ "${NEWER:-1}" = 1 ] && [ -z "${KERNELS:-}" ] && [ -z "${SCENARIOS:-}" ]; then
	newer=$(tools/newer-kernels.sh 2>>"$log" || true)
	[ -n "$newer" ] && step "kernels newer than the pinned ones: $(echo $newer)"
	for k in $newer; do
		if ! { tools/fetch-kernels.sh "$k" && tools/deps.sh headers "$k" &&
			tools/build-module.sh "$k"; } >>"$log" 2>&1; then
			ko "module build for the newer kernel $k (see $log)"
			continue
		fi
		ok
		smoke=${SMOKE:-status selftest hook_locks real_boot}
		echo " $beds " | grep -q ' debian ' || smoke=$(echo " $smoke " | sed 's/ real_boot / /')
		for s in $smoke; do
			if tools/vm/run.sh -q -k "$k" "tests/vm/$s.sh"; then ok; else ko "$s on the newer kernel $k"; fi
		done
	done
fi
finish
