// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - process-history tracker: module entry points (the global
 * state is in core.c).
 *
 * Init and exit are mirror images: every step phtrack_init() takes is undone
 * by phtrack_exit() in the reverse order, and a failing step unwinds exactly
 * the steps before it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/timekeeping.h>

#include "acl.h"
#include "domain.h"
#include "env.h"
#include "genl.h"
#include "manager.h"
#include "name.h"
#include "phtrack.h"
#include "policy.h"
#include "task.h"
#include "transition.h"
#include "watch.h"

static int initial_mode = PHTRACK_MODE_LEARNING;
module_param(initial_mode, int, 0444);
MODULE_PARM_DESC(initial_mode,
		 "mode at load: 0 disabled, 1 learning (default), 2 permissive, 3 enforcing");

static int __init phtrack_init(void)
{
	int err;

	if (initial_mode < 0 || initial_mode > PHTRACK_MODE_MAX) {
		pr_err("initial_mode=%d is out of range 0..%d\n", initial_mode,
		       PHTRACK_MODE_MAX);
		return -EINVAL;
	}
	WRITE_ONCE(ph_mode, initial_mode);
	ph_loaded_ns = ktime_get_real_ns();

	err = ph_domains_init();
	if (err)
		return err;
	err = ph_names_init();
	if (err)
		goto err_domains;
	ph_env_init();
	err = ph_tasks_init();
	if (err)
		goto err_names;
	err = ph_policy_init();
	if (err)
		goto err_tasks;
	err = ph_genl_init();
	if (err)
		goto err_policy;
	err = ph_hooks_init();
	if (err)
		goto err_genl;

	pr_info("version %s loaded (protocol %d, mode %d)\n", PHTRACK_VERSION,
		PHTRACK_GENL_VERSION, initial_mode);
	return 0;

err_genl:
	ph_genl_exit();
	ph_watch_exit();
	ph_manager_exit();
err_policy:
	ph_policy_exit();
	ph_transition_exit();
err_tasks:
	ph_tasks_exit();
	ph_acl_exit();
err_names:
	ph_names_exit();
err_domains:
	ph_domains_exit();
	return err;
}

static void __exit phtrack_exit(void)
{
	ph_hooks_exit();
	ph_genl_exit();
	ph_watch_exit();
	ph_manager_exit();
	ph_policy_exit();
	ph_transition_exit();
	ph_tasks_exit();
	ph_acl_exit();
	ph_names_exit();
	ph_domains_exit();

	WARN(atomic64_read(&ph_stats.mem_bytes),
	     "phtrack: %lld bytes still allocated at unload\n",
	     (long long)atomic64_read(&ph_stats.mem_bytes));
	pr_info("unloaded\n");
}

module_init(phtrack_init);
module_exit(phtrack_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("phtrack developers");
MODULE_DESCRIPTION("phtrack: process-history domains and access learning");
MODULE_VERSION(PHTRACK_VERSION);
