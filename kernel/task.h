/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - per-task records: which domain each task is in.
 */
#ifndef PHTRACK_TASK_H
#define PHTRACK_TASK_H

#include <linux/percpu.h>
#include <linux/rhashtable-types.h>
#include <linux/sched.h>
#include <linux/task_work.h>

#include "seen.h"

struct ph_domain;

/**
 * struct ph_exec - an exec in progress, between its first bprm_check and the
 *	task's return to userspace
 * @req: the program name as passed to execve(), NUL-terminated; NULL when
 *	it was an absolute name equal to @resolved
 * @resolved: d_path() of the opened file (all symlinks resolved), or NULL
 * @interp: escaped name of a script's interpreter (the file of a later
 *	bprm_check of the same exec), or NULL; read in the new domain, as
 *	TOMOYO checks it
 * @size: bytes accounted for this object and its strings
 *
 * Lifetime and locking: owned by the task it belongs to; created, used and
 * freed only in that task's context, or by ph_task_free() once the task is
 * dead.
 */
struct ph_exec {
	char *req;
	char *resolved;
	char *interp;
	size_t size;
};

/**
 * struct ph_task - phtrack's record of one task
 * @node: link in the task table, keyed by @task
 * @task: the task; not referenced: the record is removed by the task_free
 *	hook before the task_struct is freed
 * @domain: current domain; written with WRITE_ONCE() only by the task itself
 *	(exec) or before the record is published, read with READ_ONCE()
 * @exec: exec in progress, see &struct ph_exec
 * @exec_armed: set by bprm_creds_for_exec, cleared by the first bprm_check
 *	of that exec, so that an interpreter's bprm_check is not mistaken for a
 *	new exec
 * @twork: task_work that completes an exec transition in sleepable context
 *	(exec.c); while queued it holds a module reference (ph_twork_queue())
 * @topo_twork: task_work that ends a mount topology change (seen.c), queued
 *	the same way
 * @topo_queued: @topo_twork is queued
 * @seen: accesses known to be in the domain's list, see seen.c
 * @rcu: deferred free
 *
 * Lifetime: created when the task is created (task_alloc hook) or adopted,
 * freed after an RCU grace period once the task_free hook removed it, or at
 * unload.  Locking: the table is an rhashtable (RCU lookups); @exec,
 * @exec_armed, @twork, @topo_twork, @topo_queued and @seen belong to the
 * task's own context.
 */
struct ph_task {
	struct rhash_head node;
	struct task_struct *task;
	struct ph_domain *domain;
	struct ph_exec *exec;
	bool exec_armed;
	struct callback_head twork;
	struct callback_head topo_twork;
	bool topo_queued;
	struct ph_seen seen;
	struct rcu_head rcu;
};

extern char *ph_boot_trigger;

int ph_tasks_init(void);
void ph_tasks_exit(void);
int ph_tasks_quiesce_begin(void);
void ph_tasks_quiesce(int cookie);
int ph_tasks_adopt_all(void);
bool ph_tasks_active(void);
void ph_tasks_activate(void);

struct ph_task *ph_task_lookup(struct task_struct *t);
struct ph_task *ph_task_get(struct task_struct *t, gfp_t gfp);

/**
 * struct ph_task_hint - the record of the task that last ran a hook on a CPU
 * @task: that task, or NULL
 * @rec: its record
 *
 * Lifetime: per-CPU, static.  Locking: written only by its own CPU, in hooks
 * (preemption disabled), for the task running there; ph_task_free() clears
 * @task on every CPU before the record's grace period starts, so a CPU that
 * reads @task == current also reads a live @rec.
 */
struct ph_task_hint {
	struct task_struct *task;
	struct ph_task *rec;
};

DECLARE_PER_CPU(struct ph_task_hint, ph_task_hints);

struct ph_task *ph_task_current_slow(void);

/**
 * ph_task_current() - the record of the running task, from a hook
 *
 * The caller runs with preemption disabled.  A task that runs hooks again
 * on the same CPU finds its record in this CPU's hint, inline, without a
 * table lookup.
 *
 * Return: the record, or NULL when adoption failed for lack of memory.
 */
static inline struct ph_task *ph_task_current(void)
{
	struct ph_task_hint *h = this_cpu_ptr(&ph_task_hints);

	if (likely(READ_ONCE(h->task) == current))
		return h->rec;
	return ph_task_current_slow();
}

void ph_task_topology_change(void);
void ph_task_created(struct task_struct *child);
void ph_task_free(struct task_struct *t);

void ph_exec_free(struct ph_exec *ex);
bool ph_twork_queue(struct callback_head *cb, task_work_func_t fn);
void ph_twork_finish(void);

#endif /* PHTRACK_TASK_H */
