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
};

extern struct ph_test_events ph_test_events;

#endif /* PHTRACK_SELFTEST_STUBS_H */
