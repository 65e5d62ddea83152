# timeout: 900
# accel: tcg,thread=single
# Scenario: 60 cycles of insmod / ph status / rmmod, with no warning and the
# kernel's unreclaimable slab and vmalloc use back to baseline.  Single-
# threaded TCG: 120 rounds of call-site patching under multi-threaded TCG can
# hit QEMU's stale-translation "Oops: int3", which is not phtrack's
# (tests/vm/experiments/ftrace_int3.sh, docs/testing.md).
. /lib/phtrack/testlib.sh

# One warm-up cycle: the first load allocates one-time kernel state (module
# sysfs nodes, genetlink id maps) that stays cached.
ph_load
ph status >/dev/null || fail "warm-up status"
ph_unload
slab0=$(slab_unreclaim_kb)
vm0=$(vmalloc_kb)

i=0
while [ $i -lt 60 ]; do
	insmod "$PH_KO" || fail "insmod, cycle $i"
	ph status >/tmp/st || fail "ph status, cycle $i"
	grep -q "^mode: *learning$" /tmp/st || fail "status content, cycle $i"
	rmmod phtrack || fail "rmmod, cycle $i"
	i=$((i + 1))
done
grep -q '^phtrack ' /proc/modules && fail "module still loaded"

slab1=$(slab_unreclaim_kb)
vm1=$(vmalloc_kb)
echo "cycles: $i"
echo "SUnreclaim: before ${slab0} kB, after ${slab1} kB, delta $((slab1 - slab0)) kB"
echo "VmallocUsed: before ${vm0} kB, after ${vm1} kB, delta $((vm1 - vm0)) kB"
# A leak of one page per cycle would show as 240 kB here; allow noise from
# unrelated kernel activity below that (smaller leaks would need kmemleak,
# which Debian's kernels do not enable).
[ $((slab1 - slab0)) -le 200 ] || fail "unreclaimable slab grew by $((slab1 - slab0)) kB"
[ $((vm1 - vm0)) -le 200 ] || fail "vmalloc use grew by $((vm1 - vm0)) kB"
echo "load_cycles scenario ok"
