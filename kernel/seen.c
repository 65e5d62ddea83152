// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - per-task memory of file and network accesses already known.
 *
 * Most accesses repeat one the domain already learned: a service stats and
 * reads the same files over and over.  Naming the object (d_path() and
 * escaping) and looking the entry up cost more than everything else a hook
 * does, so each task remembers its last few known accesses by object
 * identity, and a repeat skips both.  Only a known access is remembered,
 * one of a learned entry or one the loaded policy (policy.c) allowed in a
 * permissive or enforcing domain: an access outside both, a new bit or a
 * new entry always takes the full path, so learning, violations and
 * denials behave exactly as without this cache.  A refusal is never
 * remembered: each one is a violation, counted and reported.
 *
 * A remembered access is reused only while the object's name cannot have
 * changed.  What a name (name.c) depends on, and what guards each part:
 *
 * - The dentry's own name and its ancestors': every rename moves dentries
 *   under rename_lock, whose sequence is compared.
 * - Where its mount sits: the hooks of the operations that move or detach
 *   mounts (mount --move, move_mount, umount, pivot_root, chroot) bump
 *   ph_seen_gen when they start and again when their task returns to
 *   userspace; in between, nothing is remembered or reused.  A kernel
 *   thread has no return to userspace and bumps at the start only.
 * - The task's root directory: compared.
 * - The object itself: dentry, inode, inode number, parent dentry and the
 *   name's hash and length are compared.  A dentry freed and reused for
 *   another file differs in one of them; the exception would be a hard link
 *   to the same inode under the same last name whose parent directory's
 *   dentry was also freed and reused at the same address, and an access to
 *   that link reads the same inode.
 * - The watches and the mode: changing either bumps ph_seen_gen, and an
 *   access whose name a watch selects is never remembered, so watched
 *   accesses are all reported.
 * - The loaded policy, for an answer it gave: every commit of `ph policy
 *   load` (a load, a merge, a delete, a profile's mode) publishes the new
 *   policy and then bumps ph_seen_gen (release), and a manager change
 *   bumps it too.  A hook reads ph_seen_gen (acquire, ph_seen_begin())
 *   before it checks the policy: a hook that read the old generation may
 *   have used the old policy, and its way never matches again; one that
 *   read the new generation sees the new policy.  So no allow outlives the
 *   commit that removed it.
 *
 * A network access (net.c) is named from its address bytes, socket type
 * and port alone, so a remembered one is reused while those bytes, the
 * domain and ph_seen_gen are the same; nothing on the file system moves
 * its name.
 *
 * Remembered pointers are compared, never dereferenced.  A way keeps the
 * permission bits its entry had when it was stored, less those not yet
 * reported since the last mark (ph_acl_reported()), which must reach the
 * entry once more: an entry only ever gains bits (acl.h), and a mark
 * bumps ph_seen_gen, so they stay true, and a hit does not touch the
 * entry.  For an answer of the loaded policy the way keeps the one bit
 * allowed.  A repeat with a bit the way does not have takes the full path,
 * which stores the way again with the bits of then, added to those of the
 * way when it is still valid for the same state (a file opened and
 * stat()ed in turn keeps both).
 *
 * Memory: %PH_SEEN_WAYS file and %PH_SEEN_NET_WAYS network ways per task,
 * nothing allocated.  A miss, of the ways or of their validity, is not an
 * error: it takes the full path, and a check of the loaded policy it makes
 * is counted (policy_checks).
 */
#include <linux/atomic.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seqlock.h>
#include <linux/string.h>

#include "acl.h"
#include "seen.h"

/* Bumped by anything that may change names or known accesses. */
atomic_t ph_seen_gen = ATOMIC_INIT(0);
/* Mount topology changes in progress: no remembering, no reuse. */
static atomic_t ph_seen_busy = ATOMIC_INIT(0);

/* The task's root; a task without fs (exiting) has none. */
static bool ph_seen_root(struct path *root)
{
	struct fs_struct *fs = current->fs;

	if (!fs)
		return false;
	root->mnt = READ_ONCE(fs->root.mnt);
	root->dentry = READ_ONCE(fs->root.dentry);
	return true;
}

/**
 * ph_seen_begin() - read the validity state before naming an object
 * @snap: filled in
 */
void ph_seen_begin(struct ph_seen_snap *snap)
{
	snap->gen = atomic_read_acquire(&ph_seen_gen);
	snap->ok = !atomic_read(&ph_seen_busy);
	snap->rseq = raw_read_seqcount(&rename_lock.seqcount);
	/* An odd sequence: a rename is in progress. */
	if (snap->rseq & 1)
		snap->ok = false;
	smp_rmb();		/* the state before the name */
}

/**
 * ph_seen_store() - remember a known access after naming it
 * @s: the task's memory
 * @snap: what ph_seen_begin() read before the object was named
 * @path: the object
 * @d: the task's domain
 * @perm: the permission bits a repeat may skip: those of the entry that
 *	holds the access which were reported since the last mark
 *	(ph_acl_reported()), the others being due a report; or the bit the
 *	loaded policy allowed (ph_record_known())
 */
void ph_seen_store(struct ph_seen *s, const struct ph_seen_snap *snap, const struct path *path,
		   const struct ph_domain *d, u32 perm)
{
	struct dentry *dentry = path->dentry;
	struct inode *inode = d_backing_inode(dentry);
	struct ph_seen_way *w;
	struct path root;

	if (!snap->ok || !inode || !ph_seen_root(&root))
		return;
	/* A stale way for the same object is replaced: ph_seen_hit() finds the first. */
	w = ph_seen_way_of(s, path, d);
	if (!w) {
		w = &s->way[s->next];
		s->next = (s->next + 1) % PH_SEEN_WAYS;
	} else if (w->gen == snap->gen && w->rseq == snap->rseq && w->inode == inode &&
		   w->ino == inode->i_ino && w->parent == READ_ONCE(dentry->d_parent) &&
		   w->hash_len == READ_ONCE(dentry->d_name.hash_len) &&
		   w->root_dentry == root.dentry && w->root_mnt == root.mnt) {
		/* Still valid in the state this access was decided in: keep its bits. */
		perm |= w->perm;
	}
	w->perm = perm;
	w->domain = d;
	w->dentry = dentry;
	w->mnt = path->mnt;
	w->inode = inode;
	w->ino = inode->i_ino;
	w->parent = READ_ONCE(dentry->d_parent);
	w->hash_len = READ_ONCE(dentry->d_name.hash_len);
	w->root_dentry = root.dentry;
	w->root_mnt = root.mnt;
	w->gen = snap->gen;
	w->rseq = snap->rseq;
}

/**
 * ph_seen_net_store() - remember a known network access after naming it
 * @s: the task's memory
 * @snap: what ph_seen_begin() read before the access was named; only its
 *	generation matters, as mounts and renames do not move these names
 * @a: the access's raw identity
 * @d: the task's domain
 * @bit: the permission bit of the access, which its entry has: only known
 *	accesses are stored, and @bit is part of the remembered identity
 */
void ph_seen_net_store(struct ph_seen *s, const struct ph_seen_snap *snap,
		       const struct ph_seen_addr *a, const struct ph_domain *d, unsigned int bit)
{
	u64 id = ph_seen_net_id(a, bit);
	struct ph_seen_net_way *w;

	if (a->len > PH_SEEN_NET_BYTES)
		return;
	w = ph_seen_net_way_of(s, a, id, d);
	if (!w) {
		w = &s->net[s->net_next];
		s->net_next = (s->net_next + 1) % PH_SEEN_NET_WAYS;
	}
	w->domain = d;
	w->id = id;
	w->gen = snap->gen;
	memcpy(w->bytes, a->bytes, a->len);
}

/**
 * ph_seen_invalidate() - forget every remembered access, in every task
 *
 * For changes of mode or watches.  Remembered ways stay in place but no
 * longer match.
 */
void ph_seen_invalidate(void)
{
	atomic_inc_return_release(&ph_seen_gen);
}

/**
 * ph_seen_topology_begin() - mounts may move: stop remembering
 *
 * Every call is paired with one ph_seen_topology_end(), after the change.
 */
void ph_seen_topology_begin(void)
{
	atomic_inc(&ph_seen_busy);
	ph_seen_invalidate();
}

/**
 * ph_seen_topology_end() - the change is complete: remember again
 */
void ph_seen_topology_end(void)
{
	ph_seen_invalidate();
	atomic_dec(&ph_seen_busy);
}
