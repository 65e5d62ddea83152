// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - violations: every access outside the list of a permissive or
 * enforcing domain (acl.c) and every request refused to a non-manager
 * (manager.c) becomes an audit event (event.c), held in the audit buffer
 * until phd has it on disk, exactly like a watch event.
 *
 * The reports are rate bounded: at most violation_rate events per second,
 * all domains together (a permissive domain that misses one entry in a hot
 * loop would otherwise fill the audit buffer and push out the watch events
 * of everybody else).  An event over the rate is not built but still takes
 * its audit number, so the reader records it in a lost range, and it is
 * counted (violations_shed); the violations counter counts every one.
 */
#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/module.h>

#include "event.h"
#include "phtrack.h"
#include "violation.h"

unsigned int ph_violation_rate = 1000;
module_param_named(violation_rate, ph_violation_rate, uint, 0644);
MODULE_PARM_DESC(violation_rate, "most violation events reported per second (0: no bound; default 1000)");

static unsigned long ph_viol_window;	/* jiffies the current second began */
static atomic_t ph_viol_count = ATOMIC_INIT(0);

/**
 * ph_violation_admit() - whether one more violation event fits the rate
 *
 * Lock-free; a racing window reset may let a few more through.
 *
 * Return: true when the event may be reported.
 */
bool ph_violation_admit(void)
{
	unsigned int rate = READ_ONCE(ph_violation_rate);
	unsigned long now = jiffies, start = READ_ONCE(ph_viol_window);

	if (!rate)
		return true;
	if (time_after_eq(now, start + HZ) && cmpxchg(&ph_viol_window, start, now) == start)
		atomic_set(&ph_viol_count, 0);
	return atomic_inc_return(&ph_viol_count) <= rate;
}

/**
 * ph_violation() - report an access outside a domain's list
 * @d: the domain of the accessing task (current)
 * @key: the access
 * @bit: the permission bit used
 * @result: the verdict, 0 (permissive, or never refused) or -EPERM
 *
 * Any context a hook runs in; never sleeps.
 */
void ph_violation(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit,
		  int result)
{
	if (!ph_violation_admit()) {
		atomic64_inc(&ph_stats.violations_shed);
		ph_event_audit_shed();
		return;
	}
	ph_event_violation(d, key, bit, 0, result);
}
