/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack name escaping (TOMOYO 2.6 notation).
 *
 * Escaped form: every byte of a name is written either as itself, when it is
 * printable ASCII 0x21..0x7e other than backslash, or as "\\" for a
 * backslash, or as "\ooo" (three octal digits) for every other byte (space,
 * control characters, 0x7f..0xff).  The form is canonical: "\101" is not a
 * valid spelling of "A".
 *
 * All inputs are (pointer, length) pairs and need not be NUL-terminated;
 * nothing is read past the given length.
 */
#ifndef PH_ESCAPE_H
#define PH_ESCAPE_H

#include "ph_policy_env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest input ph_name_unescape() accepts (its result must fit an int). */
#define PH_UNESCAPE_MAX_LEN 0x7fffffffUL

/**
 * ph_name_escape() - Convert raw bytes into the canonical escaped name form.
 * @in: Raw bytes; may be NULL when @inlen is 0.
 * @inlen: Number of bytes in @in.
 * @out: Output buffer; may be NULL when @outlen is 0.
 * @outlen: Size of @out in bytes.
 *
 * Bytes 0x21..0x7e other than '\\' are copied, '\\' becomes "\\\\" and every
 * other byte becomes a backslash followed by three octal digits.  Like
 * snprintf(), @out receives the first @outlen - 1 bytes of the result and is
 * always NUL-terminated when @outlen is not 0.
 *
 * Return: Length of the complete escaped form, excluding the NUL.
 */
size_t ph_name_escape(const char *in, size_t inlen, char *out, size_t outlen);

/**
 * ph_name_unescape() - Convert a canonical escaped name back to raw bytes.
 * @in: Escaped name; may be NULL when @inlen is 0.
 * @inlen: Number of bytes in @in.
 * @out: Output buffer; may be NULL when @outlen is 0.
 * @outlen: Size of @out in bytes.
 *
 * Inverse of ph_name_escape().  Rejects any byte outside 0x21..0x7e, a
 * backslash not followed by '\\' or by three octal digits [0-3][0-7][0-7],
 * an octal escape of a byte that must not be escaped (non-canonical form)
 * and wildcards.  Like snprintf(), @out receives the first @outlen - 1 bytes
 * and is NUL-terminated when @outlen is not 0 (also on error).  The result
 * may itself contain NUL bytes ("\000").
 *
 * Return: Length of the complete raw result, -EINVAL for a malformed input or
 * -E2BIG when @inlen exceeds %PH_UNESCAPE_MAX_LEN.
 */
int ph_name_unescape(const char *in, size_t inlen, char *out, size_t outlen);

/**
 * ph_name_valid() - Check that a buffer is a non-empty canonical escaped name.
 * @name: Escaped name.
 * @len: Length of @name.
 *
 * Return: true if @name is non-empty, contains no wildcard and
 * ph_name_unescape() would accept it.
 */
bool ph_name_valid(const char *name, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* PH_ESCAPE_H */
