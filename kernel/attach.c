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
 * The callback itself belongs to the hook table's owner (hooks.c), which
 * hands it to ph_attach_all(): it calls the hottest handlers directly, and
 * this layer uses nothing above it (kernel/LAYERS).
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
#include "phtrack.h"

/* Cached for wrappers the filter caught that have no handler. */
static struct ph_hook ph_not_ours;

struct ph_ip_slot ph_ip_cache[PH_IP_CACHE_SIZE];
/* Verdict of the handler running on this CPU: 0 or a negative errno. */
DEFINE_PER_CPU(int, ph_verdict);
bool ph_deny_ok;
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
noinline notrace struct ph_hook *ph_hook_for_ip_slow(unsigned long ip, unsigned int i)
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

/* Where a denied wrapper resumes: it returns -EPERM to its caller. */
noinline int ph_deny_stub(void)
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

/* .func is the hook table owner's callback, set by ph_attach_all(). */
static struct ftrace_ops ph_ops = {
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
 * @func: the ftrace callback, from the table's owner (hooks.c): it finds
 *	the hook with ph_hook_for_ip() and calls its handler directly, so
 *	this layer never calls up into the handlers
 *
 * Return: 0, or a negative errno with nothing attached.
 */
int ph_attach_all(struct ph_hook *hooks, unsigned int n, const char *const *filters,
		  unsigned int nfilters, ftrace_func_t func)
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
	ph_ops.func = func;
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
	atomic64_set(&ph_stats.can_deny, ph_deny_ok);
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
	atomic64_set(&ph_stats.can_deny, 0);
	ftrace_free_filter(&ph_ops);
	memset(ph_ip_cache, 0, sizeof(ph_ip_cache));
	atomic_set(&ph_unknown_ips, 0);
	ph_table = NULL;
	ph_table_len = 0;
}
