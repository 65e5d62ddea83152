/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - the audit buffer (audit.c): audit events held until their
 * reader acknowledges them as stored.
 */
#ifndef PHTRACK_AUDIT_H
#define PHTRACK_AUDIT_H

#include <linux/types.h>

struct genl_family;
struct netlink_callback;
struct nlattr;
struct ph_audit_rec;
struct sk_buff;

/* Most kilobytes of audit events held unacknowledged, a module parameter. */
extern unsigned int ph_audit_buffer_kb;

struct ph_audit_rec *ph_audit_copy(const struct sk_buff *msg, const struct nlattr *seq_attr);
u64 ph_audit_hold(struct ph_audit_rec *rec, struct sk_buff *msg, struct nlattr *seq_attr);
void ph_audit_ack(u64 seq);
int ph_audit_dump(struct sk_buff *skb, struct netlink_callback *cb,
		  const struct genl_family *family);
size_t ph_audit_limit(void);
void ph_audit_exit(void);

#endif /* PHTRACK_AUDIT_H */
