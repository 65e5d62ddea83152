/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack shared policy code: an snprintf()-like output cursor, used by the
 * writers of rules and groups.
 */
#ifndef PH_OUT_H
#define PH_OUT_H

#include "ph_policy_env.h"

/**
 * struct ph_out - snprintf()-like output cursor.
 * @buf: Output buffer, may be NULL when @size is 0.
 * @size: Size of @buf.
 * @pos: Length of the complete output so far.
 *
 * Bytes past @size - 1 are counted in @pos but not written, so a caller
 * learns the length a complete output needs, as with snprintf().
 */
struct ph_out {
	char *buf;
	size_t size;
	size_t pos;
};

static inline void ph_out_put(struct ph_out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, o->pos++) {
		if (o->pos + 1 < o->size)
			o->buf[o->pos] = s[i];
	}
}

static inline void ph_out_str(struct ph_out *o, const char *s)
{
	ph_out_put(o, s, strlen(s));
}

#endif /* PH_OUT_H */
