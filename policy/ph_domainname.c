// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack domain name syntax.
 *
 * Built both into the kernel module and into userspace; see ph_domainname.h.
 */
#include "ph_domainname.h"
#include "ph_escape.h"

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
