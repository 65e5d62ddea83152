/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack - naming objects the way TOMOYO names them.
 */
#ifndef PHTRACK_NAME_H
#define PHTRACK_NAME_H

#include <linux/path.h>
#include <linux/types.h>
#include <asm/word-at-a-time.h>

#include "compat.h"

struct dentry;

/* Scratch space for naming one object: raw name, then its escaped form. */
#define PH_NAME_RAW_LEN 4096
#define PH_NAME_ESC_LEN (4 * PH_NAME_RAW_LEN + 1)

/*
 * Holders of name buffers one CPU can nest: a hook, a second one inside it
 * (rebuilding a domain, naming a program) and an interrupt's.  Each level is
 * a pair of &struct ph_namebuf, about 41 KiB, per CPU.
 */
#define PH_NAMEBUF_DEPTH 3

/**
 * struct ph_namebuf - per-call scratch buffers for object names
 * @raw: d_path() and friends write here
 * @esc: the escaped name, NUL-terminated, valid after a successful call
 * @len: strlen(@esc)
 *
 * Lifetime: taken with ph_namebuf_get() and given back with
 * ph_namebuf_put() within one call, in the same context.  Locking: per-CPU,
 * used with preemption disabled; each holder on a CPU, nested or from an
 * interrupt, has its own level (name.c), or none (NULL) when
 * %PH_NAMEBUF_DEPTH are taken.
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
int ph_namebuf_depth(void);

int ph_name_path(const struct path *path, struct ph_namebuf *nb);
int ph_name_program(const struct path *path, struct ph_namebuf *nb);
int ph_name_dentry(const struct path *dir, struct dentry *dentry, struct ph_namebuf *nb);
int ph_name_str(const char *s, size_t len, struct ph_namebuf *nb);
char *ph_name_resolve(const char *esc, size_t len);

/**
 * ph_strnlen() - strnlen(), a word at a time
 * @s: the bytes
 * @max: how many of them may be read
 *
 * For names read on hot paths (socket paths, environment strings), where
 * the byte loop of strnlen() is most of the cost.
 *
 * Return: the index of the first NUL in @s, or @max.
 */
static inline size_t ph_strnlen(const char *s, size_t max)
{
	const struct word_at_a_time c = WORD_AT_A_TIME_CONSTANTS;
	unsigned long v, bits;
	size_t i = 0;

	for (; i + sizeof(v) <= max; i += sizeof(v)) {
		v = get_unaligned((const unsigned long *)(s + i));
		if (has_zero(v, &bits, &c)) {
			bits = prep_zero_mask(v, bits, &c);
			return i + find_zero(create_zero_mask(bits));
		}
	}
	while (i < max && s[i])
		i++;
	return i;
}

#endif /* PHTRACK_NAME_H */
