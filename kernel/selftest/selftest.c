// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack selftest - runs every suite when the module loads.
 *
 * Output, in KTAP form, one line per case and a summary:
 *   phtrack_selftest: ok 3 acl.acl_learns_new_bits
 *   phtrack_selftest: not ok 4 acl.acl_quota (2 of 7 checks failed)
 *   phtrack_selftest: 14 cases, 14 passed, 0 failed
 * Init returns -EINVAL when any check failed, so insmod fails too.  The
 * module does nothing once loaded; remove it with rmmod.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "ph_test.h"

static const struct ph_test_suite *const ph_test_suites[] = {
	&ph_name_suite,
	&ph_acl_suite,
	&ph_seen_suite,
	&ph_policy_suite,
};

/**
 * ph_test_report() - record one check
 * @t: the running case
 * @ok: whether the check passed
 * @file: where the check is
 * @line: its line
 * @what: its text
 * @a: the first value compared (0 for a plain condition)
 * @b: the second one
 *
 * Return: @ok.
 */
bool ph_test_report(struct ph_test *t, bool ok, const char *file, int line, const char *what,
		    long long a, long long b)
{
	t->checks++;
	if (ok)
		return true;
	t->failures++;
	pr_info("    # %s: %s:%d: expected %s (%lld, %lld)\n", t->name, kbasename(file), line,
		what, a, b);
	return false;
}

/**
 * ph_test_report_str() - record one string comparison
 * @t: the running case
 * @file: where the check is
 * @line: its line
 * @what: its text
 * @a: the string found, may be NULL
 * @b: the string expected
 *
 * Return: whether the strings are equal.
 */
bool ph_test_report_str(struct ph_test *t, const char *file, int line, const char *what,
			const char *a, const char *b)
{
	bool ok = a && b && !strcmp(a, b);

	t->checks++;
	if (ok)
		return true;
	t->failures++;
	pr_info("    # %s: %s:%d: expected %s (\"%s\", \"%s\")\n", t->name, kbasename(file), line,
		what, a ? a : "(null)", b ? b : "(null)");
	return false;
}

static int __init ph_selftest_init(void)
{
	unsigned int n = 0, passed = 0, i;
	const struct ph_test_case *c;
	const struct ph_test_suite *s;
	struct ph_test t;
	int err;

	for (i = 0; i < ARRAY_SIZE(ph_test_suites); i++) {
		s = ph_test_suites[i];
		err = s->init ? s->init() : 0;
		for (c = s->cases; c->name; c++) {
			n++;
			t = (struct ph_test){ .name = c->name };
			if (err)
				ph_test_report(&t, false, __FILE__, __LINE__, "suite init", err, 0);
			else
				c->run(&t);
			if (!t.failures) {
				passed++;
				pr_info("ok %u %s.%s\n", n, s->name, c->name);
			} else {
				pr_info("not ok %u %s.%s (%u of %u checks failed)\n", n, s->name,
					c->name, t.failures, t.checks);
			}
		}
		if (s->exit)
			s->exit();
	}
	pr_info("%u cases, %u passed, %u failed\n", n, passed, n - passed);
	return passed == n ? 0 : -EINVAL;
}

static void __exit ph_selftest_exit(void)
{
}

module_init(ph_selftest_init);
module_exit(ph_selftest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("phtrack unit tests: name building, the acl store, the seen cache, the policy code");
