/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - per-task memory of file and network accesses already known, so
 * that a repeated access skips naming and lookup (seen.c).
 */
#ifndef PHTRACK_SEEN_H
#define PHTRACK_SEEN_H

#include <linux/atomic.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seqlock.h>
#include <linux/string.h>
#include <linux/types.h>

#include "phtrack.h"

struct dentry;
struct inode;
struct path;
struct ph_acl_entry;
struct ph_domain;
struct vfsmount;

#define PH_SEEN_WAYS 4
#define PH_SEEN_NET_WAYS 2
/* Longest address remembered: inet6, and most unix socket paths. */
#define PH_SEEN_NET_BYTES 40

/**
 * struct ph_seen_way - one remembered access
 * @dentry: the object, positive when remembered
 * @mnt: its mount
 * @domain: the domain it was recorded in
 * @inode: its inode
 * @parent: its parent dentry
 * @root_dentry: the task's root directory then
 * @root_mnt: and its mount
 * @hash_len: the dentry's name hash and length then
 * @ino: the inode's number then
 * @gen: ph_seen_gen then
 * @rseq: rename_lock's sequence then
 * @perm: the permission bits a repeat may skip: those its learned entry
 *	had then, or the bits the loaded policy allowed; 0 when the way is
 *	free
 *
 * The first three fields find the way.  Pointers are identities only,
 * never dereferenced: the way holds no reference.  See seen.c for why a
 * match still names the same object, and still has the same answer: @gen
 * is the one guard of the answer, bumped by every policy commit, mode,
 * manager, watch and mark change.
 *
 * Lifetime: part of &struct ph_seen, the task's.  Locking: none, as
 * &struct ph_seen.
 */
struct ph_seen_way {
	const struct dentry *dentry;
	const struct vfsmount *mnt;
	const struct ph_domain *domain;
	const struct inode *inode;
	const struct dentry *parent;
	const struct dentry *root_dentry;
	const struct vfsmount *root_mnt;
	u64 hash_len;
	unsigned long ino;
	unsigned int gen;
	unsigned int rseq;
	u32 perm;
};

/**
 * struct ph_seen_addr - the raw identity of one network access
 * @bytes: the address: 4 or 16 bytes for inet, the unix name (none:
 *	an unbound socket, written "anonymous")
 * @len: length of @bytes
 * @family: AF_INET, AF_INET6 or AF_UNIX
 * @sub: PHTRACK_SOCK_*
 * @num: the port in host order, or a raw socket's protocol
 *
 * Lifetime: on the hook's stack; @bytes points into memory the hook's
 * caller keeps stable for the call.  The name phtrack records (net.c)
 * depends on these fields and nothing else.
 */
struct ph_seen_addr {
	const void *bytes;
	unsigned int len;
	u16 family;
	u16 sub;
	u32 num;
};

/**
 * struct ph_seen_net_way - one remembered network access
 * @domain: the domain it was recorded in
 * @id: family, type, permission bit, address length and port, packed; 0
 *	when the way is free
 * @gen: ph_seen_gen then
 * @bytes: the address, @id's length of it
 *
 * Compared only, never dereferenced.
 */
struct ph_seen_net_way {
	const struct ph_domain *domain;
	u64 id;
	unsigned int gen;
	u8 bytes[PH_SEEN_NET_BYTES];
};

/**
 * struct ph_seen - the accesses a task remembers
 * @way: the remembered file accesses
 * @net: the remembered network accesses
 * @next: the way the next miss replaces (round robin)
 * @net_next: the same for @net
 *
 * Lifetime: part of &struct ph_task.  Locking: none; only the task itself
 * reads and writes it, from hooks (preemption disabled, task context).
 */
struct ph_seen {
	struct ph_seen_way way[PH_SEEN_WAYS];
	struct ph_seen_net_way net[PH_SEEN_NET_WAYS];
	unsigned int next;
	unsigned int net_next;
};

/**
 * struct ph_seen_snap - the validity state read before naming an object
 * @gen: ph_seen_gen
 * @rseq: rename_lock's sequence
 * @ok: false when the state was changing (nothing may be remembered)
 */
struct ph_seen_snap {
	unsigned int gen;
	unsigned int rseq;
	bool ok;
};

void ph_seen_begin(struct ph_seen_snap *snap);
void ph_seen_store(struct ph_seen *s, const struct ph_seen_snap *snap, const struct path *path,
		   const struct ph_domain *d, u32 perm);
void ph_seen_net_store(struct ph_seen *s, const struct ph_seen_snap *snap,
		       const struct ph_seen_addr *a, const struct ph_domain *d, unsigned int bit);
void ph_seen_invalidate(void);
void ph_seen_topology_begin(void);
void ph_seen_topology_end(void);

/* Bumped by anything that may change names or known accesses (seen.c). */
extern atomic_t ph_seen_gen;

/* The first way remembering @path's object in domain @d, or NULL. */
static inline struct ph_seen_way *ph_seen_way_of(struct ph_seen *s, const struct path *path,
						 const struct ph_domain *d)
{
	struct ph_seen_way *w;

	for (w = s->way; w < s->way + PH_SEEN_WAYS; w++)
		if (w->dentry == path->dentry && w->mnt == path->mnt && w->domain == d)
			return w;
	return NULL;
}

/**
 * ph_seen_hit() - whether this access is one the task remembers as known
 * @s: the task's memory
 * @path: the object
 * @d: the task's domain
 * @bit: the permission bit of the access
 *
 * The hottest test phtrack makes, inline in the hooks: a way is found by dentry, mount and
 * domain, and the rest of its identity is compared in one test.  A mount
 * topology change in progress needs no test of its own: it bumped
 * ph_seen_gen when it began, and nothing is stored until it ends.
 *
 * Return: true when the access is known and nothing needs recording.
 */
static inline bool ph_seen_hit(struct ph_seen *s, const struct path *path,
			       const struct ph_domain *d, unsigned int bit)
{
	const struct dentry *dentry = path->dentry;
	const struct ph_seen_way *w;
	const struct inode *inode;
	struct fs_struct *fs;
	unsigned long diff;

	w = ph_seen_way_of(s, path, d);
	if (!w)
		return false;
	fs = current->fs;
	inode = d_backing_inode(dentry);
	if (!fs || !inode)
		return false;
	diff = ((unsigned long)w->inode ^ (unsigned long)inode) |
	       (w->ino ^ inode->i_ino) |
	       ((unsigned long)w->parent ^ (unsigned long)READ_ONCE(dentry->d_parent)) |
	       (unsigned long)(w->hash_len ^ READ_ONCE(dentry->d_name.hash_len)) |
	       ((unsigned long)w->root_dentry ^ (unsigned long)READ_ONCE(fs->root.dentry)) |
	       ((unsigned long)w->root_mnt ^ (unsigned long)READ_ONCE(fs->root.mnt)) |
	       (w->gen ^ (unsigned int)atomic_read_acquire(&ph_seen_gen)) |
	       (~w->perm & BIT(bit));
	if (diff || read_seqretry(&rename_lock, w->rseq))
		return false;
	this_cpu_inc(ph_pcpu_stats.known_repeats);
	return true;
}

/* Family, type, bit, length and port in one word: one comparison. */
static inline u64 ph_seen_net_id(const struct ph_seen_addr *a, unsigned int bit)
{
	return (u64)(u8)a->family | (u64)(u8)a->sub << 8 | (u64)(u8)bit << 16 |
	       (u64)(u8)a->len << 24 | (u64)a->num << 32;
}

/* The way remembering @a with @id in domain @d, or NULL. */
static inline struct ph_seen_net_way *ph_seen_net_way_of(struct ph_seen *s,
							 const struct ph_seen_addr *a, u64 id,
							 const struct ph_domain *d)
{
	struct ph_seen_net_way *w;

	for (w = s->net; w < s->net + PH_SEEN_NET_WAYS; w++)
		if (w->id == id && w->domain == d && !memcmp(w->bytes, a->bytes, a->len))
			return w;
	return NULL;
}

/**
 * ph_seen_net_hit() - whether this network access is one the task remembers
 * @s: the task's memory
 * @a: the access's raw identity
 * @d: the task's domain
 * @bit: the permission bit of the access
 *
 * Return: true when the access is known and nothing needs recording.
 */
static inline bool ph_seen_net_hit(struct ph_seen *s, const struct ph_seen_addr *a,
				   const struct ph_domain *d, unsigned int bit)
{
	const struct ph_seen_net_way *w;

	if (a->len > PH_SEEN_NET_BYTES)
		return false;
	w = ph_seen_net_way_of(s, a, ph_seen_net_id(a, bit), d);
	if (!w || w->gen != (unsigned int)atomic_read_acquire(&ph_seen_gen))
		return false;
	this_cpu_inc(ph_pcpu_stats.known_repeats);
	return true;
}

#endif /* PHTRACK_SEEN_H */
