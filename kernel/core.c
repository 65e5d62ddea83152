// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the state every unit shares, declared in phtrack.h: the global
 * mode and the status counters (one member per line of uapi/linux/phtrack_counters.h).
 * It sits below every unit but the seen cache and the shared policy code
 * (kernel/LAYERS), so it uses no unit but seen.c; the naming code sits
 * just above it and counts refused name buffers here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/percpu.h>
#include <linux/printk.h>

#include "phtrack.h"
#include "seen.h"

struct ph_stats ph_stats;
DEFINE_PER_CPU(struct ph_pcpu_stats, ph_pcpu_stats);
u64 ph_loaded_ns;
int ph_mode;
atomic_t ph_own_modes = ATOMIC_INIT(0);

/**
 * ph_stat_sum() - a counter's value: shared part and per-CPU shares
 * @offset: offset of the counter in &struct ph_stats, which is also its
 *	offset in &struct ph_pcpu_stats
 *
 * Use it through ph_stat_read().  Sleepable or atomic context.
 *
 * Return: the sum.
 */
u64 ph_stat_sum(size_t offset)
{
	u64 n = atomic64_read((atomic64_t *)((char *)&ph_stats + offset));
	int cpu;

	BUILD_BUG_ON(sizeof(struct ph_stats) != sizeof(struct ph_pcpu_stats));
	BUILD_BUG_ON(sizeof(atomic64_t) != sizeof(u64));
	for_each_possible_cpu(cpu)
		n += *(u64 *)((char *)per_cpu_ptr(&ph_pcpu_stats, cpu) + offset);
	return n;
}

/**
 * ph_mode_set() - change the default mode, which every domain without a
 *	mode of its own follows
 * @mode: one of &enum phtrack_mode, already validated by the caller
 */
void ph_mode_set(int mode)
{
	int old = xchg(&ph_mode, mode);

	ph_seen_invalidate();
	if (old != mode)
		pr_info("mode %d -> %d\n", old, mode);
}
