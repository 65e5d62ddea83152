// SPDX-License-Identifier: GPL-2.0
/*
 * Test module for tests/vm/ipmodify.sh: a kprobe with a post handler on the
 * function named by symbol=.  On a function ftrace can trace, such a kprobe
 * goes through ftrace with FTRACE_OPS_FL_IPMODIFY, as a live patch does, so
 * it cannot share the function with another IPMODIFY user.  The load fails
 * with register_kprobe()'s error.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/module.h>

static char *symbol;
module_param(symbol, charp, 0444);
MODULE_PARM_DESC(symbol, "the function to probe");

static atomic_long_t ph_kp_hits = ATOMIC_LONG_INIT(0);

static void ph_kp_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	atomic_long_inc(&ph_kp_hits);
}

static struct kprobe ph_kp = {
	.post_handler = ph_kp_post,
};

static int __init ph_kprobe_test_init(void)
{
	int err;

	if (!symbol || !*symbol)
		return -EINVAL;
	ph_kp.symbol_name = symbol;
	err = register_kprobe(&ph_kp);
	if (err) {
		pr_info("cannot probe %s: %d\n", symbol, err);
		return err;
	}
	pr_info("probing %s (post handler)\n", symbol);
	return 0;
}

static void __exit ph_kprobe_test_exit(void)
{
	unregister_kprobe(&ph_kp);
	pr_info("%s was hit %ld times\n", symbol, atomic_long_read(&ph_kp_hits));
}

module_init(ph_kprobe_test_init);
module_exit(ph_kprobe_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("phtrack test: a kprobe with a post handler (an IPMODIFY user of ftrace)");
