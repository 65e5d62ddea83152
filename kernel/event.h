/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - events and the encoders shared with the requests (event.c).
 */
#ifndef PHTRACK_EVENT_H
#define PHTRACK_EVENT_H

#include <linux/types.h>

struct genl_family;
struct ph_acl_entry;
struct ph_acl_key;
struct ph_domain;
struct sk_buff;
struct task_struct;

/* The phtrack family's multicast groups, in the order genl.c lists them. */
enum ph_mcgrp {
	PH_MCGRP_EVENTS,
};

/* Most events waiting for delivery, a module parameter. */
extern unsigned int ph_event_queue_len;

void ph_events_init(const struct genl_family *family);
void ph_events_exit(void);

void ph_event_exec(struct task_struct *t, const struct ph_domain *from,
		   const struct ph_domain *to);
void ph_event_learned(const struct ph_domain *d, const struct ph_acl_entry *e, u32 bits,
		      u32 epoch);
void ph_event_watch(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int op,
		    u32 watch_id, int result);
void ph_event_violation(const struct ph_domain *d, const struct ph_acl_key *key,
			unsigned int bit, u32 cmd, int result);
void ph_event_audit_shed(void);

int ph_put_domain(struct sk_buff *msg, int attrtype, const struct ph_domain *d, bool brief);
size_t ph_domain_msg_size(const struct ph_domain *d);
int ph_put_acl(struct sk_buff *msg, const struct ph_acl_entry *e, u32 perm);

#endif /* PHTRACK_EVENT_H */
