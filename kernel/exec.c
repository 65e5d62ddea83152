// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the exec transition: a successful exec moves the task to
 * "<current domain> <program>", subject to the transition rules
 * (transition.c), and records "file execute" in the old domain and the
 * environment's names in the new one (env.c).
 *
 * Hooks run with preemption disabled, so the parts of an exec that may sleep
 * (looking the program name up without following its last symlink, creating
 * the domain, telling userspace) run from a task_work queued when the exec
 * has committed.  It runs before the new program executes a single
 * instruction in userspace.  The exec record (&struct ph_exec) hangs off the
 * task record (task.c), which frees it with the task.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "acl.h"
#include "attach.h"
#include "domain.h"
#include "env.h"
#include "event.h"
#include "exec.h"
#include "manager.h"
#include "name.h"
#include "phtrack.h"
#include "record.h"
#include "seen.h"
#include "task.h"
#include "transition.h"
#include "violation.h"

/**
 * ph_exec_begin() - bprm_creds_for_exec hook: an execve() starts
 *
 * Runs once per execve() before any bprm_check; forgets a previous exec
 * that failed and arms the next bprm_check.
 */
void ph_exec_begin(void)
{
	struct ph_task *rec = ph_task_current();

	if (!rec)
		return;
	ph_exec_free(rec->exec);
	rec->exec = NULL;
	rec->exec_armed = true;
}

/*
 * The escaped name of @path in a new exact-size allocation, named in this
 * CPU's buffer: no page-sized scratch allocation, which init_on_alloc
 * would clear on every exec.
 */
static char *ph_program_name(const struct path *path)
{
	struct ph_namebuf *nb = ph_namebuf_get();
	char *out = NULL;

	if (!nb)
		return NULL;
	if (!ph_name_program(path, nb))
		out = kmemdup_nul(nb->esc, nb->len, GFP_ATOMIC | __GFP_NOWARN);
	ph_namebuf_put(nb);
	return out;
}

/* A later bprm_check of the same exec: the interpreter of a script. */
static void ph_exec_interp(struct ph_exec *ex, struct file *file)
{
	if (ex->interp || !file)
		return;
	ex->interp = ph_program_name(&file->f_path);
	if (ex->interp) {
		ex->size += strlen(ex->interp) + 1;
		atomic64_add(strlen(ex->interp) + 1, &ph_stats.mem_bytes);
	}
}

/* Whether "file execute @name" (escaped) is in @d's list. */
static bool ph_exec_known(struct ph_domain *d, const char *name, size_t len)
{
	struct ph_acl_key key = { .type = PHTRACK_ACLT_PATH };

	key.str[0] = name;
	key.len[0] = len;
	return ph_acl_allows(d, &key, PHTRACK_PERM_EXECUTE);
}

/*
 * Whether "file execute" is in @d's list for the program named @name, or for
 * the name an aggregator rule gives it (transition.c).
 */
static bool ph_exec_known_as(struct ph_domain *d, const char *name, size_t len)
{
	const char *agg;
	size_t alen;
	bool ok;

	if (ph_exec_known(d, name, len))
		return true;
	rcu_read_lock();
	agg = ph_transition_aggregate_rcu(name, len, &alen);
	ok = agg && ph_exec_known(d, agg, alen);
	rcu_read_unlock();
	return ok;
}

/*
 * Whether an enforcing domain's list allows executing the program opened as
 * @resolved (its fully resolved, escaped name) and asked for as @filename.
 * The transition names a program by the name asked for with its
 * directories resolved and a final symlink kept (ph_exec_program()), which
 * needs a lookup this hook cannot sleep for.  So the program is allowed
 * when "file execute" is known for its resolved name, for the name asked
 * for (when absolute), or for the program name of any domain entered
 * before by running the same file (a domain's last word, with the resolved
 * name as its target), which is the name the transition would use again.
 */
static bool ph_exec_allowed(struct ph_domain *d, const char *filename, const char *resolved)
{
	struct ph_namebuf *nb;
	struct ph_domain *c;
	bool ok = false;

	if (ph_exec_known_as(d, resolved, strlen(resolved)))
		return true;
	if (filename[0] == '/') {
		nb = ph_namebuf_get();
		if (nb) {
			if (!ph_name_str(filename, strnlen(filename, PATH_MAX), nb))
				ok = ph_exec_known_as(d, nb->esc, nb->len);
			ph_namebuf_put(nb);
		}
		if (ok)
			return true;
	}
	rcu_read_lock();
	list_for_each_entry_rcu(c, &ph_domain_list, lnode) {
		const char *prog = strrchr(c->name, ' ');
		const char *target = ph_domain_target(c);

		if (target && prog && !strcmp(target, resolved) &&
		    ph_exec_known(d, prog + 1, strlen(prog + 1))) {
			ok = true;
			break;
		}
	}
	rcu_read_unlock();
	return ok;
}

/*
 * Enforcing means enforcing: an exec of a program not in an enforcing
 * domain's list is refused here, before the point of no return (the exec
 * transition runs after it and can deny nothing).  <kernel> and the
 * managers are never refused.  Return: true when refused.
 */
static bool ph_exec_refused(struct ph_task *rec, const char *filename, const char *resolved)
{
	struct ph_domain *d = READ_ONCE(rec->domain);
	struct ph_acl_key key = { .type = PHTRACK_ACLT_PATH };

	if (!resolved || ph_domain_mode(d) != PHTRACK_MODE_ENFORCING || d == ph_kernel_domain ||
	    ph_exec_allowed(d, filename, resolved) || ph_manager_domain(d))
		return false;
	key.str[0] = resolved;
	key.len[0] = strlen(resolved);
	atomic64_inc(&ph_stats.violations);
	atomic64_inc(&ph_stats.denied);
	ph_violation(d, &key, PHTRACK_PERM_EXECUTE, -EPERM);
	ph_deny(-EPERM);
	return true;
}

/**
 * ph_exec_check() - bprm_check hook: remember the program being executed
 * @filename: bprm->filename, the name passed to execve()
 * @file: bprm->file, the opened program
 *
 * Only the first call of an exec counts: for a script it names the script,
 * the later calls name its interpreter.
 */
void ph_exec_check(const char *filename, struct file *file)
{
	struct ph_task *rec = ph_task_lookup(current);
	struct ph_exec *ex;

	if (!rec)
		return;
	if (!rec->exec_armed) {
		if (rec->exec)
			ph_exec_interp(rec->exec, file);
		return;
	}
	rec->exec_armed = false;
	ex = kzalloc(sizeof(*ex), GFP_ATOMIC | __GFP_NOWARN);
	if (!ex)
		goto nomem;
	ex->resolved = file ? ph_program_name(&file->f_path) : NULL;
	if (ph_exec_refused(rec, filename, ex->resolved)) {
		kfree(ex->resolved);
		kfree(ex);
		return;
	}
	ex->size = sizeof(*ex);
	if (ex->resolved)
		ex->size += strlen(ex->resolved) + 1;
	/*
	 * An absolute name that is already the opened file's name (no
	 * symlink, no "." or "..", nothing escaped) would be looked up to the
	 * same file: it is not kept (ph_exec_program()).
	 */
	if (!ex->resolved || filename[0] != '/' || strchr(filename, '\\') ||
	    strcmp(filename, ex->resolved)) {
		ex->req = kstrndup(filename, PATH_MAX, GFP_ATOMIC | __GFP_NOWARN);
		if (!ex->req) {
			kfree(ex->resolved);
			kfree(ex);
			goto nomem;
		}
		ex->size += strlen(ex->req) + 1;
	}
	atomic64_add(ex->size, &ph_stats.mem_bytes);
	rec->exec = ex;
	return;
nomem:
	atomic64_inc(&ph_stats.alloc_failed);
}

/*
 * The program's name, as executed: ex->resolved, a new allocation, or NULL.
 * The name passed to execve() is looked up again without LOOKUP_FOLLOW, so
 * that directory symlinks are resolved and a final one is kept; when it was
 * already the resolved name, ph_exec_check() did not keep it.
 *
 * A name that ends on procfs is a magic link (/proc/self/exe,
 * /proc/PID/fd/N, and /dev/fd/N or fexecve(), which lead there): its own
 * name carries a pid or an fd number, so the program is named by the file
 * it runs instead.
 */
static char *ph_exec_program(struct ph_exec *ex)
{
	struct path path;
	bool magic;
	char *p;

	if (!ex->req)
		return ex->resolved;
	if (!kern_path(ex->req, 0, &path)) {
		magic = path.dentry->d_sb->s_magic == PROC_SUPER_MAGIC;
		p = magic ? NULL : ph_program_name(&path);
		path_put(&path);
		if (p)
			return p;
	}
	/* The opened file's name: e.g. /dev/fd/N of a closed fd. */
	return ex->resolved;
}

static bool ph_exec_record_path(struct ph_domain *d, const char *path, unsigned int bit)
{
	struct ph_acl_key key = { .type = PHTRACK_ACLT_PATH };

	key.str[0] = path;
	key.len[0] = strlen(path);
	return ph_record_in_known(d, &key, bit, NULL);
}

/*
 * Whether this exec is the boot trigger's: the name passed to execve(), as
 * TOMOYO compares it ("/sbin/init"), or the program's name (on a merged
 * /usr, "/usr/sbin/init"), or the file it runs ("/usr/lib/systemd/systemd").
 */
static bool ph_exec_is_trigger(const struct ph_exec *ex, const char *prog)
{
	const char *trig = ph_boot_trigger;

	if (!trig)
		return false;
	return (ex->req && !strcmp(ex->req, trig)) || !strcmp(prog, trig) ||
	       (ex->resolved && !strcmp(ex->resolved, trig));
}

static void ph_exec_transition(struct ph_task *rec, struct ph_exec *ex)
{
	struct ph_domain *old = READ_ONCE(rec->domain), *base, *new = NULL;
	unsigned int gen = (unsigned int)atomic_read_acquire(&ph_seen_gen);
	bool remembered = false;
	char *prog, *agg, *own = NULL;
	enum ph_tr_type type;
	size_t plen;

	prog = ph_exec_program(ex);
	if (!prog)
		return;
	/*
	 * An aggregator names the program by its rule's name, in the new
	 * domain, in "file execute" and for the transition rules, as in
	 * TOMOYO; the boot trigger still compares the program's own name.
	 */
	agg = ph_transition_aggregated(prog, strlen(prog));
	if (agg) {
		own = prog;
		prog = agg;
	}
	plen = strlen(prog);

	type = ph_transition_decide(old->name, old->name_len, prog, plen);
	base = old;
	if (type == PH_TR_INITIALIZE || type == PH_TR_RESET)
		base = ph_kernel_domain;

	if (!ph_tasks_active() && old == ph_kernel_domain && type != PH_TR_INITIALIZE &&
	    type != PH_TR_RESET) {
		/*
		 * Before init, programs run from <kernel> stay there, except
		 * those an initialize_domain or reset_domain rule names (they
		 * may start before init), as in TOMOYO.
		 */
		if (!ph_exec_is_trigger(ex, own ? own : prog))
			goto out;
		ph_tasks_activate();
		pr_info("activated by %s\n", prog);
		/* The real root is ours now: name what a policy load named. */
		pr_info("%u domain(s) given their program's file\n",
			ph_domains_resolve_targets());
	}

	if (type == PH_TR_KEEP) {
		new = old;
	} else {
		/* The same known exec as the last one from here? */
		if (base == old)
			new = ph_domain_child_known(old, prog, plen, gen);
		remembered = !!new;
		if (!new)
			new = ph_domain_enter(base, prog, plen, ex->resolved, 0, GFP_KERNEL);
		if (IS_ERR(new)) {
			if (PTR_ERR(new) == -E2BIG)
				atomic64_inc(&ph_stats.transitions_refused);
			else
				atomic64_inc(&ph_stats.alloc_failed);
			new = old;
		}
	}
	if (new != old) {
		ph_domain_get_task(new);
		WRITE_ONCE(rec->domain, new);
		ph_domain_put_task(old);
	}
	/* A remembered child: "file execute" is known in @old already. */
	if (!remembered && ph_exec_record_path(old, prog, PHTRACK_PERM_EXECUTE) && new != old)
		ph_domain_child_remember(old, new, gen);
	if (ex->interp)
		ph_exec_record_path(new, ex->interp, PHTRACK_PERM_READ);
	ph_exec_record_env(new);
	atomic64_inc(&ph_stats.execs);
	ph_event_exec(current, old, new);
out:
	if (own) {
		kfree(agg);
		prog = own;
	}
	if (prog != ex->resolved)
		kfree(prog);
}

static void ph_exec_twork(struct callback_head *cb)
{
	struct ph_task *rec = container_of(cb, struct ph_task, twork);
	struct ph_exec *ex = rec->exec;

	rec->exec = NULL;
	if (ex && !(current->flags & PF_EXITING))
		ph_exec_transition(rec, ex);
	ph_exec_free(ex);
	ph_twork_finish();
}

/**
 * ph_exec_committed() - bprm_committed_creds hook: the exec succeeded
 *
 * Queues the transition to run before the new program's first instruction.
 */
void ph_exec_committed(void)
{
	struct ph_task *rec = ph_task_lookup(current);

	if (!rec || !rec->exec)
		return;
	if (!ph_twork_queue(&rec->twork, ph_exec_twork)) {
		ph_exec_free(rec->exec);
		rec->exec = NULL;
	}
}
