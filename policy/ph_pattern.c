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
 * Validate the tokens of s[start, end): bytes, wildcards and "\-" (whose
 * operands may be empty, as in TOMOYO).  With @braced, the run must end with
 * "\}" exactly at @end and be non-empty before it.  *@reps counts the
 * repeating wildcards and braces seen.
 */
static bool ph_segs_valid(const char *s, size_t start, size_t end, bool braced,
			  unsigned int *reps)
{
	struct ph_tok t;
	size_t i = start;

	while (i < end) {
		if (!ph_tok_at(s, end, i, &t))
			return false;
		switch (t.kind) {
		case PH_TOK_WILD:
			if (ph_wild_repeats(t.c) || ph_wild_empty(t.c))
				(*reps)++;
			break;
		case PH_TOK_BYTE:
		case PH_TOK_DASH:
			break;
		case PH_TOK_RBRACE:
			(*reps)++;
			return braced && i + t.len == end && i != start;
		default:
			return false;
		}
		i += t.len;
	}
	return !braced;
}

/* Validate one component p[s, e) of a pattern of length @len. */
static bool ph_comp_valid(const char *p, size_t len, size_t s, size_t e, unsigned int *reps)
{
	if (e - s > PH_PATTERN_MAX_COMPONENT_LEN)
		return false;
	if (e - s >= 2 && p[s] == '\\' && p[s + 1] == '{') {
		/* Whole component, preceded and followed by '/'. */
		if (s == 0 || e >= len)
			return false;
		(*reps)++;
		return ph_segs_valid(p, s + 2, e, true, reps);
	}
	return ph_segs_valid(p, s, e, false, reps);
}

bool ph_pattern_valid(const char *p, size_t len)
{
	size_t pos = 0, e, ncomp = 0;
	unsigned int reps = 0;

	if (!p || !len || len > PH_NAME_MAX_LEN)
		return false;
	for (;;) {
		e = ph_next_slash(p, len, pos);
		if (++ncomp > PH_PATTERN_MAX_COMPONENTS)
			return false;
		if (!ph_comp_valid(p, len, pos, e, &reps) || reps > PH_PATTERN_MAX_REPEATS)
			return false;
		if (e >= len)
			break;
		pos = e + 1;
	}
	return true;
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

/* Is p[0, plen) one or more "\*" and "\@" and nothing else? */
static bool ph_only_stars(const char *p, size_t plen)
{
	size_t o;

	if (!plen)
		return false;
	for (o = 0; o + 1 < plen; o += 2) {
		if (p[o] != '\\' || (p[o + 1] != '*' && p[o + 1] != '@'))
			return false;
	}
	return o == plen;
}

/*
 * NFA over the pattern's components: state k means "the next path component
 * is matched by pattern component k".  A plain component moves k to k + 1,
 * a "\{X\}" component moves k to k and k + 1.  The path matches when a
 * state past the last pattern component remains, or, as in TOMOYO, when the
 * last path component was matched by a plain pattern component and all that
 * is left of the pattern is one component of "\*" and "\@" only.
 */
static bool ph_match_components(const char *pattern, size_t plen, const char *path,
				size_t len)
{
	unsigned char cur[PH_COMP_MAP_BYTES];
	unsigned char nxt[PH_COMP_MAP_BYTES];
	size_t pos = 0, pe, ps, pee, k, ncomp = 0, star_k = 0;
	bool any, braced, last, tail = false;
	const char *comp;
	size_t clen;

	/* Count the components; note the last one if it is stars only. */
	for (ps = 0;; ps = pee + 1) {
		pee = ph_next_slash(pattern, plen, ps);
		ncomp++;
		if (pee >= plen)
			break;
	}
	if (ncomp >= 2 && ph_only_stars(pattern + ps, plen - ps))
		star_k = ncomp - 1;
	memset(nxt, 0, sizeof(nxt));
	ph_bit_set(nxt, 0);
	for (;;) {
		pe = ph_next_slash(path, len, pos);
		last = pe >= len;
		memcpy(cur, nxt, sizeof(cur));
		memset(nxt, 0, sizeof(nxt));
		any = false;
		ps = 0;
		for (k = 0; k < ncomp; k++) {
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
					else if (last && star_k && k + 1 == star_k)
						tail = true;
					ph_bit_set(nxt, k + 1);
					any = true;
				}
			}
			ps = pee + 1;
		}
		if (!any)
			return false;
		if (last)
			break;
		pos = pe + 1;
	}
	return tail || ph_bit_test(nxt, ncomp);
}

/* Length of the literal start of a pattern: bytes before the first wildcard. */
static size_t ph_literal_prefix(const char *p, size_t plen)
{
	struct ph_tok t;
	size_t i = 0;

	while (i < plen && ph_tok_at(p, plen, i, &t) &&
	       (t.kind == PH_TOK_BYTE || t.kind == PH_TOK_SLASH))
		i += t.len;
	return i;
}

bool ph_path_match(const char *pattern, size_t plen, const char *path, size_t len)
{
	size_t lit;

	if (!ph_pattern_valid(pattern, plen) || !ph_name_valid(path, len))
		return false;
	if (!ph_pattern_has_wildcard(pattern, plen))
		return plen == len && !memcmp(pattern, path, len);
	/* A directory (trailing '/') only matches a directory pattern. */
	if ((pattern[plen - 1] == '/') != (path[len - 1] == '/'))
		return false;
	/*
	 * As TOMOYO does, compare the literal start first and match the rest
	 * of the path against the rest of the pattern, so a "\-" operand
	 * starts after that literal start.
	 */
	lit = ph_literal_prefix(pattern, plen);
	if (lit > len || memcmp(pattern, path, lit))
		return false;
	pattern += lit;
	plen -= lit;
	path += lit;
	len -= lit;
	/* Nothing left of the path: only "\*" and "\@" may be left. */
	if (!len)
		return ph_only_stars(pattern, plen);
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

/* @len bytes of @s, at least one, all decimal digits. */
static bool ph_all_digits(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

#define PH_GEN_PIPE "pipe:[\\$]"
#define PH_GEN_DEVPTS "devpts:/\\$"

const char *ph_name_generalize(const char *name, size_t len, size_t *glen)
{
	if (len > 7 && !memcmp(name, "pipe:[", 6) && name[len - 1] == ']' &&
	    ph_all_digits(name + 6, len - 7)) {
		*glen = sizeof(PH_GEN_PIPE) - 1;
		return PH_GEN_PIPE;
	}
	if (len > 8 && !memcmp(name, "devpts:/", 8) && ph_all_digits(name + 8, len - 8)) {
		*glen = sizeof(PH_GEN_DEVPTS) - 1;
		return PH_GEN_DEVPTS;
	}
	return NULL;
}
