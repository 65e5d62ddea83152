/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - per-task memory of file accesses already known, so that a
 * repeated access skips naming and lookup (seen.c).
 */
#ifndef PHTRACK_SEEN_H
#define PHTRACK_SEEN_H

#include <linux/types.h>

struct dentry;
struct inode;
struct path;
struct ph_acl_entry;
struct ph_domain;
struct vfsmount;

#define PH_SEEN_WAYS 4

/**
 * struct ph_seen_way - one remembered access
 * @entry: the learned entry that holds the access; NULL when the way is free
 * @domain: the domain it was recorded in
 * @dentry: the object, positive when remembered
 * @mnt: its mount
 * @inode: its inode
 * @parent: its parent dentry
 * @root_dentry: the task's root directory then
 * @root_mnt: and its mount
 * @hash_len: the dentry's name hash and length then
 * @ino: the inode's number then
 * @gen: ph_seen_gen then
 * @rseq: rename_lock's sequence then
 *
 * Pointers are identities only, never dereferenced: the way holds no
 * reference.  See seen.c for why a match still names the same object.
 */
struct ph_seen_way {
	struct ph_acl_entry *entry;
	const struct ph_domain *domain;
	const struct dentry *dentry;
	const struct vfsmount *mnt;
	const struct inode *inode;
	const struct dentry *parent;
	const struct dentry *root_dentry;
	const struct vfsmount *root_mnt;
	u64 hash_len;
	unsigned long ino;
	unsigned int gen;
	unsigned int rseq;
};

/**
 * struct ph_seen - the accesses a task remembers
 * @way: the remembered accesses
 * @next: the way the next miss replaces (round robin)
 *
 * Lifetime: part of &struct ph_task.  Locking: none; only the task itself
 * reads and writes it, from hooks (preemption disabled, task context).
 */
struct ph_seen {
	struct ph_seen_way way[PH_SEEN_WAYS];
	unsigned int next;
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

bool ph_seen_hit(struct ph_seen *s, const struct path *path, const struct ph_domain *d,
		 unsigned int bit);
void ph_seen_begin(struct ph_seen_snap *snap);
void ph_seen_store(struct ph_seen *s, const struct ph_seen_snap *snap, const struct path *path,
		   const struct ph_domain *d, struct ph_acl_entry *e);
void ph_seen_invalidate(void);
void ph_seen_topology_begin(void);
void ph_seen_topology_end(void);
unsigned long ph_seen_hits(void);

#endif /* PHTRACK_SEEN_H */
