// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the active set of domain transition rules.
 *
 * Parsing and matching are the shared C code in policy/ (also compiled into
 * userspace and unit-tested there); this file only holds the active rule set
 * and swaps it atomically: readers use RCU, writers a mutex.
 */
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "phtrack.h"
#include "transition.h"

/**
 * struct ph_tr_set - one published rule set
 * @pol: the rules
 * @rcu: for freeing after readers are gone
 *
 * Lifetime: published in ph_tr_active, freed by the writer that replaces it
 * after a grace period.  Immutable once published.
 */
struct ph_tr_set {
	struct ph_tr_policy pol;
	struct rcu_head rcu;
};

static struct ph_tr_set __rcu *ph_tr_active;
static DEFINE_MUTEX(ph_tr_mutex);

/**
 * ph_transition_decide() - which transition rule applies to an exec
 * @domain: the current domain's name
 * @dlen: its length
 * @prog: the program (escaped absolute path)
 * @plen: its length
 *
 * Return: the rule type that applies, %PH_TR_NONE for an ordinary transition.
 */
enum ph_tr_type ph_transition_decide(const char *domain, size_t dlen, const char *prog,
				     size_t plen)
{
	enum ph_tr_type type = PH_TR_NONE;
	struct ph_tr_set *set;

	rcu_read_lock();
	set = rcu_dereference(ph_tr_active);
	if (set)
		type = ph_tr_decide(&set->pol, domain, dlen, prog, plen);
	rcu_read_unlock();
	return type;
}

/**
 * ph_transition_aggregate_rcu() - the name an aggregator gives a program
 * @prog: the program (escaped absolute path)
 * @plen: its length
 * @len: receives the length of the name returned
 *
 * The caller holds rcu_read_lock(); the name stays valid until it drops it.
 *
 * Return: the aggregated name, or NULL when no aggregator matches @prog.
 */
const char *ph_transition_aggregate_rcu(const char *prog, size_t plen, size_t *len)
{
	struct ph_tr_set *set = rcu_dereference(ph_tr_active);

	*len = 0;
	return set ? ph_tr_aggregate(&set->pol, prog, plen, len) : NULL;
}

/**
 * ph_transition_aggregated() - a copy of the name an aggregator gives a program
 * @prog: the program (escaped absolute path)
 * @plen: its length
 *
 * Return: a new NUL-terminated copy (kfree() it), or NULL when no aggregator
 * matches @prog or when the copy could not be allocated (counted in
 * alloc_failed: the program then keeps its own name).
 */
char *ph_transition_aggregated(const char *prog, size_t plen)
{
	const char *name;
	char *copy = NULL;
	size_t len;

	rcu_read_lock();
	name = ph_transition_aggregate_rcu(prog, plen, &len);
	if (name) {
		copy = kmemdup_nul(name, len, GFP_ATOMIC | __GFP_NOWARN);
		if (!copy)
			atomic64_inc(&ph_stats.alloc_failed);
	}
	rcu_read_unlock();
	return copy;
}

/**
 * ph_transition_set() - replace the active rules
 * @fresh: parsed rules; ownership moves to this function, which empties it
 *
 * Return: 0 or -ENOMEM.
 */
int ph_transition_set(struct ph_tr_policy *fresh)
{
	struct ph_tr_set *set = kzalloc(sizeof(*set), GFP_KERNEL), *old;

	if (!set)
		return -ENOMEM;
	set->pol = *fresh;
	if (!set->pol.head)
		set->pol.tail = &set->pol.head;
	ph_tr_policy_init(fresh);

	mutex_lock(&ph_tr_mutex);
	old = rcu_replace_pointer(ph_tr_active, set, lockdep_is_held(&ph_tr_mutex));
	mutex_unlock(&ph_tr_mutex);
	if (old) {
		synchronize_rcu();
		ph_tr_policy_free(&old->pol);
		kfree(old);
	}
	return 0;
}

/**
 * ph_transition_text_size() - an upper bound of the formatted rules' size
 *
 * Return: bytes, netlink attribute overhead included.
 */
size_t ph_transition_text_size(void)
{
	struct ph_tr_set *set;
	struct ph_tr_rule *r;
	size_t n = 0;

	mutex_lock(&ph_tr_mutex);
	set = rcu_dereference_protected(ph_tr_active, lockdep_is_held(&ph_tr_mutex));
	for (r = set ? set->pol.head : NULL; r; r = r->next)
		n += nla_total_size(ph_tr_rule_format(r, NULL, 0) + 1);
	mutex_unlock(&ph_tr_mutex);
	return n;
}

/**
 * ph_transition_put_lines() - add the rules to a message, one per attribute
 * @msg: the message
 * @attrtype: the attribute type to use
 *
 * Return: 0, -EMSGSIZE or -ENOMEM.
 */
int ph_transition_put_lines(struct sk_buff *msg, int attrtype)
{
	struct ph_tr_set *set;
	struct ph_tr_rule *r;
	int err = 0;
	size_t len;
	char *buf;

	mutex_lock(&ph_tr_mutex);
	set = rcu_dereference_protected(ph_tr_active, lockdep_is_held(&ph_tr_mutex));
	for (r = set ? set->pol.head : NULL; r && !err; r = r->next) {
		len = ph_tr_rule_format(r, NULL, 0) + 1;
		buf = kmalloc(len, GFP_KERNEL);
		if (!buf) {
			err = -ENOMEM;
			break;
		}
		ph_tr_rule_format(r, buf, len);
		err = nla_put_string(msg, attrtype, buf);
		kfree(buf);
	}
	mutex_unlock(&ph_tr_mutex);
	return err;
}

/**
 * ph_transition_exit() - free the active rules at unload
 */
void ph_transition_exit(void)
{
	struct ph_tr_set *set;

	mutex_lock(&ph_tr_mutex);
	set = rcu_replace_pointer(ph_tr_active, NULL, lockdep_is_held(&ph_tr_mutex));
	mutex_unlock(&ph_tr_mutex);
	if (set) {
		synchronize_rcu();
		ph_tr_policy_free(&set->pol);
		kfree(set);
	}
}
