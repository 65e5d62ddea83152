/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - watched paths: every access to them is reported, one event each.
 */
#ifndef PHTRACK_WATCH_H
#define PHTRACK_WATCH_H

#include <linux/types.h>

struct ph_acl_key;
struct ph_domain;
struct sk_buff;

int ph_watch_add(const char *pattern, size_t len, u32 ops, u32 *id);
int ph_watch_del(const char *pattern, size_t len, u32 id);
int ph_watch_put_all(struct sk_buff *msg, int attrtype);
size_t ph_watch_msg_size(void);
void ph_watch_access(const struct ph_domain *d, const struct ph_acl_key *key,
		     unsigned int bit, int result);
bool ph_watch_selects(const struct ph_acl_key *key);
void ph_watch_exit(void);

#endif /* PHTRACK_WATCH_H */
