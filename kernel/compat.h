/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - differences between the kernels phtrack supports (6.1 .. 6.12),
 * kept in one place.
 */
#ifndef PHTRACK_COMPAT_H
#define PHTRACK_COMPAT_H

#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/rcupdate.h>

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

#endif /* PHTRACK_COMPAT_H */
