/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - differences between the kernels phtrack supports (6.1 .. 6.12),
 * kept in one place.
 */
#ifndef PHTRACK_COMPAT_H
#define PHTRACK_COMPAT_H

#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/mm_types.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>

/* 6.12 moved the unaligned access helpers (Kbuild defines PH_LINUX_UNALIGNED). */
#ifdef PH_LINUX_UNALIGNED
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#ifndef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
/* x86-64 has had it since 5.11. */
#error "phtrack needs CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS"
#endif

/**
 * ph_get_mm_exe() - take a reference on an mm's executable file
 * @mm: the mm; the caller keeps it alive
 *
 * get_mm_exe_file() is not exported, so this reads mm->exe_file under RCU.
 * 6.7 changed get_file_rcu() to take the __rcu pointer's address because
 * files became SLAB_TYPESAFE_BY_RCU; Kbuild probes the kernel's header and
 * defines PH_GET_FILE_RCU_TAKES_PTR for that form.
 *
 * Return: the file with a reference the caller drops with fput(), or NULL.
 */
static inline struct file *ph_get_mm_exe(struct mm_struct *mm)
{
	struct file *f;

	rcu_read_lock();
#ifdef PH_GET_FILE_RCU_TAKES_PTR
	f = get_file_rcu(&mm->exe_file);
#else
	f = rcu_dereference(mm->exe_file);
	if (f && !get_file_rcu(f))
		f = NULL;
#endif
	rcu_read_unlock();
	return f;
}

/**
 * ph_fregs_args() - the registers ftrace saved for a callback
 * @fregs: what ftrace passed to the callback
 *
 * A callback registered without FTRACE_OPS_FL_SAVE_REGS runs from the
 * lighter trampoline, which saves only the argument registers, the stack
 * pointer and the instruction pointer, laid out as a partial pt_regs:
 * regs_get_kernel_argument() and instruction_pointer() work on it, nothing
 * else does.  6.12 moved the layout behind arch_ftrace_regs(); Kbuild
 * probes for it and defines PH_ARCH_FTRACE_REGS.
 *
 * Return: the partial registers, valid while the callback runs.
 */
static __always_inline struct pt_regs *ph_fregs_args(struct ftrace_regs *fregs)
{
#ifdef PH_ARCH_FTRACE_REGS
	return &arch_ftrace_regs(fregs)->regs;
#else
	return &fregs->regs;
#endif
}

/**
 * ph_fregs_set_ip() - where the traced function resumes after the callback
 * @fregs: what ftrace passed to the callback
 * @ip: the new instruction pointer
 *
 * Needs FTRACE_OPS_FL_IPMODIFY on the ops; the trampoline copies the saved
 * instruction pointer back, as live patching relies on.
 */
static __always_inline void ph_fregs_set_ip(struct ftrace_regs *fregs, unsigned long ip)
{
#ifdef PH_ARCH_FTRACE_REGS
	ftrace_regs_set_instruction_pointer(fregs, ip);
#else
	ftrace_instruction_pointer_set(fregs, ip);
#endif
}

#endif /* PHTRACK_COMPAT_H */
