/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack policy code (TOMOYO 2.6 notation), all of it.
 *
 * One C implementation shared by the kernel module and by userspace, split
 * by concept; include the header of the concept you use:
 *
 *   ph_escape.h      the canonical escaped name form
 *   ph_pattern.h     path patterns and watch patterns, and their matching
 *   ph_group.h       path, number and address groups; number and address
 *                    ranges
 *   ph_domainname.h  domain name syntax
 *   ph_rule.h        transition control rules: parse, decide, format
 *   ph_policy_env.h  what differs between kernel and userspace (headers,
 *                    allocation)
 *
 * This header only gathers them, for code that uses every concept.
 */
#ifndef PH_POLICY_H
#define PH_POLICY_H

#include "ph_domainname.h"
#include "ph_escape.h"
#include "ph_group.h"
#include "ph_pattern.h"
#include "ph_rule.h"

#endif /* PH_POLICY_H */
