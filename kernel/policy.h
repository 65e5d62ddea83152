/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - the loaded policy (ph policy load): load transactions and the
 * check of permissive and enforcing domains against loaded entries.
 */
#ifndef PHTRACK_POLICY_H
#define PHTRACK_POLICY_H

#include <linux/types.h>

struct netlink_callback;
struct ph_acl_access;
struct netlink_ext_ack;
struct nlattr;
struct ph_acl_key;
struct ph_domain;
struct sk_buff;

bool ph_policy_allows(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit);

int ph_policy_begin(u32 portid, u32 keep);
int ph_policy_lines(u32 portid, const struct nlattr *head, int len,
		    struct netlink_ext_ack *extack);
/**
 * struct ph_policy_forget - how a commit deletes learned entries
 * @reserve: makes room for @n deletions (process context); 0 or -ENOMEM
 * @forget: deletes permission bits @perm of @d's learned entry that is
 *	access @a; true when the entry held some of them.  Never sleeps.
 *
 * The learned list is a layer above the loaded policy (kernel/LAYERS):
 * its owner (acl.c) gives these to ph_policy_commit().
 */
struct ph_policy_forget {
	int (*reserve)(struct ph_policy_forget *f, unsigned int n);
	bool (*forget)(struct ph_policy_forget *f, struct ph_domain *d,
		       const struct ph_acl_access *a, u32 perm);
};

int ph_policy_commit(u32 portid, u32 *domains, u32 *rules, struct ph_policy_forget *forget,
		     struct netlink_ext_ack *extack);
int ph_policy_abort(u32 portid);

/* Puts the generic netlink header of one dump message; NULL when full. */
typedef void *(*ph_policy_put_hdr_t)(struct sk_buff *skb, struct netlink_callback *cb);
int ph_policy_dump(struct sk_buff *skb, struct netlink_callback *cb, ph_policy_put_hdr_t put_hdr);

int ph_policy_init(void);
void ph_policy_exit(void);

#endif /* PHTRACK_POLICY_H */
