/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - internal declarations shared by the module's compilation units.
 */
#ifndef PHTRACK_H
#define PHTRACK_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/types.h>

#include "uapi/linux/phtrack.h"

#define PHTRACK_VERSION "0.1.0"

/**
 * struct ph_stats - module-wide counters, reported by STATUS_GET
 *
 * One atomic64_t per line of uapi/linux/phtrack_counters.h,
 * named by the line's key: ph_stats.execs, ph_stats.alloc_failed, ...  The
 * code that counts a counter adds to it; STATUS_GET (genl.c) reports every
 * member, plus its share in &struct ph_pcpu_stats, without naming any.
 * Values that are not event counts (domains, tasks, mem_bytes,
 * events_queued, can_deny, ...) are kept up to date by their owner where
 * they change.  docs/architecture.md ("Adding a status counter") shows the
 * steps.
 *
 * Lifetime: static, valid from module load to unload, zero at load.
 * Locking: none, every member is atomic.  @mem_bytes must be zero again
 * when the module exits; phtrack_exit() warns otherwise, which fails every
 * VM test.
 */
struct ph_stats {
	atomic64_t
#define PHTRACK_COUNTER(NAME, key, label) key,
#include "uapi/linux/phtrack_counters.h"
#undef PHTRACK_COUNTER
		end_;
};

/**
 * struct ph_pcpu_stats - the per-CPU share of the counters
 *
 * The same members as &struct ph_stats, as plain u64s in a per-CPU
 * variable, for counters bumped on a hot path (known_repeats), where a
 * shared atomic would bounce a cache line between CPUs: this_cpu_inc(
 * ph_pcpu_stats.KEY).  ph_stat_read() adds them up.
 *
 * Lifetime: static per-CPU.  Locking: written only by its own CPU, with
 * preemption disabled (this_cpu_*() operations).
 */
struct ph_pcpu_stats {
	u64
#define PHTRACK_COUNTER(NAME, key, label) key,
#include "uapi/linux/phtrack_counters.h"
#undef PHTRACK_COUNTER
		end_;
};

DECLARE_PER_CPU(struct ph_pcpu_stats, ph_pcpu_stats);
u64 ph_stat_sum(size_t offset);

/*
 * The value of counter @key: its shared part plus every CPU's share.  Both
 * structs list the same members in the same order, each 8 bytes, so one
 * offset serves both (ph_stat_sum() checks the sizes at build time).
 */
#define ph_stat_read(key) ph_stat_sum(offsetof(struct ph_stats, key))

extern struct ph_stats ph_stats;
extern u64 ph_loaded_ns;

/* The default mode; written only by ph_mode_set(). */
extern int ph_mode;

/**
 * ph_mode_get() - the current default mode (see ph_domain_mode())
 *
 * Inline: every hook reads it first.
 *
 * Return: one of &enum phtrack_mode.
 */
static inline int ph_mode_get(void)
{
	return READ_ONCE(ph_mode);
}

void ph_mode_set(int mode);

/*
 * Domains with a mode of their own (domain.c counts them).  While there is
 * one, a disabled default does not switch the hooks off.
 */
extern atomic_t ph_own_modes;

/**
 * ph_off() - whether every hook may return at once
 *
 * Return: true when the default mode is disabled and no domain has a mode
 * of its own.
 */
static inline bool ph_off(void)
{
	return ph_mode_get() == PHTRACK_MODE_DISABLED && !atomic_read(&ph_own_modes);
}

/**
 * ph_kzalloc() - allocate zeroed memory accounted in ph_stats.mem_bytes
 * @size: bytes to allocate
 * @gfp: allocation flags
 *
 * Return: the new object or NULL.  Free it with ph_kfree() and the same size.
 */
static inline void *ph_kzalloc(size_t size, gfp_t gfp)
{
	void *p = kzalloc(size, gfp);

	if (p)
		atomic64_add(size, &ph_stats.mem_bytes);
	return p;
}

/**
 * ph_kfree() - free memory obtained from ph_kzalloc()
 * @p: object, may be NULL
 * @size: the size it was allocated with
 */
static inline void ph_kfree(const void *p, size_t size)
{
	if (!p)
		return;
	atomic64_sub(size, &ph_stats.mem_bytes);
	kfree(p);
}

int ph_hooks_init(void);
void ph_hooks_exit(void);

#endif /* PHTRACK_H */
