// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the domain registry.
 *
 * A domain is named by the chain of programs executed since boot, e.g.
 * "<kernel> /sbin/init /etc/rc.d/rc".  The registry holds one object per
 * distinct name, hashed by name for lookups from any context (RCU) and
 * listed in creation order for dumps.  Creation may happen in atomic context
 * (a hook adopting a task it has not seen), so the registry lock is a
 * spinlock and allocations take the caller's gfp flags.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <linux/stringhash.h>
#include <linux/timekeeping.h>

#include "domain.h"
#include "name.h"
#include "phtrack.h"
#include "seen.h"

unsigned int ph_max_depth = 64;
module_param_named(max_depth, ph_max_depth, uint, 0444);
MODULE_PARM_DESC(max_depth, "most programs in a domain name after <kernel> (default 64)");

unsigned int ph_max_name_len = 8192;
module_param_named(max_name_len, ph_max_name_len, uint, 0444);
MODULE_PARM_DESC(max_name_len, "longest domain name in bytes, escaped (default 8192)");

unsigned int ph_max_domains = 16384;
module_param_named(max_domains, ph_max_domains, uint, 0444);
MODULE_PARM_DESC(max_domains, "most domains kept (default 16384)");

#define PH_DOMAIN_HASH_BITS 10
#define PH_KERNEL_NAME "<kernel>"

static DEFINE_SPINLOCK(ph_domain_lock);
static DEFINE_HASHTABLE(ph_domain_table, PH_DOMAIN_HASH_BITS);
LIST_HEAD(ph_domain_list);
static u32 ph_domain_next_id;
struct ph_domain *ph_kernel_domain;

static u32 ph_name_hash(const char *name, size_t len)
{
	return full_name_hash(NULL, name, len);
}

/* Caller holds rcu_read_lock() or ph_domain_lock. */
static struct ph_domain *ph_domain_lookup(const char *name, size_t len, u32 hash)
{
	struct ph_domain *d;

	hash_for_each_possible_rcu(ph_domain_table, d, hnode, hash) {
		if (d->name_len == len && !memcmp(d->name, name, len))
			return d;
	}
	return NULL;
}

/*
 * "@from @prog" if it exists, its name put together in this CPU's buffer:
 * a transition into a known domain allocates nothing.
 */
static struct ph_domain *ph_domain_find(const struct ph_domain *from, const char *prog,
					size_t plen)
{
	size_t len = from->name_len + 1 + plen;
	struct ph_domain *found = NULL;
	struct ph_namebuf *nb = ph_namebuf_get();

	/* No buffer free: the caller's lookup while creating finds it. */
	if (!nb)
		return NULL;
	if (len < sizeof(nb->esc)) {
		memcpy(nb->esc, from->name, from->name_len);
		nb->esc[from->name_len] = ' ';
		memcpy(nb->esc + from->name_len + 1, prog, plen);
		rcu_read_lock();
		found = ph_domain_lookup(nb->esc, len, ph_name_hash(nb->esc, len));
		rcu_read_unlock();
	}
	ph_namebuf_put(nb);
	return found;
}

static void ph_domain_free(struct ph_domain *d)
{
	ph_kfree(d->target, d->target_size);
	ph_kfree(d, d->alloc_size);
}

static struct ph_domain *ph_domain_alloc(struct ph_domain *parent, const char *prog, size_t plen,
					 const char *target, unsigned long flags, gfp_t gfp)
{
	size_t len = parent ? parent->name_len + 1 + plen : plen;
	size_t size = sizeof(struct ph_domain) + len + 1;
	struct ph_domain *d = ph_kzalloc(size, gfp | __GFP_NOWARN);

	if (!d)
		return NULL;
	d->alloc_size = size;
	if (parent) {
		memcpy(d->name, parent->name, parent->name_len);
		d->name[parent->name_len] = ' ';
		memcpy(d->name + parent->name_len + 1, prog, plen);
		d->depth = parent->depth + 1;
	} else {
		memcpy(d->name, prog, plen);
	}
	d->name[len] = '\0';
	d->name_len = len;
	d->parent = parent;
	d->flags = flags;
	d->mode = PH_MODE_DEFAULT;
	atomic_set(&d->tasks, 0);
	d->created_ns = ktime_get_real_ns();
	INIT_LIST_HEAD(&d->lnode);
	INIT_LIST_HEAD(&d->acl);
	atomic_set(&d->acl_count, 0);
	if (target) {
		size_t tsize = strlen(target) + 1;
		char *t = ph_kzalloc(tsize, gfp | __GFP_NOWARN);

		if (t) {
			memcpy(t, target, tsize);
			d->target = t;
			d->target_size = tsize;
		}
	}
	return d;
}

/**
 * ph_domain_enter() - the domain reached by executing a program
 * @from: the current domain
 * @prog: the program's escaped absolute path (one token, no spaces)
 * @plen: its length
 * @target: the program's fully resolved path, escaped, or NULL
 * @flags: PHTRACK_DOMAIN_F_* bits for a domain created by this call
 * @gfp: allocation flags; GFP_ATOMIC from hooks, GFP_KERNEL elsewhere
 *
 * Finds "@from @prog" or creates it.  The name length, depth and domain
 * count limits are checked here.
 *
 * Return: the domain; ERR_PTR(-E2BIG) when a limit forbids it (@from is then
 * flagged %PHTRACK_DOMAIN_F_CAPPED), or ERR_PTR(-ENOMEM).
 */
struct ph_domain *ph_domain_enter(struct ph_domain *from, const char *prog, size_t plen,
				  const char *target, unsigned long flags, gfp_t gfp)
{
	size_t len = from->name_len + 1 + plen;
	struct ph_domain *d, *found;
	char *name;
	u32 hash;

	if (from->depth + 1 > ph_max_depth || len > ph_max_name_len) {
		ph_domain_flag(from, PHTRACK_DOMAIN_BIT_CAPPED);
		return ERR_PTR(-E2BIG);
	}

	found = ph_domain_find(from, prog, plen);
	if (found)
		return found;
	d = ph_domain_alloc(from, prog, plen, target, flags, gfp);
	if (!d)
		return ERR_PTR(-ENOMEM);
	name = d->name;
	hash = ph_name_hash(name, len);

	spin_lock(&ph_domain_lock);
	found = ph_domain_lookup(name, len, hash);
	if (!found && atomic64_read(&ph_stats.domains) >= ph_max_domains) {
		spin_unlock(&ph_domain_lock);
		ph_domain_free(d);
		ph_domain_flag(from, PHTRACK_DOMAIN_BIT_CAPPED);
		return ERR_PTR(-E2BIG);
	}
	if (!found) {
		d->id = ph_domain_next_id++;
		/* A new domain starts in its parent's mode. */
		d->mode = from->mode;
		if (d->mode != PH_MODE_DEFAULT)
			atomic_inc(&ph_own_modes);
		hash_add_rcu(ph_domain_table, &d->hnode, hash);
		list_add_tail_rcu(&d->lnode, &ph_domain_list);
		atomic64_inc(&ph_stats.domains);
	}
	spin_unlock(&ph_domain_lock);
	if (found) {
		ph_domain_free(d);
		return found;
	}
	return d;
}

/**
 * ph_domain_child_known() - the domain an exec of @prog from @from enters,
 *	when @from remembers it
 * @from: the exec's domain
 * @prog: the program's name, escaped
 * @plen: its length
 * @gen: ph_seen_gen, read before the exec's accesses were recorded
 *
 * The last child entered from @from is remembered with the generation of
 * then (ph_domain_child_remember()); it is the answer while the name and
 * the generation are the same.  Saves putting the child's name together,
 * hashing it, and recording the known "file execute" entry again.
 *
 * Return: the child, or NULL when not remembered.
 */
struct ph_domain *ph_domain_child_known(struct ph_domain *from, const char *prog, size_t plen,
					unsigned int gen)
{
	/* Pairs with ph_domain_child_remember(): @exec_gen is read after. */
	struct ph_domain *c = smp_load_acquire(&from->exec_child);

	if (!c || READ_ONCE(c->exec_gen) != gen || c->name_len != from->name_len + 1 + plen ||
	    memcmp(c->name + from->name_len + 1, prog, plen))
		return NULL;
	return c;
}

/**
 * ph_domain_child_remember() - remember the child an exec from @from entered
 * @from: the exec's domain, where its "file execute" entry is known
 * @child: the domain entered; ignored unless a child of @from
 * @gen: ph_seen_gen, read before that entry was recorded
 */
void ph_domain_child_remember(struct ph_domain *from, struct ph_domain *child, unsigned int gen)
{
	if (child->parent != from)
		return;
	WRITE_ONCE(child->exec_gen, gen);
	/* Publishes @exec_gen with the pointer (ph_domain_child_known()). */
	smp_store_release(&from->exec_child, child);
}

/**
 * ph_domain_find_id() - look a domain up by id
 * @id: the id
 *
 * Caller holds rcu_read_lock(); domains are never freed while the module is
 * loaded, so the result stays valid after it too.
 *
 * Return: the domain or NULL.
 */
struct ph_domain *ph_domain_find_id(u32 id)
{
	struct ph_domain *d;

	list_for_each_entry_rcu(d, &ph_domain_list, lnode) {
		if (d->id == id)
			return d;
	}
	return NULL;
}

/* Is @d below @top (a descendant, not @top itself)? */
static bool ph_domain_below(const struct ph_domain *d, const struct ph_domain *top)
{
	const struct ph_domain *p;

	for (p = d->parent; p; p = p->parent) {
		if (p == top)
			return true;
	}
	return false;
}

/**
 * ph_domain_mode_set() - give a domain, or a subtree, a mode of its own
 * @top: the domain
 * @mode: one of &enum phtrack_mode, or %PH_MODE_DEFAULT to follow the
 *	default mode again
 * @subtree: also every domain below @top
 *
 * Under the registry lock, so a domain created meanwhile either is
 * changed here or starts with its parent's new mode.  Domains created
 * later below @top start in @top's mode.  Process context.
 *
 * Return: the number of domains changed.
 */
unsigned int ph_domain_mode_set(struct ph_domain *top, int mode, bool subtree)
{
	unsigned int n = 0;
	struct ph_domain *d;

	spin_lock(&ph_domain_lock);
	list_for_each_entry(d, &ph_domain_list, lnode) {
		if (d != top && (!subtree || !ph_domain_below(d, top)))
			continue;
		if (d->mode == PH_MODE_DEFAULT && mode != PH_MODE_DEFAULT)
			atomic_inc(&ph_own_modes);
		else if (d->mode != PH_MODE_DEFAULT && mode == PH_MODE_DEFAULT)
			atomic_dec(&ph_own_modes);
		WRITE_ONCE(d->mode, mode);
		n++;
	}
	spin_unlock(&ph_domain_lock);
	/* Forget known accesses remembered under the old mode. */
	ph_seen_invalidate();
	pr_info("mode %d for %u domain(s) from %s\n", mode, n, top->name);
	return n;
}

/* Give @d the target @t unless it has one; true when @t was taken. */
static bool ph_domain_target_set(struct ph_domain *d, char *t)
{
	/* Pairs with ph_domain_target(): the string before the pointer. */
	if (cmpxchg(&d->target, NULL, t))
		return false;
	d->target_size = strlen(t) + 1;
	atomic64_add(d->target_size, &ph_stats.mem_bytes);
	return true;
}

/**
 * ph_domains_resolve_targets() - name the program of each domain without a
 *	target
 *
 * A domain a policy load names (policy.c) is created, not entered by an
 * exec, so it has no target, the resolved name of its program, and an
 * enforcing exec check cannot tell that a program reached through a
 * symlink (/bin/sh, the file /usr/bin/dash) is the one its last word
 * names (exec.c).  Each such domain's last word is looked up here in the
 * current task's root: at a policy load once the boot trigger has run,
 * and at the boot trigger's exec, when the real root has replaced the
 * initramfs.  Domains are never unlinked while the module is loaded, so
 * the walk may leave the RCU read side, and sleep, between two of them.
 * Process context; sleeps.
 *
 * Return: the number of domains given a target.
 */
unsigned int ph_domains_resolve_targets(void)
{
	unsigned int n = 0;
	struct ph_domain *d;
	size_t skip;
	char *t;

	rcu_read_lock();
	list_for_each_entry_rcu(d, &ph_domain_list, lnode) {
		if (!d->parent || ph_domain_target(d))
			continue;
		rcu_read_unlock();
		skip = d->parent->name_len + 1;
		t = ph_name_resolve(d->name + skip, d->name_len - skip);
		if (t && ph_domain_target_set(d, t))
			n++;
		else
			kfree(t);
		cond_resched();
		rcu_read_lock();
	}
	rcu_read_unlock();
	return n;
}

/**
 * ph_domains_init() - create the registry and its <kernel> domain
 *
 * Return: 0 or -ENOMEM.
 */
int ph_domains_init(void)
{
	struct ph_domain *k;

	k = ph_domain_alloc(NULL, PH_KERNEL_NAME, strlen(PH_KERNEL_NAME), NULL, 0, GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	spin_lock(&ph_domain_lock);
	k->id = ph_domain_next_id++;
	hash_add_rcu(ph_domain_table, &k->hnode, ph_name_hash(k->name, k->name_len));
	list_add_tail_rcu(&k->lnode, &ph_domain_list);
	atomic64_inc(&ph_stats.domains);
	spin_unlock(&ph_domain_lock);
	ph_kernel_domain = k;
	return 0;
}

/**
 * ph_domains_exit() - free every domain
 *
 * Called last at unload, when no hook, task record or netlink handler can
 * reach a domain any more.
 */
void ph_domains_exit(void)
{
	struct ph_domain *d, *tmp;

	list_for_each_entry_safe(d, tmp, &ph_domain_list, lnode) {
		WARN_ON_ONCE(atomic_read(&d->tasks));
		hash_del(&d->hnode);
		list_del(&d->lnode);
		if (d->mode != PH_MODE_DEFAULT)
			atomic_dec(&ph_own_modes);
		atomic64_dec(&ph_stats.domains);
		ph_domain_free(d);
	}
	ph_kernel_domain = NULL;
	ph_domain_next_id = 0;
}
