// SPDX-License-Identifier: GPL-2.0
/*
 * Test module for the VM harness itself: it warns on load, so that the
 * harness's kernel-log check can be shown to fail a scenario.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init ph_warn_test_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit ph_warn_test_exit(void)
{
}

module_init(ph_warn_test_init);
module_exit(ph_warn_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("phtrack harness self-test: deliberate WARN_ON");
