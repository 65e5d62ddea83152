// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack name escaping: the canonical escaped form and its token decoder.
 *
 * Built both into the kernel module and into userspace; see ph_escape.h for
 * the interface and ph_token.h for the decoder that ph_pattern.c shares.
 */
#include "ph_escape.h"
#include "ph_token.h"

/* The one token decoder (ph_token.h); never reads at or past s[len]. */
bool ph_tok_at(const char *s, size_t len, size_t i, struct ph_tok *t)
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
