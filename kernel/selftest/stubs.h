/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack selftest - what the stand-ins of stubs.c recorded.
 */
#ifndef PHTRACK_SELFTEST_STUBS_H
#define PHTRACK_SELFTEST_STUBS_H

#include <linux/types.h>

struct ph_acl_entry;
struct ph_domain;

/**
 * struct ph_test_events - the events the units under test emitted
 * @learned: ph_event_learned() calls
 * @domain: the domain of the last one
 * @entry: its entry
 * @bits: its bits
 * @epoch: its mark epoch
 * @violations: ph_violation() calls
 * @viol_domain: the domain of the last one
 * @viol_bit: its permission bit
 * @viol_result: its verdict
 * @manager: the domain ph_manager_domain() answers true for, or NULL
 * @policy_allows: what ph_policy_allows() answers
 *
 * Lifetime: static.  Locking: none; the cases run one at a time, in the
 * module's init.
 */
struct ph_test_events {
	unsigned int learned;
	const struct ph_domain *domain;
	const struct ph_acl_entry *entry;
	u32 bits;
	u32 epoch;
	unsigned int violations;
	const struct ph_domain *viol_domain;
	unsigned int viol_bit;
	int viol_result;
	const struct ph_domain *manager;
	bool policy_allows;
};

extern struct ph_test_events ph_test_events;

#endif /* PHTRACK_SELFTEST_STUBS_H */
