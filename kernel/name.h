/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - naming objects the way TOMOYO names them.
 */
#ifndef PHTRACK_NAME_H
#define PHTRACK_NAME_H

#include <linux/path.h>
#include <linux/types.h>

struct dentry;

/* Scratch space for naming one object: raw name, then its escaped form. */
#define PH_NAME_RAW_LEN 4096
#define PH_NAME_ESC_LEN (4 * PH_NAME_RAW_LEN + 1)

/**
 * struct ph_namebuf - per-call scratch buffers for object names
 * @raw: d_path() and friends write here
 * @esc: the escaped name, NUL-terminated, valid after a successful call
 * @len: strlen(@esc)
 *
 * Lifetime: taken with ph_namebuf_get() and given back with
 * ph_namebuf_put() within one hook call.  Locking: per-CPU, used with
 * preemption disabled (hooks) and never from interrupts.
 */
struct ph_namebuf {
	char raw[PH_NAME_RAW_LEN];
	char esc[PH_NAME_ESC_LEN];
	size_t len;
};

int ph_names_init(void);
void ph_names_exit(void);
struct ph_namebuf *ph_namebuf_get(void);
void ph_namebuf_put(struct ph_namebuf *nb);

int ph_name_path(const struct path *path, struct ph_namebuf *nb);
int ph_name_program(const struct path *path, struct ph_namebuf *nb);
int ph_name_dentry(const struct path *dir, struct dentry *dentry, struct ph_namebuf *nb);
int ph_name_str(const char *s, size_t len, struct ph_namebuf *nb);

#endif /* PHTRACK_NAME_H */
