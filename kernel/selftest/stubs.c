// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack selftest - the few module symbols the units under test use that
 * live in units the selftest does not build (core.c, domain.c, event.c,
 * policy.c, violation.c, manager.c).
 * The event outbox only records what it was handed, for the acl tests.
 */
#include <linux/bitops.h>

#include "acl.h"
#include "domain.h"
#include "event.h"
#include "manager.h"
#include "phtrack.h"
#include "policy.h"
#include "stubs.h"
#include "violation.h"

struct ph_domain *ph_kernel_domain;

struct ph_test_events ph_test_events;

/**
 * ph_event_learned() - record a learning event instead of sending it
 * @d: the domain
 * @e: the entry that was added or gained bits
 * @bits: the new bits
 * @epoch: the mark epoch of the report
 */
void ph_event_learned(const struct ph_domain *d, const struct ph_acl_entry *e, u32 bits,
		      u32 epoch)
{
	ph_test_events.learned++;
	ph_test_events.domain = d;
	ph_test_events.entry = e;
	ph_test_events.bits = bits;
	ph_test_events.epoch = epoch;
}

/**
 * ph_policy_allows() - the loaded policy's answer, as the case sets it
 * @d: the domain
 * @key: the access
 * @bit: its permission bit
 *
 * Return: &ph_test_events.policy_allows: false (no policy) unless a case
 * sets it, so that the acl tests see the learned list alone.
 */
bool ph_policy_allows(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit)
{
	return ph_test_events.policy_allows;
}

/**
 * ph_violation() - record a violation report instead of sending it
 * @d: the domain
 * @key: the access
 * @bit: its permission bit
 * @result: the verdict
 */
void ph_violation(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit,
		  int result)
{
	ph_test_events.violations++;
	ph_test_events.viol_domain = d;
	ph_test_events.viol_bit = bit;
	ph_test_events.viol_result = result;
}

/**
 * ph_manager_domain() - the manager a case chose (ph_test_events.manager)
 * @d: the domain asked about
 *
 * Return: true for that domain only.
 */
bool ph_manager_domain(const struct ph_domain *d)
{
	return d && d == ph_test_events.manager;
}
