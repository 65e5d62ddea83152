/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - the domain registry: one object per distinct exec-ancestry name.
 */
#ifndef PHTRACK_DOMAIN_H
#define PHTRACK_DOMAIN_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/types.h>

#include "phtrack.h"

/**
 * struct ph_domain - one process-history domain
 * @hnode: link in the registry's name hash
 * @lnode: link in the registry's list, which is in creation (= id) order
 * @parent: the domain this one was entered from; NULL only for <kernel>
 * @id: stable number assigned in creation order; <kernel> is 0
 * @depth: number of programs after <kernel>
 * @flags: PHTRACK_DOMAIN_F_* bits, only ever set, with set_bit()
 * @mode: the domain's own mode (&enum phtrack_mode), or %PH_MODE_DEFAULT to
 *	follow the default mode; set when the domain is created, to its
 *	parent's, and by ph_domain_mode_set(), both under the registry lock;
 *	read with READ_ONCE() (ph_domain_mode())
 * @tasks: tasks whose record points here; ph_domain_get_task() and
 *	ph_domain_put_task()
 * @created_ns: CLOCK_REALTIME nanoseconds at creation
 * @target: fully resolved path of the program that created it (escaped),
 *	or NULL; set at creation, or once later from NULL by
 *	ph_domains_resolve_targets() (cmpxchg()), then immutable; read with
 *	ph_domain_target()
 * @alloc_size: bytes accounted for this object (without @target)
 * @target_size: bytes accounted for @target
 * @acl: learned entries (&struct ph_acl_entry), in learning order; RCU list
 *	changed under the ACL lock
 * @acl_count: entries in @acl
 * @exec_child: the child last entered from here by an exec whose
 *	"file execute" entry here was known (exec.c), or NULL; only ever a
 *	child of this domain.  Through ph_domain_child_known() and
 *	ph_domain_child_remember() only (smp_store_release() and
 *	smp_load_acquire())
 * @exec_gen: ph_seen_gen when this domain was last stored as its parent's
 *	@exec_child; written before it, with WRITE_ONCE(), by
 *	ph_domain_child_remember()
 * @env_known: signatures of the last two environment name lists found all
 *	known in this domain (env.c), through ph_domain_env_known() and
 *	ph_domain_env_remember() only; racing writers only lose a signature
 * @name_len: strlen(@name)
 * @name: escaped, space-separated name, e.g. "<kernel> /sbin/init"
 *
 * Lifetime: created the first time a task enters the name, and kept by the
 * registry until the module unloads, because what a domain learned must
 * outlive its tasks.  Tasks reference their domain through @tasks; a domain
 * is freed only by ph_domains_exit() after every task record is gone.
 *
 * Locking: @hnode and @lnode are changed under the registry spinlock and
 * walked under RCU.  All other members are immutable after publication
 * except @flags and @tasks, which are atomic, @mode and @target (see
 * above), and @exec_child, @exec_gen
 * and @env_known, which only remember work that may be skipped.
 */
struct ph_domain {
	struct hlist_node hnode;
	struct list_head lnode;
	struct ph_domain *parent;
	u32 id;
	u32 depth;
	unsigned long flags;
	int mode;
	atomic_t tasks;
	u64 created_ns;
	const char *target;
	size_t alloc_size;
	size_t target_size;
	struct list_head acl;
	atomic_t acl_count;
	struct ph_domain *exec_child;
	unsigned int exec_gen;
	u64 env_known[2];
	u32 name_len;
	char name[];
};

/* ph_domain.mode of a domain that follows the default mode. */
#define PH_MODE_DEFAULT (-1)

extern struct ph_domain *ph_kernel_domain;
extern struct list_head ph_domain_list;

/* Limits, module parameters. */
extern unsigned int ph_max_depth;
extern unsigned int ph_max_name_len;
extern unsigned int ph_max_domains;

int ph_domains_init(void);
void ph_domains_exit(void);

struct ph_domain *ph_domain_enter(struct ph_domain *from, const char *prog, size_t plen,
				  const char *target, unsigned long flags, gfp_t gfp);
struct ph_domain *ph_domain_child_known(struct ph_domain *from, const char *prog, size_t plen,
					unsigned int gen);
void ph_domain_child_remember(struct ph_domain *from, struct ph_domain *child, unsigned int gen);
struct ph_domain *ph_domain_find_id(u32 id);
unsigned int ph_domain_mode_set(struct ph_domain *top, int mode, bool subtree);
unsigned int ph_domains_resolve_targets(void);

/**
 * ph_domain_target() - the resolved name of a domain's program
 * @d: the domain
 *
 * Return: the escaped name, or NULL when not known (yet).
 */
static inline const char *ph_domain_target(const struct ph_domain *d)
{
	/* Pairs with the cmpxchg() that sets it: the string is complete. */
	return smp_load_acquire(&d->target);
}

/**
 * ph_domain_mode() - the mode a domain's accesses are handled in
 * @d: the domain
 *
 * Return: @d's own mode, or the default mode when it follows the default.
 */
static inline int ph_domain_mode(const struct ph_domain *d)
{
	int mode = READ_ONCE(d->mode);

	return mode == PH_MODE_DEFAULT ? ph_mode_get() : mode;
}

static inline void ph_domain_flag(struct ph_domain *d, int bit)
{
	if (!test_bit(bit, &d->flags))
		set_bit(bit, &d->flags);
}

/* A task record starts pointing at @d (task.c, exec.c). */
static inline void ph_domain_get_task(struct ph_domain *d)
{
	atomic_inc(&d->tasks);
}

/* A task record stops pointing at @d. */
static inline void ph_domain_put_task(struct ph_domain *d)
{
	atomic_dec(&d->tasks);
}

/**
 * ph_domain_env_known() - whether @d remembers an environment name list
 * @d: the domain
 * @sig: the list's signature (env.c)
 *
 * Return: true when @sig is one of the last two remembered.
 */
static inline bool ph_domain_env_known(const struct ph_domain *d, u64 sig)
{
	return sig == READ_ONCE(d->env_known[0]) || sig == READ_ONCE(d->env_known[1]);
}

/**
 * ph_domain_env_remember() - remember a name list found entirely known in @d
 * @d: the domain
 * @sig: the list's signature; its low bit picks which of the two it replaces
 */
static inline void ph_domain_env_remember(struct ph_domain *d, u64 sig)
{
	WRITE_ONCE(d->env_known[sig & 1], sig);
}

#endif /* PHTRACK_DOMAIN_H */
