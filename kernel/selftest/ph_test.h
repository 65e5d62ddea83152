/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack selftest - a KUnit-shaped harness for kernels built without KUnit.
 *
 * Debian's kernels leave CONFIG_KUNIT unset, so the unit tests of the module's
 * own code (name.c, acl.c, seen.c) and of the shared policy code (policy/)
 * run in phtrack_selftest.ko instead, which
 * is built from the same sources (tools/build-module.sh) and loaded by the VM
 * scenario tests/vm/selftest.sh.  A test file defines cases, each a function
 * taking a &struct ph_test, lists them in a &struct ph_test_suite and names
 * the suite in selftest.c.  The results are printed in KTAP form; a failed
 * check prints its file, line and values, and any failure makes the module's
 * init fail.
 */
#ifndef PHTRACK_SELFTEST_H
#define PHTRACK_SELFTEST_H

#include <linux/printk.h>
#include <linux/string.h>
#include <linux/types.h>

/**
 * struct ph_test - the state of one running case
 * @name: the case's name
 * @checks: checks made so far
 * @failures: checks failed so far
 *
 * Lifetime: on selftest.c's stack for the duration of one case.
 */
struct ph_test {
	const char *name;
	unsigned int checks;
	unsigned int failures;
};

/**
 * struct ph_test_case - one test case
 * @name: printed in the result line
 * @run: the case; it reports through the PH_TEST_* macros
 */
struct ph_test_case {
	const char *name;
	void (*run)(struct ph_test *t);
};

/**
 * struct ph_test_suite - the cases of one unit under test
 * @name: the unit, e.g. "acl"
 * @init: if not NULL, run before the cases; non-zero fails the suite
 * @exit: if not NULL, run after the cases (also after a failed @init)
 * @cases: the cases, ended by an entry whose @name is NULL
 */
struct ph_test_suite {
	const char *name;
	int (*init)(void);
	void (*exit)(void);
	const struct ph_test_case *cases;
};

#define PH_TEST_CASE(fn) { .name = #fn, .run = fn }

bool ph_test_report(struct ph_test *t, bool ok, const char *file, int line, const char *what,
		    long long a, long long b);
bool ph_test_report_str(struct ph_test *t, const char *file, int line, const char *what,
			const char *a, const char *b);

/* Each check evaluates its arguments once and yields true when it passed. */
#define PH_TEST_EXPECT(t, cond)							\
	ph_test_report(t, !!(cond), __FILE__, __LINE__, #cond, 0, 0)

#define PH_TEST_EXPECT_EQ(t, a, b) ({						\
	long long _a = (long long)(a), _b = (long long)(b);			\
	ph_test_report(t, _a == _b, __FILE__, __LINE__, #a " == " #b, _a, _b);	\
})

#define PH_TEST_EXPECT_NE(t, a, b) ({						\
	long long _a = (long long)(a), _b = (long long)(b);			\
	ph_test_report(t, _a != _b, __FILE__, __LINE__, #a " != " #b, _a, _b);	\
})

#define PH_TEST_EXPECT_STREQ(t, a, b)						\
	ph_test_report_str(t, __FILE__, __LINE__, #a " == " #b, a, b)

extern const struct ph_test_suite ph_name_suite;
extern const struct ph_test_suite ph_acl_suite;
extern const struct ph_test_suite ph_seen_suite;
extern const struct ph_test_suite ph_policy_suite;

#endif /* PHTRACK_SELFTEST_H */
