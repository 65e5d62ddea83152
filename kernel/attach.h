/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - attaching handlers to the kernel's LSM hook wrappers with ftrace.
 */
#ifndef PHTRACK_ATTACH_H
#define PHTRACK_ATTACH_H

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/types.h>

/**
 * struct ph_hook - one handler for one security_*() wrapper
 * @symbol: the wrapper's name, e.g. "security_task_alloc"
 * @handler: called on entry to the wrapper with the saved registers; runs
 *	with preemption disabled and must not sleep
 * @optional: the wrapper may be missing (inlined or absent on some kernels)
 * @can_deny: the handler may refuse the access (it records accesses, which
 *	enforcing mode refuses outside the learned list), so the wrapper is
 *	put on the IPMODIFY ops; the wrapper returns an errno
 * @denies: the wrapper is on the IPMODIFY ops, so a refusal is delivered;
 *	false for a @can_deny hook whose wrapper another IPMODIFY user holds
 * @seen: a call through the wrapper reached phtrack
 *
 * Lifetime: static tables in the module's data.  Locking: @denies is
 * written by ph_attach_all() and ph_detach_all() only, at module load and
 * unload, and read by the ftrace callback; @seen is set once, racily but
 * idempotently, when the ftrace callback first meets the wrapper.
 */
struct ph_hook {
	const char *symbol;
	void (*handler)(struct pt_regs *regs);
	bool optional;
	bool can_deny;
	bool denies;
	bool seen;
};

/*
 * A hook that only observes (tasks, execs), one whose handler may deny, and
 * an optional one that may deny.
 */
#define PH_HOOK(sym, fn) { .symbol = (sym), .handler = (fn) }
#define PH_HOOK_DENY(sym, fn) { .symbol = (sym), .handler = (fn), .can_deny = true }
#define PH_HOOK_DENY_OPTIONAL(sym, fn) \
	{ .symbol = (sym), .handler = (fn), .optional = true, .can_deny = true }

/**
 * struct ph_filter_set - the ftrace filter patterns of the two ops
 * @deny: glob patterns that select exactly the wrappers of the hooks that
 *	can deny, for the IPMODIFY ops
 * @ndeny: how many
 * @observe: glob patterns that select exactly the wrappers of the others
 * @nobserve: how many
 *
 * Lifetime: static, in the hook table's owner.
 */
struct ph_filter_set {
	const char *const *deny;
	unsigned int ndeny;
	const char *const *observe;
	unsigned int nobserve;
};

/* The n-th (0-based) argument of the hooked function. */
#define ph_arg(regs, n) regs_get_kernel_argument((regs), (n))

#define PH_IP_CACHE_BITS 8	/* 256 slots for at most ~100 hooks */
#define PH_IP_CACHE_SIZE BIT(PH_IP_CACHE_BITS)

/**
 * struct ph_ip_slot - one entry of the ip -> hook cache
 * @ip: the traced location, 0 when the slot is free
 * @hook: its hook (&ph_not_ours when none); published before @ip with
 *	release semantics
 *
 * Lifetime: static.  Locking: a slot is claimed once with cmpxchg() on @ip
 * and never changes afterwards until ph_detach_all() clears the table.
 */
struct ph_ip_slot {
	unsigned long ip;
	struct ph_hook *hook;
};

extern struct ph_ip_slot ph_ip_cache[PH_IP_CACHE_SIZE];
/* Verdict of the handler running on this CPU: 0 or a negative errno. */
DECLARE_PER_CPU(int, ph_verdict);

struct ph_hook *ph_hook_for_ip_slow(unsigned long ip, unsigned int i);
int ph_deny_stub(void);

/* The hook of wrapper @ip: inline when the wrapper sits in its home slot. */
static __always_inline struct ph_hook *ph_hook_for_ip(unsigned long ip)
{
	unsigned int i = hash_long(ip, PH_IP_CACHE_BITS);

	/* Pairs with the slow path's cmpxchg_release(): its hook is set. */
	if (likely(smp_load_acquire(&ph_ip_cache[i].ip) == ip))
		return READ_ONCE(ph_ip_cache[i].hook);
	return ph_hook_for_ip_slow(ip, i);
}

int ph_attach_all(struct ph_hook *hooks, unsigned int n, const struct ph_filter_set *filters,
		  ftrace_func_t func);
void ph_deny(int err);
void ph_detach_all(void);
unsigned int ph_attached_count(void);

#endif /* PHTRACK_ATTACH_H */
