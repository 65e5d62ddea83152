/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack domain names: "<kernel>" followed by the programs of an exec
 * ancestry, each an absolute path in the escaped form of ph_escape.h.
 *
 * All inputs are (pointer, length) pairs and need not be NUL-terminated;
 * nothing is read past the given length.
 */
#ifndef PH_DOMAINNAME_H
#define PH_DOMAINNAME_H

#include "ph_policy_env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest domain name accepted by the parser (escaped bytes). */
#define PH_DOMAIN_MAX_LEN 65536

/**
 * ph_domain_valid() - Check the syntax of a domain name.
 * @domain: Domain name.
 * @len: Length of @domain.
 *
 * A domain name is "<kernel>" followed by zero or more words, each preceded by
 * exactly one space; every word is an absolute path in canonical escaped form
 * without wildcards.  At most %PH_DOMAIN_MAX_LEN bytes.
 *
 * Return: true if @domain is a valid domain name.
 */
bool ph_domain_valid(const char *domain, size_t len);

/**
 * ph_domain_last_word() - Find the last word of a domain name.
 * @domain: Domain name, e.g. "<kernel> /sbin/init /usr/sbin/sshd".
 * @len: Length of @domain.
 * @word: Receives a pointer to the start of the last word inside @domain.
 *
 * The last word is everything after the last space; a domain without a space
 * is its own last word ("<kernel>").
 *
 * Return: Length of the last word (0 if @len is 0).
 */
size_t ph_domain_last_word(const char *domain, size_t len, const char **word);

#ifdef __cplusplus
}
#endif

#endif /* PH_DOMAINNAME_H */
