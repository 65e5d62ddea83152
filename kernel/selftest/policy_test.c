// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack selftest - the shared policy code (policy/) built into the kernel.
 *
 * Runs the case tables of policy/tests/ph_cases.h, the same ones the
 * GoogleTests run against the userspace build, so the module's matcher and
 * phd's give the same answers: path patterns with every TOMOYO 2.6 wildcard,
 * path, number and address groups, number and address ranges.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "policy/ph_acl_rule.h"
#include "policy/ph_cases.h"
#include "policy/ph_group.h"
#include "policy/ph_pattern.h"
#include "ph_test.h"

static void policy_match_cases(struct ph_test *t)
{
	const struct ph_match_case *c;
	size_t i;
	bool m;

	for (i = 0; i < ARRAY_SIZE(ph_match_cases); i++) {
		c = &ph_match_cases[i];
		PH_TEST_EXPECT(t, ph_pattern_valid(c->pattern, strlen(c->pattern)));
		m = ph_path_match(c->pattern, strlen(c->pattern), c->path, strlen(c->path));
		if (!PH_TEST_EXPECT_EQ(t, m, c->match))
			pr_info("    # case %zu: %s vs %s\n", i, c->pattern, c->path);
	}
}

static void policy_number_cases(struct ph_test *t)
{
	const struct ph_number_case *c;
	struct ph_number n;
	char buf[64];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(ph_number_cases); i++) {
		c = &ph_number_cases[i];
		ret = ph_number_parse(c->text, strlen(c->text), &n);
		if (!PH_TEST_EXPECT_EQ(t, ret == 0, c->ok)) {
			pr_info("    # case %zu: %s\n", i, c->text);
			continue;
		}
		if (!c->ok)
			continue;
		PH_TEST_EXPECT(t, n.min == c->min && n.max == c->max);
		ph_number_format(&n, buf, sizeof(buf));
		PH_TEST_EXPECT_STREQ(t, buf, c->canon);
	}
}

static void policy_addr_cases(struct ph_test *t)
{
	const struct ph_addr_case *c;
	struct ph_addr a;
	char buf[96];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(ph_addr_cases); i++) {
		c = &ph_addr_cases[i];
		ret = ph_addr_parse(c->text, strlen(c->text), &a);
		if (!PH_TEST_EXPECT_EQ(t, ret == 0, c->ok)) {
			pr_info("    # case %zu: %s\n", i, c->text);
			continue;
		}
		if (!c->ok)
			continue;
		ph_addr_format(&a, buf, sizeof(buf));
		PH_TEST_EXPECT_STREQ(t, buf, c->canon);
		PH_TEST_EXPECT(t, ph_addr_match(&a, a.min, a.ipv6));
		PH_TEST_EXPECT(t, !ph_addr_match(&a, a.min, !a.ipv6));
	}
}

static void policy_group_cases(struct ph_test *t)
{
	const struct ph_group_case *c;
	const struct ph_group *g;
	struct ph_groups gs;
	struct ph_addr a;
	size_t i;
	bool m;

	ph_groups_init(&gs);
	if (!PH_TEST_EXPECT_EQ(t, ph_groups_parse(&gs, ph_group_case_policy,
						  strlen(ph_group_case_policy), NULL, NULL), 0))
		return;
	PH_TEST_EXPECT_EQ(t, gs.members, 10);
	for (i = 0; i < ARRAY_SIZE(ph_group_cases); i++) {
		c = &ph_group_cases[i];
		g = ph_groups_find(&gs, c->type, c->name, strlen(c->name));
		if (!PH_TEST_EXPECT(t, g))
			continue;
		if (c->type == PH_GROUP_PATH) {
			m = ph_group_path_match(g, c->value, strlen(c->value));
		} else if (c->type == PH_GROUP_NUMBER) {
			m = ph_group_number_match(g, c->num);
		} else {
			if (!PH_TEST_EXPECT_EQ(t, ph_addr_parse(c->value, strlen(c->value), &a), 0))
				continue;
			m = ph_group_addr_match(g, a.min, a.ipv6);
		}
		if (!PH_TEST_EXPECT_EQ(t, m, c->match))
			pr_info("    # case %zu: %s\n", i, c->name);
	}
	ph_groups_free(&gs);
	PH_TEST_EXPECT(t, !gs.head && !gs.members);
}

static void policy_acl_cases(struct ph_test *t)
{
	const struct ph_acl_case *c;
	struct ph_acl_access a;
	struct ph_acl_rule *r;
	struct ph_groups gs;
	size_t i;
	int err;

	ph_groups_init(&gs);
	if (!PH_TEST_EXPECT_EQ(t, ph_groups_parse(&gs, ph_acl_case_groups,
						  strlen(ph_acl_case_groups), NULL, NULL), 0))
		return;
	for (i = 0; i < ARRAY_SIZE(ph_acl_cases); i++) {
		c = &ph_acl_cases[i];
		err = ph_acl_rule_parse(&gs, c->line, strlen(c->line), &r, NULL);
		if (!c->canon) {
			PH_TEST_EXPECT(t, err && !r);
			continue;
		}
		if (!PH_TEST_EXPECT_EQ(t, err, 0))
			continue;
		PH_TEST_EXPECT(t, !strcmp(r->text, c->canon));
		PH_TEST_EXPECT_EQ(t, r->exact, c->exact);
		memset(&a, 0, sizeof(a));
		a.type = c->type;
		a.sub = c->sub;
		a.num[0] = c->num0;
		a.str[0] = c->str0;
		a.len[0] = c->str0 ? strlen(c->str0) : 0;
		a.str[1] = c->str1;
		a.len[1] = c->str1 ? strlen(c->str1) : 0;
		if (!PH_TEST_EXPECT_EQ(t, ph_acl_rule_match(r, &a, c->bit), c->match))
			pr_info("    # case %zu: %s\n", i, c->line);
		ph_acl_rule_free(r);
	}
	ph_groups_free(&gs);
}

static const struct ph_test_case ph_policy_cases[] = {
	PH_TEST_CASE(policy_match_cases),
	PH_TEST_CASE(policy_number_cases),
	PH_TEST_CASE(policy_addr_cases),
	PH_TEST_CASE(policy_group_cases),
	PH_TEST_CASE(policy_acl_cases),
	{}
};

const struct ph_test_suite ph_policy_suite = {
	.name = "policy",
	.cases = ph_policy_cases,
};
