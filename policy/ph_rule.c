// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack transition rules: parser, decision and formatter.
 *
 * Built both into the kernel module and into userspace; see ph_rule.h for
 * the grammar and the interface and ph_policy_env.h for the allocation glue.
 * Nothing here recurses; only parsing allocates.
 */
#include "ph_domainname.h"
#include "ph_escape.h"
#include "ph_out.h"
#include "ph_pattern.h"
#include "ph_rule.h"

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

static bool ph_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

const char *ph_tr_type_name(enum ph_tr_type type)
{
	if ((int)type >= 0 && (int)type < PH_TR_NTYPES)
		return ph_tr_names[type];
	if (type == PH_TR_NONE)
		return "none";
	if (type == PH_TR_AGGREGATOR)
		return "aggregator";
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

/*
 * "aggregator PATTERN NAME", after the keyword: PATTERN is a path pattern
 * and NAME an absolute path without wildcards, as TOMOYO requires.  A
 * PATTERN that is not absolute (TOMOYO's "proc:/self/exe") is kept but
 * never matches: phtrack names a program run through a magic link by the
 * file it runs.
 */
static int ph_tr_parse_aggregator(struct ph_lex *lx, struct ph_tr_rule **out,
				  const char **errmsg)
{
	const char *w, *pat, *name;
	size_t wl, pat_len, name_len;
	struct ph_tr_rule *r;
	int ret;

	if (!ph_lex_next(lx, &w, &wl)) {
		*errmsg = "aggregator needs a program pattern and a name";
		return -EINVAL;
	}
	if (ph_word_is(w, wl, "any")) {
		*errmsg = "aggregator needs a program pattern, not 'any'";
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
	pat = w;
	pat_len = wl;
	if (!ph_lex_next(lx, &w, &wl)) {
		*errmsg = "aggregator needs a name after the program pattern";
		return -EINVAL;
	}
	ret = ph_check_pattern(w, wl, errmsg, "aggregator's name must be an absolute path");
	if (ret)
		return ret;
	if (ph_pattern_has_wildcard(w, wl)) {
		*errmsg = "aggregator's name must not have wildcards";
		return -EINVAL;
	}
	name = w;
	name_len = wl;
	if (ph_lex_next(lx, &w, &wl)) {
		*errmsg = "unexpected word after aggregator's name";
		return -EINVAL;
	}
	r = PH_POLICY_ALLOC(sizeof(*r) + pat_len + 1 + name_len + 1);
	if (!r) {
		*errmsg = "out of memory";
		return -ENOMEM;
	}
	r->type = PH_TR_AGGREGATOR;
	r->program = (char *)(r + 1);
	memcpy(r->program, pat, pat_len);
	r->program_len = pat_len;
	r->name = r->program + pat_len + 1;
	memcpy(r->name, name, name_len);
	r->name_len = name_len;
	*out = r;
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
	if (ph_word_is(w, wl, "aggregator"))
		return ph_tr_parse_aggregator(&lx, out, errmsg);
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

const char *ph_tr_aggregate(const struct ph_tr_policy *p, const char *program, size_t plen,
			    size_t *name_len)
{
	const struct ph_tr_rule *r;

	*name_len = 0;
	if (!p || !program)
		return NULL;
	for (r = p->head; r; r = r->next) {
		if (r->type == PH_TR_AGGREGATOR &&
		    ph_path_match(r->program, r->program_len, program, plen)) {
			*name_len = r->name_len;
			return r->name;
		}
	}
	return NULL;
}

size_t ph_tr_rule_format(const struct ph_tr_rule *r, char *out, size_t outlen)
{
	struct ph_out o = { out, outlen, 0 };

	ph_out_str(&o, ph_tr_type_name(r->type));
	ph_out_str(&o, " ");
	if (r->type == PH_TR_AGGREGATOR) {
		ph_out_put(&o, r->program, r->program_len);
		ph_out_str(&o, " ");
		ph_out_put(&o, r->name, r->name_len);
		goto done;
	}
	if (r->program)
		ph_out_put(&o, r->program, r->program_len);
	else
		ph_out_str(&o, "any");
	ph_out_str(&o, " from ");
	if (r->from)
		ph_out_put(&o, r->from, r->from_len);
	else
		ph_out_str(&o, "any");
done:
	if (outlen)
		out[o.pos < outlen ? o.pos : outlen - 1] = '\0';
	return o.pos;
}
