/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - violations (violation.c): accesses outside a permissive or
 * enforcing domain's list, reported with who and when.
 */
#ifndef PHTRACK_VIOLATION_H
#define PHTRACK_VIOLATION_H

#include <linux/types.h>

struct ph_acl_key;
struct ph_domain;

/* Most violation events reported per second, a module parameter. */
extern unsigned int ph_violation_rate;

void ph_violation(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit,
		  int result);
bool ph_violation_admit(void);

#endif /* PHTRACK_VIOLATION_H */
