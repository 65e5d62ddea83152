// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - in-kernel learning of per-domain access entries.
 *
 * Each domain holds the set of distinct (operation, object) entries its
 * tasks made, in TOMOYO 2.6's model: permission bits on the same object
 * merge into one entry ("file read/write/getattr /x").  A repeated access
 * costs one hash lookup under RCU and emits nothing; only a new entry or a
 * new bit on an entry is reported (event.c).  A per-domain quota and a
 * global memory cap bound the store: a domain at its quota is flagged and
 * the misses are counted.
 *
 * Marks (ph_acl_mark()) cut the history into epochs, so that userspace can
 * tell which accesses came after a point: the first access of an epoch to
 * a known entry, for each permission bit, is reported once more (with the
 * epoch), every later one costs one more read of the entry.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "acl.h"
#include "domain.h"
#include "event.h"
#include "manager.h"
#include "phtrack.h"
#include "policy.h"
#include "seen.h"
#include "violation.h"
#include "policy/ph_acl_rule.h"
#include "policy/ph_pattern.h"

unsigned int ph_acl_quota = 2048;
module_param_named(acl_quota, ph_acl_quota, uint, 0644);
MODULE_PARM_DESC(acl_quota, "most learned entries per domain (default 2048)");

unsigned long ph_acl_mem_max = 64UL << 20;
module_param_named(acl_mem_max, ph_acl_mem_max, ulong, 0644);
MODULE_PARM_DESC(acl_mem_max, "most bytes of learned entries, all domains (default 64 MiB)");

#define PH_ACL_HASH_BITS 15

/* The mark epoch: bumped by each mark, never wraps to 0 in practice. */
static atomic_t ph_acl_epoch = ATOMIC_INIT(0);

static DEFINE_HASHTABLE(ph_acl_table, PH_ACL_HASH_BITS);
static DEFINE_SPINLOCK(ph_acl_lock);
static u32 ph_acl_hash(const struct ph_domain *d, const struct ph_acl_key *k)
{
	u32 h = jhash_3words(d->id, k->type | (u32)k->sub << 16, (u32)k->num[0], 0);
	unsigned int i;

	h = jhash_3words((u32)(k->num[0] >> 32), (u32)k->num[1], (u32)k->num[2], h);
	for (i = 0; i < PH_ACL_STRS; i++) {
		if (k->str[i])
			h = jhash(k->str[i], k->len[i], h);
		if (k->cut & BIT(i))
			h = jhash(PH_ACL_CUT_MARK, PH_ACL_CUT_MARK_LEN, h);
	}
	return h;
}

/* The longest prefix of escaped @s, at most @max bytes, that ends between escapes. */
static size_t ph_acl_cut_at(const char *s, size_t len, size_t max)
{
	size_t i = 0, t;

	while (i < len) {
		t = 1;
		if (s[i] == '\\')
			t = i + 1 < len && s[i + 1] == '\\' ? 2 : 4;
		if (i + t > max)
			break;
		i += t;
	}
	return i;
}

/*
 * @key with every string longer than its share of %PH_ACL_STR_BUDGET cut
 * (acl.h): @key itself when none is, else @buf, filled.
 */
static const struct ph_acl_key *ph_acl_cut(const struct ph_acl_key *key,
					   struct ph_acl_key *buf)
{
	unsigned int i, n = 0;
	size_t share;

	for (i = 0; i < PH_ACL_STRS; i++)
		n += !!key->str[i];
	if (!n)
		return key;
	share = PH_ACL_STR_BUDGET / n;
	for (i = 0; i < PH_ACL_STRS; i++)
		if (key->str[i] && key->len[i] > share)
			break;
	if (i == PH_ACL_STRS)
		return key;
	*buf = *key;
	for (; i < PH_ACL_STRS; i++) {
		if (!buf->str[i] || buf->len[i] <= share)
			continue;
		buf->len[i] = ph_acl_cut_at(buf->str[i], buf->len[i], share);
		buf->cut |= BIT(i);
	}
	this_cpu_inc(ph_pcpu_stats.names_cut);
	return buf;
}

/*
 * @key with each file name that is new for every object (a pipe's, a
 * pseudo terminal's) as its one learned pattern (ph_name_generalize()):
 * @key itself when it has none, else @buf, filled.  The learned list is
 * keyed by these; the loaded policy and the reports see the real name.
 */
static const struct ph_acl_key *ph_acl_general(const struct ph_acl_key *key,
					       struct ph_acl_key *buf)
{
	const struct ph_acl_key *out = key;
	unsigned int i;
	const char *g;
	size_t glen;

	if (key->type != PHTRACK_ACLT_PATH && key->type != PHTRACK_ACLT_PATH_NUMBER)
		return key;
	for (i = 0; i < PH_ACL_STRS; i++) {
		if (!key->str[i] || (key->cut & BIT(i)))
			continue;
		g = ph_name_generalize(key->str[i], key->len[i], &glen);
		if (!g)
			continue;
		if (out == key) {
			*buf = *key;
			out = buf;
		}
		buf->str[i] = g;
		buf->len[i] = glen;
	}
	return out;
}

/* Length of string @i of @k as stored: with the mark when it is cut. */
static size_t ph_acl_key_len(const struct ph_acl_key *k, unsigned int i)
{
	if (!k->str[i])
		return 0;
	return k->len[i] + (k->cut & BIT(i) ? PH_ACL_CUT_MARK_LEN : 0);
}

static bool ph_acl_match(const struct ph_acl_entry *e, const struct ph_domain *d,
			 const struct ph_acl_key *k, u32 hash)
{
	unsigned int i;

	if (e->hash != hash || e->domain != d || e->type != k->type || e->sub != k->sub ||
	    memcmp(e->num, k->num, sizeof(e->num)))
		return false;
	for (i = 0; i < PH_ACL_STRS; i++) {
		size_t len = k->str[i] ? k->len[i] : 0;
		const char *str = ph_acl_str(e, i);

		if (e->len[i] != ph_acl_key_len(k, i) || (len && memcmp(str, k->str[i], len)))
			return false;
		if ((k->cut & BIT(i)) && memcmp(str + len, PH_ACL_CUT_MARK, PH_ACL_CUT_MARK_LEN))
			return false;
	}
	return true;
}

/* Caller holds rcu_read_lock() or ph_acl_lock. */
static struct ph_acl_entry *ph_acl_lookup(const struct ph_domain *d, const struct ph_acl_key *k,
					  u32 hash)
{
	struct ph_acl_entry *e;

	hash_for_each_possible_rcu(ph_acl_table, e, hnode, hash) {
		if (ph_acl_match(e, d, k, hash))
			return e;
	}
	return NULL;
}

static struct ph_acl_entry *ph_acl_new(struct ph_domain *d, const struct ph_acl_key *k, u32 hash)
{
	size_t size = sizeof(struct ph_acl_entry), slen;
	struct ph_acl_entry *e;
	unsigned int i;
	char *p;

	BUILD_BUG_ON(sizeof(struct ph_acl_entry) != 96);
	if (k->type > U8_MAX || k->sub > U8_MAX)
		return NULL;
	for (i = 0; i < PH_ACL_STRS; i++) {
		slen = ph_acl_key_len(k, i);
		if (slen > U16_MAX)
			return NULL;
		size += slen ? slen + 1 : 0;
	}
	if (atomic64_read(&ph_stats.acl_mem_bytes) + size > ph_acl_mem_max)
		return NULL;
	e = ph_kzalloc(size, GFP_ATOMIC | __GFP_NOWARN);
	if (!e)
		return NULL;
	e->domain = d;
	e->hash = hash;
	e->type = k->type;
	e->sub = k->sub;
	memcpy(e->num, k->num, sizeof(e->num));
	e->created_ns = ktime_get_real_ns();
	p = e->str;
	for (i = 0; i < PH_ACL_STRS; i++) {
		/* An empty string is stored as none, as ph_acl_str() reads it. */
		slen = ph_acl_key_len(k, i);
		if (!slen)
			continue;
		memcpy(p, k->str[i], k->len[i]);
		if (k->cut & BIT(i))
			memcpy(p + k->len[i], PH_ACL_CUT_MARK, PH_ACL_CUT_MARK_LEN);
		p[slen] = '\0';
		e->len[i] = slen;
		p += slen + 1;
	}
	return e;
}

/*
 * Whether the access with @want to known entry @e is due a report in epoch
 * @epoch: the first caller of an epoch for each bit wins, and records it.
 */
static bool ph_acl_report_due(struct ph_acl_entry *e, u32 want, u32 epoch)
{
	s64 old = atomic64_read(&e->reported), new;
	u32 bits;

	do {
		bits = (u64)old >> 32 == epoch ? (u32)old : 0;
		if (bits & want)
			return false;
		new = (s64)((u64)epoch << 32 | bits | want);
	} while (!atomic64_try_cmpxchg(&e->reported, &old, new));
	return true;
}

/**
 * ph_acl_reported() - the permission bits of @e reported in this epoch
 * @e: a known entry
 *
 * A task may remember (seen.c) only these: a bit not yet reported since the
 * last mark must reach ph_acl_access() once more, even when the entry
 * already has it.
 *
 * Return: the bits, a subset of @e's permissions.
 */
u32 ph_acl_reported(struct ph_acl_entry *e)
{
	s64 r = atomic64_read(&e->reported);
	u32 epoch = (u32)atomic_read(&ph_acl_epoch);

	if ((u64)r >> 32 != epoch)
		return 0;
	return (u32)r & (u32)atomic_read(&e->perm);
}

/**
 * ph_acl_mark() - start a new mark epoch
 * @time_ns: set to CLOCK_REALTIME nanoseconds of the start
 *
 * Every known entry is reported again at its next access (per bit), with
 * the new epoch; the per-task caches are invalidated so that no repeat
 * skips that report.
 *
 * Return: the new epoch.
 */
u32 ph_acl_mark(u64 *time_ns)
{
	u32 epoch = (u32)atomic_inc_return(&ph_acl_epoch);

	*time_ns = ktime_get_real_ns();
	ph_seen_invalidate();
	return epoch;
}

/**
 * ph_acl_access() - account one access of a domain
 * @d: the domain the task is in
 * @key: what was accessed
 * @bit: the permission bit used (PHTRACK_PERM_*)
 * @known: if not NULL, set to the entry that holds the access when it is
 *	(now) in the list with @bit, else to NULL; valid while the caller
 *	stays in an RCU read-side section (a hook handler, which runs with
 *	preemption disabled, or rcu_read_lock()), since ph_acl_forget() may
 *	free it after a grace period
 * @by_policy: if not NULL, set to whether the loaded policy (policy.c),
 *	not the learned list, allowed the access: a permissive or enforcing
 *	domain's access that nothing records.  Its repeats may be answered
 *	from the task's memory (seen.c) until ph_seen_gen moves, which every
 *	policy commit and mode change does.  A refusal is never remembered:
 *	each one is a violation to count and report.
 *
 * The mode is @d's (ph_domain_mode()).  Disabled: nothing is recorded.
 * Learning: the entry is added or gains @bit.  Permissive and enforcing:
 * an access outside the learned list and the loaded policy (policy.c) is
 * counted as a violation, and in enforcing mode it is refused, except in
 * <kernel>.  Safe in atomic
 * context; never sleeps.
 *
 * Return: 0 to allow, -EPERM to deny.
 */
int ph_acl_access(struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit,
		  struct ph_acl_entry **known, bool *by_policy)
{
	struct ph_acl_entry *e, *fresh, *dummy;
	int mode = ph_domain_mode(d);
	const struct ph_acl_key *lk;
	struct ph_acl_key cut, gen;
	u32 hash, want = BIT(bit), old, epoch;
	bool no_policy;

	if (!known)
		known = &dummy;
	if (!by_policy)
		by_policy = &no_policy;
	*known = NULL;
	*by_policy = false;
	if (mode == PHTRACK_MODE_DISABLED)
		return 0;
	key = ph_acl_cut(key, &cut);
	lk = ph_acl_general(key, &gen);
	hash = ph_acl_hash(d, lk);
	epoch = (u32)atomic_read(&ph_acl_epoch);
	rcu_read_lock();
	e = ph_acl_lookup(d, lk, hash);
	if (e && (atomic_read(&e->perm) & want)) {
		/* The first use of this bit since a mark is reported again. */
		if (ph_acl_report_due(e, want, epoch))
			ph_event_learned(d, e, want, epoch);
		rcu_read_unlock();
		*known = e;		/* valid in the caller's RCU read side */
		return 0;		/* the common case: known */
	}
	if (mode != PHTRACK_MODE_LEARNING) {
		int err = 0;

		rcu_read_unlock();
		/* Outside the learned list: the loaded policy (policy.c) may hold it. */
		if (ph_policy_allows(d, key, bit)) {
			*by_policy = true;
			return 0;
		}
		/*
		 * Outside both.  <kernel> (kernel threads, and everything
		 * before init) and the managers are never denied.
		 */
		atomic64_inc(&ph_stats.violations);
		if (mode == PHTRACK_MODE_ENFORCING && d != ph_kernel_domain &&
		    !ph_manager_domain(d)) {
			atomic64_inc(&ph_stats.denied);
			err = -EPERM;
		}
		ph_violation(d, key, bit, err);
		return err;
	}
	if (e) {
		old = atomic_fetch_or(want, &e->perm);
		if (ph_acl_report_due(e, want, epoch) || !(old & want))
			ph_event_learned(d, e, want, epoch);
		rcu_read_unlock();
		*known = e;
		return 0;
	}
	rcu_read_unlock();

	if (atomic_read(&d->acl_count) >= ph_acl_quota) {
		ph_domain_flag(d, PHTRACK_DOMAIN_BIT_QUOTA);
		atomic64_inc(&ph_stats.acl_quota_hits);
		return 0;
	}
	fresh = ph_acl_new(d, lk, hash);
	if (!fresh) {
		atomic64_inc(&ph_stats.acl_mem_hits);
		return 0;
	}

	rcu_read_lock();	/* over every use of the entry found or added */
	spin_lock(&ph_acl_lock);
	e = ph_acl_lookup(d, lk, hash);
	if (!e && atomic_read(&d->acl_count) >= ph_acl_quota) {
		spin_unlock(&ph_acl_lock);
		rcu_read_unlock();
		ph_kfree(fresh, ph_acl_entry_size(fresh));
		ph_domain_flag(d, PHTRACK_DOMAIN_BIT_QUOTA);
		atomic64_inc(&ph_stats.acl_quota_hits);
		return 0;
	}
	if (!e) {
		atomic_set(&fresh->perm, want);
		atomic64_set(&fresh->reported, (s64)((u64)epoch << 32 | want));
		hash_add_rcu(ph_acl_table, &fresh->hnode, hash);
		list_add_tail_rcu(&fresh->dnode, &d->acl);
		atomic_inc(&d->acl_count);
		atomic64_inc(&ph_stats.acl_entries);
		atomic64_add(ph_acl_entry_size(fresh), &ph_stats.acl_mem_bytes);
	}
	spin_unlock(&ph_acl_lock);

	if (e) {			/* lost a race: merge into the winner */
		ph_kfree(fresh, ph_acl_entry_size(fresh));
		old = atomic_fetch_or(want, &e->perm);
		if (ph_acl_report_due(e, want, epoch) || !(old & want))
			ph_event_learned(d, e, want, epoch);
		rcu_read_unlock();
		*known = e;
		return 0;
	}
	ph_event_learned(d, fresh, want, epoch);
	rcu_read_unlock();
	*known = fresh;
	return 0;
}

/**
 * ph_acl_allows() - whether a domain's list holds an access, learning nothing
 * @d: the domain
 * @key: the access
 * @bit: the permission bit (PHTRACK_PERM_*)
 *
 * Safe in atomic context; never sleeps.
 *
 * Return: true when @d's learned list has the entry with @bit, or its
 * loaded policy allows the access.
 */
bool ph_acl_allows(struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit)
{
	const struct ph_acl_key *lk;
	struct ph_acl_key cut, gen;
	struct ph_acl_entry *e;
	bool ok;

	key = ph_acl_cut(key, &cut);
	lk = ph_acl_general(key, &gen);
	rcu_read_lock();
	e = ph_acl_lookup(d, lk, ph_acl_hash(d, lk));
	ok = e && (atomic_read(&e->perm) & BIT(bit));
	rcu_read_unlock();
	/* Else the loaded policy (policy.c) may hold it. */
	return ok || ph_policy_allows(d, key, bit);
}

/* Make room for one more unlinked entry in @g; process context, may sleep. */
static int ph_acl_gone_reserve(struct ph_acl_gone *g, unsigned int more)
{
	struct ph_acl_entry **e;
	unsigned int max;

	if (g->n + more <= g->max)
		return 0;
	max = max(g->max * 2, g->n + more);
	e = krealloc_array(g->e, max, sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	g->e = e;
	g->max = max;
	return 0;
}

/* The &ph_policy_forget.reserve of a &struct ph_acl_gone. */
static int ph_acl_gone_reserve_op(struct ph_policy_forget *f, unsigned int n)
{
	/* A number line is looked up in every radix: up to three entries. */
	return ph_acl_gone_reserve(container_of(f, struct ph_acl_gone, ops),
				   n * (PHTRACK_RADIX_DECIMAL + 1));
}

/*
 * The &ph_policy_forget.forget of a &struct ph_acl_gone: delete @perm of
 * the learned entry of @d that is access @a.  An entry with bits left
 * keeps them; one without is unlinked under the ACL spinlock (RCU readers
 * still on it finish safely) and kept in the set until ph_acl_gone_free().
 * For a number line (chmod, ioctl, ...) the radix is not in the text:
 * every radix is tried.  Never sleeps: ph_acl_gone_reserve_op() made the
 * room (without room an entry would keep its bits, never leak).
 */
static bool ph_acl_gone_forget_op(struct ph_policy_forget *f, struct ph_domain *d,
				  const struct ph_acl_access *a, u32 perm)
{
	struct ph_acl_gone *g = container_of(f, struct ph_acl_gone, ops);
	unsigned int i, sub, last = PHTRACK_RADIX_DECIMAL;
	struct ph_acl_key k = { .type = a->type, .sub = a->sub };
	struct ph_acl_entry *e;
	bool found = false;

	for (i = 0; i < PH_ACL_STRS; i++) {
		k.num[i] = a->num[i];
		k.str[i] = a->str[i];
		k.len[i] = a->str[i] ? a->len[i] : 0;
	}
	if (k.type != PHTRACK_ACLT_PATH_NUMBER)
		last = 0;
	for (sub = 0; sub <= last; sub++) {
		if (k.type == PHTRACK_ACLT_PATH_NUMBER)
			k.sub = sub;
		spin_lock(&ph_acl_lock);
		e = ph_acl_lookup(d, &k, ph_acl_hash(d, &k));
		if (e && (atomic_read(&e->perm) & perm) && g->n < g->max) {
			found = true;
			if (!(atomic_fetch_andnot(perm, &e->perm) & ~perm)) {
				hash_del_rcu(&e->hnode);
				list_del_rcu(&e->dnode);
				atomic_dec(&d->acl_count);
				atomic64_dec(&ph_stats.acl_entries);
				atomic64_sub(ph_acl_entry_size(e), &ph_stats.acl_mem_bytes);
				g->e[g->n++] = e;
			}
		}
		spin_unlock(&ph_acl_lock);
	}
	return found;
}

/**
 * ph_acl_gone_init() - an empty set of deleted entries, for a policy commit
 * @g: the set
 */
void ph_acl_gone_init(struct ph_acl_gone *g)
{
	g->ops.reserve = ph_acl_gone_reserve_op;
	g->ops.forget = ph_acl_gone_forget_op;
	g->e = NULL;
	g->n = 0;
	g->max = 0;
}

/**
 * ph_acl_gone_free() - free the entries a commit deleted, and the set
 * @g: the set
 *
 * Waits for a grace period first: no hook or dump still holds them.
 * Process context; sleeps.
 */
void ph_acl_gone_free(struct ph_acl_gone *g)
{
	unsigned int i;

	if (g->n)
		synchronize_rcu();
	for (i = 0; i < g->n; i++)
		ph_kfree(g->e[i], ph_acl_entry_size(g->e[i]));
	kfree(g->e);
	ph_acl_gone_init(g);
}

/**
 * ph_acl_exit() - free every entry; no hook or handler can reach them
 */
void ph_acl_exit(void)
{
	struct ph_acl_entry *e;
	struct hlist_node *tmp;
	unsigned int bkt;

	hash_for_each_safe(ph_acl_table, bkt, tmp, e, hnode) {
		hash_del(&e->hnode);
		list_del(&e->dnode);
		atomic_dec(&e->domain->acl_count);
		atomic64_dec(&ph_stats.acl_entries);
		atomic64_sub(ph_acl_entry_size(e), &ph_stats.acl_mem_bytes);
		ph_kfree(e, ph_acl_entry_size(e));
	}
}
