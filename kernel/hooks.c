// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the LSM hook handlers and the table that attaches them.
 *
 * Each handler decodes the hooked wrapper's arguments, names the object the
 * way TOMOYO does (name.c) and records the access in the current task's
 * domain (record.c), or hands tasks to task.c and execs to exec.c.
 * Handlers run with preemption disabled and never sleep.  Which accesses
 * are recorded, and why some failed or refused ones are, is documented in
 * docs/access-recording.md.  The ftrace callback that finds and runs them
 * is here too, handed to the attach layer (attach.c) at init.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/indirect_call_wrapper.h>
#include <linux/kdev_t.h>
#include <linux/mount.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/stat.h>
#include <linux/trace_recursion.h>
#include <linux/uidgid.h>
#include <uapi/linux/mount.h>

#include "acl.h"
#include "attach.h"
#include "compat.h"
#include "domain.h"
#include "exec.h"
#include "net.h"
#include "phtrack.h"
#include "policy/ph_escape.h"
#include "record.h"
#include "seen.h"
#include "task.h"

/* ---- file: one path ---------------------------------------------------- */

/* TOMOYO writes directories with a trailing '/', also before they exist. */
static void ph_nb_add_slash(struct ph_namebuf *nb)
{
	if (nb->len && nb->esc[nb->len - 1] != '/' && nb->len + 1 < sizeof(nb->esc)) {
		nb->esc[nb->len++] = '/';
		nb->esc[nb->len] = '\0';
	}
}

/*
 * The miss path of ph_path_access(): name the file, record the access and
 * remember it when known (learned, or allowed by the loaded policy).  Kept
 * out of line so that a known repeat does not set up (or zero) the key and
 * the snapshot.
 */
static noinline void ph_path_record(struct ph_task *rec, struct ph_domain *d,
				    const struct path *path, unsigned int bit, bool slash)
{
	struct ph_acl_key key = { .type = PHTRACK_ACLT_PATH };
	struct ph_seen_snap snap;
	struct ph_namebuf *nb;
	u32 reuse;

	ph_seen_begin(&snap);
	nb = ph_namebuf_get();
	if (!nb)
		return;
	if (!ph_name_path(path, nb)) {
		if (slash)
			ph_nb_add_slash(nb);
		ph_key_str(&key, 0, nb);
		reuse = ph_record_known(d, &key, bit);
		if (reuse && !slash)
			ph_seen_store(&rec->seen, &snap, path, d, reuse);
	}
	ph_namebuf_put(nb);
}

/*
 * An access to a file by path, the hottest case (open, stat): a repeat of a
 * known access is answered from the task's memory (seen.c) without naming
 * the file; anything else is named, recorded, and remembered when known.
 */
static void ph_path_access(const struct path *path, unsigned int bit, bool slash)
{
	struct ph_domain *d;
	struct ph_task *rec;

	if (ph_off() || !in_task())
		return;
	rec = ph_task_current();
	if (!rec)
		return;
	d = READ_ONCE(rec->domain);
	if (!slash && ph_seen_hit(&rec->seen, path, d, bit))
		return;
	ph_path_record(rec, d, path, bit, slash);
}

static void ph_dentry_access(const struct path *dir, struct dentry *dentry, unsigned int type,
			     unsigned int bit, u16 sub, u64 n0, u64 n1, u64 n2, bool slash)
{
	struct ph_acl_key key = { .type = type, .sub = sub, .num = { n0, n1, n2 } };
	struct path p = { .mnt = dir->mnt, .dentry = dentry };
	struct ph_namebuf *nb;

	if (ph_off() || !in_task())
		return;
	nb = ph_namebuf_get();
	if (!nb)
		return;
	if (!ph_name_path(&p, nb)) {
		if (slash)
			ph_nb_add_slash(nb);
		ph_key_str(&key, 0, nb);
		ph_record(&key, bit);
	}
	ph_namebuf_put(nb);
}

static void ph_path_number(const struct path *path, unsigned int bit, u16 radix, u64 number)
{
	ph_dentry_access(path, path->dentry, PHTRACK_ACLT_PATH_NUMBER, bit, radix, number, 0, 0,
			 false);
}

static void ph_h_file_open(struct pt_regs *regs)
{
	struct file *file = (struct file *)ph_arg(regs, 0);

	/*
	 * execve() opens the program, a script's interpreter and the ELF
	 * interpreter: not reads, as TOMOYO counts them.  The mark is in
	 * f_flags; f_mode does not carry it on every kernel.
	 */
	if (file->f_flags & __FMODE_EXEC)
		return;
	if (file->f_mode & FMODE_READ)
		ph_path_access(&file->f_path, PHTRACK_PERM_READ, false);
	if (file->f_mode & FMODE_WRITE)
		ph_path_access(&file->f_path, (file->f_flags & O_APPEND) ?
			       PHTRACK_PERM_APPEND : PHTRACK_PERM_WRITE, false);
}

static void ph_h_inode_getattr(struct pt_regs *regs)
{
	ph_path_access((const struct path *)ph_arg(regs, 0), PHTRACK_PERM_GETATTR, false);
}

static void ph_h_path_truncate(struct pt_regs *regs)
{
	ph_path_access((const struct path *)ph_arg(regs, 0), PHTRACK_PERM_TRUNCATE, false);
}

static void ph_h_file_truncate(struct pt_regs *regs)
{
	struct file *file = (struct file *)ph_arg(regs, 0);

	ph_path_access(&file->f_path, PHTRACK_PERM_TRUNCATE, false);
}

static void ph_h_path_chroot(struct pt_regs *regs)
{
	ph_task_topology_change();
	ph_path_access((const struct path *)ph_arg(regs, 0), PHTRACK_PERM_CHROOT, true);
}

static void ph_h_sb_umount(struct pt_regs *regs)
{
	struct vfsmount *mnt = (struct vfsmount *)ph_arg(regs, 0);
	struct path p = { .mnt = mnt, .dentry = mnt->mnt_root };

	ph_task_topology_change();
	ph_path_access(&p, PHTRACK_PERM_UNMOUNT, true);
}

static void ph_h_path_unlink(struct pt_regs *regs)
{
	ph_dentry_access((const struct path *)ph_arg(regs, 0), (struct dentry *)ph_arg(regs, 1),
			 PHTRACK_ACLT_PATH, PHTRACK_PERM_UNLINK, 0, 0, 0, 0, false);
}

static void ph_h_path_rmdir(struct pt_regs *regs)
{
	ph_dentry_access((const struct path *)ph_arg(regs, 0), (struct dentry *)ph_arg(regs, 1),
			 PHTRACK_ACLT_PATH, PHTRACK_PERM_RMDIR, 0, 0, 0, 0, true);
}

static void ph_h_path_symlink(struct pt_regs *regs)
{
	ph_dentry_access((const struct path *)ph_arg(regs, 0), (struct dentry *)ph_arg(regs, 1),
			 PHTRACK_ACLT_PATH, PHTRACK_PERM_SYMLINK, 0, 0, 0, 0, false);
}

static void ph_h_path_mkdir(struct pt_regs *regs)
{
	umode_t mode = (umode_t)ph_arg(regs, 2);

	ph_dentry_access((const struct path *)ph_arg(regs, 0), (struct dentry *)ph_arg(regs, 1),
			 PHTRACK_ACLT_PATH_NUMBER, PHTRACK_PERM_MKDIR, PHTRACK_RADIX_OCTAL,
			 mode & S_IALLUGO, 0, 0, true);
}

static void ph_h_path_mknod(struct pt_regs *regs)
{
	const struct path *dir = (const struct path *)ph_arg(regs, 0);
	struct dentry *dentry = (struct dentry *)ph_arg(regs, 1);
	umode_t mode = (umode_t)ph_arg(regs, 2);
	/* The userspace encoding, as mknod(2) passed it. */
	dev_t dev = new_decode_dev((u32)ph_arg(regs, 3));
	unsigned int bit;

	switch (mode & S_IFMT) {
	case S_IFCHR:
	case S_IFBLK:
		ph_dentry_access(dir, dentry, PHTRACK_ACLT_MKDEV,
				 S_ISBLK(mode) ? PHTRACK_PERM_MKBLOCK : PHTRACK_PERM_MKCHAR, 0,
				 mode & S_IALLUGO, MAJOR(dev), MINOR(dev), false);
		return;
	case S_IFIFO:
		bit = PHTRACK_PERM_MKFIFO;
		break;
	case S_IFSOCK:
		bit = PHTRACK_PERM_MKSOCK;
		break;
	default:
		bit = PHTRACK_PERM_CREATE;
		break;
	}
	ph_dentry_access(dir, dentry, PHTRACK_ACLT_PATH_NUMBER, bit, PHTRACK_RADIX_OCTAL,
			 mode & S_IALLUGO, 0, 0, false);
}

static void ph_h_path_chmod(struct pt_regs *regs)
{
	ph_path_number((const struct path *)ph_arg(regs, 0), PHTRACK_PERM_CHMOD,
		       PHTRACK_RADIX_OCTAL, (umode_t)ph_arg(regs, 1) & S_IALLUGO);
}

static void ph_h_path_chown(struct pt_regs *regs)
{
	const struct path *path = (const struct path *)ph_arg(regs, 0);
	kuid_t uid = KUIDT_INIT((uid_t)ph_arg(regs, 1));
	kgid_t gid = KGIDT_INIT((gid_t)ph_arg(regs, 2));

	if (uid_valid(uid))
		ph_path_number(path, PHTRACK_PERM_CHOWN, PHTRACK_RADIX_DECIMAL,
			       from_kuid(&init_user_ns, uid));
	if (gid_valid(gid))
		ph_path_number(path, PHTRACK_PERM_CHGRP, PHTRACK_RADIX_DECIMAL,
			       from_kgid(&init_user_ns, gid));
}

static void ph_h_file_ioctl(struct pt_regs *regs)
{
	struct file *file = (struct file *)ph_arg(regs, 0);

	ph_path_number(&file->f_path, PHTRACK_PERM_IOCTL, PHTRACK_RADIX_HEX,
		       (unsigned int)ph_arg(regs, 1));
}

/* ---- file: two paths, mount ---------------------------------------------- */

static void ph_two_paths(const struct path *p1, const struct path *p2, unsigned int bit,
			 bool slash)
{
	struct ph_acl_key key = { .type = PHTRACK_ACLT_PATH2 };
	struct ph_namebuf *nb;
	unsigned int i;

	if (ph_off() || !in_task())
		return;
	nb = ph_namebuf_get();
	if (!nb)
		return;
	if (!ph_name_path(p1, &nb[0]) && !ph_name_path(p2, &nb[1])) {
		for (i = 0; i < 2; i++) {
			if (slash)
				ph_nb_add_slash(&nb[i]);
			ph_key_str(&key, i, &nb[i]);
		}
		ph_record(&key, bit);
	}
	ph_namebuf_put(nb);
}

static void ph_h_path_link(struct pt_regs *regs)
{
	struct dentry *old = (struct dentry *)ph_arg(regs, 0);
	const struct path *new_dir = (const struct path *)ph_arg(regs, 1);
	struct path p1 = { .mnt = new_dir->mnt, .dentry = old };
	struct path p2 = { .mnt = new_dir->mnt, .dentry = (struct dentry *)ph_arg(regs, 2) };

	ph_two_paths(&p1, &p2, PHTRACK_PERM_LINK, false);
}

static void ph_h_path_rename(struct pt_regs *regs)
{
	const struct path *old_dir = (const struct path *)ph_arg(regs, 0);
	const struct path *new_dir = (const struct path *)ph_arg(regs, 2);
	struct path p1 = { .mnt = old_dir->mnt, .dentry = (struct dentry *)ph_arg(regs, 1) };
	struct path p2 = { .mnt = new_dir->mnt, .dentry = (struct dentry *)ph_arg(regs, 3) };

	ph_two_paths(&p1, &p2, PHTRACK_PERM_RENAME, d_is_dir(p1.dentry));
}

static void ph_h_sb_pivotroot(struct pt_regs *regs)
{
	ph_task_topology_change();
	/* TOMOYO order: "file pivot_root NEW_ROOT PUT_OLD". */
	ph_two_paths((const struct path *)ph_arg(regs, 1), (const struct path *)ph_arg(regs, 0),
		     PHTRACK_PERM_PIVOT_ROOT, true);
}

static const char *ph_mount_type(unsigned long flags, const char *type)
{
	if (flags & MS_REMOUNT)
		return "--remount";
	if (flags & MS_BIND)
		return "--bind";
	if (flags & MS_MOVE)
		return "--move";
	if (flags & MS_SHARED)
		return "--make-shared";
	if (flags & MS_PRIVATE)
		return "--make-private";
	if (flags & MS_SLAVE)
		return "--make-slave";
	if (flags & MS_UNBINDABLE)
		return "--make-unbindable";
	return type ? type : "none";
}

/*
 * The longest filesystem type recorded, in raw bytes; a longer one (no real
 * filesystem has one) is cut there and marked, as the learning store marks
 * the names it cuts (%PH_ACL_CUT_MARK, acl.h).  Escaped, it takes at most
 * four times as many, well within a mount entry's share of a string.
 */
#define PH_MOUNT_TYPE_MAX 64

static void ph_h_sb_mount(struct pt_regs *regs)
{
	const char *dev = (const char *)ph_arg(regs, 0);
	const struct path *dir = (const struct path *)ph_arg(regs, 1);
	unsigned long flags = ph_arg(regs, 3);
	const char *type = ph_mount_type(flags, (const char *)ph_arg(regs, 2));
	struct ph_acl_key key = { .type = PHTRACK_ACLT_MOUNT };
	char etype[4 * PH_MOUNT_TYPE_MAX + PH_ACL_CUT_MARK_LEN + 1];
	size_t tlen = strnlen(type, PH_MOUNT_TYPE_MAX + 1);
	struct ph_namebuf *nb;

	if (flags & MS_MOVE)
		ph_task_topology_change();
	if (ph_off() || !in_task())
		return;
	/* Flags that only select the kind of mount are named by the type. */
	key.num[0] = flags & ~(MS_REMOUNT | MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE |
			       MS_SLAVE | MS_UNBINDABLE | MS_MGC_MSK);
	nb = ph_namebuf_get();
	if (!nb)
		return;
	if (!ph_name_str(dev ? dev : "none", strnlen(dev ? dev : "none", PATH_MAX), &nb[0]) &&
	    !ph_name_path(dir, &nb[1])) {
		ph_key_str(&key, 0, &nb[0]);
		ph_key_str(&key, 1, &nb[1]);
		/* Chosen by the caller, like every name: escaped, never raw. */
		key.str[2] = etype;
		key.len[2] = ph_name_escape(type, min_t(size_t, tlen, PH_MOUNT_TYPE_MAX), etype,
					    sizeof(etype));
		if (tlen > PH_MOUNT_TYPE_MAX) {
			memcpy(etype + key.len[2], PH_ACL_CUT_MARK, PH_ACL_CUT_MARK_LEN + 1);
			key.len[2] += PH_ACL_CUT_MARK_LEN;
			this_cpu_inc(ph_pcpu_stats.names_cut);
		}
		ph_record(&key, PHTRACK_PERM_MOUNT);
	}
	ph_namebuf_put(nb);
}

/* move_mount(2): not recorded (TOMOYO has no such permission), but it moves mounts. */
static void ph_h_move_mount(struct pt_regs *regs)
{
	ph_task_topology_change();
}

/* ---- capabilities ---------------------------------------------------------- */

static void ph_h_capable(struct pt_regs *regs)
{
	const struct cred *cred = (const struct cred *)ph_arg(regs, 0);
	int cap = (int)ph_arg(regs, 2);
	unsigned int opts = (unsigned int)ph_arg(regs, 3);
	struct ph_acl_key key = { .type = PHTRACK_ACLT_CAP };
	const char *name;

	/* A capability the task has and uses: not probes, not other tasks. */
	if (ph_off() || !in_task() || (opts & CAP_OPT_NOAUDIT) ||
	    cred != current_cred() || !cap_valid(cap) || !cap_raised(cred->cap_effective, cap))
		return;
	name = ph_cap_name(cap);
	key.str[0] = name;
	key.len[0] = strlen(name);
	ph_record(&key, PHTRACK_PERM_USE);
}

/* ---- tasks and execs ---------------------------------------------------------- */

static void ph_h_task_alloc(struct pt_regs *regs)
{
	ph_task_created((struct task_struct *)ph_arg(regs, 0));
}

static void ph_h_task_free(struct pt_regs *regs)
{
	ph_task_free((struct task_struct *)ph_arg(regs, 0));
}

static void ph_h_bprm_creds_for_exec(struct pt_regs *regs)
{
	ph_exec_begin();
}

static void ph_h_bprm_check(struct pt_regs *regs)
{
	struct linux_binprm *bprm = (struct linux_binprm *)ph_arg(regs, 0);

	ph_exec_check(bprm->filename, bprm->file);
}

static void ph_h_bprm_committed_creds(struct pt_regs *regs)
{
	ph_exec_committed();
}

static struct ph_hook ph_hooks[] = {
	PH_HOOK("security_task_alloc", ph_h_task_alloc),
	PH_HOOK("security_task_free", ph_h_task_free),
	PH_HOOK("security_bprm_creds_for_exec", ph_h_bprm_creds_for_exec),
	PH_HOOK_DENY("security_bprm_check", ph_h_bprm_check),
	PH_HOOK("security_bprm_committed_creds", ph_h_bprm_committed_creds),
	PH_HOOK_DENY("security_file_open", ph_h_file_open),
	PH_HOOK_DENY("security_inode_getattr", ph_h_inode_getattr),
	PH_HOOK_DENY("security_path_truncate", ph_h_path_truncate),
	PH_HOOK_DENY_OPTIONAL("security_file_truncate", ph_h_file_truncate),
	PH_HOOK_DENY("security_path_chroot", ph_h_path_chroot),
	PH_HOOK_DENY("security_sb_umount", ph_h_sb_umount),
	PH_HOOK_DENY("security_path_unlink", ph_h_path_unlink),
	PH_HOOK_DENY("security_path_rmdir", ph_h_path_rmdir),
	PH_HOOK_DENY("security_path_symlink", ph_h_path_symlink),
	PH_HOOK_DENY("security_path_mkdir", ph_h_path_mkdir),
	PH_HOOK_DENY("security_path_mknod", ph_h_path_mknod),
	PH_HOOK_DENY("security_path_chmod", ph_h_path_chmod),
	PH_HOOK_DENY("security_path_chown", ph_h_path_chown),
	PH_HOOK_DENY("security_file_ioctl", ph_h_file_ioctl),
	PH_HOOK_DENY_OPTIONAL("security_file_ioctl_compat", ph_h_file_ioctl),
	PH_HOOK_DENY("security_path_link", ph_h_path_link),
	PH_HOOK_DENY("security_path_rename", ph_h_path_rename),
	PH_HOOK_DENY("security_sb_pivotroot", ph_h_sb_pivotroot),
	PH_HOOK_DENY("security_sb_mount", ph_h_sb_mount),
	PH_HOOK("security_move_mount", ph_h_move_mount),
	PH_HOOK_DENY("security_capable", ph_h_capable),
	PH_HOOK_DENY("security_socket_bind", ph_h_socket_bind),
	PH_HOOK_DENY("security_socket_connect", ph_h_socket_connect),
	PH_HOOK_DENY("security_socket_listen", ph_h_socket_listen),
	PH_HOOK_DENY("security_socket_accept", ph_h_socket_accept),
	PH_HOOK_DENY("security_socket_sendmsg", ph_h_socket_sendmsg),
	PH_HOOK_DENY("security_socket_recvmsg", ph_h_socket_recvmsg),
};

/*
 * Run a hook's handler.  The handlers of the hottest wrappers (stat, open)
 * are called directly rather than through the function pointer, a
 * retpoline on most machines.
 */
static __always_inline void ph_hook_call(const struct ph_hook *hook, struct pt_regs *regs)
{
	INDIRECT_CALL_2(hook->handler, ph_h_inode_getattr, ph_h_file_open, regs);
}

/*
 * The callback of both ftrace_ops (attach.c): a verdict is delivered only
 * for a hook on the IPMODIFY one (hook->denies), so an observe-only hook
 * never moves the instruction pointer.  Neither ops sets
 * FTRACE_OPS_FL_RECURSION, so ftrace calls this directly and it guards
 * itself: the recursion lock stops a handler that
 * reaches a traced wrapper from re-entering, and disables preemption while
 * held, which handlers rely on (per-CPU buffers and hints, RCU readers).
 * It lives here, with the hook table, and is handed to ph_attach_all(), so
 * that it can call the hottest handlers directly while the attach layer
 * stays below the handlers.
 */
static void notrace ph_ftrace_thunk(unsigned long ip, unsigned long parent_ip,
				    struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	struct ph_hook *hook;
	int bit, saved, verdict;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0)
		return;
	hook = ph_hook_for_ip(ip);
	if (!hook || !hook->handler)
		goto out;
	/* An interrupt's hook in between must not see or leave a verdict. */
	saved = this_cpu_read(ph_verdict);
	this_cpu_write(ph_verdict, 0);
	ph_hook_call(hook, ph_fregs_args(fregs));
	verdict = this_cpu_read(ph_verdict);
	this_cpu_write(ph_verdict, saved);
	if (unlikely(verdict) && hook->denies)
		ph_fregs_set_ip(fregs, (unsigned long)ph_deny_stub);
out:
	ftrace_test_recursion_unlock(bit);
}

/*
 * The wrappers above, as few ftrace filter patterns as possible (each one
 * scans all traceable functions), each set matching exactly the wrappers
 * of its ops on the supported kernels (tests/vm/ipmodify.sh checks it):
 * the character classes keep out every wrapper phtrack has no handler for,
 * hot ones such as security_socket_sock_rcv_skb and security_file_permission,
 * and ones a live patch or kprobe may want, such as
 * security_socket_setsockopt.
 */
static const char *const ph_deny_filters[] = {
	"security_file_[oti]*",		/* open, truncate, ioctl, ioctl_compat */
	"security_inode_getattr",
	"security_path_[clmrstu]*",	/* chmod ... unlink, not notify, post_mknod */
	"security_sb_[mpu][imo]*",	/* mount, pivotroot, umount */
	"security_capable",
	"security_bprm_check",		/* refuses unlisted programs (exec.c) */
	/* accept, bind, connect, listen, recvmsg, sendmsg */
	"security_socket_[abclrs][ceio][cns][denstv]*",
};

static const char *const ph_observe_filters[] = {
	"security_task_[af][lr]*",	/* alloc, free */
	"security_bprm_creds_for_exec",
	"security_bprm_committed_creds",
	"security_move_mount",
};

static const struct ph_filter_set ph_filters = {
	.deny = ph_deny_filters,
	.ndeny = ARRAY_SIZE(ph_deny_filters),
	.observe = ph_observe_filters,
	.nobserve = ARRAY_SIZE(ph_observe_filters),
};

/**
 * ph_hooks_init() - attach every hook, then adopt the tasks already running
 *
 * Return: 0 or a negative errno, with nothing left attached.
 */
int ph_hooks_init(void)
{
	int err;

	err = ph_attach_all(ph_hooks, ARRAY_SIZE(ph_hooks), &ph_filters, ph_ftrace_thunk);
	if (err)
		return err;
	err = ph_tasks_adopt_all();
	if (err) {
		ph_detach_all();
		ph_tasks_quiesce(-1);
	}
	return err;
}

/**
 * ph_hooks_exit() - detach every hook and wait for deferred exec work
 */
void ph_hooks_exit(void)
{
	int cookie = ph_tasks_quiesce_begin();

	ph_detach_all();
	ph_tasks_quiesce(cookie);
}
