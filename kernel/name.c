// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - naming objects the way TOMOYO names them.
 *
 * - Objects whose dentry names itself (pipes, anonymous inodes) keep that
 *   name ("pipe:[4242]"); sockets are "socket:[family=F:type=T:protocol=P]".
 * - Files on filesystems without rename() that need no device (proc,
 *   devpts, ...) are named by filesystem type and path inside it
 *   ("proc:/self/status", "devpts:/0"); /proc/<own tgid> becomes /proc/self.
 * - Everything else is the absolute path from the task's root (d_path()).
 * - Directories end in '/'.  The result is escaped (\ooo, \\) with the
 *   shared ph_name_escape(), so names are single tokens.
 *
 * Hooks call this with preemption disabled: nothing here sleeps, and the
 * scratch buffers are per-CPU, a small stack of them so that a nested
 * holder never overwrites an outer one's name.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/net.h>
#include <linux/mm.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/sock.h>

#include "name.h"
#include "phtrack.h"
#include "policy/ph_escape.h"

/* A pair per level: link, rename and pivot_root name two paths at once. */
struct ph_namebuf_pair {
	struct ph_namebuf nb[2];
};

/**
 * struct ph_namebufs - one CPU's name buffers, a small stack of pairs
 * @level: the pairs; level N is handed to the N-th nested holder, N being
 *	the CPU's ph_namebuf_level when it asks
 *
 * Lifetime: allocated at load, freed at unload (ph_names_init(),
 * ph_names_exit()).  Locking: only its own CPU touches it, with preemption
 * disabled.  The CPU's ph_namebuf_level (pairs in use) changes with
 * this_cpu_inc_return() and this_cpu_dec(), single instructions an
 * interrupt cannot split, and every taker gives its level back before it
 * returns, so an interrupt that names an object while its CPU holds a pair
 * finds the count as high as it was and takes the next level: holders nest
 * like a stack and never share a pair.
 */
struct ph_namebufs {
	struct ph_namebuf_pair level[PH_NAMEBUF_DEPTH];
};

/* Too large for the per-CPU allocator (32 KiB units): one pointer per CPU. */
static DEFINE_PER_CPU(struct ph_namebufs *, ph_namebufs);
/* Pairs in use on each CPU: the next free level. */
static DEFINE_PER_CPU(int, ph_namebuf_level);

/**
 * ph_names_exit() - free the per-CPU name buffers
 */
void ph_names_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kvfree(per_cpu(ph_namebufs, cpu));
		per_cpu(ph_namebufs, cpu) = NULL;
	}
}

/**
 * ph_names_init() - allocate the per-CPU name buffers
 *
 * Return: 0 or -ENOMEM.
 */
int ph_names_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		per_cpu(ph_namebufs, cpu) = kvzalloc(sizeof(struct ph_namebufs), GFP_KERNEL);
		if (!per_cpu(ph_namebufs, cpu)) {
			ph_names_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * ph_namebuf_get() - a pair of this CPU's name buffers, for one holder
 *
 * Disables preemption until ph_namebuf_put().  A caller that takes buffers
 * while this CPU already holds some (a domain rebuilt inside a hook, an
 * interrupt's hook, the exec path naming a program) gets the next level,
 * never the pair an outer holder is filling.  Beyond %PH_NAMEBUF_DEPTH
 * nested holders the request is refused and counted (namebuf_refused): the
 * caller records nothing rather than overwrite a name.
 *
 * Return: the first of two buffers (the second follows it), or NULL when
 * every level is taken.  A non-NULL pair must be given back with
 * ph_namebuf_put(), by the same context, before it returns.
 */
struct ph_namebuf *ph_namebuf_get(void)
{
	struct ph_namebufs *bufs;
	int level;

	preempt_disable();
	bufs = this_cpu_read(ph_namebufs);
	level = this_cpu_inc_return(ph_namebuf_level) - 1;
	if (unlikely(level >= PH_NAMEBUF_DEPTH)) {
		this_cpu_dec(ph_namebuf_level);
		this_cpu_inc(ph_pcpu_stats.namebuf_refused);
		preempt_enable();
		return NULL;
	}
	/* The level is ours before any name is written into it. */
	barrier();
	return bufs->level[level].nb;
}

/**
 * ph_namebuf_put() - give the buffers back
 * @nb: what ph_namebuf_get() returned, not NULL
 */
void ph_namebuf_put(struct ph_namebuf *nb)
{
	/* Every write to the level is done before it can be handed out again. */
	barrier();
	this_cpu_dec(ph_namebuf_level);
	preempt_enable();
}

/**
 * ph_namebuf_depth() - how many levels this CPU's holders use
 *
 * For the selftest.  The caller runs with preemption disabled (it holds a
 * pair) or accepts that the answer is about some CPU.
 *
 * Return: the number of pairs taken on this CPU.
 */
int ph_namebuf_depth(void)
{
	return this_cpu_read(ph_namebuf_level);
}

static int ph_escape_into(const char *p, struct ph_namebuf *nb)
{
	size_t len = strlen(p);

	nb->len = ph_name_escape(p, len, nb->esc, sizeof(nb->esc));
	return nb->len < sizeof(nb->esc) ? 0 : -ENAMETOOLONG;
}

/* Add '/' to a name built at the end of nb->raw (d_path() style). */
static char *ph_append_slash(char *p, struct ph_namebuf *nb)
{
	size_t len = strlen(p);

	if (len && p[len - 1] == '/')
		return p;
	if (p == nb->raw)
		return ERR_PTR(-ENAMETOOLONG);
	memmove(p - 1, p, len);
	p--;
	p[len] = '/';
	p[len + 1] = '\0';
	return p;
}

/* /<tgid of current>/... on procfs becomes /self/... */
static char *ph_proc_self(char *p, struct ph_namebuf *nb)
{
	char pid[16];
	int n = snprintf(pid, sizeof(pid), "/%d", task_tgid_nr(current));

	if (strncmp(p, pid, n) || (p[n] && p[n] != '/'))
		return p;
	/* A pid shorter than "self" moves the start back: never out of @nb. */
	if (n < 5 && p - nb->raw < 5 - n)
		return ERR_PTR(-ENAMETOOLONG);
	p += n - 5;		/* room for "/self" */
	memcpy(p, "/self", 5);
	return p;
}

static char *ph_local_name(struct dentry *dentry, struct ph_namebuf *nb)
{
	struct super_block *sb = dentry->d_sb;
	const char *fs = sb->s_type->name;
	size_t flen = strlen(fs);
	char *p;

	p = dentry_path_raw(dentry, nb->raw, sizeof(nb->raw));
	if (IS_ERR(p))
		return p;
	if (sb->s_magic == PROC_SUPER_MAGIC) {
		p = ph_proc_self(p, nb);
		if (IS_ERR(p))
			return p;
	}
	if (p - nb->raw < flen + 1)
		return ERR_PTR(-ENAMETOOLONG);
	p -= flen + 1;
	memcpy(p, fs, flen);
	p[flen] = ':';
	return p;
}

static bool ph_use_local_name(const struct path *path)
{
	struct super_block *sb = path->dentry->d_sb;
	struct inode *root = d_backing_inode(sb->s_root);

	if (!path->mnt)
		return true;
	return root && !root->i_op->rename && !(sb->s_type->fs_flags & FS_REQUIRES_DEV);
}

/**
 * ph_name_program() - the escaped d_path() of a program
 * @path: the program, or the name execve() was given, looked up
 * @nb: buffers; the name is left in @nb->esc
 *
 * Programs are named by d_path() alone, without the adjustments
 * ph_name_path() makes for the objects of accesses.
 *
 * Return: 0 or a negative errno (name too long, or unnamable).
 */
int ph_name_program(const struct path *path, struct ph_namebuf *nb)
{
	char *p = d_path(path, nb->raw, sizeof(nb->raw));

	if (IS_ERR(p))
		return PTR_ERR(p);
	return ph_escape_into(p, nb);
}

/**
 * ph_name_path() - the TOMOYO-style escaped name of a path
 * @path: the path; its dentry may be negative (an object being created)
 * @nb: buffers; the name is left in @nb->esc
 *
 * Return: 0 or a negative errno (name too long, or unnamable).
 */
int ph_name_path(const struct path *path, struct ph_namebuf *nb)
{
	struct dentry *dentry = path->dentry;
	struct inode *inode = d_backing_inode(dentry);
	char *p;

	if (dentry->d_op && dentry->d_op->d_dname) {
		if (dentry->d_sb->s_magic == SOCKFS_MAGIC && inode) {
			struct sock *sk = SOCKET_I(inode)->sk;

			snprintf(nb->raw, sizeof(nb->raw), "socket:[family=%u:type=%u:protocol=%u]",
				 sk ? sk->sk_family : 0, sk ? sk->sk_type : 0,
				 sk ? sk->sk_protocol : 0);
			return ph_escape_into(nb->raw, nb);
		}
		p = d_path(path, nb->raw, sizeof(nb->raw));
	} else if (ph_use_local_name(path)) {
		p = ph_local_name(dentry, nb);
	} else {
		p = d_path(path, nb->raw, sizeof(nb->raw));
		/* d_path() marks unlinked files; TOMOYO names them plainly. */
		if (!IS_ERR(p) && d_unlinked(dentry)) {
			size_t len = strlen(p);

			if (len > 10 && !strcmp(p + len - 10, " (deleted)"))
				p[len - 10] = '\0';
		}
	}
	if (IS_ERR(p))
		return PTR_ERR(p);
	if (inode && d_is_dir(dentry)) {
		p = ph_append_slash(p, nb);
		if (IS_ERR(p))
			return PTR_ERR(p);
	}
	return ph_escape_into(p, nb);
}

/**
 * ph_name_dentry() - name of an entry in a directory (path hooks)
 * @dir: the directory
 * @dentry: the entry, possibly negative
 * @nb: buffers
 *
 * Return: 0 or a negative errno.
 */
int ph_name_dentry(const struct path *dir, struct dentry *dentry, struct ph_namebuf *nb)
{
	struct path p = { .mnt = dir->mnt, .dentry = dentry };

	return ph_name_path(&p, nb);
}

/**
 * ph_name_str() - escape a plain string (environment names, socket paths)
 * @s: the bytes
 * @len: how many
 * @nb: buffers
 *
 * Return: 0 or -ENAMETOOLONG.
 */
int ph_name_str(const char *s, size_t len, struct ph_namebuf *nb)
{
	nb->len = ph_name_escape(s, len, nb->esc, sizeof(nb->esc));
	return nb->len < sizeof(nb->esc) ? 0 : -ENAMETOOLONG;
}

/**
 * ph_name_resolve() - the name of the file a program name leads to
 * @esc: an escaped absolute program name, as in a domain's name
 * @len: its length
 *
 * Looks the name up in the current task's root, following every symlink,
 * and names what it finds as an exec names the opened program
 * (ph_name_program()).  Process context; sleeps.
 *
 * Return: a new NUL-terminated escaped name (kfree() it), or NULL when the
 * name is not an absolute path, is not there, or memory is short.
 */
char *ph_name_resolve(const char *esc, size_t len)
{
	struct ph_namebuf *nb;
	char *raw, *out = NULL;
	struct path path;
	int n;

	if (!len || esc[0] != '/')
		return NULL;
	raw = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!raw)
		return NULL;
	n = ph_name_unescape(esc, len, raw, PATH_MAX);
	if (n <= 0 || n >= PATH_MAX || memchr(raw, '\0', n) || kern_path(raw, LOOKUP_FOLLOW, &path))
		goto out;
	nb = ph_namebuf_get();
	if (nb) {
		if (!ph_name_program(&path, nb))
			out = kmemdup_nul(nb->esc, nb->len, GFP_ATOMIC | __GFP_NOWARN);
		ph_namebuf_put(nb);
	}
	path_put(&path);
out:
	kfree(raw);
	return out;
}
