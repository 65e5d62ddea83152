/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - the manager list (manager.c): who may change modes, policy and
 * the list itself, and whose accesses are never refused.
 */
#ifndef PHTRACK_MANAGER_H
#define PHTRACK_MANAGER_H

#include <linux/types.h>

struct genl_family;
struct genl_info;
struct ph_domain;

bool ph_manager_domain(const struct ph_domain *d);
bool ph_manager_allows(const struct ph_domain *d);
int ph_manager_request(const struct ph_domain *d, u32 cmd);
int ph_manager_set(struct genl_info *info);
int ph_manager_reply(struct genl_info *info, const struct genl_family *family,
		     const struct ph_domain *d);
void ph_manager_exit(void);

#endif /* PHTRACK_MANAGER_H */
