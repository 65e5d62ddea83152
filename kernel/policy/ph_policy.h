/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack policy parser and matcher (TOMOYO 2.6 style).
 *
 * One C implementation shared by the kernel module and by userspace.  All
 * inputs are (pointer, length) pairs and need not be NUL-terminated; nothing
 * is read past the given length.  Names and patterns are handled in their
 * escaped form, as produced by ph_name_escape().
 *
 * Escaped form: every byte of a name is written either as itself, when it is
 * printable ASCII 0x21..0x7e other than backslash, or as "\\" for a
 * backslash, or as "\ooo" (three octal digits) for every other byte (space,
 * control characters, 0x7f..0xff).  The form is canonical: "\101" is not a
 * valid spelling of "A".
 *
 * Pattern syntax (escaped form plus these wildcards):
 *
 *   \*  zero or more characters other than '/'
 *   \@  zero or more characters other than '/' and '.'
 *   \?  exactly one character other than '/'
 *   \$  one or more decimal digits        \+  exactly one decimal digit
 *   \X  one or more hexadecimal digits    \x  exactly one hexadecimal digit
 *   \A  one or more alphabetic characters \a  exactly one alphabetic character
 *   \-  exclusion inside one path component: "A\-B\-C" matches a component
 *       that matches A and matches neither B nor C
 *   \{X\}/  one or more directory components, each matching X; the whole
 *       "\{X\}" must be a component of its own, preceded and followed by '/'
 *
 * "Character" means one byte of the unescaped name, so "\?" matches "a" as
 * well as "\040".  Differences from TOMOYO 2.6 (deliberate): empty operands
 * of "\-" are rejected; "/dir/\*" does not match "/dir" (TOMOYO ignores a
 * trailing "\*" there); a path ending in '/' only matches a pattern ending in
 * '/' and vice versa, for wildcard patterns as for literal ones.
 *
 * Matching simulates a non-deterministic automaton over the pattern (per
 * component over the characters, then over the components), so it runs in
 * O(pattern length * path length) time with fixed-size stack state and never
 * recurses or allocates.
 */
#ifndef PH_POLICY_H
#define PH_POLICY_H

#include "ph_policy_env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest program name or pattern accepted by the parser (escaped bytes). */
#define PH_NAME_MAX_LEN 16384
/* Longest domain name accepted by the parser (escaped bytes). */
#define PH_DOMAIN_MAX_LEN 65536
/* Most '/'-separated components a pattern may have. */
#define PH_PATTERN_MAX_COMPONENTS 256
/* Longest single component of a pattern (escaped bytes). */
#define PH_PATTERN_MAX_COMPONENT_LEN 1024
/* Most rules one struct ph_tr_policy may hold. */
#define PH_TR_MAX_RULES 65536
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

/**
 * ph_pattern_valid() - Check the syntax of a path pattern.
 * @p: Pattern in escaped form.
 * @len: Length of @p.
 *
 * A valid pattern is non-empty, at most %PH_NAME_MAX_LEN bytes long, has at
 * most %PH_PATTERN_MAX_COMPONENTS components of at most
 * %PH_PATTERN_MAX_COMPONENT_LEN bytes each, uses only canonical escapes and
 * the wildcards listed at the top of this file, has no empty operand around
 * "\-", and uses "\{" and "\}" only as a whole non-empty component that is
 * preceded and followed by '/'.  Patterns need not be absolute.
 *
 * Return: true if @p is a valid pattern.
 */
bool ph_pattern_valid(const char *p, size_t len);

/**
 * ph_pattern_has_wildcard() - Tell whether a pattern uses any wildcard.
 * @p: Pattern in escaped form.
 * @len: Length of @p.
 *
 * Return: true if @p contains any of the escapes \*, \@, \?, \$, \+, \X, \x,
 * \A, \a, \-, \{ or \}.
 */
bool ph_pattern_has_wildcard(const char *p, size_t len);

/**
 * ph_path_match() - Match an escaped path against a pattern.
 * @pattern: Pattern in escaped form.
 * @plen: Length of @pattern.
 * @path: Path in escaped form (no wildcards).
 * @len: Length of @path.
 *
 * A pattern without wildcards matches only the identical string.  Otherwise
 * both are split at '/' into components; a plain pattern component matches
 * exactly one path component and a "\{X\}" component matches one or more
 * consecutive path components that each match X.  Time is bounded by
 * O(@plen * @len); no allocation, no recursion.
 *
 * Return: true on a match; false on a mismatch, if @pattern fails
 * ph_pattern_valid() or if @path fails ph_name_valid().
 */
bool ph_path_match(const char *pattern, size_t plen, const char *path, size_t len);

/**
 * ph_watch_valid() - Check a watch pattern.
 * @p: Pattern in escaped form.
 * @len: Length of @p.
 *
 * Return: true if @p is an absolute path pattern that ph_pattern_valid()
 * accepts.
 */
bool ph_watch_valid(const char *p, size_t len);

/**
 * ph_watch_match() - Match an object name against a watch pattern.
 * @pat: Watch pattern (ph_watch_valid() must accept it).
 * @plen: Length of @pat.
 * @name: Object name in escaped form.
 * @len: Length of @name.
 *
 * A pattern without wildcards that ends in '/' matches that directory and
 * every name below it; one without wildcards that does not end in '/'
 * matches only the identical name; a pattern with wildcards matches as
 * ph_path_match() does.
 *
 * Return: true on a match.
 */
bool ph_watch_match(const char *pat, size_t plen, const char *name, size_t len);

/**
 * ph_domain_valid() - Check the syntax of a domain name.
 * @domain: Domain name.
 * @len: Length of @domain.
 *
 * A domain name is "<kernel>" followed by zero or more words, each preceded by
 * exactly one space; every word is an absolute path in canonical escaped form
 * without wildcards.  At most %PH_DOMAIN_MAX_LEN bytes.
 *
 * Return: true if @domain is a valid domain name.
 */
bool ph_domain_valid(const char *domain, size_t len);

/**
 * ph_domain_last_word() - Find the last word of a domain name.
 * @domain: Domain name, e.g. "<kernel> /sbin/init /usr/sbin/sshd".
 * @len: Length of @domain.
 * @word: Receives a pointer to the start of the last word inside @domain.
 *
 * The last word is everything after the last space; a domain without a space
 * is its own last word ("<kernel>").
 *
 * Return: Length of the last word (0 if @len is 0).
 */
size_t ph_domain_last_word(const char *domain, size_t len, const char **word);

/**
 * enum ph_tr_type - Kinds of domain transition control rules.
 * @PH_TR_NO_RESET: "no_reset_domain": cancels reset_domain.
 * @PH_TR_RESET: "reset_domain": return to the program's initial domain.
 * @PH_TR_NO_INITIALIZE: "no_initialize_domain": cancels initialize_domain.
 * @PH_TR_INITIALIZE: "initialize_domain": start "<kernel> PROGRAM".
 * @PH_TR_NO_KEEP: "no_keep_domain": cancels keep_domain.
 * @PH_TR_KEEP: "keep_domain": stay in the current domain.
 * @PH_TR_NONE: no rule applies; the ordinary transition happens.
 *
 * The order of the values is the evaluation order of ph_tr_decide().
 */
enum ph_tr_type {
	PH_TR_NO_RESET,
	PH_TR_RESET,
	PH_TR_NO_INITIALIZE,
	PH_TR_INITIALIZE,
	PH_TR_NO_KEEP,
	PH_TR_KEEP,
	PH_TR_NONE,
};

/**
 * struct ph_tr_rule - One transition control rule.
 * @type: What the rule does; never %PH_TR_NONE.
 * @program: Pattern for the program being executed (NUL-terminated), or
 *	NULL for "any".
 * @program_len: Length of @program, excluding the NUL.
 * @from: NUL-terminated domain name (if @from_is_domain) or program pattern
 *	matched against the last word of the current domain, or NULL for "any".
 * @from_len: Length of @from, excluding the NUL.
 * @from_is_domain: @from is a full domain name starting with "<kernel>",
 *	compared exactly.
 * @next: Next rule of the policy, in file order.
 *
 * A rule returned by ph_tr_parse_line() is a single allocation that also
 * holds the strings; release it with ph_tr_rule_free().
 */
struct ph_tr_rule {
	enum ph_tr_type type;
	char *program;
	size_t program_len;
	char *from;
	size_t from_len;
	bool from_is_domain;
	struct ph_tr_rule *next;
};

/**
 * struct ph_tr_policy - A list of transition control rules.
 * @head: First rule, or NULL.
 * @tail: Where the next rule is linked (&@head when empty).
 * @count: Number of rules in the list.
 *
 * Not locked: callers serialize changes against readers themselves.
 */
struct ph_tr_policy {
	struct ph_tr_rule *head;
	struct ph_tr_rule **tail;
	unsigned int count;
};

/**
 * ph_tr_type_name() - Policy keyword of a rule type.
 * @type: Rule type.
 *
 * Return: "no_reset_domain", "reset_domain", "no_initialize_domain",
 * "initialize_domain", "no_keep_domain", "keep_domain", "none" for
 * %PH_TR_NONE and "unknown" for any other value.  Never NULL.
 */
const char *ph_tr_type_name(enum ph_tr_type type);

/**
 * ph_tr_policy_init() - Initialize an empty policy.
 * @p: Policy to initialize.
 */
void ph_tr_policy_init(struct ph_tr_policy *p);

/**
 * ph_tr_policy_free() - Free every rule of a policy and leave it empty.
 * @p: Policy; it is re-initialized and may be reused.
 */
void ph_tr_policy_free(struct ph_tr_policy *p);

/**
 * ph_tr_rule_free() - Free one rule returned by ph_tr_parse_line().
 * @r: Rule, or NULL.  Must not be linked into a policy any more.
 */
void ph_tr_rule_free(struct ph_tr_rule *r);

/**
 * ph_tr_parse_line() - Parse one line of exception policy.
 * @line: Line text, without the newline; need not be NUL-terminated.
 * @len: Length of @line.
 * @out: Receives the new rule, or NULL for a blank or comment line.
 * @errmsg: If not NULL, receives a static English message on error (and
 *	NULL on success).
 *
 * Grammar, with words separated by runs of spaces or tabs and leading and
 * trailing white space ignored::
 *
 *   KEYWORD PROGRAM [from FROM]
 *   KEYWORD := initialize_domain | no_initialize_domain | keep_domain |
 *              no_keep_domain | reset_domain | no_reset_domain
 *   PROGRAM := any | absolute path pattern
 *   FROM    := any | <kernel> [absolute path ...] | absolute path pattern
 *
 * A missing "from" part means "from any".  A FROM starting with "<kernel>" is
 * a domain name, stored with single spaces and compared exactly.  Otherwise
 * FROM is one pattern matched against the last word of the current domain.
 * PROGRAM and FROM may not both be "any".  A line whose first word starts
 * with '#' is a comment.
 *
 * Return: 0 on success (including blank and comment lines), -EINVAL for a
 * syntax error, -ENAMETOOLONG for an over-long name, -ENOMEM when out of
 * memory.
 */
int ph_tr_parse_line(const char *line, size_t len, struct ph_tr_rule **out,
		     const char **errmsg);

/**
 * ph_tr_policy_parse() - Parse a whole exception policy and append it.
 * @p: Policy to append to; must have been initialized.
 * @text: Policy text, lines separated by '\n'; need not be NUL-terminated.
 * @len: Length of @text.
 * @bad_line: If not NULL, receives the 1-based number of the offending line
 *	on error and 0 on success.
 * @errmsg: If not NULL, receives a static English message on error and NULL
 *	on success.
 *
 * All or nothing: if any line fails to parse, or the policy would exceed
 * %PH_TR_MAX_RULES rules, @p is left unchanged.
 *
 * Return: 0 on success or the negative error of the first bad line (-E2BIG
 * for too many rules).
 */
int ph_tr_policy_parse(struct ph_tr_policy *p, const char *text, size_t len,
		       unsigned int *bad_line, const char **errmsg);

/**
 * ph_tr_decide() - Decide the domain transition for an execve().
 * @p: Policy.
 * @domain: Current domain name, e.g. "<kernel> /usr/sbin/sshd".
 * @dlen: Length of @domain.
 * @program: Escaped path of the program being executed.
 * @plen: Length of @program.
 *
 * A rule matches when its program is "any" or its pattern matches @program
 * (ph_path_match()), and its "from" is "any", or is a domain name equal to
 * @domain, or is a pattern matching the last word of @domain
 * (ph_domain_last_word()).
 *
 * Algorithm (TOMOYO 2.6 order)::
 *
 *   type = PH_TR_NO_RESET
 *   while type < PH_TR_NONE:
 *       if no rule of this type matches: type += 1; continue
 *       if type is PH_TR_NO_RESET or PH_TR_NO_INITIALIZE:
 *           type += 2    (skip the cancelled positive type)
 *           continue
 *       if type is PH_TR_NO_KEEP: return PH_TR_NONE
 *       return type      (PH_TR_RESET, PH_TR_INITIALIZE or PH_TR_KEEP)
 *   return PH_TR_NONE
 *
 * So no_reset_domain only cancels reset_domain, no_initialize_domain only
 * cancels initialize_domain, and no_keep_domain cancels keep_domain; a
 * matching reset_domain beats initialize_domain and keep_domain, and a
 * matching initialize_domain beats keep_domain.
 *
 * Return: %PH_TR_RESET, %PH_TR_INITIALIZE, %PH_TR_KEEP or %PH_TR_NONE; never
 * one of the NO_* values.
 */
enum ph_tr_type ph_tr_decide(const struct ph_tr_policy *p, const char *domain, size_t dlen,
			     const char *program, size_t plen);

/**
 * ph_tr_rule_format() - Write the canonical text of a rule.
 * @r: Rule.
 * @out: Output buffer; may be NULL when @outlen is 0.
 * @outlen: Size of @out in bytes.
 *
 * The text is "KEYWORD PROGRAM from FROM" with "any" for a NULL program or
 * "from" part, without a newline.  Parsing it yields an identical rule.  Like
 * snprintf(), @out is NUL-terminated when @outlen is not 0.
 *
 * Return: Length of the complete text, excluding the NUL.
 */
size_t ph_tr_rule_format(const struct ph_tr_rule *r, char *out, size_t outlen);

#ifdef __cplusplus
}
#endif

#endif /* PH_POLICY_H */
