/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - recording one access of the current task in its domain.
 */
#ifndef PHTRACK_RECORD_H
#define PHTRACK_RECORD_H

#include "acl.h"
#include "name.h"

struct ph_domain;

struct ph_domain *ph_current_domain(void);
int ph_record(struct ph_acl_key *key, unsigned int bit);
int ph_record_in(struct ph_domain *d, struct ph_acl_key *key, unsigned int bit);
bool ph_record_in_known(struct ph_domain *d, struct ph_acl_key *key, unsigned int bit,
			int *err);
u32 ph_record_known(struct ph_domain *d, struct ph_acl_key *key, unsigned int bit);

/* Fill key string @i from a name buffer. */
static inline void ph_key_str(struct ph_acl_key *key, unsigned int i, const struct ph_namebuf *nb)
{
	key->str[i] = nb->esc;
	key->len[i] = nb->len;
}

#endif /* PHTRACK_RECORD_H */
