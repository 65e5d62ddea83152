// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - per-task records, adoption of running tasks, the task_work
 * bookkeeping unload relies on (a module reference per queued work).
 *
 * Every task has a record naming its domain.  fork/clone copies the
 * creator's domain (threads share their process's domain the same way); a
 * successful exec moves the task to "<current domain> <program>" (exec.c).
 * A task phtrack did not see being created is adopted: its domain is
 * reconstructed from its ancestors' executables.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/rhashtable.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>

#include "compat.h"
#include "domain.h"
#include "phtrack.h"
#include "policy/ph_escape.h"
#include "task.h"

char *ph_boot_trigger;
module_param_named(boot_trigger, ph_boot_trigger, charp, 0444);
MODULE_PARM_DESC(boot_trigger,
		 "loaded before init: tasks stay in <kernel> until this program is executed, as TOMOYO does with /sbin/init");

/* Escaping can turn one byte into four. */
#define PH_ESC_MAX (4 * PATH_MAX + 1)
/* Ancestors examined when rebuilding a running task's domain. */
#define PH_RECON_DEPTH 32

static const struct rhashtable_params ph_task_params = {
	.key_len = sizeof(struct task_struct *),
	.key_offset = offsetof(struct ph_task, task),
	.head_offset = offsetof(struct ph_task, node),
	.automatic_shrinking = true,
};

static struct rhashtable ph_task_table;
static atomic_t ph_twork_pending = ATOMIC_INIT(0);
static atomic_t ph_twork_done = ATOMIC_INIT(0);
static bool ph_active;
/* Set once ph_tasks_adopt_all() has given every running task its record. */
static bool ph_adopted;

/**
 * ph_tasks_active() - whether domain transitions have started
 *
 * Return: true once active (at load, or at the boot trigger's exec).
 */
bool ph_tasks_active(void)
{
	return READ_ONCE(ph_active);
}

/**
 * ph_tasks_activate() - start domain transitions (the boot trigger ran)
 */
void ph_tasks_activate(void)
{
	WRITE_ONCE(ph_active, true);
}

/**
 * ph_task_lookup() - the record of a task
 * @t: the task
 *
 * Caller holds rcu_read_lock() or runs in a hook (preemption disabled, which
 * is an RCU read-side section).
 *
 * Return: the record or NULL.
 */
struct ph_task *ph_task_lookup(struct task_struct *t)
{
	return rhashtable_lookup(&ph_task_table, &t, ph_task_params);
}

/**
 * ph_exec_free() - free an exec record (&struct ph_exec)
 * @ex: the record, may be NULL
 *
 * The task record owns its exec record: exec.c creates it, and it is freed
 * here with the task record, or by exec.c when the exec is over.
 */
void ph_exec_free(struct ph_exec *ex)
{
	if (!ex)
		return;
	atomic64_sub(ex->size, &ph_stats.mem_bytes);
	kfree(ex->req);
	kfree(ex->resolved);
	kfree(ex->interp);
	kfree(ex);
}

static void ph_task_free_rcu(struct rcu_head *head)
{
	struct ph_task *rec = container_of(head, struct ph_task, rcu);

	ph_exec_free(rec->exec);
	ph_kfree(rec, sizeof(*rec));
}

/* Publish a record for @t in @d.  Returns the record that won the race. */
static struct ph_task *ph_task_insert(struct task_struct *t, struct ph_domain *d, gfp_t gfp)
{
	struct ph_task *rec, *old;

	rec = ph_kzalloc(sizeof(*rec), gfp | __GFP_NOWARN);
	if (!rec) {
		atomic64_inc(&ph_stats.alloc_failed);
		return NULL;
	}
	rec->task = t;
	rec->domain = d;
	ph_domain_get_task(d);
	old = rhashtable_lookup_get_insert_fast(&ph_task_table, &rec->node, ph_task_params);
	if (old) {
		ph_domain_put_task(d);
		ph_kfree(rec, sizeof(*rec));
		return IS_ERR(old) ? NULL : old;
	}
	atomic64_inc(&ph_stats.tasks);
	return rec;
}

/* d_path() of a task's executable into @buf, or NULL. */
static char *ph_task_exe_path(struct task_struct *t, char *buf, int len)
{
	struct file *f = NULL;
	char *p;

	task_lock(t);
	if (t->mm && !(t->flags & PF_KTHREAD))
		f = ph_get_mm_exe(t->mm);
	task_unlock(t);
	if (!f)
		return NULL;
	p = d_path(&f->f_path, buf, len);
	fput(f);
	return IS_ERR(p) ? NULL : p;
}

/*
 * Rebuild the domain of a task phtrack did not see being created: from the
 * nearest ancestor with a record (or <kernel>) down to the task, one program
 * per ancestor whose executable differs from its parent's.  The result is
 * flagged reconstructed: execs that happened in between without a process
 * to show for them (a shell exec'ing a service) are invisible from here.
 */
static struct ph_domain *ph_reconstruct(struct task_struct *task, gfp_t gfp)
{
	struct task_struct *chain[PH_RECON_DEPTH], *stop = NULL, *t;
	struct ph_domain *d = ph_kernel_domain, *next;
	char *buf, *prev, *esc, *p;
	struct ph_task *rec;
	int n = 0, i;
	size_t elen;

	if (ph_boot_trigger && !READ_ONCE(ph_active))
		return ph_kernel_domain;	/* before init, everything is <kernel> */

	rcu_read_lock();
	for (t = task; t->pid && !(t->flags & PF_KTHREAD);
	     t = rcu_dereference(t->real_parent)) {
		if (t != task) {
			rec = ph_task_lookup(t);
			if (rec) {
				d = READ_ONCE(rec->domain);
				get_task_struct(t);
				stop = t;
				break;
			}
		}
		if (n == PH_RECON_DEPTH)
			break;
		get_task_struct(t);
		chain[n++] = t;
	}
	rcu_read_unlock();

	buf = kmalloc(PATH_MAX, gfp | __GFP_NOWARN);
	prev = kzalloc(PATH_MAX, gfp | __GFP_NOWARN);
	esc = kmalloc(PH_ESC_MAX, gfp | __GFP_NOWARN);
	/* The ancestor with a record: a child running the same file forked. */
	if (stop) {
		p = (buf && prev) ? ph_task_exe_path(stop, buf, PATH_MAX) : NULL;
		if (p)
			strscpy(prev, p, PATH_MAX);
		put_task_struct(stop);
	}
	for (i = n - 1; i >= 0; i--) {
		p = (buf && prev && esc) ? ph_task_exe_path(chain[i], buf, PATH_MAX) : NULL;
		if (p && strcmp(p, prev)) {
			strscpy(prev, p, PATH_MAX);
			elen = ph_name_escape(p, strlen(p), esc, PH_ESC_MAX);
			next = ph_domain_enter(d, esc, elen, esc,
					       BIT(PHTRACK_DOMAIN_BIT_RECONSTRUCTED), gfp);
			if (!IS_ERR(next))
				d = next;
		}
		put_task_struct(chain[i]);
	}
	kfree(esc);
	kfree(prev);
	kfree(buf);
	return d;
}

/**
 * ph_task_get() - the record of a task, adopting the task if it has none
 * @t: the task
 * @gfp: allocation flags for adoption
 *
 * Process context only (ph_tasks_adopt_all()): rebuilding the domain takes
 * task_lock() and d_path() of each ancestor's executable.
 *
 * Return: the record, or NULL when adoption failed for lack of memory.
 */
struct ph_task *ph_task_get(struct task_struct *t, gfp_t gfp)
{
	struct ph_task *rec = ph_task_lookup(t);
	struct ph_domain *d;

	if (rec)
		return rec;
	d = (t->flags & PF_KTHREAD) ? ph_kernel_domain : ph_reconstruct(t, gfp);
	return ph_task_insert(t, d, gfp);
}

/*
 * The domain a task without a record joins from a hook: that of its nearest
 * ancestor with a record, else <kernel>.  A hook may run under a lock its
 * caller holds (do_prlimit() calls capable() under task_lock()), so nothing
 * here takes a lock, sleeps, or names an executable: only RCU lookups.
 * Tasks created while phtrack is loaded get their record at task_alloc and
 * running ones at load (ph_tasks_adopt_all()); this path only serves a task
 * whose record could not be allocated then.
 */
static struct ph_domain *ph_task_ancestor_domain(struct task_struct *task)
{
	struct ph_domain *d = ph_kernel_domain;
	struct task_struct *t;
	struct ph_task *rec;
	int n = 0;

	if (task->flags & PF_KTHREAD)
		return d;
	rcu_read_lock();
	for (t = rcu_dereference(task->real_parent); t->pid && n < PH_RECON_DEPTH;
	     t = rcu_dereference(t->real_parent), n++) {
		rec = ph_task_lookup(t);
		if (rec) {
			d = READ_ONCE(rec->domain);
			break;
		}
	}
	rcu_read_unlock();
	return d;
}

DEFINE_PER_CPU(struct ph_task_hint, ph_task_hints);

/**
 * ph_task_current_slow() - ph_task_current() when this CPU's hint is stale
 *
 * Return: the record, or NULL when adoption failed for lack of memory.
 */
struct ph_task *ph_task_current_slow(void)
{
	struct ph_task_hint *h = this_cpu_ptr(&ph_task_hints);
	struct ph_task *rec = ph_task_lookup(current);

	/*
	 * Until load has adopted every running task, a task without a record
	 * is one that adoption will name (rebuilding its domain, which a hook
	 * cannot do): its accesses in that instant are not recorded.
	 */
	if (!rec && smp_load_acquire(&ph_adopted))
		rec = ph_task_insert(current, ph_task_ancestor_domain(current), GFP_ATOMIC);
	if (rec) {
		h->rec = rec;
		WRITE_ONCE(h->task, current);
	}
	return rec;
}

/* Forget @t in every CPU's hint (@t is dead: no CPU can set it again). */
static void ph_task_hints_forget(struct task_struct *t)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct ph_task_hint *h = per_cpu_ptr(&ph_task_hints, cpu);

		if (READ_ONCE(h->task) == t)
			cmpxchg(&h->task, t, NULL);
	}
}

/**
 * ph_task_created() - task_alloc hook: the child joins its creator's domain
 * @child: the new task, not running yet
 */
void ph_task_created(struct task_struct *child)
{
	struct ph_task *parent = ph_task_current();

	/*
	 * A creator not adopted yet: the child gets its record, in its
	 * creator's domain once that is known, at its first hook.
	 */
	if (!parent && !smp_load_acquire(&ph_adopted))
		return;
	ph_task_insert(child, parent ? READ_ONCE(parent->domain) : ph_kernel_domain, GFP_ATOMIC);
}

/**
 * ph_task_free() - task_free hook: drop the record of a dead task
 * @t: the task; may run in softirq context (RCU callback)
 */
void ph_task_free(struct task_struct *t)
{
	struct ph_task *rec;

	ph_task_hints_forget(t);
	rec = ph_task_lookup(t);
	if (!rec || rhashtable_remove_fast(&ph_task_table, &rec->node, ph_task_params))
		return;
	atomic64_dec(&ph_stats.tasks);
	ph_domain_put_task(READ_ONCE(rec->domain));
	call_rcu(&rec->rcu, ph_task_free_rcu);
}

/*
 * Queue @cb to run @fn when the current task returns to userspace (or
 * exits).  @fn must end with ph_twork_finish().  False when the task is
 * exiting, or the module is being unloaded, and the work was not queued.
 *
 * Every queued work holds a reference on the module until it has run: a
 * task that never gets back to userspace (stopped by ptrace between an
 * exec's commit and its return) keeps phtrack in use, so rmmod fails at
 * once with EAGAIN ("in use") instead of waiting for it in D state.  Once
 * rmmod has begun, try_module_get() fails and nothing more is queued.
 */
bool ph_twork_queue(struct callback_head *cb, task_work_func_t fn)
{
	if (!try_module_get(THIS_MODULE))
		return false;
	init_task_work(cb, fn);
	atomic_inc(&ph_twork_pending);
	if (!task_work_add(current, cb, TWA_RESUME))
		return true;
	if (atomic_dec_and_test(&ph_twork_pending))
		wake_up_var(&ph_twork_pending);
	module_put(THIS_MODULE);
	return false;
}

/*
 * Last statement of every queued work: drops the work's module reference.
 * What runs after module_put() (the rest of this function and the work's
 * return) is covered by the RCU-tasks grace period unload waits for: the
 * module cannot start going away before the last reference is dropped, and
 * its exit then waits until every task has passed a voluntary switch or
 * userspace (ph_tasks_quiesce()).
 */
void ph_twork_finish(void)
{
	atomic_inc(&ph_twork_done);
	if (atomic_dec_and_test(&ph_twork_pending))
		wake_up_var(&ph_twork_pending);
	module_put(THIS_MODULE);
}

static void ph_topology_twork(struct callback_head *cb)
{
	struct ph_task *rec = container_of(cb, struct ph_task, topo_twork);

	rec->topo_queued = false;
	ph_seen_topology_end();
	ph_twork_finish();
}

/**
 * ph_task_topology_change() - a hook of an operation that may move mounts
 *
 * Stops remembered accesses (seen.c) until the current task returns to
 * userspace, when the operation is over.  A kernel thread never returns
 * there: its change only invalidates what was remembered before it.
 */
void ph_task_topology_change(void)
{
	struct ph_task *rec = NULL;

	if (!(current->flags & PF_KTHREAD))
		rec = ph_task_current();
	if (!rec || rec->topo_queued) {
		ph_seen_invalidate();
		return;
	}
	ph_seen_topology_begin();
	rec->topo_queued = true;
	if (!ph_twork_queue(&rec->topo_twork, ph_topology_twork)) {
		rec->topo_queued = false;
		ph_seen_topology_end();
	}
}

/**
 * ph_tasks_adopt_all() - give every running task a record
 *
 * Called after the hooks are attached, so a task created meanwhile gets its
 * record from the task_alloc hook; tasks that already have one are skipped.
 *
 * Return: 0 or -ENOMEM.
 */
int ph_tasks_adopt_all(void)
{
	struct task_struct *g, *t, **all;
	unsigned int n = 0, cap, i;

	if (!ph_boot_trigger)
		WRITE_ONCE(ph_active, true);
	rcu_read_lock();
	for_each_process_thread(g, t)
		n++;
	rcu_read_unlock();
	cap = n + 256;
	all = kvmalloc_array(cap, sizeof(*all), GFP_KERNEL);
	if (!all)
		return -ENOMEM;
	n = 0;
	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (n == cap)
			break;
		get_task_struct(t);
		all[n++] = t;
	}
	rcu_read_unlock();
	/* Parents before children: for_each_process walks in creation order. */
	for (i = 0; i < n; i++) {
		ph_task_get(all[i], GFP_KERNEL);
		put_task_struct(all[i]);
	}
	kvfree(all);
	/* Pairs with the hooks' acquire: every adopted record is visible. */
	smp_store_release(&ph_adopted, true);
	return 0;
}

/**
 * ph_tasks_init() - create the task table
 *
 * Return: 0 or a negative errno.
 */
int ph_tasks_init(void)
{
	return rhashtable_init(&ph_task_table, &ph_task_params);
}

/**
 * ph_tasks_quiesce_begin() - note the exec work state before detaching
 *
 * Return: a cookie for ph_tasks_quiesce().
 */
int ph_tasks_quiesce_begin(void)
{
	return atomic_read(&ph_twork_pending) ? -1 : atomic_read(&ph_twork_done);
}

/**
 * ph_tasks_quiesce() - wait until no queued work can run module code
 * @cookie: what ph_tasks_quiesce_begin() returned before the hooks were
 *	detached, or -1 to wait unconditionally
 *
 * Called after the hooks are detached: no new work can be queued.  At
 * unload, every queued work held a module reference (ph_twork_queue()), and
 * the module's exit runs only once the last one was dropped, so none is
 * pending any more and nothing here waits for a task: a task that holds
 * one makes rmmod fail instead.  Only a failed init (@cookie -1) may find
 * works still pending; they run when their tasks return to userspace or
 * exit.  Detaching waited for an RCU-tasks grace period; when no work was
 * pending before it and none finished since, that grace period already
 * covers every epilogue of a work (after its module_put()) and a second
 * one is not needed.
 */
void ph_tasks_quiesce(int cookie)
{
	wait_var_event(&ph_twork_pending, !atomic_read(&ph_twork_pending));
	if (cookie < 0 || cookie != atomic_read(&ph_twork_done))
		synchronize_rcu_tasks();	/* a task may be in the epilogue */
}

static void ph_task_destroy(void *ptr, void *arg)
{
	struct ph_task *rec = ptr;

	atomic64_dec(&ph_stats.tasks);
	ph_domain_put_task(rec->domain);
	ph_exec_free(rec->exec);
	ph_kfree(rec, sizeof(*rec));
}

/**
 * ph_tasks_exit() - free every record; hooks and handlers are gone
 */
void ph_tasks_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		per_cpu_ptr(&ph_task_hints, cpu)->task = NULL;
	rhashtable_free_and_destroy(&ph_task_table, ph_task_destroy, NULL);
	/* Records removed by task_free may still be waiting for call_rcu. */
	rcu_barrier();
	WRITE_ONCE(ph_active, false);
	WRITE_ONCE(ph_adopted, false);
}
