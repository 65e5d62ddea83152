// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the record step: one access of a task, in its domain.
 *
 * Every recorded access goes through here, from the hook handlers (hooks.c,
 * net.c) and from the exec transition's task work (exec.c, env.c): the
 * learning store (acl.c) gives the verdict and learns, then the watches
 * (watch.c) report it.  On the hook path, with preemption disabled: built
 * without __fentry__ like the handlers (kernel/Kbuild).
 */
#include <linux/preempt.h>
#include <linux/rcupdate.h>

#include "acl.h"
#include "attach.h"
#include "domain.h"
#include "phtrack.h"
#include "record.h"
#include "task.h"
#include "watch.h"

/**
 * ph_current_domain() - the domain of the running task
 *
 * The caller runs with preemption disabled (a hook, or a netlink handler
 * that disabled it): the task's record is found through this CPU's hint
 * (ph_task_current()), which a preemptible caller could read, or write,
 * after moving to another CPU.
 *
 * Return: the domain, or NULL when the task has no record and cannot be
 * adopted (out of memory).
 */
struct ph_domain *ph_current_domain(void)
{
	struct ph_task *rec = ph_task_current();

	return rec ? READ_ONCE(rec->domain) : NULL;
}

/**
 * ph_record_in() - record an access in a given domain
 * @d: the domain
 * @key: the access
 * @bit: the permission bit
 *
 * Return: 0 to allow, or a negative errno to deny.
 */
int ph_record_in(struct ph_domain *d, struct ph_acl_key *key, unsigned int bit)
{
	int err;

	if (!d || ph_off() || ph_domain_mode(d) == PHTRACK_MODE_DISABLED)
		return 0;
	err = ph_acl_access(d, key, bit, NULL, NULL);
	ph_watch_access(d, key, bit, err);
	return err;
}

/**
 * ph_record() - record an access of the current task in its domain
 * @key: the access
 * @bit: the permission bit
 *
 * Return: 0 to allow, or a negative errno to deny.
 */
int ph_record(struct ph_acl_key *key, unsigned int bit)
{
	int err;

	if (ph_off() || !in_task())
		return 0;
	err = ph_record_in(ph_current_domain(), key, bit);
	ph_deny(err);		/* delivered by the hook being handled */
	return err;
}

/*
 * Record an access in @d and report it to the watches; *@err is the ACL's
 * verdict.  The permission bits a repeat of it may skip, when no watch
 * selects it (a watched access is reported every time): those of its
 * learned entry reported since the last mark (ph_acl_reported()), or @bit
 * alone when the loaded policy allowed it; else 0.
 */
static u32 ph_record_reuse(struct ph_domain *d, struct ph_acl_key *key, unsigned int bit,
			   int *err)
{
	struct ph_acl_entry *e;
	bool by_policy;
	u32 reuse = 0;

	*err = 0;
	/* A disabled domain records nothing, and no watch sees it. */
	if (ph_domain_mode(d) == PHTRACK_MODE_DISABLED)
		return 0;
	rcu_read_lock();	/* a policy delete may free @e after a grace period */
	*err = ph_acl_access(d, key, bit, &e, &by_policy);
	ph_watch_access(d, key, bit, *err);
	if (!ph_watch_selects(key))
		reuse = e ? ph_acl_reported(e) : by_policy ? BIT(bit) : 0;
	rcu_read_unlock();
	return reuse;
}

/**
 * ph_record_known() - record an access of a hook's task in its domain, and
 *	tell which repeats of it may be answered from the task's memory
 * @d: the task's domain
 * @key: the access
 * @bit: the permission bit
 *
 * The miss path of the accesses seen.c remembers (files and sockets).  A
 * denial is delivered by the hook being handled.
 *
 * Return: the permission bits on the same object whose repeats need not
 * be recorded (ph_seen_store()): those of the access's learned entry
 * reported since the last mark, or @bit when the loaded policy allowed
 * it; 0 when a watch selects it (reported every time) or it was outside
 * both (a violation, counted and reported every time).
 */
u32 ph_record_known(struct ph_domain *d, struct ph_acl_key *key, unsigned int bit)
{
	int err;
	u32 reuse = ph_record_reuse(d, key, bit, &err);

	ph_deny(err);
	return reuse;
}

/**
 * ph_record_in_known() - record an access in a given domain, outside a hook
 * @d: the domain
 * @key: the access
 * @bit: the permission bit
 *
 * For the exec transition's task work, which comes after the exec's point
 * of no return: a denial cannot be returned to the exec's caller, so the
 * caller decides what to do with *@err (env.c kills the task).
 *
 * Return: true when the access is (now) in @d's list with @bit, or the
 * loaded policy allowed it, and no watch selects it, so that a repeat need
 * not be recorded while ph_seen_gen stays the same.  *@err (when @err is
 * not NULL) is the verdict: 0 to allow, or a negative errno to deny.
 */
bool ph_record_in_known(struct ph_domain *d, struct ph_acl_key *key, unsigned int bit,
			int *err)
{
	int verdict = 0;
	bool known = false;

	if (d && !ph_off())
		known = ph_record_reuse(d, key, bit, &verdict) & BIT(bit);
	if (err)
		*err = verdict;
	return known;
}
