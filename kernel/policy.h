/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - the loaded policy (ph policy load): load transactions and the
 * check of permissive and enforcing domains against loaded entries.
 */
#ifndef PHTRACK_POLICY_H
#define PHTRACK_POLICY_H

#include <linux/types.h>

struct netlink_callback;
struct netlink_ext_ack;
struct nlattr;
struct ph_acl_key;
struct ph_domain;
struct sk_buff;

bool ph_policy_allows(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit);

int ph_policy_begin(u32 portid, u32 keep);
int ph_policy_lines(u32 portid, const struct nlattr *head, int len,
		    struct netlink_ext_ack *extack);
int ph_policy_commit(u32 portid, u32 *domains, u32 *rules, struct netlink_ext_ack *extack);
int ph_policy_abort(u32 portid);

/* Puts the generic netlink header of one dump message; NULL when full. */
typedef void *(*ph_policy_put_hdr_t)(struct sk_buff *skb, struct netlink_callback *cb);
int ph_policy_dump(struct sk_buff *skb, struct netlink_callback *cb, ph_policy_put_hdr_t put_hdr);

int ph_policy_init(void);
void ph_policy_exit(void);

#endif /* PHTRACK_POLICY_H */
