// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack domain policy access lines: parse, canonical text, match.
 * See ph_acl_rule.h for the grammar.
 */
#include "ph_acl_rule.h"
#include "ph_escape.h"
#include "ph_out.h"
#include "ph_pattern.h"

/* Most words an access line has: "file mount DEV DIR TYPE FLAGS" and one more to detect extras. */
#define PH_AR_MAX_WORDS 8

static const char *const ph_ar_path_perms[] = {
	"execute", "read", "write", "append", "unlink", "getattr",
	"rmdir", "truncate", "symlink", "chroot", "unmount", NULL,
};

static const char *const ph_ar_pnum_perms[] = {
	"create", "mkdir", "mkfifo", "mksock", "ioctl", "chmod", "chown", "chgrp", NULL,
};

static const char *const ph_ar_mkdev_perms[] = { "mkblock", "mkchar", NULL };
static const char *const ph_ar_path2_perms[] = { "link", "rename", "pivot_root", NULL };
static const char *const ph_ar_mount_perms[] = { "mount", NULL };
static const char *const ph_ar_net_perms[] = {
	"bind", "listen", "connect", "accept", "send", "recv", NULL,
};

static const char *const ph_ar_socktypes[] = { "stream", "dgram", "raw", "seqpacket", NULL };

/* Per file form: its permission names, path words and number words. */
static const struct {
	const char *const *perms;
	u8 nstr;
	u8 nnum;
} ph_ar_file_forms[] = {
	[PH_AR_PATH] = { ph_ar_path_perms, 1, 0 },
	[PH_AR_PATH_NUMBER] = { ph_ar_pnum_perms, 1, 1 },
	[PH_AR_MKDEV] = { ph_ar_mkdev_perms, 1, 3 },
	[PH_AR_PATH2] = { ph_ar_path2_perms, 2, 0 },
	[PH_AR_MOUNT] = { ph_ar_mount_perms, 3, 1 },
};

struct ph_ar_word {
	const char *w;
	size_t len;
};

static bool ph_ar_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Split @line into words; -E2BIG past %PH_AR_MAX_WORDS. */
static int ph_ar_split(const char *line, size_t len, struct ph_ar_word *w, unsigned int *n)
{
	size_t i = 0, st;

	*n = 0;
	for (;;) {
		while (i < len && ph_ar_space((unsigned char)line[i]))
			i++;
		if (i >= len)
			return 0;
		if (*n == PH_AR_MAX_WORDS)
			return -E2BIG;
		st = i;
		while (i < len && !ph_ar_space((unsigned char)line[i]))
			i++;
		w[*n].w = line + st;
		w[*n].len = i - st;
		(*n)++;
	}
}

static bool ph_ar_is(const struct ph_ar_word *w, const char *s)
{
	return w->len == strlen(s) && !memcmp(w->w, s, w->len);
}

static int ph_ar_index(const char *const *names, const char *w, size_t len)
{
	int i;

	for (i = 0; names[i]; i++) {
		if (strlen(names[i]) == len && !memcmp(names[i], w, len))
			return i;
	}
	return -1;
}

/* "read/write" against one name list: the bits, or 0 on any unknown or repeated name. */
static u32 ph_ar_perms(const char *const *names, const struct ph_ar_word *w)
{
	size_t i = 0, st;
	u32 bits = 0;
	int b;

	while (i <= w->len) {
		st = i;
		while (i < w->len && w->w[i] != '/')
			i++;
		b = ph_ar_index(names, w->w + st, i - st);
		if (b < 0 || (bits & (1U << b)))
			return 0;
		bits |= 1U << b;
		i++;
	}
	return bits;
}

/*
 * Words past the @want a form has: TOMOYO's conditions when they hold '='
 * ("task.uid=0"); a name may hold '=' too ("socket:[family=1:...]").
 */
static const char *ph_ar_count_why(const struct ph_ar_word *w, unsigned int n,
				   unsigned int want, const char *why)
{
	unsigned int i;

	for (i = want; i < n; i++) {
		if (memchr(w[i].w, '=', w[i].len))
			return "conditions (WORD=VALUE) are not supported";
	}
	return why;
}

bool ph_acl_rule_keyword(const char *line, size_t len)
{
	struct ph_ar_word w[PH_AR_MAX_WORDS];
	unsigned int n;

	if (ph_ar_split(line, len, w, &n) == -E2BIG && !n)
		return false;
	if (!n)
		return false;
	return ph_ar_is(&w[0], "file") || ph_ar_is(&w[0], "network") || ph_ar_is(&w[0], "misc") ||
	       ph_ar_is(&w[0], "capability");
}

size_t ph_acl_rule_delete(const char *line, size_t len)
{
	size_t i = 6;

	if (len <= i || memcmp(line, "delete", 6) || !ph_ar_space(line[i]))
		return 0;
	while (i < len && ph_ar_space(line[i]))
		i++;
	return i < len ? i : 0;
}

void ph_acl_rule_free(struct ph_acl_rule *r)
{
	PH_POLICY_FREE(r);
}

static void ph_ar_put_perms(struct ph_out *o, const char *const *names, u32 perm)
{
	bool first = true;
	int i;

	for (i = 0; names[i]; i++) {
		if (!(perm & (1U << i)))
			continue;
		if (!first)
			ph_out_str(o, "/");
		ph_out_str(o, names[i]);
		first = false;
	}
}

static void ph_ar_put_name(struct ph_out *o, const struct ph_name_union *u, size_t *off)
{
	ph_out_str(o, " ");
	*off = o->pos;
	if (u->group) {
		ph_out_str(o, "@");
		ph_out_put(o, u->group->name, u->group->name_len);
	} else {
		ph_out_put(o, u->pattern, u->len);
	}
}

static void ph_ar_put_number(struct ph_out *o, const struct ph_number_union *u)
{
	char tmp[64];

	ph_out_str(o, " ");
	if (u->group) {
		ph_out_str(o, "@");
		ph_out_put(o, u->group->name, u->group->name_len);
	} else {
		ph_out_put(o, tmp, ph_number_format(&u->num, tmp, sizeof(tmp)));
	}
}

/* The canonical text of @r into @o; the offsets of its path words into @off. */
static void ph_ar_format(const struct ph_acl_rule *r, struct ph_out *o, size_t *off)
{
	unsigned int i;

	switch (r->type) {
	case PH_AR_INET:
	case PH_AR_UNIX:
		ph_out_str(o, r->type == PH_AR_INET ? "network inet " : "network unix ");
		ph_out_str(o, ph_ar_socktypes[r->sub]);
		ph_out_str(o, " ");
		ph_ar_put_perms(o, ph_ar_net_perms, r->perm);
		if (r->type == PH_AR_UNIX) {
			ph_ar_put_name(o, &r->str[0], &off[0]);
			return;
		}
		ph_out_str(o, " ");
		if (r->addr_group) {
			ph_out_str(o, "@");
			ph_out_put(o, r->addr_group->name, r->addr_group->name_len);
		} else {
			char tmp[96];

			ph_out_put(o, tmp, ph_addr_format(&r->addr, tmp, sizeof(tmp)));
		}
		ph_ar_put_number(o, &r->num[0]);
		return;
	case PH_AR_ENV:
		ph_out_str(o, "misc env");
		ph_ar_put_name(o, &r->str[0], &off[0]);
		return;
	case PH_AR_CAP:
		ph_out_str(o, "capability");
		ph_ar_put_name(o, &r->str[0], &off[0]);
		return;
	default:
		ph_out_str(o, "file ");
		ph_ar_put_perms(o, ph_ar_file_forms[r->type].perms, r->perm);
		for (i = 0; i < r->nstr; i++)
			ph_ar_put_name(o, &r->str[i], &off[i]);
		for (i = 0; i < r->nnum; i++)
			ph_ar_put_number(o, &r->num[i]);
	}
}

static int ph_ar_names(const struct ph_groups *gs, struct ph_acl_rule *r,
		       const struct ph_ar_word *w, unsigned int n, const char **why)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		if (w[i].len > PH_NAME_MAX_LEN) {
			*why = "name too long";
			return -ENAMETOOLONG;
		}
		err = ph_name_union_parse(gs, w[i].w, w[i].len, &r->str[i]);
		if (err) {
			*why = err == -ENOENT ? "unknown path_group" : "invalid path pattern";
			return err;
		}
	}
	r->nstr = n;
	return 0;
}

static int ph_ar_numbers(const struct ph_groups *gs, struct ph_acl_rule *r,
			 const struct ph_ar_word *w, unsigned int n, const char **why)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		err = ph_number_union_parse(gs, w[i].w, w[i].len, &r->num[i]);
		if (err) {
			*why = err == -ENOENT ? "unknown number_group" : "invalid number";
			return err;
		}
	}
	r->nnum = n;
	return 0;
}

/* Fill @r (its unions pointing into @w) from the words. */
static int ph_ar_parse_words(const struct ph_groups *gs, struct ph_acl_rule *r,
			     const struct ph_ar_word *w, unsigned int n, const char **why)
{
	unsigned int t, want;
	int err, s;

	*why = "not an access line";
	if (n < 2)
		return -EINVAL;
	if (ph_ar_is(&w[0], "capability")) {
		if (n != 2 || !ph_name_valid(w[1].w, w[1].len)) {
			*why = ph_ar_count_why(w, n, 2, "capability needs one name");
			return -EINVAL;
		}
		r->type = PH_AR_CAP;
		r->perm = 1;
		return ph_ar_names(gs, r, &w[1], 1, why);
	}
	if (ph_ar_is(&w[0], "misc")) {
		if (n != 3 || !ph_ar_is(&w[1], "env")) {
			*why = ph_ar_count_why(w, n, 3, "misc needs env NAME");
			return -EINVAL;
		}
		r->type = PH_AR_ENV;
		r->perm = 1;
		return ph_ar_names(gs, r, &w[2], 1, why);
	}
	if (ph_ar_is(&w[0], "network")) {
		bool inet = ph_ar_is(&w[1], "inet");

		if (!inet && !ph_ar_is(&w[1], "unix")) {
			*why = "network needs inet or unix";
			return -EINVAL;
		}
		if (n != (inet ? 6U : 5U)) {
			*why = inet ? "network inet needs SOCKTYPE PERMS ADDRESS PORT"
				    : "network unix needs SOCKTYPE PERMS ADDRESS";
			*why = ph_ar_count_why(w, n, inet ? 6 : 5, *why);
			return -EINVAL;
		}
		s = ph_ar_index(ph_ar_socktypes, w[2].w, w[2].len);
		r->perm = ph_ar_perms(ph_ar_net_perms, &w[3]);
		if (s < 0 || !r->perm) {
			*why = s < 0 ? "unknown socket type" : "unknown or repeated permission";
			return -EINVAL;
		}
		r->sub = (u8)s;
		if (!inet) {
			r->type = PH_AR_UNIX;
			return ph_ar_names(gs, r, &w[4], 1, why);
		}
		r->type = PH_AR_INET;
		if (w[4].len && w[4].w[0] == '@') {
			r->addr_group = ph_groups_find(gs, PH_GROUP_ADDRESS, w[4].w + 1,
						       w[4].len - 1);
			if (!r->addr_group) {
				*why = "unknown address_group";
				return -ENOENT;
			}
		} else if (ph_addr_parse(w[4].w, w[4].len, &r->addr)) {
			*why = "invalid address";
			return -EINVAL;
		}
		return ph_ar_numbers(gs, r, &w[5], 1, why);
	}
	if (!ph_ar_is(&w[0], "file"))
		return -EINVAL;
	for (t = PH_AR_PATH; t <= PH_AR_MOUNT; t++) {
		r->perm = ph_ar_perms(ph_ar_file_forms[t].perms, &w[1]);
		if (r->perm)
			break;
	}
	if (t > PH_AR_MOUNT) {
		*why = "unknown, repeated or mixed file permissions";
		return -EINVAL;
	}
	r->type = (u8)t;
	want = 2U + ph_ar_file_forms[t].nstr + ph_ar_file_forms[t].nnum;
	if (n != want) {
		*why = ph_ar_count_why(w, n, want, "wrong number of words for these permissions");
		return -EINVAL;
	}
	err = ph_ar_names(gs, r, &w[2], ph_ar_file_forms[t].nstr, why);
	if (err)
		return err;
	return ph_ar_numbers(gs, r, &w[2 + ph_ar_file_forms[t].nstr], ph_ar_file_forms[t].nnum,
			     why);
}

static bool ph_ar_exact(const struct ph_acl_rule *r)
{
	unsigned int i;

	for (i = 0; i < r->nstr; i++) {
		if (r->str[i].group || ph_pattern_has_wildcard(r->str[i].pattern, r->str[i].len))
			return false;
	}
	for (i = 0; i < r->nnum; i++) {
		if (r->num[i].group || r->num[i].num.min != r->num[i].num.max)
			return false;
	}
	if (r->type == PH_AR_INET)
		return !r->addr_group && !memcmp(r->addr.min, r->addr.max, sizeof(r->addr.min));
	return true;
}

int ph_acl_rule_parse(const struct ph_groups *gs, const char *line, size_t len,
		      struct ph_acl_rule **out, const char **errmsg)
{
	struct ph_ar_word w[PH_AR_MAX_WORDS];
	struct ph_acl_rule tmp, *r;
	size_t off[3] = { 0, 0, 0 };
	struct ph_out o = { NULL, 0, 0 };
	const char *why = NULL;
	unsigned int n, i;
	int err;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (len > PH_AR_LINE_MAX) {
		if (errmsg)
			*errmsg = "line too long";
		return -ENAMETOOLONG;
	}
	memset(&tmp, 0, sizeof(tmp));
	err = ph_ar_split(line, len, w, &n);
	if (err) {
		why = "too many words";
		err = -EINVAL;
	} else {
		err = ph_ar_parse_words(gs, &tmp, w, n, &why);
	}
	if (err) {
		if (errmsg)
			*errmsg = why;
		return err;
	}
	tmp.exact = ph_ar_exact(&tmp);
	ph_ar_format(&tmp, &o, off);
	r = PH_POLICY_ALLOC(sizeof(*r) + o.pos + 1);
	if (!r) {
		if (errmsg)
			*errmsg = "out of memory";
		return -ENOMEM;
	}
	*r = tmp;
	o.buf = r->text;
	o.size = o.pos + 1;
	o.pos = 0;
	ph_ar_format(&tmp, &o, off);
	r->text[o.pos] = '\0';
	r->len = o.pos;
	for (i = 0; i < r->nstr; i++) {
		if (!r->str[i].group)
			r->str[i].pattern = r->text + off[i];
	}
	if (r->type == PH_AR_INET && !r->addr_group)
		ph_addr_format(&r->addr, r->addr_text, sizeof(r->addr_text));
	*out = r;
	return 0;
}

bool ph_acl_rule_match(const struct ph_acl_rule *r, const struct ph_acl_access *a,
		       unsigned int bit)
{
	unsigned int i;

	if (a->type != r->type || bit >= 32 || !(r->perm & (1U << bit)))
		return false;
	if ((r->type == PH_AR_INET || r->type == PH_AR_UNIX) && a->sub != r->sub)
		return false;
	for (i = 0; i < r->nstr; i++) {
		if (!a->str[i] || !ph_name_union_match(&r->str[i], a->str[i], a->len[i]))
			return false;
	}
	for (i = 0; i < r->nnum; i++) {
		if (!ph_number_union_match(&r->num[i], a->num[i]))
			return false;
	}
	if (r->type == PH_AR_INET) {
		struct ph_addr ip;

		if (!a->str[0] || ph_addr_parse(a->str[0], a->len[0], &ip))
			return false;
		if (r->addr_group)
			return ph_group_addr_match(r->addr_group, ip.min, ip.ipv6);
		if (!ph_addr_match(&r->addr, ip.min, ip.ipv6))
			return false;
		return ph_number_union_match(&r->num[0], a->num[0]);
	}
	return true;
}

void ph_acl_rule_access(const struct ph_acl_rule *r, struct ph_acl_access *a)
{
	unsigned int i;

	memset(a, 0, sizeof(*a));
	a->type = r->type;
	a->sub = r->sub;
	for (i = 0; i < r->nstr; i++) {
		a->str[i] = r->str[i].pattern;
		a->len[i] = r->str[i].len;
	}
	for (i = 0; i < r->nnum; i++)
		a->num[i] = r->num[i].num.min;
	if (r->type == PH_AR_INET) {
		a->str[0] = r->addr_text;
		a->len[0] = strlen(r->addr_text);
		a->num[0] = r->num[0].num.min;
	}
}

bool ph_acl_rule_tomoyo26(const struct ph_acl_rule *r)
{
	if (r->type == PH_AR_CAP)
		return false;
	/* TOMOYO 2.6 has bind, listen, connect and send; not accept or recv. */
	if (r->type == PH_AR_INET || r->type == PH_AR_UNIX)
		return !(r->perm & ((1U << 3) | (1U << 5)));
	return true;
}
