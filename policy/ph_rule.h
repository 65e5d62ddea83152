/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack domain transition control rules (TOMOYO 2.6 exception policy):
 * parsing, the decision for one execve() and the canonical text of a rule.
 *
 * Programs and "from" parts are patterns (ph_pattern.h) or domain names
 * (ph_domainname.h).  All inputs are (pointer, length) pairs and need not be
 * NUL-terminated; nothing is read past the given length.
 */
#ifndef PH_RULE_H
#define PH_RULE_H

#include "ph_policy_env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most rules one struct ph_tr_policy may hold. */
#define PH_TR_MAX_RULES 65536

/**
 * enum ph_tr_type - Kinds of domain transition control rules.
 * @PH_TR_NO_RESET: "no_reset_domain": cancels reset_domain.
 * @PH_TR_RESET: "reset_domain": return to the program's initial domain.
 * @PH_TR_NO_INITIALIZE: "no_initialize_domain": cancels initialize_domain.
 * @PH_TR_INITIALIZE: "initialize_domain": start "<kernel> PROGRAM".
 * @PH_TR_NO_KEEP: "no_keep_domain": cancels keep_domain.
 * @PH_TR_KEEP: "keep_domain": stay in the current domain.
 * @PH_TR_NONE: no rule applies; the ordinary transition happens.
 * @PH_TR_AGGREGATOR: "aggregator": programs matching a pattern are named by
 *	one name, in the domain they enter and in "file execute"
 *	(ph_tr_aggregate()).  Not a transition control: ph_tr_decide() skips it.
 *
 * The order of the values up to %PH_TR_NONE is the evaluation order of
 * ph_tr_decide().
 */
enum ph_tr_type {
	PH_TR_NO_RESET,
	PH_TR_RESET,
	PH_TR_NO_INITIALIZE,
	PH_TR_INITIALIZE,
	PH_TR_NO_KEEP,
	PH_TR_KEEP,
	PH_TR_NONE,
	PH_TR_AGGREGATOR,
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
 * @name: For %PH_TR_AGGREGATOR, the name given to the programs @program
 *	matches (NUL-terminated, an absolute path without wildcards); NULL for
 *	the other types, whose @from it replaces.
 * @name_len: Length of @name, excluding the NUL.
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
	char *name;
	size_t name_len;
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
 * "initialize_domain", "no_keep_domain", "keep_domain", "aggregator",
 * "none" for %PH_TR_NONE and "unknown" for any other value.  Never NULL.
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
 *   aggregator PATTERN NAME
 *   KEYWORD := initialize_domain | no_initialize_domain | keep_domain |
 *              no_keep_domain | reset_domain | no_reset_domain
 *   PROGRAM := any | absolute path pattern
 *   FROM    := any | <kernel> [absolute path ...] | absolute path pattern
 *   PATTERN := path pattern (one that is not absolute never matches)
 *   NAME    := absolute path, no wildcard
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
 * ph_tr_aggregate() - The name an aggregator rule gives a program.
 * @p: Policy.
 * @program: Escaped path of the program being executed.
 * @plen: Length of @program.
 * @name_len: Receives the length of the returned name.
 *
 * The first %PH_TR_AGGREGATOR rule, in file order, whose pattern matches
 * @program (ph_path_match()) names it, as in TOMOYO 2.6.
 *
 * Return: That rule's name (owned by @p, valid while @p is), or NULL when no
 * aggregator matches and the program keeps its own name.
 */
const char *ph_tr_aggregate(const struct ph_tr_policy *p, const char *program, size_t plen,
			    size_t *name_len);

/**
 * ph_tr_rule_format() - Write the canonical text of a rule.
 * @r: Rule.
 * @out: Output buffer; may be NULL when @outlen is 0.
 * @outlen: Size of @out in bytes.
 *
 * The text is "KEYWORD PROGRAM from FROM" with "any" for a NULL program or
 * "from" part ("aggregator PATTERN NAME" for an aggregator), without a
 * newline.  Parsing it yields an identical rule.  Like
 * snprintf(), @out is NUL-terminated when @outlen is not 0.
 *
 * Return: Length of the complete text, excluding the NUL.
 */
size_t ph_tr_rule_format(const struct ph_tr_rule *r, char *out, size_t outlen);

#ifdef __cplusplus
}
#endif

#endif /* PH_RULE_H */
