// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack groups, numbers and addresses: parser, matching and formatter.
 *
 * Built both into the kernel module and into userspace; see ph_group.h for
 * the grammar and the interface.  Nothing here recurses; only parsing
 * allocates.
 */
#include "ph_escape.h"
#include "ph_group.h"
#include "ph_out.h"
#include "ph_pattern.h"

static const char * const ph_group_names[] = {
	[PH_GROUP_PATH] = "path_group",
	[PH_GROUP_NUMBER] = "number_group",
	[PH_GROUP_ADDRESS] = "address_group",
};

#define PH_GROUP_NTYPES 3

static bool ph_gspace(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Next word of s[*pos, len); false at the end. */
static bool ph_gword(const char *s, size_t len, size_t *pos, const char **w, size_t *wl)
{
	size_t i = *pos, st;

	while (i < len && ph_gspace((unsigned char)s[i]))
		i++;
	if (i >= len) {
		*pos = i;
		return false;
	}
	st = i;
	while (i < len && !ph_gspace((unsigned char)s[i]))
		i++;
	*w = s + st;
	*wl = i - st;
	*pos = i;
	return true;
}

static int ph_group_type_of(const char *w, size_t wl)
{
	int t;

	for (t = 0; t < PH_GROUP_NTYPES; t++) {
		if (strlen(ph_group_names[t]) == wl && !memcmp(w, ph_group_names[t], wl))
			return t;
	}
	return -1;
}

void ph_groups_init(struct ph_groups *gs)
{
	gs->head = NULL;
	gs->tail = &gs->head;
	gs->members = 0;
}

static void ph_group_free(struct ph_group *g)
{
	struct ph_group_member *m, *next;

	for (m = g->head; m; m = next) {
		next = m->next;
		PH_POLICY_FREE(m);
	}
	PH_POLICY_FREE(g);
}

void ph_groups_free(struct ph_groups *gs)
{
	struct ph_group *g, *next;

	for (g = gs->head; g; g = next) {
		next = g->next;
		ph_group_free(g);
	}
	ph_groups_init(gs);
}

bool ph_group_keyword(const char *line, size_t len)
{
	size_t pos = 0, wl;
	const char *w;

	if (!line || !ph_gword(line, len, &pos, &w, &wl))
		return false;
	return ph_group_type_of(w, wl) >= 0;
}

/* ------------------------------------------------------------------------ */
/* Numbers */

/* Parse one number at w[*i, len), TOMOYO's way; advances *i. */
static int ph_number_one(const char *w, size_t len, size_t *i, u64 *v, u8 *radix)
{
	unsigned int base = 10, d;
	size_t p = *i, st;
	u64 x = 0;
	unsigned char c;

	*radix = PH_RADIX_DECIMAL;
	if (p + 1 < len && w[p] == '0') {
		if (w[p + 1] == 'x' || w[p + 1] == 'X') {
			base = 16;
			*radix = PH_RADIX_HEX;
			p += 2;
		} else if (w[p + 1] >= '0' && w[p + 1] <= '7') {
			base = 8;
			*radix = PH_RADIX_OCTAL;
			p++;
		}
	}
	st = p;
	while (p < len) {
		c = (unsigned char)w[p];
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		if (x > (~(u64)0 - d) / base)
			return -EINVAL;
		x = x * base + d;
		p++;
	}
	if (p == st)
		return -EINVAL;
	*v = x;
	*i = p;
	return 0;
}

int ph_number_parse(const char *w, size_t len, struct ph_number *n)
{
	size_t i = 0;

	memset(n, 0, sizeof(*n));
	if (!w || ph_number_one(w, len, &i, &n->min, &n->radix_min))
		return -EINVAL;
	if (i == len) {
		n->max = n->min;
		n->radix_max = n->radix_min;
		return 0;
	}
	if (w[i++] != '-' || ph_number_one(w, len, &i, &n->max, &n->radix_max) || i != len ||
	    n->min > n->max)
		return -EINVAL;
	return 0;
}

static size_t ph_gend(struct ph_out *o)
{
	if (o->size)
		o->buf[o->pos < o->size ? o->pos : o->size - 1] = '\0';
	return o->pos;
}

/* Write @v in @base, at least one digit; hex in upper or @lower case. */
static void ph_gnum(struct ph_out *o, u64 v, unsigned int base, bool lower)
{
	const char *digits = lower ? "0123456789abcdef" : "0123456789ABCDEF";
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (n)
		ph_out_put(o, &tmp[--n], 1);
}

static void ph_gnumber(struct ph_out *o, u64 v, u8 radix)
{
	if (radix == PH_RADIX_HEX) {
		ph_out_str(o, "0x");
		ph_gnum(o, v, 16, false);
	} else if (radix == PH_RADIX_OCTAL) {
		ph_out_str(o, "0");
		ph_gnum(o, v, 8, false);
	} else {
		ph_gnum(o, v, 10, false);
	}
}

size_t ph_number_format(const struct ph_number *n, char *out, size_t outlen)
{
	struct ph_out o = { out, outlen, 0 };

	ph_gnumber(&o, n->min, n->radix_min);
	if (n->max != n->min) {
		ph_out_str(&o, "-");
		ph_gnumber(&o, n->max, n->radix_max);
	}
	return ph_gend(&o);
}

/* ------------------------------------------------------------------------ */
/* Addresses */

static int ph_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse a dotted quad w[0, len) into out[0..3]. */
static int ph_ipv4_parse(const char *w, size_t len, u8 *out)
{
	unsigned int part = 0, v = 0, digits = 0;
	size_t i;

	for (i = 0; i <= len; i++) {
		if (i == len || w[i] == '.') {
			if (!digits || part > 3 || (i < len && part == 3))
				return -EINVAL;
			out[part++] = (u8)v;
			v = 0;
			digits = 0;
			continue;
		}
		if (w[i] < '0' || w[i] > '9' || ++digits > 3)
			return -EINVAL;
		v = v * 10 + (unsigned int)(w[i] - '0');
		if (v > 255)
			return -EINVAL;
	}
	return part == 4 ? 0 : -EINVAL;
}

/* Parse IPv6 text w[0, len) into out[0..15]. */
static int ph_ipv6_parse(const char *w, size_t len, u8 *out)
{
	u16 grp[8];
	size_t i = 0, st;
	int n = 0, gap = -1, k, v, d;

	if (len >= 2 && w[0] == ':' && w[1] == ':') {
		gap = 0;
		i = 2;
	} else if (len && w[0] == ':') {
		return -EINVAL;
	}
	while (i < len) {
		st = i;
		v = 0;
		while (i < len && (d = ph_hexval((unsigned char)w[i])) >= 0 && i - st < 4) {
			v = v * 16 + d;
			i++;
		}
		if (i < len && w[i] == '.') {
			/* The last 32 bits as a dotted quad. */
			if (n > 6 || ph_ipv4_parse(w + st, len - st, out + 12))
				return -EINVAL;
			grp[n++] = (u16)(out[12] << 8 | out[13]);
			grp[n++] = (u16)(out[14] << 8 | out[15]);
			i = len;
			break;
		}
		if (i == st || n >= 8)
			return -EINVAL;
		grp[n++] = (u16)v;
		if (i == len)
			break;
		if (w[i] != ':')
			return -EINVAL;
		i++;
		if (i < len && w[i] == ':') {
			if (gap >= 0)
				return -EINVAL;
			gap = n;
			i++;
		} else if (i == len) {
			return -EINVAL;	/* trailing single ':' */
		}
	}
	if (gap < 0 ? n != 8 : n > 7)
		return -EINVAL;
	memset(out, 0, 16);
	if (gap < 0)
		gap = n;
	for (k = 0; k < gap; k++) {
		out[2 * k] = (u8)(grp[k] >> 8);
		out[2 * k + 1] = (u8)grp[k];
	}
	for (k = gap; k < n; k++) {
		int at = 8 - (n - k);

		out[2 * at] = (u8)(grp[k] >> 8);
		out[2 * at + 1] = (u8)grp[k];
	}
	return 0;
}

static int ph_ip_parse(const char *w, size_t len, u8 *out, bool *ipv6)
{
	memset(out, 0, 16);
	if (memchr(w, ':', len)) {
		*ipv6 = true;
		return ph_ipv6_parse(w, len, out);
	}
	*ipv6 = false;
	return ph_ipv4_parse(w, len, out);
}

int ph_addr_parse(const char *w, size_t len, struct ph_addr *a)
{
	const char *dash;
	bool v6a, v6b;

	memset(a, 0, sizeof(*a));
	if (!w || !len)
		return -EINVAL;
	dash = memchr(w, '-', len);
	if (!dash) {
		if (ph_ip_parse(w, len, a->min, &v6a))
			return -EINVAL;
		memcpy(a->max, a->min, 16);
		a->ipv6 = v6a;
		return 0;
	}
	if (ph_ip_parse(w, (size_t)(dash - w), a->min, &v6a) ||
	    ph_ip_parse(dash + 1, len - (size_t)(dash - w) - 1, a->max, &v6b) || v6a != v6b ||
	    memcmp(a->min, a->max, 16) > 0)
		return -EINVAL;
	a->ipv6 = v6a;
	return 0;
}

static void ph_gipv4(struct ph_out *o, const u8 *ip)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			ph_out_str(o, ".");
		ph_gnum(o, ip[i], 10, true);
	}
}

static void ph_gipv6(struct ph_out *o, const u8 *ip)
{
	static const u8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	int best = -1, best_len = 1, run = 0, i, ngroups = 8;
	unsigned int g[8];

	for (i = 0; i < 8; i++)
		g[i] = (unsigned int)ip[2 * i] << 8 | ip[2 * i + 1];
	if (!memcmp(ip, mapped, 12))
		ngroups = 6;
	for (i = 0; i < ngroups; i++) {
		run = g[i] ? 0 : run + 1;
		if (run > best_len) {
			best_len = run;
			best = i - run + 1;
		}
	}
	for (i = 0; i < ngroups; i++) {
		if (i == best) {
			ph_out_str(o, "::");
			i += best_len - 1;
			continue;
		}
		if (i && i != best + best_len)
			ph_out_str(o, ":");
		ph_gnum(o, g[i], 16, true);
	}
	if (ngroups == 6) {
		ph_out_str(o, ":");
		ph_gipv4(o, ip + 12);
	}
}

size_t ph_addr_format(const struct ph_addr *a, char *out, size_t outlen)
{
	struct ph_out o = { out, outlen, 0 };

	if (a->ipv6)
		ph_gipv6(&o, a->min);
	else
		ph_gipv4(&o, a->min);
	if (memcmp(a->min, a->max, 16)) {
		ph_out_str(&o, "-");
		if (a->ipv6)
			ph_gipv6(&o, a->max);
		else
			ph_gipv4(&o, a->max);
	}
	return ph_gend(&o);
}

bool ph_addr_match(const struct ph_addr *a, const u8 *ip, bool ipv6)
{
	size_t n = ipv6 ? 16 : 4;

	return a->ipv6 == ipv6 && memcmp(ip, a->min, n) >= 0 && memcmp(ip, a->max, n) <= 0;
}

/* ------------------------------------------------------------------------ */
/* Groups */

static bool ph_group_name_ok(const char *w, size_t wl)
{
	return wl && wl <= PH_GROUP_NAME_MAX && ph_name_valid(w, wl) &&
	       !ph_pattern_has_wildcard(w, wl);
}

/* Parse one line into a new group holding one member; *out NULL if blank. */
static int ph_group_parse_line(const char *line, size_t len, struct ph_group **out,
			       const char **errmsg)
{
	const char *w, *name, *val;
	size_t pos = 0, wl, nl, vl;
	struct ph_group_member *m;
	struct ph_group *g;
	struct ph_number num = { 0 };
	struct ph_addr addr = { 0 };
	int type;

	*out = NULL;
	if (!ph_gword(line, len, &pos, &w, &wl) || w[0] == '#')
		return 0;
	type = ph_group_type_of(w, wl);
	if (type < 0) {
		*errmsg = "not a group line";
		return -EINVAL;
	}
	if (!ph_gword(line, len, &pos, &name, &nl) || !ph_gword(line, len, &pos, &val, &vl)) {
		*errmsg = "a group line is KEYWORD NAME MEMBER";
		return -EINVAL;
	}
	if (ph_gword(line, len, &pos, &w, &wl)) {
		*errmsg = "unexpected word after the group member";
		return -EINVAL;
	}
	if (nl > PH_GROUP_NAME_MAX) {
		*errmsg = "group name too long";
		return -ENAMETOOLONG;
	}
	if (!ph_group_name_ok(name, nl)) {
		*errmsg = "invalid group name";
		return -EINVAL;
	}
	if (type == PH_GROUP_PATH) {
		if (vl > PH_NAME_MAX_LEN) {
			*errmsg = "pattern too long";
			return -ENAMETOOLONG;
		}
		if (!ph_pattern_valid(val, vl)) {
			*errmsg = "invalid path pattern";
			return -EINVAL;
		}
	} else if (type == PH_GROUP_NUMBER && ph_number_parse(val, vl, &num)) {
		*errmsg = "invalid number or range";
		return -EINVAL;
	} else if (type == PH_GROUP_ADDRESS && ph_addr_parse(val, vl, &addr)) {
		*errmsg = "invalid address or range";
		return -EINVAL;
	}
	g = PH_POLICY_ALLOC(sizeof(*g) + nl + 1);
	m = PH_POLICY_ALLOC(sizeof(*m) + (type == PH_GROUP_PATH ? vl + 1 : 0));
	if (!g || !m) {
		PH_POLICY_FREE(g);
		PH_POLICY_FREE(m);
		*errmsg = "out of memory";
		return -ENOMEM;
	}
	g->type = (enum ph_group_type)type;
	memcpy(g->name, name, nl);
	g->name_len = nl;
	if (type == PH_GROUP_PATH) {
		memcpy(m->pattern, val, vl);
		m->len = vl;
	} else if (type == PH_GROUP_NUMBER) {
		m->num = num;
	} else {
		m->addr = addr;
	}
	g->head = m;
	g->tail = &m->next;
	g->count = 1;
	*out = g;
	return 0;
}

static struct ph_group *ph_groups_lookup(const struct ph_groups *gs, enum ph_group_type type,
					 const char *name, size_t len)
{
	struct ph_group *g;

	for (g = gs->head; g; g = g->next) {
		if (g->type == type && g->name_len == len && !memcmp(g->name, name, len))
			return g;
	}
	return NULL;
}

const struct ph_group *ph_groups_find(const struct ph_groups *gs, enum ph_group_type type,
				      const char *name, size_t len)
{
	return gs && name ? ph_groups_lookup(gs, type, name, len) : NULL;
}

/* Move the members of @src (one new group per line) into @gs. */
static void ph_groups_merge(struct ph_groups *gs, struct ph_groups *src)
{
	struct ph_group *g, *next, *have;

	for (g = src->head; g; g = next) {
		next = g->next;
		have = ph_groups_lookup(gs, g->type, g->name, g->name_len);
		if (!have) {
			g->next = NULL;
			*gs->tail = g;
			gs->tail = &g->next;
			gs->members += g->count;
			continue;
		}
		*have->tail = g->head;
		have->tail = g->tail;
		have->count += g->count;
		gs->members += g->count;
		PH_POLICY_FREE(g);
	}
	ph_groups_init(src);
}

int ph_groups_parse(struct ph_groups *gs, const char *text, size_t len,
		    unsigned int *bad_line, const char **errmsg)
{
	struct ph_groups fresh;
	const char *dummy_msg;
	unsigned int line = 0;
	struct ph_group *g;
	size_t pos = 0, e;
	const char *q;
	int ret;

	if (!errmsg)
		errmsg = &dummy_msg;
	*errmsg = NULL;
	if (bad_line)
		*bad_line = 0;
	if (!text)
		len = 0;
	ph_groups_init(&fresh);
	while (pos < len) {
		q = memchr(text + pos, '\n', len - pos);
		e = q ? (size_t)(q - text) : len;
		if (line < ~0U)
			line++;
		ret = ph_group_parse_line(text + pos, e - pos, &g, errmsg);
		if (ret)
			goto fail;
		if (g) {
			if (gs->members + fresh.members >= PH_GROUP_MAX_MEMBERS) {
				ph_group_free(g);
				*errmsg = "too many group members";
				ret = -E2BIG;
				goto fail;
			}
			*fresh.tail = g;
			fresh.tail = &g->next;
			fresh.members++;
		}
		pos = e + 1;
	}
	ph_groups_merge(gs, &fresh);
	return 0;
fail:
	if (bad_line)
		*bad_line = line;
	ph_groups_free(&fresh);
	return ret;
}

bool ph_group_path_match(const struct ph_group *g, const char *name, size_t len)
{
	const struct ph_group_member *m;

	if (!g || g->type != PH_GROUP_PATH)
		return false;
	for (m = g->head; m; m = m->next) {
		if (ph_path_match(m->pattern, m->len, name, len))
			return true;
	}
	return false;
}

bool ph_group_number_match(const struct ph_group *g, u64 v)
{
	const struct ph_group_member *m;

	if (!g || g->type != PH_GROUP_NUMBER)
		return false;
	for (m = g->head; m; m = m->next) {
		if (ph_number_match(&m->num, v))
			return true;
	}
	return false;
}

bool ph_group_addr_match(const struct ph_group *g, const u8 *ip, bool ipv6)
{
	const struct ph_group_member *m;

	if (!g || g->type != PH_GROUP_ADDRESS || !ip)
		return false;
	for (m = g->head; m; m = m->next) {
		if (ph_addr_match(&m->addr, ip, ipv6))
			return true;
	}
	return false;
}

size_t ph_group_member_format(const struct ph_group *g, const struct ph_group_member *m,
			      char *out, size_t outlen)
{
	struct ph_out o = { out, outlen, 0 };
	char tmp[96];

	ph_out_str(&o, g->type < PH_GROUP_NTYPES ? ph_group_names[g->type] : "unknown");
	ph_out_str(&o, " ");
	ph_out_put(&o, g->name, g->name_len);
	ph_out_str(&o, " ");
	if (g->type == PH_GROUP_PATH)
		ph_out_put(&o, m->pattern, m->len);
	else if (g->type == PH_GROUP_NUMBER)
		ph_out_put(&o, tmp, ph_number_format(&m->num, tmp, sizeof(tmp)));
	else
		ph_out_put(&o, tmp, ph_addr_format(&m->addr, tmp, sizeof(tmp)));
	return ph_gend(&o);
}

/* ------------------------------------------------------------------------ */
/* Unions */

int ph_name_union_parse(const struct ph_groups *gs, const char *w, size_t len,
			struct ph_name_union *u)
{
	memset(u, 0, sizeof(*u));
	if (!w || !len)
		return -EINVAL;
	if (w[0] == '@') {
		u->group = ph_groups_find(gs, PH_GROUP_PATH, w + 1, len - 1);
		return u->group ? 0 : -ENOENT;
	}
	if (!ph_pattern_valid(w, len))
		return -EINVAL;
	u->pattern = w;
	u->len = len;
	return 0;
}

bool ph_name_union_match(const struct ph_name_union *u, const char *name, size_t len)
{
	if (u->group)
		return ph_group_path_match(u->group, name, len);
	return u->pattern && ph_path_match(u->pattern, u->len, name, len);
}

int ph_number_union_parse(const struct ph_groups *gs, const char *w, size_t len,
			  struct ph_number_union *u)
{
	memset(u, 0, sizeof(*u));
	if (!w || !len)
		return -EINVAL;
	if (w[0] == '@') {
		u->group = ph_groups_find(gs, PH_GROUP_NUMBER, w + 1, len - 1);
		return u->group ? 0 : -ENOENT;
	}
	return ph_number_parse(w, len, &u->num);
}

bool ph_number_union_match(const struct ph_number_union *u, u64 v)
{
	if (u->group)
		return ph_group_number_match(u->group, v);
	return ph_number_match(&u->num, v);
}
