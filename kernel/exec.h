/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - the exec transition (exec.c), driven by three hooks.
 */
#ifndef PHTRACK_EXEC_H
#define PHTRACK_EXEC_H

struct file;

void ph_exec_begin(void);
void ph_exec_check(const char *filename, struct file *file);
void ph_exec_committed(void);

#endif /* PHTRACK_EXEC_H */
