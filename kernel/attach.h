/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - attaching handlers to the kernel's LSM hook wrappers with ftrace.
 */
#ifndef PHTRACK_ATTACH_H
#define PHTRACK_ATTACH_H

#include <linux/ptrace.h>
#include <linux/types.h>

/**
 * struct ph_hook - one handler for one security_*() wrapper
 * @symbol: the wrapper's name, e.g. "security_task_alloc"
 * @handler: called on entry to the wrapper with the saved registers; runs
 *	with preemption disabled and must not sleep
 * @optional: the wrapper may be missing (inlined or absent on some kernels)
 * @can_deny: the wrapper returns an errno, so a denial can be delivered
 * @seen: a call through the wrapper reached phtrack
 *
 * Lifetime: static tables in the module's data.  Locking: @seen is set
 * once, racily but idempotently, when the ftrace callback first meets the
 * wrapper.
 */
struct ph_hook {
	const char *symbol;
	void (*handler)(struct pt_regs *regs);
	bool optional;
	bool can_deny;
	bool seen;
};

/* A wrapper returning int (can deny), one returning void, an optional one. */
#define PH_HOOK(sym, fn) { .symbol = (sym), .handler = (fn), .can_deny = true }
#define PH_HOOK_VOID(sym, fn) { .symbol = (sym), .handler = (fn) }
#define PH_HOOK_OPTIONAL(sym, fn) \
	{ .symbol = (sym), .handler = (fn), .optional = true, .can_deny = true }

/* The n-th (0-based) argument of the hooked function. */
#define ph_arg(regs, n) regs_get_kernel_argument((regs), (n))

/* Run @hook's handler; the hook table's owner (hooks.c) provides it. */
void ph_hook_call(const struct ph_hook *hook, struct pt_regs *regs);

int ph_attach_all(struct ph_hook *hooks, unsigned int n, const char *const *filters,
		  unsigned int nfilters);
void ph_deny(int err);
bool ph_can_deny(void);
void ph_detach_all(void);
unsigned int ph_attached_count(void);

#endif /* PHTRACK_ATTACH_H */
