/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - per-domain learned access entries.
 */
#ifndef PHTRACK_ACL_H
#define PHTRACK_ACL_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/types.h>

struct ph_domain;

#define PH_ACL_STRS 3

/**
 * struct ph_acl_key - what an access is, before it is looked up
 * @type: &enum phtrack_acl_type
 * @sub: socket type or number radix (see %PHTRACK_ACL_SUB), else 0
 * @num: numbers (mode, ioctl command, port, ...), unused ones 0
 * @str: escaped object names, unused ones NULL
 * @len: their lengths
 */
struct ph_acl_key {
	u16 type;
	u16 sub;
	u64 num[3];
	const char *str[PH_ACL_STRS];
	size_t len[PH_ACL_STRS];
};

/**
 * struct ph_acl_entry - one learned entry of one domain
 * @hnode: link in the global entry hash
 * @dnode: link in its domain's list, in learning order
 * @domain: the domain; outlives the entry
 * @hash: hash of (domain, key)
 * @type: see &struct ph_acl_key (every type fits a byte)
 * @sub: see &struct ph_acl_key (socket types and radixes fit a byte)
 * @len: string lengths
 * @perm: permission bits learned so far; only ever gains bits
 * @num: see &struct ph_acl_key
 * @created_ns: CLOCK_REALTIME nanoseconds when first learned
 * @str: the strings, each NUL-terminated, one after the other
 *
 * 88 bytes before the strings: the members are ordered so that none needs
 * padding, and the accounted size is derived (ph_acl_entry_size()), not
 * stored.
 *
 * Lifetime: created by learning, freed only by ph_acl_exit() at unload
 * (entries are never removed while the module is loaded, so a pointer found
 * under RCU stays valid).  Locking: @hnode and @dnode change under the
 * global ACL spinlock and are walked under RCU; @perm is atomic; the rest
 * is immutable after publication.
 */
struct ph_acl_entry {
	struct hlist_node hnode;
	struct list_head dnode;
	struct ph_domain *domain;
	u32 hash;
	u8 type;
	u8 sub;
	u16 len[PH_ACL_STRS];
	atomic_t perm;
	u64 num[3];
	u64 created_ns;
	char str[];
};

/**
 * ph_acl_entry_size() - bytes an entry takes, as accounted
 * @e: the entry
 *
 * Return: the header and every string with its NUL.
 */
static inline size_t ph_acl_entry_size(const struct ph_acl_entry *e)
{
	size_t size = sizeof(*e);
	unsigned int i;

	for (i = 0; i < PH_ACL_STRS; i++)
		size += e->len[i] ? e->len[i] + 1 : 0;
	return size;
}

extern unsigned int ph_acl_quota;
extern unsigned long ph_acl_mem_max;

int ph_acl_access(struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit,
		  struct ph_acl_entry **known);
void ph_acl_exit(void);

/**
 * ph_acl_str() - the i-th string of an entry
 * @e: the entry
 * @i: 0..2
 *
 * Return: the string, or NULL when the entry has none there.
 */
static inline const char *ph_acl_str(const struct ph_acl_entry *e, unsigned int i)
{
	const char *p = e->str;
	unsigned int j;

	if (i >= PH_ACL_STRS || !e->len[i])
		return NULL;
	for (j = 0; j < i; j++)
		p += e->len[j] ? e->len[j] + 1 : 0;
	return p;
}

#endif /* PHTRACK_ACL_H */
