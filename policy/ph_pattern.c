// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack path pattern validation and matching.
 *
 * Built both into the kernel module and into userspace; see ph_pattern.h for
 * the syntax and the interface.  Nothing here recurses or allocates.
 */
#include "ph_escape.h"
#include "ph_pattern.h"
#include "ph_token.h"

#define PH_SEG_MAP_BYTES (PH_PATTERN_MAX_COMPONENT_LEN / 8 + 1)
#define PH_COMP_MAP_BYTES (PH_PATTERN_MAX_COMPONENTS / 8 + 1)

static bool ph_bit_test(const unsigned char *map, size_t bit)
{
	return map[bit / 8] & (1U << (bit % 8));
}

static void ph_bit_set(unsigned char *map, size_t bit)
{
	map[bit / 8] |= (unsigned char)(1U << (bit % 8));
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
