// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the LSM hook handlers and the table that attaches them.
 *
 * Each handler decodes the hooked wrapper's arguments and hands them to the
 * part of phtrack that owns the concept (task.c for tasks and execs).
 * Handlers run with preemption disabled and never sleep.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/sched.h>

#include "attach.h"
#include "phtrack.h"
#include "task.h"

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
	PH_HOOK("security_bprm_check", ph_h_bprm_check),
	PH_HOOK("security_bprm_committed_creds", ph_h_bprm_committed_creds),
};

/**
 * ph_hooks_init() - attach every hook, then adopt the tasks already running
 *
 * Return: 0 or a negative errno, with nothing left attached.
 */
int ph_hooks_init(void)
{
	int err;

	err = ph_attach_all(ph_hooks, ARRAY_SIZE(ph_hooks));
	if (err)
		return err;
	err = ph_tasks_adopt_all();
	if (err) {
		ph_detach_all();
		ph_tasks_quiesce();
	}
	return err;
}

/**
 * ph_hooks_exit() - detach every hook and wait for deferred exec work
 */
void ph_hooks_exit(void)
{
	ph_detach_all();
	ph_tasks_quiesce();
}
