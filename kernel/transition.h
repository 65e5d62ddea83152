/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - domain transition rules (TOMOYO's exception policy subset).
 */
#ifndef PHTRACK_TRANSITION_H
#define PHTRACK_TRANSITION_H

#include <linux/types.h>

#include "policy/ph_rule.h"

struct sk_buff;

enum ph_tr_type ph_transition_decide(const char *domain, size_t dlen, const char *prog,
				     size_t plen);
const char *ph_transition_aggregate_rcu(const char *prog, size_t plen, size_t *len);
char *ph_transition_aggregated(const char *prog, size_t plen);
int ph_transition_set(struct ph_tr_policy *fresh);
int ph_transition_put_lines(struct sk_buff *msg, int attrtype);
size_t ph_transition_text_size(void);
void ph_transition_exit(void);

#endif /* PHTRACK_TRANSITION_H */
