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
 * scratch buffers are per-CPU.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/net.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/sock.h>

#include "name.h"
#include "policy/ph_escape.h"

/* Two per CPU: link, rename and pivot_root name two paths at once. */
struct ph_namebuf_pair {
	struct ph_namebuf nb[2];
};

/* Too large for the per-CPU allocator (32 KiB units): one pointer per CPU. */
static DEFINE_PER_CPU(struct ph_namebuf_pair *, ph_namebufs);

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
		per_cpu(ph_namebufs, cpu) = kvzalloc(sizeof(struct ph_namebuf_pair), GFP_KERNEL);
		if (!per_cpu(ph_namebufs, cpu)) {
			ph_names_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * ph_namebuf_get() - this CPU's name buffer
 *
 * Disables preemption until ph_namebuf_put().  Hooks already run with
 * preemption disabled; interrupts never name objects.
 *
 * Return: the first of this CPU's two buffers; the second follows it.
 */
struct ph_namebuf *ph_namebuf_get(void)
{
	preempt_disable();
	return this_cpu_read(ph_namebufs)->nb;
}

/**
 * ph_namebuf_put() - give the buffer back
 * @nb: what ph_namebuf_get() returned
 */
void ph_namebuf_put(struct ph_namebuf *nb)
{
	preempt_enable();
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
	if (sb->s_magic == PROC_SUPER_MAGIC)
		p = ph_proc_self(p, nb);
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
