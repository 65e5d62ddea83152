/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack domain policy access lines (TOMOYO 2.6 domain_policy.conf and
 * acl_group entries): parsing, canonical text and matching against one
 * access.
 *
 *   file PERM[/PERM...] PATH                       execute read write append
 *                                                  unlink getattr rmdir truncate
 *                                                  symlink chroot unmount
 *   file PERM[/PERM...] PATH NUMBER                create mkdir mkfifo mksock
 *                                                  ioctl chmod chown chgrp
 *   file mkblock|mkchar PATH MODE MAJOR MINOR
 *   file link|rename|pivot_root PATH PATH
 *   file mount DEVICE DIR TYPE FLAGS
 *   network inet SOCKTYPE PERM[/PERM...] ADDRESS PORT   bind listen connect
 *   network unix SOCKTYPE PERM[/PERM...] ADDRESS        accept send recv
 *   misc env NAME
 *   capability NAME                                (phtrack extension)
 *
 * All permissions of one line belong to one of the forms.  PATH, DEVICE,
 * DIR, TYPE, unix ADDRESS and env NAME are path patterns (ph_pattern.h) or
 * "@GROUP" (a path_group); NUMBER, MODE, MAJOR, MINOR, FLAGS and PORT are
 * numbers, ranges or "@GROUP" (a number_group); an inet ADDRESS is an IP,
 * an IP range or "@GROUP" (an address_group).  Conditions (words with '=')
 * are rejected.  The type values are the uapi's &enum phtrack_acl_type and
 * the permission bits its PHTRACK_PERM_* (checked at build time by their
 * users).
 */
#ifndef PH_ACL_RULE_H
#define PH_ACL_RULE_H

#include "ph_group.h"
#include "ph_policy_env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Entry forms: the values of the uapi's enum phtrack_acl_type. */
enum ph_ar_type {
	PH_AR_PATH,
	PH_AR_PATH_NUMBER,
	PH_AR_MKDEV,
	PH_AR_PATH2,
	PH_AR_MOUNT,
	PH_AR_INET,
	PH_AR_UNIX,
	PH_AR_ENV,
	PH_AR_CAP,
	PH_AR_NTYPES,
};

/* Longest access line accepted (bytes). */
#define PH_AR_LINE_MAX 16384

/**
 * struct ph_acl_rule - one parsed access line
 * @type: enum ph_ar_type
 * @sub: socket type (0 stream, 1 dgram, 2 raw, 3 seqpacket) for network
 *	lines, else 0
 * @perm: permission bits, at least one
 * @nstr: path words used (0..3)
 * @nnum: number words used (0..3)
 * @exact: no wildcard, group, range or address range anywhere: the rule
 *	holds exactly one access per permission, found by hash
 * @str: the path words; their patterns point into @text
 * @num: the number words
 * @addr: the inet address or range (when @addr_group is NULL)
 * @addr_group: the address_group of an inet line, or NULL
 * @addr_text: @addr as text, NUL-terminated, for an exact inet line
 * @len: length of @text
 * @text: the canonical line, NUL-terminated (ph_acl_rule_text())
 *
 * One allocation, freed with ph_acl_rule_free().  Group pointers refer to
 * the struct ph_groups given to ph_acl_rule_parse(), which must outlive the
 * rule.  Immutable after parsing.
 */
struct ph_acl_rule {
	u8 type;
	u8 sub;
	u8 nstr;
	u8 nnum;
	u32 perm;
	bool exact;
	struct ph_name_union str[3];
	struct ph_number_union num[3];
	struct ph_addr addr;
	const struct ph_group *addr_group;
	char addr_text[48];
	size_t len;
	char text[];
};

/**
 * struct ph_acl_access - one access to match, in the escaped form
 * @type: enum ph_ar_type
 * @sub: socket type for network accesses, else ignored
 * @num: numbers (mode, command, major, minor, flags, port)
 * @str: escaped names (the inet address as text, as ph_addr_format() writes)
 * @len: their lengths
 */
struct ph_acl_access {
	u16 type;
	u16 sub;
	u64 num[3];
	const char *str[3];
	size_t len[3];
};

/**
 * ph_acl_rule_parse() - parse one access line
 * @gs: the groups "@NAME" may refer to (may be empty, never NULL)
 * @line: the line, without newline; need not be NUL-terminated
 * @len: its length
 * @out: receives the rule
 * @errmsg: if not NULL, a static English message on error
 *
 * Words are separated by runs of spaces or tabs.
 *
 * Return: 0, -EINVAL (syntax), -ENOENT (unknown group), -ENAMETOOLONG,
 * -ENOMEM.
 */
int ph_acl_rule_parse(const struct ph_groups *gs, const char *line, size_t len,
		      struct ph_acl_rule **out, const char **errmsg);

void ph_acl_rule_free(struct ph_acl_rule *r);

/**
 * ph_acl_rule_keyword() - is this the first word of an access line?
 * @line: the line
 * @len: its length
 *
 * Return: true for "file", "network", "misc" and "capability".
 */
bool ph_acl_rule_keyword(const char *line, size_t len);

/**
 * ph_acl_rule_match() - does a rule allow one access?
 * @r: the rule
 * @a: the access
 * @bit: its permission bit
 *
 * Bounded by the rule's patterns and groups; never allocates or recurses.
 *
 * Return: true when @r has @bit and every word of @r matches @a.
 */
bool ph_acl_rule_match(const struct ph_acl_rule *r, const struct ph_acl_access *a,
		       unsigned int bit);

/**
 * ph_acl_rule_access() - the one access an exact rule holds
 * @r: an exact rule (@r->exact)
 * @a: receives the access, pointing into @r
 */
void ph_acl_rule_access(const struct ph_acl_rule *r, struct ph_acl_access *a);

/**
 * ph_acl_rule_tomoyo26() - whether TOMOYO 2.6 has the rule's form
 * @r: the rule
 *
 * Return: false for capability lines and network lines with accept or
 * recv (phtrack extensions in AKARI/TOMOYO 1.8 syntax).
 */
bool ph_acl_rule_tomoyo26(const struct ph_acl_rule *r);

/**
 * ph_acl_rule_delete() - is this a "delete LINE" line?
 * @line: the line (an access line, a domain policy line or an exception
 *	policy line)
 * @len: its length
 *
 * TOMOYO removes a policy line by writing it again after "delete ".  The
 * word must be followed by spaces or tabs and a non-empty LINE.
 *
 * Return: the offset of LINE in @line, or 0 when @line does not delete.
 */
size_t ph_acl_rule_delete(const char *line, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* PH_ACL_RULE_H */
