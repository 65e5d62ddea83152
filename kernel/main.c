// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - process-history tracker: module entry points and global state.
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
#include "name.h"
#include "phtrack.h"
#include "seen.h"
#include "task.h"
#include "transition.h"
#include "watch.h"

static int initial_mode = PHTRACK_MODE_LEARNING;
module_param(initial_mode, int, 0444);
MODULE_PARM_DESC(initial_mode,
		 "mode at load: 0 disabled, 1 learning (default), 2 permissive, 3 enforcing");

struct ph_stats ph_stats;
u64 ph_loaded_ns;
int ph_mode;

/**
 * ph_mode_set() - change the global mode
 * @mode: one of &enum phtrack_mode, already validated by the caller
 */
void ph_mode_set(int mode)
{
	int old = xchg(&ph_mode, mode);

	ph_seen_invalidate();
	if (old != mode)
		pr_info("mode %d -> %d\n", old, mode);
}

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
	err = ph_tasks_init();
	if (err)
		goto err_names;
	err = ph_transport_init();
	if (err)
		goto err_tasks;
	err = ph_hooks_init();
	if (err)
		goto err_transport;

	pr_info("version %s loaded (protocol %d, mode %d)\n", PHTRACK_VERSION,
		PHTRACK_GENL_VERSION, initial_mode);
	return 0;

err_transport:
	ph_transport_exit();
	ph_watch_exit();
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
	ph_transport_exit();
	ph_watch_exit();
	ph_transition_exit();
	ph_tasks_exit();
	ph_acl_exit();
	ph_names_exit();
	ph_domains_exit();

	WARN(atomic_long_read(&ph_stats.mem_bytes),
	     "phtrack: %ld bytes still allocated at unload\n",
	     atomic_long_read(&ph_stats.mem_bytes));
	pr_info("unloaded\n");
}

module_init(phtrack_init);
module_exit(phtrack_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("phtrack developers");
MODULE_DESCRIPTION("phtrack: process-history domains and access learning");
MODULE_VERSION(PHTRACK_VERSION);
