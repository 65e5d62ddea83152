// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack policy parser and matcher (TOMOYO 2.6 style).
 *
 * Built both into the kernel module and into userspace; see ph_policy.h for
 * the interface and ph_policy_env.h for the environment glue.  Nothing here
 * recurses, and matching never allocates.
 */
#include "ph_policy.h"

/* Kinds of token in an escaped name or pattern. */
enum ph_tok_kind {
	PH_TOK_BYTE,	/* one name byte, plain or escaped */
	PH_TOK_SLASH,	/* the '/' separator */
	PH_TOK_WILD,	/* \*, \@, \?, \$, \+, \X, \x, \A or \a */
	PH_TOK_DASH,	/* \- */
	PH_TOK_LBRACE,	/* \{ */
	PH_TOK_RBRACE,	/* \} */
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

#define PH_SEG_MAP_BYTES (PH_PATTERN_MAX_COMPONENT_LEN / 8 + 1)
#define PH_COMP_MAP_BYTES (PH_PATTERN_MAX_COMPONENTS / 8 + 1)

/* Indexed by enum ph_tr_type, up to but excluding PH_TR_NONE. */
static const char * const ph_tr_names[PH_TR_NONE] = {
	"no_reset_domain",
	"reset_domain",
	"no_initialize_domain",
	"initialize_domain",
	"no_keep_domain",
	"keep_domain",
};

#define PH_TR_NTYPES ((int)PH_TR_NONE)

static bool ph_is_plain(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '\\';
}

static bool ph_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool ph_is_xdigit(unsigned char c)
{
	return ph_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool ph_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ph_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool ph_bit_test(const unsigned char *map, size_t bit)
{
	return map[bit / 8] & (1U << (bit % 8));
}

static void ph_bit_set(unsigned char *map, size_t bit)
{
	map[bit / 8] |= (unsigned char)(1U << (bit % 8));
}

/*
 * Decode the token starting at s[i] (i < len).  Returns false for a
 * malformed token; never reads at or past s[len].
 */
static bool ph_tok_at(const char *s, size_t len, size_t i, struct ph_tok *t)
{
	unsigned char c = (unsigned char)s[i];
	unsigned char d1, d2;
	unsigned int v;

	if (c != '\\') {
		if (!ph_is_plain(c))
			return false;
		t->kind = c == '/' ? PH_TOK_SLASH : PH_TOK_BYTE;
		t->c = c;
		t->len = 1;
		return true;
	}
	if (len - i < 2)
		return false;
	c = (unsigned char)s[i + 1];
	t->len = 2;
	t->c = c;
	switch (c) {
	case '\\':
		t->kind = PH_TOK_BYTE;
		return true;
	case '*':
	case '@':
	case '?':
	case '$':
	case '+':
	case 'X':
	case 'x':
	case 'A':
	case 'a':
		t->kind = PH_TOK_WILD;
		return true;
	case '-':
		t->kind = PH_TOK_DASH;
		return true;
	case '{':
		t->kind = PH_TOK_LBRACE;
		return true;
	case '}':
		t->kind = PH_TOK_RBRACE;
		return true;
	default:
		break;
	}
	if (c < '0' || c > '3' || len - i < 4)
		return false;
	d1 = (unsigned char)s[i + 2];
	d2 = (unsigned char)s[i + 3];
	if (d1 < '0' || d1 > '7' || d2 < '0' || d2 > '7')
		return false;
	v = ((unsigned int)(c - '0') << 6) | ((unsigned int)(d1 - '0') << 3) | (d2 - '0');
	/* Canonical form only: bytes that may stand for themselves must. */
	if (ph_is_plain((unsigned char)v) || v == '\\')
		return false;
	t->kind = PH_TOK_BYTE;
	t->c = (unsigned char)v;
	t->len = 4;
	return true;
}

size_t ph_name_escape(const char *in, size_t inlen, char *out, size_t outlen)
{
	size_t i, k, tlen, n = 0;
	unsigned char c;
	char tmp[4];

	for (i = 0; i < inlen; i++) {
		c = (unsigned char)in[i];
		if (ph_is_plain(c)) {	/* nearly every byte: no staging */
			if (n + 1 < outlen)
				out[n] = (char)c;
			n++;
			continue;
		}
		tmp[0] = '\\';
		if (c == '\\') {
			tmp[1] = '\\';
			tlen = 2;
		} else {
			tmp[1] = (char)('0' + (c >> 6));
			tmp[2] = (char)('0' + ((c >> 3) & 7));
			tmp[3] = (char)('0' + (c & 7));
			tlen = 4;
		}
		for (k = 0; k < tlen; k++, n++) {
			if (n + 1 < outlen)
				out[n] = tmp[k];
		}
	}
	if (outlen)
		out[n < outlen ? n : outlen - 1] = '\0';
	return n;
}

int ph_name_unescape(const char *in, size_t inlen, char *out, size_t outlen)
{
	struct ph_tok t;
	size_t i = 0, n = 0;
	int ret = 0;

	if (inlen > PH_UNESCAPE_MAX_LEN) {
		ret = -E2BIG;
		goto out;
	}
	while (i < inlen) {
		if (!ph_tok_at(in, inlen, i, &t) ||
		    (t.kind != PH_TOK_BYTE && t.kind != PH_TOK_SLASH)) {
			ret = -EINVAL;
			goto out;
		}
		if (n + 1 < outlen)
			out[n] = (char)t.c;
		n++;
		i += t.len;
	}
	ret = (int)n;
out:
	if (outlen)
		out[n < outlen ? n : outlen - 1] = '\0';
	return ret;
}

bool ph_name_valid(const char *name, size_t len)
{
	struct ph_tok t;
	size_t i = 0;

	if (!name || !len)
		return false;
	while (i < len) {
		if (!ph_tok_at(name, len, i, &t) ||
		    (t.kind != PH_TOK_BYTE && t.kind != PH_TOK_SLASH))
			return false;
		i += t.len;
	}
	return true;
}

bool ph_pattern_has_wildcard(const char *p, size_t len)
{
	struct ph_tok t;
	size_t i = 0;

	if (!p)
		return false;
	while (i < len) {
		if (!ph_tok_at(p, len, i, &t)) {
			i++;
			continue;
		}
		if (t.kind != PH_TOK_BYTE && t.kind != PH_TOK_SLASH)
			return true;
		i += t.len;
	}
	return false;
}

/* Offset of the next '/' at or after @pos, or @len. */
static size_t ph_next_slash(const char *s, size_t len, size_t pos)
{
	const char *q;

	if (pos >= len)
		return len;
	q = memchr(s + pos, '/', len - pos);
	return q ? (size_t)(q - s) : len;
}

/*
 * Validate the tokens of s[start, end): bytes, wildcards and non-empty
 * operands around "\-".  With @braced, the run must end with "\}" exactly
 * at @end and be non-empty before it.
 */
static bool ph_segs_valid(const char *s, size_t start, size_t end, bool braced)
{
	struct ph_tok t;
	size_t i = start, seg = 0;
	bool dash = false;

	while (i < end) {
		if (!ph_tok_at(s, end, i, &t))
			return false;
		switch (t.kind) {
		case PH_TOK_BYTE:
		case PH_TOK_WILD:
			seg++;
			break;
		case PH_TOK_DASH:
			if (!seg)
				return false;
			seg = 0;
			dash = true;
			break;
		case PH_TOK_RBRACE:
			if (!braced || i + t.len != end || !seg || i == start)
				return false;
			return true;
		default:
			return false;
		}
		i += t.len;
	}
	if (braced)
		return false;
	return !dash || seg;
}

/* Validate one component p[s, e) of a pattern of length @len. */
static bool ph_comp_valid(const char *p, size_t len, size_t s, size_t e)
{
	if (e - s > PH_PATTERN_MAX_COMPONENT_LEN)
		return false;
	if (e - s >= 2 && p[s] == '\\' && p[s + 1] == '{') {
		/* Whole component, preceded and followed by '/'. */
		if (s == 0 || e >= len)
			return false;
		return ph_segs_valid(p, s + 2, e, true);
	}
	return ph_segs_valid(p, s, e, false);
}

bool ph_pattern_valid(const char *p, size_t len)
{
	size_t pos = 0, e, ncomp = 0;

	if (!p || !len || len > PH_NAME_MAX_LEN)
		return false;
	for (;;) {
		e = ph_next_slash(p, len, pos);
		if (++ncomp > PH_PATTERN_MAX_COMPONENTS)
			return false;
		if (!ph_comp_valid(p, len, pos, e))
			return false;
		if (e >= len)
			break;
		pos = e + 1;
	}
	return true;
}

/* Does name byte @b satisfy the class of wildcard @w? */
static bool ph_wild_class(unsigned char w, unsigned char b)
{
	switch (w) {
	case '*':
	case '?':
		return b != '/';
	case '@':
		return b != '/' && b != '.';
	case '$':
	case '+':
		return ph_is_digit(b);
	case 'X':
	case 'x':
		return ph_is_xdigit(b);
	case 'A':
	case 'a':
		return ph_is_alpha(b);
	default:
		return false;
	}
}

/* Wildcards that repeat (stay in place after consuming a byte). */
static bool ph_wild_repeats(unsigned char w)
{
	return w == '*' || w == '@' || w == '$' || w == 'X' || w == 'A';
}

/* Wildcards that may match nothing. */
static bool ph_wild_empty(unsigned char w)
{
	return w == '*' || w == '@';
}

/*
 * One NFA step over the segment p[0, plen): from the states in @cur, consume
 * byte @b (or nothing when @b is negative, for the initial closure) into
 * @nxt, then add the epsilon closure.  States are token start offsets; state
 * @plen accepts.  Returns false if @nxt is empty.
 */
static bool ph_seg_step(const char *p, size_t plen, const unsigned char *cur,
			unsigned char *nxt, int b)
{
	struct ph_tok t;
	size_t o = 0;
	bool any = false;

	while (o < plen) {
		if (!ph_tok_at(p, plen, o, &t))
			return false;
		if (b >= 0 && ph_bit_test(cur, o)) {
			if (t.kind == PH_TOK_BYTE) {
				if (t.c == b)
					ph_bit_set(nxt, o + t.len);
			} else if (t.kind == PH_TOK_WILD && ph_wild_class(t.c, (unsigned char)b)) {
				ph_bit_set(nxt, o + t.len);
				if (ph_wild_repeats(t.c))
					ph_bit_set(nxt, o);
			}
		}
		if (ph_bit_test(nxt, o)) {
			any = true;
			if (t.kind == PH_TOK_WILD && ph_wild_empty(t.c))
				ph_bit_set(nxt, o + t.len);
		}
		o += t.len;
	}
	return any || ph_bit_test(nxt, plen);
}

/* Match segment p[0, plen) (no '/', "\-" or braces) against name n[0, nlen). */
static bool ph_seg_match(const char *p, size_t plen, const char *n, size_t nlen)
{
	unsigned char cur[PH_SEG_MAP_BYTES];
	unsigned char nxt[PH_SEG_MAP_BYTES];
	size_t nbytes = plen / 8 + 1;
	struct ph_tok t;
	size_t i = 0;

	if (plen > PH_PATTERN_MAX_COMPONENT_LEN)
		return false;
	memset(cur, 0, nbytes);
	memset(nxt, 0, nbytes);
	ph_bit_set(nxt, 0);
	if (!ph_seg_step(p, plen, cur, nxt, -1))
		return false;
	while (i < nlen) {
		if (!ph_tok_at(n, nlen, i, &t) || t.kind != PH_TOK_BYTE)
			return false;
		memcpy(cur, nxt, nbytes);
		memset(nxt, 0, nbytes);
		if (!ph_seg_step(p, plen, cur, nxt, t.c))
			return false;
		i += t.len;
	}
	return ph_bit_test(nxt, plen);
}

/*
 * Match component pattern p[0, plen), which may contain "\-", against one
 * name component n[0, nlen): the first operand must match, the others not.
 */
static bool ph_comp_match(const char *p, size_t plen, const char *n, size_t nlen)
{
	struct ph_tok t;
	size_t start = 0, o = 0;
	bool first = true;
	bool m;

	while (o < plen) {
		if (!ph_tok_at(p, plen, o, &t))
			return false;
		if (t.kind == PH_TOK_DASH) {
			m = ph_seg_match(p + start, o - start, n, nlen);
			if (first ? !m : m)
				return false;
			first = false;
			start = o + t.len;
		}
		o += t.len;
	}
	m = ph_seg_match(p + start, plen - start, n, nlen);
	return first ? m : !m;
}

/*
 * NFA over the pattern's components: state k means "the next path component
 * is matched by pattern component k".  A plain component moves k to k + 1,
 * a "\{X\}" component moves k to k and k + 1.
 */
static bool ph_match_components(const char *pattern, size_t plen, const char *path,
				size_t len)
{
	unsigned char cur[PH_COMP_MAP_BYTES];
	unsigned char nxt[PH_COMP_MAP_BYTES];
	size_t pos = 0, pe, ps, pee, k;
	const char *comp;
	size_t clen;
	bool any, braced;

	memset(nxt, 0, sizeof(nxt));
	ph_bit_set(nxt, 0);
	for (;;) {
		pe = ph_next_slash(path, len, pos);
		memcpy(cur, nxt, sizeof(cur));
		memset(nxt, 0, sizeof(nxt));
		any = false;
		ps = 0;
		for (k = 0; k < PH_PATTERN_MAX_COMPONENTS && ps <= plen; k++) {
			pee = ph_next_slash(pattern, plen, ps);
			if (ph_bit_test(cur, k)) {
				comp = pattern + ps;
				clen = pee - ps;
				braced = clen >= 4 && comp[0] == '\\' && comp[1] == '{';
				if (braced) {
					/* Match the inner pattern of "\{X\}". */
					comp += 2;
					clen -= 4;
				}
				if (ph_comp_match(comp, clen, path + pos, pe - pos)) {
					if (braced)
						ph_bit_set(nxt, k);
					ph_bit_set(nxt, k + 1);
					any = true;
				}
			}
			ps = pee + 1;
		}
		if (!any)
			return false;
		if (pe >= len)
			break;
		pos = pe + 1;
	}
	return ph_bit_test(nxt, k);
}

bool ph_path_match(const char *pattern, size_t plen, const char *path, size_t len)
{
	if (!ph_pattern_valid(pattern, plen) || !ph_name_valid(path, len))
		return false;
	if (!ph_pattern_has_wildcard(pattern, plen))
		return plen == len && !memcmp(pattern, path, len);
	/* A directory (trailing '/') only matches a directory pattern. */
	if ((pattern[plen - 1] == '/') != (path[len - 1] == '/'))
		return false;
	return ph_match_components(pattern, plen, path, len);
}

bool ph_watch_valid(const char *p, size_t len)
{
	return p && len && p[0] == '/' && ph_pattern_valid(p, len);
}

bool ph_watch_match(const char *pat, size_t plen, const char *name, size_t len)
{
	if (!plen || !name)
		return false;
	if (ph_pattern_has_wildcard(pat, plen))
		return ph_path_match(pat, plen, name, len);
	if (pat[plen - 1] == '/')
		return len >= plen && !memcmp(pat, name, plen);
	return plen == len && !memcmp(pat, name, len);
}

bool ph_domain_valid(const char *domain, size_t len)
{
	static const char kernel[] = "<kernel>";
	const size_t klen = sizeof(kernel) - 1;
	size_t pos, e;
	const char *q;

	if (!domain || len < klen || len > PH_DOMAIN_MAX_LEN || memcmp(domain, kernel, klen))
		return false;
	pos = klen;
	while (pos < len) {
		if (domain[pos] != ' ')
			return false;
		pos++;
		q = pos < len ? memchr(domain + pos, ' ', len - pos) : NULL;
		e = q ? (size_t)(q - domain) : len;
		if (e == pos || domain[pos] != '/' || !ph_name_valid(domain + pos, e - pos))
			return false;
		pos = e;
	}
	return true;
}

size_t ph_domain_last_word(const char *domain, size_t len, const char **word)
{
	size_t i = len;

	if (!domain || !len) {
		if (word)
			*word = domain;
		return 0;
	}
	while (i > 0 && domain[i - 1] != ' ')
		i--;
	if (word)
		*word = domain + i;
	return len - i;
}

const char *ph_tr_type_name(enum ph_tr_type type)
{
	if ((int)type >= 0 && (int)type < PH_TR_NTYPES)
		return ph_tr_names[type];
	if (type == PH_TR_NONE)
		return "none";
	return "unknown";
}

void ph_tr_policy_init(struct ph_tr_policy *p)
{
	p->head = NULL;
	p->tail = &p->head;
	p->count = 0;
}

void ph_tr_rule_free(struct ph_tr_rule *r)
{
	PH_POLICY_FREE(r);
}

static void ph_tr_list_free(struct ph_tr_rule *r)
{
	struct ph_tr_rule *next;

	while (r) {
		next = r->next;
		ph_tr_rule_free(r);
		r = next;
	}
}

void ph_tr_policy_free(struct ph_tr_policy *p)
{
	ph_tr_list_free(p->head);
	ph_tr_policy_init(p);
}

/**
 * struct ph_lex - Word scanner over one line.
 * @buf: Line text.
 * @len: Length of @buf.
 * @pos: Offset of the next unread byte.
 */
struct ph_lex {
	const char *buf;
	size_t len;
	size_t pos;
};

static bool ph_lex_next(struct ph_lex *lx, const char **w, size_t *wl)
{
	size_t s;

	while (lx->pos < lx->len && ph_is_space((unsigned char)lx->buf[lx->pos]))
		lx->pos++;
	if (lx->pos >= lx->len)
		return false;
	s = lx->pos;
	while (lx->pos < lx->len && !ph_is_space((unsigned char)lx->buf[lx->pos]))
		lx->pos++;
	*w = lx->buf + s;
	*wl = lx->pos - s;
	return true;
}

static bool ph_word_is(const char *w, size_t wl, const char *lit)
{
	size_t n = strlen(lit);

	return wl == n && !memcmp(w, lit, n);
}

/* Check an absolute program pattern word; returns 0 or an error. */
static int ph_check_pattern(const char *w, size_t wl, const char **errmsg,
			    const char *what)
{
	if (w[0] != '/') {
		*errmsg = what;
		return -EINVAL;
	}
	if (wl > PH_NAME_MAX_LEN) {
		*errmsg = "name too long";
		return -ENAMETOOLONG;
	}
	if (!ph_pattern_valid(w, wl)) {
		*errmsg = "invalid path pattern";
		return -EINVAL;
	}
	return 0;
}

/*
 * Scan the words of a "<kernel> ..." domain after the "<kernel>" word;
 * on success *dlen is the length of the domain with single spaces.
 */
static int ph_scan_domain(struct ph_lex *lx, size_t *dlen, const char **errmsg)
{
	const char *w;
	size_t wl;

	*dlen = strlen("<kernel>");
	while (ph_lex_next(lx, &w, &wl)) {
		if (w[0] != '/' || !ph_name_valid(w, wl)) {
			*errmsg = "invalid word in domain name";
			return -EINVAL;
		}
		if (wl > PH_NAME_MAX_LEN || *dlen + 1 + wl > PH_DOMAIN_MAX_LEN) {
			*errmsg = "domain name too long";
			return -ENAMETOOLONG;
		}
		*dlen += 1 + wl;
	}
	return 0;
}

int ph_tr_parse_line(const char *line, size_t len, struct ph_tr_rule **out,
		     const char **errmsg)
{
	const char *dummy_msg;
	struct ph_lex lx = { line, len, 0 };
	struct ph_tr_rule *r;
	const char *w, *prog = NULL, *from = NULL;
	size_t wl, prog_len = 0, from_len = 0, dom_start = 0, n;
	bool is_domain = false;
	int type, ret;

	if (!errmsg)
		errmsg = &dummy_msg;
	*errmsg = NULL;
	*out = NULL;
	if (!line)
		lx.len = 0;
	if (!ph_lex_next(&lx, &w, &wl) || w[0] == '#')
		return 0;
	for (type = 0; type < PH_TR_NTYPES; type++) {
		if (ph_word_is(w, wl, ph_tr_names[type]))
			break;
	}
	if (type == PH_TR_NTYPES) {
		*errmsg = "unknown keyword";
		return -EINVAL;
	}
	if (!ph_lex_next(&lx, &w, &wl)) {
		*errmsg = "missing program";
		return -EINVAL;
	}
	if (!ph_word_is(w, wl, "any")) {
		ret = ph_check_pattern(w, wl, errmsg,
				       "program must be 'any' or an absolute path pattern");
		if (ret)
			return ret;
		prog = w;
		prog_len = wl;
	}
	if (ph_lex_next(&lx, &w, &wl)) {
		if (!ph_word_is(w, wl, "from")) {
			*errmsg = "unexpected word after program (expected 'from')";
			return -EINVAL;
		}
		if (!ph_lex_next(&lx, &w, &wl)) {
			*errmsg = "missing domain or program after 'from'";
			return -EINVAL;
		}
		if (ph_word_is(w, wl, "<kernel>")) {
			is_domain = true;
			from = w;
			dom_start = lx.pos;
			ret = ph_scan_domain(&lx, &from_len, errmsg);
			if (ret)
				return ret;
		} else if (!ph_word_is(w, wl, "any")) {
			ret = ph_check_pattern(w, wl, errmsg,
					       "'from' must be 'any', <kernel> ... or an absolute path");
			if (ret)
				return ret;
			from = w;
			from_len = wl;
		}
		if (!is_domain && ph_lex_next(&lx, &w, &wl)) {
			*errmsg = "unexpected word after 'from' part";
			return -EINVAL;
		}
	}
	if (!prog && !from) {
		*errmsg = "program and 'from' part cannot both be 'any'";
		return -EINVAL;
	}
	r = PH_POLICY_ALLOC(sizeof(*r) + prog_len + 1 + from_len + 1);
	if (!r) {
		*errmsg = "out of memory";
		return -ENOMEM;
	}
	r->type = (enum ph_tr_type)type;
	if (prog) {
		r->program = (char *)(r + 1);
		memcpy(r->program, prog, prog_len);
		r->program_len = prog_len;
	}
	if (from) {
		r->from = (char *)(r + 1) + prog_len + 1;
		r->from_len = from_len;
		r->from_is_domain = is_domain;
		if (!is_domain) {
			memcpy(r->from, from, from_len);
		} else {
			/* Rebuild "<kernel> a b" with single spaces. */
			n = strlen("<kernel>");
			memcpy(r->from, "<kernel>", n);
			lx.pos = dom_start;
			while (ph_lex_next(&lx, &w, &wl)) {
				r->from[n++] = ' ';
				memcpy(r->from + n, w, wl);
				n += wl;
			}
		}
	}
	*out = r;
	return 0;
}

int ph_tr_policy_parse(struct ph_tr_policy *p, const char *text, size_t len,
		       unsigned int *bad_line, const char **errmsg)
{
	const char *dummy_msg;
	struct ph_tr_rule *head = NULL, **tail = &head, *r;
	unsigned int line = 0, added = 0;
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
	while (pos < len) {
		q = memchr(text + pos, '\n', len - pos);
		e = q ? (size_t)(q - text) : len;
		if (line < ~0U)
			line++;
		ret = ph_tr_parse_line(text + pos, e - pos, &r, errmsg);
		if (ret)
			goto fail;
		if (r) {
			if (p->count + added >= PH_TR_MAX_RULES) {
				ph_tr_rule_free(r);
				*errmsg = "too many rules";
				ret = -E2BIG;
				goto fail;
			}
			*tail = r;
			tail = &r->next;
			added++;
		}
		pos = e + 1;
	}
	if (head) {
		*p->tail = head;
		p->tail = tail;
		p->count += added;
	}
	return 0;
fail:
	if (bad_line)
		*bad_line = line;
	ph_tr_list_free(head);
	return ret;
}

static bool ph_tr_rule_matches(const struct ph_tr_rule *r, const char *domain, size_t dlen,
			       const char *last, size_t llen, const char *program,
			       size_t plen)
{
	if (r->from) {
		if (r->from_is_domain) {
			if (r->from_len != dlen || !domain || memcmp(r->from, domain, dlen))
				return false;
		} else if (!ph_path_match(r->from, r->from_len, last, llen)) {
			return false;
		}
	}
	if (r->program && !ph_path_match(r->program, r->program_len, program, plen))
		return false;
	return true;
}

enum ph_tr_type ph_tr_decide(const struct ph_tr_policy *p, const char *domain, size_t dlen,
			     const char *program, size_t plen)
{
	const struct ph_tr_rule *r;
	const char *last;
	size_t llen;
	int type = PH_TR_NO_RESET;
	bool hit;

	if (!p)
		return PH_TR_NONE;
	if (!domain)
		dlen = 0;
	if (!program)
		plen = 0;
	llen = ph_domain_last_word(domain, dlen, &last);
	while (type < PH_TR_NONE) {
		hit = false;
		for (r = p->head; r && !hit; r = r->next) {
			if ((int)r->type != type)
				continue;
			hit = ph_tr_rule_matches(r, domain, dlen, last, llen, program, plen);
		}
		if (!hit) {
			type++;
			continue;
		}
		if (type == PH_TR_NO_RESET || type == PH_TR_NO_INITIALIZE) {
			type += 2;
			continue;
		}
		if (type == PH_TR_NO_KEEP)
			return PH_TR_NONE;
		return (enum ph_tr_type)type;
	}
	return PH_TR_NONE;
}

/**
 * struct ph_out - snprintf()-like output cursor.
 * @buf: Output buffer, may be NULL when @size is 0.
 * @size: Size of @buf.
 * @pos: Length of the complete output so far.
 */
struct ph_out {
	char *buf;
	size_t size;
	size_t pos;
};

static void ph_out_put(struct ph_out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, o->pos++) {
		if (o->pos + 1 < o->size)
			o->buf[o->pos] = s[i];
	}
}

static void ph_out_str(struct ph_out *o, const char *s)
{
	ph_out_put(o, s, strlen(s));
}

size_t ph_tr_rule_format(const struct ph_tr_rule *r, char *out, size_t outlen)
{
	struct ph_out o = { out, outlen, 0 };

	ph_out_str(&o, ph_tr_type_name(r->type));
	ph_out_str(&o, " ");
	if (r->program)
		ph_out_put(&o, r->program, r->program_len);
	else
		ph_out_str(&o, "any");
	ph_out_str(&o, " from ");
	if (r->from)
		ph_out_put(&o, r->from, r->from_len);
	else
		ph_out_str(&o, "any");
	if (outlen)
		out[o.pos < outlen ? o.pos : outlen - 1] = '\0';
	return o.pos;
}
