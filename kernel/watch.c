// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - watched paths.
 *
 * A watch is a path pattern and a set of operations (&enum phtrack_op).
 * Every access to a matching object with a selected operation becomes one
 * EVENT_WATCH, never deduplicated, in learning, permissive and enforcing
 * mode alike.  The set of watches is small (at most %PHTRACK_WATCH_MAX),
 * immutable once published, and replaced as a whole under a mutex; hooks
 * read it under RCU.  With no watch, a hook pays one pointer load.
 */
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "acl.h"
#include "event.h"
#include "phtrack.h"
#include "seen.h"
#include "watch.h"
#include "policy/ph_pattern.h"

/**
 * struct ph_watch - one watch
 * @id: assigned at creation, unique while the module is loaded
 * @ops: bit mask of &enum phtrack_op
 * @len: length of @pattern
 * @pattern: escaped path pattern, NUL-terminated
 *
 * Lifetime: owned by exactly one &struct ph_watch_set; copied, never
 * shared, when a new set is built.  Immutable.
 */
struct ph_watch {
	u32 id;
	u32 ops;
	u32 len;
	char pattern[];
};

/**
 * struct ph_watch_set - the published watches
 * @rcu: for freeing after readers are gone
 * @ops: union of every watch's @ops, for a quick reject
 * @cap: room allocated in @w
 * @n: number of watches
 * @w: the watches, in the order they were added or last changed
 *
 * Lifetime: published in ph_watch_active; the writer that replaces it frees
 * it, and its watches, after a grace period.  Immutable once published.
 */
struct ph_watch_set {
	struct rcu_head rcu;
	u32 ops;
	unsigned int cap;
	unsigned int n;
	struct ph_watch *w[];
};

static struct ph_watch_set __rcu *ph_watch_active;
static DEFINE_MUTEX(ph_watch_mutex);
static u32 ph_watch_next_id = 1;

/* First operation number of each entry type; -1: not a file object. */
static const s8 ph_op_base[__PHTRACK_ACLT_MAX] = {
	[PHTRACK_ACLT_PATH] = PHTRACK_OP_EXECUTE,
	[PHTRACK_ACLT_PATH_NUMBER] = PHTRACK_OP_CREATE,
	[PHTRACK_ACLT_MKDEV] = PHTRACK_OP_MKBLOCK,
	[PHTRACK_ACLT_PATH2] = PHTRACK_OP_LINK,
	[PHTRACK_ACLT_MOUNT] = PHTRACK_OP_MOUNT,
	[PHTRACK_ACLT_INET] = -1,
	[PHTRACK_ACLT_UNIX] = -1,
	[PHTRACK_ACLT_ENV] = -1,
	[PHTRACK_ACLT_CAP] = -1,
};

static size_t ph_watch_size(u32 len)
{
	return sizeof(struct ph_watch) + len + 1;
}

static size_t ph_watch_set_size(unsigned int n)
{
	return struct_size_t(struct ph_watch_set, w, n);
}

static void ph_watch_set_free(struct ph_watch_set *set)
{
	unsigned int i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		ph_kfree(set->w[i], ph_watch_size(set->w[i]->len));
	ph_kfree(set, ph_watch_set_size(set->cap));
}

static struct ph_watch *ph_watch_new(u32 id, u32 ops, const char *pattern, u32 len)
{
	struct ph_watch *w = ph_kzalloc(ph_watch_size(len), GFP_KERNEL);

	if (w) {
		w->id = id;
		w->ops = ops;
		w->len = len;
		memcpy(w->pattern, pattern, len);
	}
	return w;
}

/*
 * A copy of @old (may be NULL) without @drop_id and with room for @extra
 * more watches.  Caller holds ph_watch_mutex.
 */
static struct ph_watch_set *ph_watch_set_copy(const struct ph_watch_set *old, u32 drop_id,
					      unsigned int extra)
{
	unsigned int n = old ? old->n : 0, i;
	struct ph_watch_set *set;
	const struct ph_watch *w;

	set = ph_kzalloc(ph_watch_set_size(n + extra), GFP_KERNEL);
	if (!set)
		return NULL;
	set->cap = n + extra;
	for (i = 0; i < n; i++) {
		w = old->w[i];
		if (w->id == drop_id)
			continue;
		set->w[set->n] = ph_watch_new(w->id, w->ops, w->pattern, w->len);
		if (!set->w[set->n]) {
			ph_watch_set_free(set);
			return NULL;
		}
		set->ops |= w->ops;
		set->n++;
	}
	return set;
}

/* Publish @set (may be NULL: no watches) and free the old one. */
static void ph_watch_publish(struct ph_watch_set *set)
{
	struct ph_watch_set *old;

	if (set && !set->n) {
		ph_watch_set_free(set);
		set = NULL;
	}
	old = rcu_replace_pointer(ph_watch_active, set, lockdep_is_held(&ph_watch_mutex));
	/* After the new set: an access that sees the new generation sees it. */
	ph_seen_invalidate();
	if (old) {
		synchronize_rcu();
		ph_watch_set_free(old);
	}
}

static const struct ph_watch *ph_watch_find(const struct ph_watch_set *set, const char *pattern,
					    size_t len, u32 id)
{
	unsigned int i;

	for (i = 0; set && i < set->n; i++) {
		const struct ph_watch *w = set->w[i];

		if (pattern ? (w->len == len && !memcmp(w->pattern, pattern, len)) : w->id == id)
			return w;
	}
	return NULL;
}

/**
 * ph_watch_add() - add a watch, or change the operations of an existing one
 * @pattern: escaped path pattern (not NUL-terminated)
 * @len: its length
 * @ops: bit mask of &enum phtrack_op, non-zero
 * @id: set to the watch's id
 *
 * Sleeps.  Return: 0, -EINVAL (bad pattern or operations), -ENOSPC (too
 * many watches) or -ENOMEM.
 */
int ph_watch_add(const char *pattern, size_t len, u32 ops, u32 *id)
{
	struct ph_watch_set *old, *set;
	const struct ph_watch *same;
	int err = 0;

	if (!ops || (ops & ~PHTRACK_OPS_ALL) || !ph_watch_valid(pattern, len))
		return -EINVAL;

	mutex_lock(&ph_watch_mutex);
	old = rcu_dereference_protected(ph_watch_active, lockdep_is_held(&ph_watch_mutex));
	same = ph_watch_find(old, pattern, len, 0);
	if (!same && old && old->n >= PHTRACK_WATCH_MAX) {
		err = -ENOSPC;
		goto out;
	}
	*id = same ? same->id : ph_watch_next_id;
	set = ph_watch_set_copy(old, *id, 1);
	if (!set) {
		err = -ENOMEM;
		goto out;
	}
	set->w[set->n] = ph_watch_new(*id, ops, pattern, len);
	if (!set->w[set->n]) {
		ph_watch_set_free(set);
		err = -ENOMEM;
		goto out;
	}
	set->ops |= ops;
	set->n++;
	if (!same)
		ph_watch_next_id++;
	ph_watch_publish(set);
out:
	mutex_unlock(&ph_watch_mutex);
	return err;
}

/**
 * ph_watch_del() - remove a watch by pattern or, when @pattern is NULL, id
 * @pattern: escaped pattern, or NULL
 * @len: its length
 * @id: the id, used when @pattern is NULL
 *
 * Sleeps.  Return: 0, -ENOENT or -ENOMEM.
 */
int ph_watch_del(const char *pattern, size_t len, u32 id)
{
	struct ph_watch_set *old, *set;
	const struct ph_watch *w;
	int err = 0;

	mutex_lock(&ph_watch_mutex);
	old = rcu_dereference_protected(ph_watch_active, lockdep_is_held(&ph_watch_mutex));
	w = ph_watch_find(old, pattern, len, id);
	if (!w) {
		err = -ENOENT;
		goto out;
	}
	set = ph_watch_set_copy(old, w->id, 0);
	if (!set) {
		err = -ENOMEM;
		goto out;
	}
	ph_watch_publish(set);
out:
	mutex_unlock(&ph_watch_mutex);
	return err;
}

/**
 * ph_watch_msg_size() - an upper bound of ph_watch_put_all()'s output
 *
 * Return: bytes.
 */
size_t ph_watch_msg_size(void)
{
	const struct ph_watch_set *set;
	unsigned int i;
	size_t n = 0;

	mutex_lock(&ph_watch_mutex);
	set = rcu_dereference_protected(ph_watch_active, lockdep_is_held(&ph_watch_mutex));
	for (i = 0; set && i < set->n; i++)
		n += nla_total_size(0) + 2 * nla_total_size(sizeof(u32)) +
		     nla_total_size(set->w[i]->len + 1);
	mutex_unlock(&ph_watch_mutex);
	return n;
}

/**
 * ph_watch_put_all() - add every watch to a message, one nest each
 * @msg: the message
 * @attrtype: the nest's attribute type
 *
 * Return: 0 or -EMSGSIZE.
 */
int ph_watch_put_all(struct sk_buff *msg, int attrtype)
{
	const struct ph_watch_set *set;
	struct nlattr *nest;
	unsigned int i;
	int err = 0;

	mutex_lock(&ph_watch_mutex);
	set = rcu_dereference_protected(ph_watch_active, lockdep_is_held(&ph_watch_mutex));
	for (i = 0; set && i < set->n && !err; i++) {
		const struct ph_watch *w = set->w[i];

		nest = nla_nest_start(msg, attrtype);
		if (!nest || nla_put_u32(msg, PHTRACK_WATCH_ID, w->id) ||
		    nla_put_string(msg, PHTRACK_WATCH_PATTERN, w->pattern) ||
		    nla_put_u32(msg, PHTRACK_WATCH_OPS, w->ops))
			err = -EMSGSIZE;
		else
			nla_nest_end(msg, nest);
	}
	mutex_unlock(&ph_watch_mutex);
	return err;
}

/**
 * ph_watch_access() - report an access if a watch selects it
 * @d: the domain of the accessing task
 * @key: the access
 * @bit: its permission bit
 * @result: phtrack's verdict, 0 or -EPERM
 *
 * Any context a hook runs in; never sleeps.  Each object name of the access
 * (both names of link, rename, pivot_root and mount) is matched; the first
 * watch that selects the operation and matches a name reports it, once.
 */
void ph_watch_access(const struct ph_domain *d, const struct ph_acl_key *key,
		     unsigned int bit, int result)
{
	const struct ph_watch_set *set;
	unsigned int i, s;
	int op;

	if (!rcu_access_pointer(ph_watch_active) || key->type >= __PHTRACK_ACLT_MAX)
		return;
	op = ph_op_base[key->type];
	if (op < 0)
		return;
	op += bit;
	rcu_read_lock();
	set = rcu_dereference(ph_watch_active);
	if (!set || !(set->ops & BIT(op)))
		goto out;
	for (i = 0; i < set->n; i++) {
		const struct ph_watch *w = set->w[i];

		if (!(w->ops & BIT(op)))
			continue;
		for (s = 0; s < 2; s++) {
			if (key->str[s] &&
			    ph_watch_match(w->pattern, w->len, key->str[s], key->len[s])) {
				ph_event_watch(d, key, op, w->id, result);
				goto out;
			}
		}
	}
out:
	rcu_read_unlock();
}

/**
 * ph_watch_selects() - whether any watch's pattern matches an access's names
 * @key: the access
 *
 * Whatever the operation: an access for which this is true is never
 * remembered as known (seen.c), so every watched access is reported.
 *
 * Return: true when a watch matches one of the key's strings.
 */
bool ph_watch_selects(const struct ph_acl_key *key)
{
	const struct ph_watch_set *set;
	bool hit = false;
	unsigned int i, s;

	if (!rcu_access_pointer(ph_watch_active))
		return false;
	rcu_read_lock();
	set = rcu_dereference(ph_watch_active);
	for (i = 0; set && !hit && i < set->n; i++) {
		const struct ph_watch *w = set->w[i];

		for (s = 0; s < 2 && !hit; s++)
			hit = key->str[s] &&
			      ph_watch_match(w->pattern, w->len, key->str[s], key->len[s]);
	}
	rcu_read_unlock();
	return hit;
}

/**
 * ph_watch_exit() - drop every watch; hooks are detached already
 */
void ph_watch_exit(void)
{
	mutex_lock(&ph_watch_mutex);
	ph_watch_publish(NULL);
	mutex_unlock(&ph_watch_mutex);
}
