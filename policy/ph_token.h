/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tokens of the escaped name form (internal to policy/).
 *
 * ph_escape.c decodes one token at a time; ph_pattern.c walks patterns with
 * the same decoder, so a name and a pattern can never disagree on what a
 * byte sequence means.  Not for users outside policy/.
 */
#ifndef PH_TOKEN_H
#define PH_TOKEN_H

#include "ph_policy_env.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * enum ph_tok_kind - Kinds of token in an escaped name or pattern.
 * @PH_TOK_BYTE: one name byte, plain or escaped.
 * @PH_TOK_SLASH: the '/' separator.
 * @PH_TOK_WILD: \*, \@, \?, \$, \+, \X, \x, \A or \a.
 * @PH_TOK_DASH: \-.
 * @PH_TOK_LBRACE: \{.
 * @PH_TOK_RBRACE: \}.
 */
enum ph_tok_kind {
	PH_TOK_BYTE,
	PH_TOK_SLASH,
	PH_TOK_WILD,
	PH_TOK_DASH,
	PH_TOK_LBRACE,
	PH_TOK_RBRACE,
};

/**
 * struct ph_tok - One token of an escaped name or pattern.
 * @kind: A value of enum ph_tok_kind.
 * @c: The byte for %PH_TOK_BYTE, the wildcard letter for %PH_TOK_WILD.
 * @len: Number of escaped bytes the token occupies (1, 2 or 4).
 */
struct ph_tok {
	unsigned char kind;
	unsigned char c;
	unsigned char len;
};

/* Bytes that stand for themselves in the escaped form. */
static inline bool ph_is_plain(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '\\';
}

static inline bool ph_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool ph_is_xdigit(unsigned char c)
{
	return ph_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline bool ph_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/**
 * ph_tok_at() - Decode the token starting at one offset.
 * @s: Escaped name or pattern.
 * @len: Length of @s.
 * @i: Offset of the token; must be below @len.
 * @t: Receives the token.
 *
 * Never reads at or past @s[@len].
 *
 * Return: false for a malformed token (a byte outside 0x21..0x7e, an unknown
 * or truncated escape, or a non-canonical octal escape).
 */
bool ph_tok_at(const char *s, size_t len, size_t i, struct ph_tok *t);

#ifdef __cplusplus
}
#endif

#endif /* PH_TOKEN_H */
