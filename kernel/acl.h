/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - per-domain learned access entries.
 */
#ifndef PHTRACK_ACL_H
#define PHTRACK_ACL_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/types.h>

#include "policy.h"

struct ph_domain;

#define PH_ACL_STRS 3

/*
 * The escaped strings of one entry share %PH_ACL_STR_BUDGET bytes, equally
 * among the strings its type has (all of them for a path, 1,536 each for
 * the two of link or rename, 1,024 each for the three of a mount).  A
 * longer string is cut at its share, on the boundary of an escape, and
 * %PH_ACL_CUT_MARK is appended: a cut string is then longer than its share,
 * which no whole string is, and "\000" (NUL) is in no name a path, mount
 * or environment can carry.  The limits make every entry, every string at
 * its longest, fit one netlink message of NLMSG_GOODSIZE, the smallest
 * buffer a dump is given (%PH_ACL_MSG_MAX, checked at build time).
 */
#define PH_ACL_STR_BUDGET 3072
#define PH_ACL_CUT_MARK "\\000..."
#define PH_ACL_CUT_MARK_LEN (sizeof(PH_ACL_CUT_MARK) - 1)
/* An escape is at most 4 bytes, so a cut prefix is 3 short of its share at worst. */
#define PH_ACL_STR_MAX(n) (PH_ACL_STR_BUDGET / (n) + PH_ACL_CUT_MARK_LEN)

/**
 * struct ph_acl_key - what an access is, before it is looked up
 * @type: &enum phtrack_acl_type
 * @sub: socket type or number radix (see %PHTRACK_ACL_SUB), else 0
 * @num: numbers (mode, ioctl command, port, ...), unused ones 0
 * @str: escaped object names, unused ones NULL
 * @len: their lengths
 * @cut: bit i set when @str[i] is cut: its first @len[i] bytes, then
 *	%PH_ACL_CUT_MARK (set by the learning store, never by hooks)
 */
struct ph_acl_key {
	u16 type;
	u16 sub;
	u64 num[3];
	const char *str[PH_ACL_STRS];
	size_t len[PH_ACL_STRS];
	u8 cut;
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
 * @perm: permission bits learned so far; gains bits by learning and
 *	loses them only by a policy "delete" line (ph_acl_gone_init())
 * @num: see &struct ph_acl_key
 * @created_ns: CLOCK_REALTIME nanoseconds when first learned
 * @reported: the mark epoch of the entry's last report in the high 32
 *	bits, and the permission bits reported in that epoch in the low 32
 *	(ph_acl_report_due()): a known entry is reported again at most once
 *	per epoch and bit after a mark (ph_acl_mark())
 * @str: the strings, each NUL-terminated, one after the other
 *
 * 96 bytes before the strings: the members are ordered so that none needs
 * padding, and the accounted size is derived (ph_acl_entry_size()), not
 * stored.
 *
 * Lifetime: created by learning; freed by ph_acl_exit() at unload, or
 * when a policy "delete" line took its last bit: unlinked under the ACL
 * spinlock by the commit, freed after a grace period (ph_acl_gone_free()),
 * so a pointer found under RCU stays valid until the reader's RCU
 * read-side section ends (a hook handler's, which runs with preemption
 * disabled, or an rcu_read_lock()).  Locking: @hnode and @dnode change under the
 * global ACL spinlock and are walked under RCU; @perm is atomic; the rest
 * is immutable after publication.  @reported is atomic and changes by
 * cmpxchg only.
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
	atomic64_t reported;
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

u32 ph_acl_mark(u64 *time_ns);
u32 ph_acl_reported(struct ph_acl_entry *e);

int ph_acl_access(struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit,
		  struct ph_acl_entry **known, bool *by_policy);
bool ph_acl_allows(struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit);
void ph_acl_exit(void);

/**
 * struct ph_acl_gone - learned entries a policy commit deleted
 * @ops: given to ph_policy_commit(), which deletes through it
 * @e: the entries unlinked, to free after a grace period
 * @n: how many
 * @max: room in @e
 *
 * Owned by the commit's caller (process context): ph_acl_gone_init()
 * before, ph_acl_gone_free() after.
 */
struct ph_acl_gone {
	struct ph_policy_forget ops;
	struct ph_acl_entry **e;
	unsigned int n;
	unsigned int max;
};

void ph_acl_gone_init(struct ph_acl_gone *g);
void ph_acl_gone_free(struct ph_acl_gone *g);

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
