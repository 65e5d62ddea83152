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
 * The wrappers go on two ftrace_ops:
 *
 * - the deny ops, with FTRACE_OPS_FL_IPMODIFY, carries the wrappers whose
 *   handler can refuse the access (&ph_hook.can_deny: those that record
 *   accesses, refused in enforcing mode);
 * - the observe ops, without it, carries the others (tasks, execs), which
 *   never deny.
 *
 * IPMODIFY is exclusive: one ftrace_ops per function may hold it.  Claiming
 * it only where phtrack can deny leaves every other function free for a
 * live patch or a kprobe with a post handler.  When such a user already
 * holds a deny-capable wrapper at load, the deny ops cannot be registered
 * with it: the wrappers are then added to it one at a time, by exact name,
 * and one that is refused (-EBUSY) goes on the observe ops instead.  That
 * hook loses denial, is named in the kernel log and counted
 * (hooks_observe_only); the others still deny.
 *
 * Each ops's filter is a few glob patterns rather than one name per hook:
 * each ftrace_set_filter() call scans every traceable function, which
 * costs tens of milliseconds under emulation, and a name per hook tripled
 * the load time.  The patterns must match exactly the table's wrappers,
 * each on its own ops: ph_attach_all() checks that every hook is covered
 * by its ops's patterns and by no pattern of the other ops, and the
 * ipmodify scenario checks on every supported kernel, in
 * enabled_functions, that no other function is traced and that only the
 * deny-capable ones are claimed with IPMODIFY.
 *
 * Two registrations, whatever the number of hooks.  The callback learns
 * which wrapper it is in from the ip ftrace passes: the first call through
 * each wrapper looks the ip's symbol name up ("%ps") and caches ip -> hook
 * in a small lock-free table.  The callback itself
 * belongs to the hook table's owner (hooks.c), which hands it to
 * ph_attach_all(): it calls the hottest handlers directly, and this layer
 * uses nothing above it (kernel/LAYERS).  Both ops use the same callback.
 *
 * Denying: a handler that decides an access must fail calls ph_deny();
 * after it returns, the callback points the saved instruction pointer at
 * ph_deny_stub() if the hook is on the deny ops (&ph_hook.denies), so the
 * wrapper's body (every LSM's hook) is skipped and its caller receives
 * -EPERM, as from a refusing LSM.
 *
 * Permanent: both ops have FTRACE_OPS_FL_PERMANENT, so that while phtrack
 * is loaded kernel.ftrace_enabled cannot be set to 0 (the sysctl fails with
 * EBUSY), which would otherwise switch every hook off silently, enforcing
 * domains included.  ftrace reads the flag under its own lock, which no
 * module can take, so it cannot be toggled while registered: it is set for
 * the module's whole lifetime, learning too (docs/access-recording.md).
 * With ftrace_enabled already 0, ftrace refuses to register them (EBUSY)
 * and the module does not load, saying why: the observe ops is registered
 * first, and as it has no IPMODIFY its EBUSY can only mean that (the
 * attach_refused scenario).
 *
 * Neither ops asks for FTRACE_OPS_FL_SAVE_REGS: handlers read only
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

/* Cached for a traced ip whose name matches no hook (patterns too wide). */
static struct ph_hook ph_not_ours;

struct ph_ip_slot ph_ip_cache[PH_IP_CACHE_SIZE];
/* Verdict of the handler running on this CPU: 0 or a negative errno. */
DEFINE_PER_CPU(int, ph_verdict);
static struct ph_hook *ph_table;
static unsigned int ph_table_len;
/* Traced ips that matched no hook (diagnostics). */
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
 * Called from a handler (preemption disabled).  Without effect outside one,
 * and on a hook that is not on the deny ops.
 */
void ph_deny(int err)
{
	if (err)
		this_cpu_write(ph_verdict, err);
}

/*
 * .func is the hook table owner's callback, set by ph_attach_all().
 * Registered when they carry at least one wrapper (an ops with an empty
 * filter would trace every function).
 */
static struct ftrace_ops ph_deny_ops = {
	.flags = FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_PERMANENT,
};

static struct ftrace_ops ph_observe_ops = {
	.flags = FTRACE_OPS_FL_PERMANENT,
};

static bool ph_deny_registered, ph_observe_registered;

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

/*
 * Add @hook's wrapper, by its exact name, to @ops's filter (@reset: replace
 * the filter).  -EINVAL when no traceable function has the name; -EBUSY
 * when @ops is the registered deny ops and another IPMODIFY user holds the
 * wrapper.  The name is copied: ftrace may write into the pattern it parses.
 */
static int ph_filter_add(struct ftrace_ops *ops, const struct ph_hook *hook, int reset)
{
	char name[KSYM_NAME_LEN];
	size_t len = strscpy(name, hook->symbol, sizeof(name));

	return ftrace_set_filter(ops, (unsigned char *)name, len, reset);
}

/*
 * The deny ops could not be registered with all its wrappers: another
 * IPMODIFY user holds at least one.  Register it again one wrapper at a
 * time; a wrapper that is refused goes on the observe ops (registered
 * already when it has wrappers of its own) and loses denial.  Return: 0,
 * or a negative errno (other than a refused wrapper); ph_detach_all() then
 * undoes what was done.
 */
static int ph_attach_deny_each(struct ph_hook *hooks, unsigned int n, unsigned int *busy)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		struct ph_hook *hook = &hooks[i];

		if (!hook->can_deny)
			continue;
		/*
		 * Until it is registered, the ops's filter is replaced (reset)
		 * by each wrapper tried; ftrace_free_filter() is only for the
		 * end, it leaves the ops pointing at the freed hash.
		 */
		err = ph_filter_add(&ph_deny_ops, hook, !ph_deny_registered);
		if (!err && !ph_deny_registered) {
			err = register_ftrace_function(&ph_deny_ops);
			ph_deny_registered = !err;
		}
		if (!err) {
			hook->denies = true;
			continue;
		}
		if (err == -EINVAL && hook->optional)
			continue;	/* not in this kernel */
		if (err != -EBUSY)
			goto fail;
		pr_warn("%s is held by another IPMODIFY user (a live patch or a kprobe with a post handler): observe-only, it cannot deny\n",
			hook->symbol);
		err = ph_filter_add(&ph_observe_ops, hook, 0);
		if (err)
			goto fail;
		(*busy)++;
	}
	return 0;
fail:
	pr_err("cannot trace %s: %d\n", hooks[i].symbol, err);
	return err;
}

/* Whether one of @n patterns matches @symbol. */
static bool ph_filters_match(const char *const *filters, unsigned int n, const char *symbol)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (glob_match(filters[i], symbol))
			return true;
	return false;
}

static int ph_filters_set(struct ftrace_ops *ops, const char *const *filters, unsigned int n)
{
	char pat[KSYM_NAME_LEN];
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		size_t len = strscpy(pat, filters[i], sizeof(pat));

		err = ftrace_set_filter(ops, (unsigned char *)pat, len, 0);
		if (err) {
			pr_err("cannot trace %s: %d\n", filters[i], err);
			return err;
		}
	}
	return 0;
}

/*
 * Register the observe ops.  Without IPMODIFY, -EBUSY means ftrace is
 * switched off (kernel.ftrace_enabled=0): every hook would stay silent, so
 * the load is refused with that reason.
 */
static int ph_register_observe(void)
{
	int err = register_ftrace_function(&ph_observe_ops);

	if (err == -EBUSY)
		pr_err("cannot attach: ftrace is switched off (sysctl kernel.ftrace_enabled=0); not loaded\n");
	else if (err)
		pr_err("cannot register the observing ftrace callback: %d\n", err);
	else
		ph_observe_registered = true;
	return err;
}

/**
 * ph_attach_all() - trace the wrappers of a hook table
 * @hooks: the table; it must stay valid until ph_detach_all()
 * @n: its length
 * @filters: the glob patterns (ftrace filter syntax) of the two ops; each
 *	hook must be covered by those of its own ops, and by none of the
 *	other's
 * @func: the ftrace callback, from the table's owner (hooks.c): it finds
 *	the hook with ph_hook_for_ip() and calls its handler directly, so
 *	this layer never calls up into the handlers
 *
 * Hooks that can deny go on the IPMODIFY ops, unless another IPMODIFY user
 * holds their wrapper; the others on the observe ops.
 *
 * Return: 0, or a negative errno with nothing attached.
 */
int ph_attach_all(struct ph_hook *hooks, unsigned int n, const struct ph_filter_set *filters,
		  ftrace_func_t func)
{
	unsigned int i, busy = 0;
	int err;

	for (i = 0; i < n; i++) {
		struct ph_hook *hook = &hooks[i];
		bool in_deny = ph_filters_match(filters->deny, filters->ndeny, hook->symbol);
		bool in_observe = ph_filters_match(filters->observe, filters->nobserve,
						   hook->symbol);

		if (in_deny != hook->can_deny || in_observe == hook->can_deny) {
			pr_err("the filter patterns do not put %s on the %s ops alone\n",
			       hook->symbol, hook->can_deny ? "deny" : "observe");
			return -EINVAL;
		}
		hook->seen = false;
		hook->denies = false;
	}
	ph_table = hooks;
	ph_table_len = n;
	ph_deny_ops.func = func;
	ph_observe_ops.func = func;
	err = ph_filters_set(&ph_deny_ops, filters->deny, filters->ndeny);
	if (!err)
		err = ph_filters_set(&ph_observe_ops, filters->observe, filters->nobserve);
	if (err)
		goto fail;
	/*
	 * The observe ops first: it has no IPMODIFY, so -EBUSY from it can
	 * only be ftrace refusing a PERMANENT ops because it is switched off,
	 * which must not be taken for another IPMODIFY user on the deny ops.
	 */
	if (filters->nobserve) {
		err = ph_register_observe();
		if (err)
			goto fail;
	}
	if (filters->ndeny) {
		err = register_ftrace_function(&ph_deny_ops);
		if (!err) {
			ph_deny_registered = true;
			for (i = 0; i < n; i++)
				hooks[i].denies = hooks[i].can_deny;
		} else if (err == -EBUSY) {
			err = ph_attach_deny_each(hooks, n, &busy);
		}
		if (err) {
			pr_err("cannot register the ftrace callback: %d\n", err);
			goto fail;
		}
	}
	if (busy && !ph_observe_registered) {
		err = ph_register_observe();
		if (err)
			goto fail;
	}
	atomic64_set(&ph_stats.can_deny, ph_deny_registered);
	atomic64_set(&ph_stats.hooks_observe_only, busy);
	return 0;
fail:
	ph_detach_all();
	return err;
}

/**
 * ph_detach_all() - stop tracing; returns when no handler can be running
 *
 * Also undoes a partial ph_attach_all().
 */
void ph_detach_all(void)
{
	unsigned int i;

	if (ph_observe_registered) {
		unregister_ftrace_function(&ph_observe_ops);
		ph_observe_registered = false;
	}
	if (ph_deny_registered) {
		unregister_ftrace_function(&ph_deny_ops);
		ph_deny_registered = false;
	}
	atomic64_set(&ph_stats.can_deny, 0);
	atomic64_set(&ph_stats.hooks_observe_only, 0);
	ftrace_free_filter(&ph_deny_ops);
	ftrace_free_filter(&ph_observe_ops);
	for (i = 0; i < ph_table_len; i++)
		ph_table[i].denies = false;
	memset(ph_ip_cache, 0, sizeof(ph_ip_cache));
	atomic_set(&ph_unknown_ips, 0);
	ph_table = NULL;
	ph_table_len = 0;
}
