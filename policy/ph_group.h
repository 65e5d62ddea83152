/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack groups and number and address ranges (TOMOYO 2.6 exception policy):
 *
 *   path_group    NAME PATTERN        PATTERN as in ph_pattern.h, need not
 *                                     be absolute ("pipe:[\$]")
 *   number_group  NAME MIN[-MAX]      numbers as below
 *   address_group NAME IP[-IP]        IPv4 dotted quad or IPv6
 *
 * Numbers are TOMOYO's: "0x" or "0X" then hexadecimal digits, or "0" then
 * octal digits, or decimal; a range "MIN-MAX" needs MIN <= MAX and keeps the
 * radix of each end, so it is written back in the radix it was read in
 * (hexadecimal digits in upper case, as TOMOYO writes them).  An access
 * line names a group with "@NAME" wherever it accepts a path, a number or an
 * address (the "unions" below).
 *
 * Group names are escaped names (ph_escape.h) without wildcards.  Parsing
 * allocates; matching never allocates, never recurses and is bounded by the
 * members of one group.  Inputs are (pointer, length) pairs and need not be
 * NUL-terminated.
 */
#ifndef PH_GROUP_H
#define PH_GROUP_H

#include "ph_policy_env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most members of all the groups of one struct ph_groups together. */
#define PH_GROUP_MAX_MEMBERS 65536
/* Longest group name (escaped bytes). */
#define PH_GROUP_NAME_MAX 256

/**
 * enum ph_group_type - kinds of group
 * @PH_GROUP_PATH: "path_group"
 * @PH_GROUP_NUMBER: "number_group"
 * @PH_GROUP_ADDRESS: "address_group"
 */
enum ph_group_type {
	PH_GROUP_PATH,
	PH_GROUP_NUMBER,
	PH_GROUP_ADDRESS,
};

/**
 * enum ph_radix - how a number was written
 * @PH_RADIX_DECIMAL: 1000
 * @PH_RADIX_OCTAL: 0644
 * @PH_RADIX_HEX: 0x5401
 */
enum ph_radix {
	PH_RADIX_DECIMAL,
	PH_RADIX_OCTAL,
	PH_RADIX_HEX,
};

/**
 * struct ph_number - a number or an inclusive range of numbers
 * @min: lowest value
 * @max: highest value, >= @min (equal for a single number)
 * @radix_min: enum ph_radix of @min as written
 * @radix_max: enum ph_radix of @max as written
 *
 * Written back as one number when @min equals @max, as TOMOYO does.
 */
struct ph_number {
	u64 min;
	u64 max;
	u8 radix_min;
	u8 radix_max;
};

/**
 * struct ph_addr - an IP address or an inclusive range of addresses
 * @min: lowest address, network byte order (IPv4 in the first 4 bytes)
 * @max: highest address, >= @min byte-wise
 * @ipv6: both ends are IPv6 addresses (else both are IPv4)
 *
 * Written back as one address when @min equals @max, as TOMOYO does.
 */
struct ph_addr {
	u8 min[16];
	u8 max[16];
	bool ipv6;
};

/**
 * struct ph_group_member - one member of a group
 * @next: next member of the group, in file order
 * @num: the range, for a number group
 * @addr: the range, for an address group
 * @len: length of @pattern, for a path group
 * @pattern: NUL-terminated pattern, for a path group
 */
struct ph_group_member {
	struct ph_group_member *next;
	union {
		struct ph_number num;
		struct ph_addr addr;
	};
	size_t len;
	char pattern[];
};

/**
 * struct ph_group - a named group
 * @next: next group of the set, in order of first appearance
 * @type: enum ph_group_type
 * @head: first member
 * @tail: where the next member is linked
 * @count: members
 * @name_len: length of @name
 * @name: NUL-terminated name, without the '@'
 */
struct ph_group {
	struct ph_group *next;
	enum ph_group_type type;
	struct ph_group_member *head;
	struct ph_group_member **tail;
	unsigned int count;
	size_t name_len;
	char name[];
};

/**
 * struct ph_groups - every group of a policy
 * @head: first group
 * @tail: where the next group is linked
 * @members: members of all groups
 *
 * Not locked: callers serialize changes against readers themselves.
 */
struct ph_groups {
	struct ph_group *head;
	struct ph_group **tail;
	unsigned int members;
};

void ph_groups_init(struct ph_groups *gs);
void ph_groups_free(struct ph_groups *gs);

/**
 * ph_group_keyword() - tell whether a line is a group line
 * @line: line text
 * @len: length of @line
 *
 * Return: true if the first word of @line is "path_group", "number_group"
 * or "address_group".
 */
bool ph_group_keyword(const char *line, size_t len);

/**
 * ph_groups_parse() - parse group lines and add their members
 * @gs: groups to add to; members of an existing group (same type and name)
 *	are appended to it
 * @text: lines separated by '\n': group lines, blank lines and comments
 *	(first word starting with '#')
 * @len: length of @text
 * @bad_line: if not NULL, the 1-based number of the first bad line, else 0
 * @errmsg: if not NULL, a static English message on error, else NULL
 *
 * All or nothing: on any error @gs is unchanged.
 *
 * Return: 0, -EINVAL for a syntax error, -ENAMETOOLONG for an over-long name
 * or pattern, -E2BIG past %PH_GROUP_MAX_MEMBERS, -ENOMEM.
 */
int ph_groups_parse(struct ph_groups *gs, const char *text, size_t len,
		    unsigned int *bad_line, const char **errmsg);

/**
 * ph_groups_find() - look a group up
 * @gs: groups
 * @type: enum ph_group_type
 * @name: name without the '@'
 * @len: length of @name
 *
 * Return: the group, or NULL.
 */
const struct ph_group *ph_groups_find(const struct ph_groups *gs, enum ph_group_type type,
				      const char *name, size_t len);

/* Does any member of @g (a path group) match the escaped name? */
bool ph_group_path_match(const struct ph_group *g, const char *name, size_t len);
/* Does any member of @g (a number group) hold @v? */
bool ph_group_number_match(const struct ph_group *g, u64 v);
/* Does any member of @g (an address group) hold @ip (16 bytes, IPv4 in 4)? */
bool ph_group_addr_match(const struct ph_group *g, const u8 *ip, bool ipv6);

/**
 * ph_group_member_format() - canonical text of one member's line
 * @g: the group
 * @m: one of its members
 * @out: buffer, may be NULL when @outlen is 0
 * @outlen: size of @out
 *
 * "path_group NAME PATTERN" and so on, without a newline; parsing it gives
 * the same member.  NUL-terminated like snprintf() when @outlen is not 0.
 *
 * Return: length of the whole text.
 */
size_t ph_group_member_format(const struct ph_group *g, const struct ph_group_member *m,
			      char *out, size_t outlen);

/**
 * ph_number_parse() - parse "N" or "MIN-MAX"
 * @w: the word
 * @len: its length
 * @n: receives the number or range
 *
 * Return: 0, or -EINVAL (no digits, trailing bytes, overflow of 64 bits,
 * MIN > MAX).
 */
int ph_number_parse(const char *w, size_t len, struct ph_number *n);
size_t ph_number_format(const struct ph_number *n, char *out, size_t outlen);

static inline bool ph_number_match(const struct ph_number *n, u64 v)
{
	return v >= n->min && v <= n->max;
}

/**
 * ph_addr_parse() - parse "IP" or "IP-IP"
 * @w: the word
 * @len: its length
 * @a: receives the address or range
 *
 * IPv4 is four decimal numbers up to 255 separated by '.'; IPv6 is eight
 * groups of one to four hexadecimal digits separated by ':', one "::" may
 * stand for one or more zero groups, and the last 32 bits may be written as
 * an IPv4 address.  Both ends of a range are of one family, MIN <= MAX.
 *
 * Return: 0 or -EINVAL.
 */
int ph_addr_parse(const char *w, size_t len, struct ph_addr *a);

/*
 * IPv4 as a dotted quad, IPv6 as RFC 5952 text (what the kernel's "%pI6c"
 * prints): lower case, no leading zeros, the first longest run of two or
 * more zero groups as "::", and ::ffff:a.b.c.d for IPv4-mapped addresses.
 */
size_t ph_addr_format(const struct ph_addr *a, char *out, size_t outlen);

/**
 * ph_addr_match() - does an address fall in a range?
 * @a: the range
 * @ip: the address, 16 bytes (IPv4 in the first 4)
 * @ipv6: @ip is IPv6
 *
 * Return: true when @ip is of the range's family and inside it.
 */
bool ph_addr_match(const struct ph_addr *a, const u8 *ip, bool ipv6);

/**
 * struct ph_name_union - a path pattern or "@GROUP" in an access line
 * @group: the path group, or NULL
 * @pattern: the pattern (when @group is NULL), not owned
 * @len: its length
 */
struct ph_name_union {
	const struct ph_group *group;
	const char *pattern;
	size_t len;
};

/**
 * struct ph_number_union - a number, a range or "@GROUP" in an access line
 * @group: the number group, or NULL
 * @num: the number or range (when @group is NULL)
 */
struct ph_number_union {
	const struct ph_group *group;
	struct ph_number num;
};

/**
 * ph_name_union_parse() - parse a path word of an access line
 * @gs: the groups "@NAME" may refer to
 * @w: the word
 * @len: its length
 * @u: receives the union; @u->pattern points into @w
 *
 * Return: 0, -EINVAL for a bad pattern, -ENOENT for an unknown group.
 */
int ph_name_union_parse(const struct ph_groups *gs, const char *w, size_t len,
			struct ph_name_union *u);
bool ph_name_union_match(const struct ph_name_union *u, const char *name, size_t len);

/**
 * ph_number_union_parse() - parse a number word of an access line
 * @gs: the groups "@NAME" may refer to
 * @w: the word
 * @len: its length
 * @u: receives the union
 *
 * Return: 0, -EINVAL for a bad number, -ENOENT for an unknown group.
 */
int ph_number_union_parse(const struct ph_groups *gs, const char *w, size_t len,
			  struct ph_number_union *u);
bool ph_number_union_match(const struct ph_number_union *u, u64 v);

#ifdef __cplusplus
}
#endif

#endif /* PH_GROUP_H */
