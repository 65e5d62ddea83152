/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - internal declarations shared by the module's compilation units.
 */
#ifndef PHTRACK_H
#define PHTRACK_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/slab.h>
#include <linux/types.h>

#include "uapi/linux/phtrack.h"

#define PHTRACK_VERSION "0.1.0"

/**
 * struct ph_stats - module-wide counters, reported by STATUS_GET
 * @events_emitted: events handed to the netlink multicast group
 * @events_dropped: events lost for any reason; only ever grows
 * @requests: netlink requests served
 * @mem_bytes: bytes held in objects allocated through ph_kzalloc()
 * @execs: exec transitions processed
 * @transitions_refused: execs kept in their domain by a limit
 * @task_alloc_failed: task or exec records that could not be allocated
 * @event_seq: sequence number of the last event generated
 * @acl_quota_hits: accesses not learned, domain at quota
 * @acl_mem_hits: accesses not learned, memory cap or allocation failure
 * @violations: accesses outside the learned list (permissive, enforcing)
 * @denied: accesses refused in enforcing mode
 * @watch_events: accesses that matched a watch
 *
 * Lifetime: static, valid from module load to unload.  Locking: none, every
 * member is atomic.  @mem_bytes must be zero again when the module exits;
 * phtrack_exit() warns otherwise, which fails every VM test.
 */
struct ph_stats {
	atomic64_t events_emitted;
	atomic64_t events_dropped;
	atomic64_t requests;
	atomic_long_t mem_bytes;
	atomic64_t execs;
	atomic64_t transitions_refused;
	atomic64_t task_alloc_failed;
	atomic64_t event_seq;
	atomic64_t acl_quota_hits;
	atomic64_t acl_mem_hits;
	atomic64_t violations;
	atomic64_t denied;
	atomic64_t watch_events;
};

extern struct ph_stats ph_stats;
extern u64 ph_loaded_ns;

/* The global mode; written only by ph_mode_set(). */
extern int ph_mode;

/**
 * ph_mode_get() - the current global mode
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
		atomic_long_add(size, &ph_stats.mem_bytes);
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
	atomic_long_sub(size, &ph_stats.mem_bytes);
	kfree(p);
}

struct ph_domain;
struct task_struct;

int ph_transport_init(void);
void ph_transport_exit(void);
struct ph_acl_entry;

void ph_event_exec(struct task_struct *t, const struct ph_domain *from,
		   const struct ph_domain *to);
void ph_event_learned(const struct ph_domain *d, const struct ph_acl_entry *e, u32 bits);
struct ph_acl_key;
void ph_event_watch(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int op,
		    u32 watch_id, int result);

int ph_hooks_init(void);
void ph_hooks_exit(void);

#endif /* PHTRACK_H */
