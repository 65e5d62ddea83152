// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - ftrace attachment to the LSM hook wrappers.
 *
 * Every handler is attached to the security_*() wrapper that calls the LSM
 * hook lists (6.1) or static calls (6.12).  Attaching to the wrapper rather
 * than to the hook lists keeps phtrack independent of how the kernel
 * dispatches LSM hooks, and uses only exported ftrace interfaces: functions
 * are selected by name with ftrace_set_filter(), never by address.
 *
 * One ftrace_ops carries every wrapper, so loading and unloading pay for one
 * registration and one teardown synchronisation whatever the number of
 * hooks.  Its filter is a few glob patterns rather than one name per hook:
 * each ftrace_set_filter() call scans every traceable function, which
 * costs tens of milliseconds under emulation.  The callback learns which
 * wrapper it is in from the ip ftrace passes: the first call through each
 * wrapper looks the ip's symbol name up ("%ps") and caches ip -> hook in a
 * small lock-free table; a wrapper the globs caught but phtrack has no
 * handler for is cached too, as "not ours", and costs one lookup per call.
 *
 * Denying: the ops has FTRACE_OPS_FL_IPMODIFY.  A handler that decides an
 * access must fail calls ph_deny(); after it returns, the callback points
 * the saved instruction pointer at ph_deny_stub(), so the wrapper's body
 * (every LSM's hook) is skipped and its caller receives -EPERM, as from a
 * refusing LSM.  If another IPMODIFY user (a live patch) holds one of the
 * wrappers, registration is retried without the flag and phtrack can only
 * observe (ph_can_deny() is false).
 *
 * The ops does not ask for FTRACE_OPS_FL_SAVE_REGS: handlers read only
 * arguments, and with ftrace's argument registers (HAVE_DYNAMIC_FTRACE_WITH_ARGS)
 * the instruction pointer can be changed too, as live patching does.  The
 * full-register trampoline would also save and restore the flags register
 * (pushf/popf), which costs more than the rest of a known access.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/ftrace.h>
#include <linux/glob.h>
#include <linux/hash.h>
#include <linux/kallsyms.h>
#include <linux/string.h>
#include <linux/trace_recursion.h>

#include "attach.h"
#include "compat.h"

#define PH_IP_CACHE_BITS 8	/* 256 slots for at most ~100 hooks */
#define PH_IP_CACHE_SIZE BIT(PH_IP_CACHE_BITS)

/* Cached for wrappers the filter caught that have no handler. */
static struct ph_hook ph_not_ours;

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

static struct ph_ip_slot ph_ip_cache[PH_IP_CACHE_SIZE];
/* Verdict of the handler running on this CPU: 0 or a negative errno. */
static DEFINE_PER_CPU(int, ph_verdict);
static bool ph_deny_ok;
static struct ph_hook *ph_table;
static unsigned int ph_table_len;
static bool ph_registered;
/* Wrappers the globs caught that have no handler (diagnostics). */
static atomic_t ph_unknown_ips = ATOMIC_INIT(0);

static struct ph_hook *ph_hook_by_name(unsigned long ip)
{
	char name[KSYM_SYMBOL_LEN];
	unsigned int i;

	sprint_symbol_no_offset(name, ip);
	for (i = 0; i < ph_table_len; i++)
		if (!strcmp(ph_table[i].symbol, name))
			return &ph_table[i];
	return &ph_not_ours;
}

/* The probing path of ph_hook_for_ip(): not the wrapper's home slot. */
static noinline notrace struct ph_hook *ph_hook_for_ip_slow(unsigned long ip, unsigned int i)
{
	struct ph_hook *hook;
	unsigned long cur;
	unsigned int n;

	for (n = 0; n < PH_IP_CACHE_SIZE; n++, i = (i + 1) & (PH_IP_CACHE_SIZE - 1)) {
		/* Pairs with cmpxchg_release() below: a seen ip has its hook. */
		cur = smp_load_acquire(&ph_ip_cache[i].ip);
		if (cur == ip)
			return READ_ONCE(ph_ip_cache[i].hook);
		if (cur)
			continue;
		/* First call through this wrapper: name it, then cache it. */
		hook = ph_hook_by_name(ip);
		if (hook == &ph_not_ours)
			atomic_inc(&ph_unknown_ips);
		else
			WRITE_ONCE(hook->seen, true);
		WRITE_ONCE(ph_ip_cache[i].hook, hook);
		cur = cmpxchg_release(&ph_ip_cache[i].ip, 0, ip);
		if (!cur || cur == ip)
			return hook;
		/* Another ip took the slot meanwhile; keep probing. */
	}
	return NULL;
}

/* The hook of wrapper @ip: inline when the wrapper sits in its home slot. */
static __always_inline struct ph_hook *ph_hook_for_ip(unsigned long ip)
{
	unsigned int i = hash_long(ip, PH_IP_CACHE_BITS);

	/* Pairs with the slow path's cmpxchg_release(): its hook is set. */
	if (likely(smp_load_acquire(&ph_ip_cache[i].ip) == ip))
		return READ_ONCE(ph_ip_cache[i].hook);
	return ph_hook_for_ip_slow(ip, i);
}

/* Where a denied wrapper resumes: it returns -EPERM to its caller. */
static noinline int ph_deny_stub(void)
{
	return -EPERM;
}

/**
 * ph_deny() - make the hook being handled fail
 * @err: negative errno; only -EPERM is delivered (as TOMOYO denies)
 *
 * Called from a handler (preemption disabled).  Without effect outside one.
 */
void ph_deny(int err)
{
	if (err)
		this_cpu_write(ph_verdict, err);
}

/**
 * ph_can_deny() - whether the attachment can make hooks fail
 *
 * Return: true when registered with FTRACE_OPS_FL_IPMODIFY.
 */
bool ph_can_deny(void)
{
	return READ_ONCE(ph_deny_ok);
}

/*
 * The ops does not set FTRACE_OPS_FL_RECURSION, so ftrace calls this
 * directly and it guards itself: the recursion lock stops a handler that
 * reaches a traced wrapper from re-entering, and disables preemption while
 * held, which handlers rely on (per-CPU buffers and hints, RCU readers).
 */
static void notrace ph_ftrace_thunk(unsigned long ip, unsigned long parent_ip,
				    struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	struct ph_hook *hook;
	int bit, saved, verdict;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0)
		return;
	hook = ph_hook_for_ip(ip);
	if (!hook || !hook->handler)
		goto out;
	/* An interrupt's hook in between must not see or leave a verdict. */
	saved = this_cpu_read(ph_verdict);
	this_cpu_write(ph_verdict, 0);
	ph_hook_call(hook, ph_fregs_args(fregs));
	verdict = this_cpu_read(ph_verdict);
	this_cpu_write(ph_verdict, saved);
	if (verdict && hook->can_deny && ph_deny_ok)
		ph_fregs_set_ip(fregs, (unsigned long)ph_deny_stub);
out:
	ftrace_test_recursion_unlock(bit);
}

static struct ftrace_ops ph_ops = {
	.func = ph_ftrace_thunk,
	.flags = FTRACE_OPS_FL_IPMODIFY,
};

/**
 * ph_attached_count() - hooks that have been reached since attaching
 *
 * Return: the number of hooks whose wrapper called into phtrack.
 */
unsigned int ph_attached_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < ph_table_len; i++)
		n += READ_ONCE(ph_table[i].seen);
	return n;
}

/**
 * ph_attach_all() - trace the wrappers of a hook table with one ftrace_ops
 * @hooks: the table; it must stay valid until ph_detach_all()
 * @n: its length
 * @filters: glob patterns (ftrace filter syntax) that select the wrappers;
 *	together they must cover every hook's symbol
 * @nfilters: how many
 *
 * Return: 0, or a negative errno with nothing attached.
 */
int ph_attach_all(struct ph_hook *hooks, unsigned int n, const char *const *filters,
		  unsigned int nfilters)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		unsigned int f;

		for (f = 0; f < nfilters; f++)
			if (glob_match(filters[f], hooks[i].symbol))
				break;
		if (f == nfilters) {
			pr_err("no filter pattern covers %s\n", hooks[i].symbol);
			return -EINVAL;
		}
		hooks[i].seen = false;
	}
	ph_table = hooks;
	ph_table_len = n;
	for (i = 0; i < nfilters; i++) {
		err = ftrace_set_filter(&ph_ops, (unsigned char *)filters[i],
					strlen(filters[i]), 0);
		if (err) {
			pr_err("cannot trace %s: %d\n", filters[i], err);
			goto fail;
		}
	}
	ph_ops.flags |= FTRACE_OPS_FL_IPMODIFY;
	err = register_ftrace_function(&ph_ops);
	if (err == -EBUSY) {
		pr_warn("another user modifies these functions: attaching without the ability to deny\n");
		ph_ops.flags &= ~FTRACE_OPS_FL_IPMODIFY;
		err = register_ftrace_function(&ph_ops);
	}
	if (err) {
		pr_err("cannot register the ftrace callback: %d\n", err);
		goto fail;
	}
	WRITE_ONCE(ph_deny_ok, !!(ph_ops.flags & FTRACE_OPS_FL_IPMODIFY));
	ph_registered = true;
	return 0;
fail:
	ftrace_free_filter(&ph_ops);
	ph_table = NULL;
	ph_table_len = 0;
	return err;
}

/**
 * ph_detach_all() - stop tracing; returns when no handler can be running
 */
void ph_detach_all(void)
{
	if (ph_registered) {
		unregister_ftrace_function(&ph_ops);
		ph_registered = false;
	}
	WRITE_ONCE(ph_deny_ok, false);
	ftrace_free_filter(&ph_ops);
	memset(ph_ip_cache, 0, sizeof(ph_ip_cache));
	atomic_set(&ph_unknown_ips, 0);
	ph_table = NULL;
	ph_table_len = 0;
}
