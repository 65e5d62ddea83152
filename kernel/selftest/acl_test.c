// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack selftest - the learned access store (acl.c).
 *
 * Domains are made here (only the members acl.c uses are set); every case
 * leaves the store empty with ph_acl_exit(), as the module's unload does.
 */
#include <linux/bitops.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "acl.h"
#include "domain.h"
#include "ph_test.h"
#include "phtrack.h"
#include "seen.h"
#include "stubs.h"

static struct ph_domain *ph_t_dom[2];
static struct ph_domain *ph_t_kernel;

static struct ph_domain *ph_t_domain_new(u32 id)
{
	struct ph_domain *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	d->id = id;
	d->mode = PH_MODE_DEFAULT;
	INIT_LIST_HEAD(&d->acl);
	return d;
}

static void ph_acl_suite_exit(void)
{
	ph_acl_exit();
	kfree(ph_t_dom[0]);
	kfree(ph_t_dom[1]);
	kfree(ph_t_kernel);
	ph_kernel_domain = NULL;
}

static int ph_acl_suite_init(void)
{
	ph_t_dom[0] = ph_t_domain_new(100);
	ph_t_dom[1] = ph_t_domain_new(101);
	ph_t_kernel = ph_t_domain_new(0);
	if (!ph_t_dom[0] || !ph_t_dom[1] || !ph_t_kernel) {
		ph_acl_suite_exit();
		return -ENOMEM;
	}
	ph_kernel_domain = ph_t_kernel;
	return 0;
}

/* A "file PERMS PATH" key naming @path. */
static struct ph_acl_key ph_t_path_key(const char *path)
{
	struct ph_acl_key k = { .type = PHTRACK_ACLT_PATH };

	k.str[0] = path;
	k.len[0] = strlen(path);
	return k;
}

/* An access, without asking whether the loaded policy allowed it. */
static int ph_t_access(struct ph_domain *d, const struct ph_acl_key *k, unsigned int bit,
		       struct ph_acl_entry **known)
{
	return ph_acl_access(d, k, bit, known, NULL);
}

/* Start a case: learning mode, empty store, no events seen. */
static void ph_t_begin(void)
{
	WRITE_ONCE(ph_mode, PHTRACK_MODE_LEARNING);
	memset(&ph_test_events, 0, sizeof(ph_test_events));
}

/* End a case: the store must free everything it accounted. */
static void ph_t_end(struct ph_test *t)
{
	unsigned int i;

	ph_acl_exit();
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_entries), 0);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_mem_bytes), 0);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.mem_bytes), 0);
	for (i = 0; i < ARRAY_SIZE(ph_t_dom); i++) {
		PH_TEST_EXPECT_EQ(t, atomic_read(&ph_t_dom[i]->acl_count), 0);
		PH_TEST_EXPECT(t, list_empty(&ph_t_dom[i]->acl));
		ph_t_dom[i]->flags = 0;
		ph_t_dom[i]->mode = PH_MODE_DEFAULT;
	}
	WRITE_ONCE(ph_mode, PHTRACK_MODE_LEARNING);
}

static void acl_learns_entry_then_bits(struct ph_test *t)
{
	struct ph_acl_key k = ph_t_path_key("/etc/passwd");
	struct ph_domain *d = ph_t_dom[0];
	struct ph_acl_entry *e, *again;

	ph_t_begin();
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &e), 0);
	if (!PH_TEST_EXPECT(t, e))
		goto out;
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_entries), 1);
	PH_TEST_EXPECT_EQ(t, atomic_read(&d->acl_count), 1);
	PH_TEST_EXPECT(t, atomic64_read(&ph_stats.acl_mem_bytes) >= sizeof(*e) + k.len[0] + 1);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_mem_bytes),
			  atomic64_read(&ph_stats.mem_bytes));
	PH_TEST_EXPECT_EQ(t, atomic_read(&e->perm), BIT(PHTRACK_PERM_READ));
	PH_TEST_EXPECT_STREQ(t, ph_acl_str(e, 0), "/etc/passwd");
	PH_TEST_EXPECT(t, !ph_acl_str(e, 1));
	PH_TEST_EXPECT(t, !ph_acl_str(e, PH_ACL_STRS));
	PH_TEST_EXPECT(t, e->domain == d);
	PH_TEST_EXPECT(t, list_first_entry(&d->acl, struct ph_acl_entry, dnode) == e);
	/* A new entry is reported once, with its bit. */
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 1);
	PH_TEST_EXPECT(t, ph_test_events.entry == e && ph_test_events.domain == d);
	PH_TEST_EXPECT_EQ(t, ph_test_events.bits, BIT(PHTRACK_PERM_READ));

	/* A repeat is known: the same entry, nothing reported. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &again), 0);
	PH_TEST_EXPECT(t, again == e);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 1);
	/* NULL @known is allowed. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, NULL), 0);

	/* A new bit merges into the same entry and is reported alone. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_WRITE, &again), 0);
	PH_TEST_EXPECT(t, again == e);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_entries), 1);
	PH_TEST_EXPECT_EQ(t, atomic_read(&e->perm),
			  BIT(PHTRACK_PERM_READ) | BIT(PHTRACK_PERM_WRITE));
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 2);
	PH_TEST_EXPECT_EQ(t, ph_test_events.bits, BIT(PHTRACK_PERM_WRITE));
out:
	ph_t_end(t);
}

static void acl_keys_are_distinct(struct ph_test *t)
{
	struct ph_acl_key a = ph_t_path_key("/a"), b = ph_t_path_key("/ab");
	struct ph_acl_key two = ph_t_path_key("/a"), num = ph_t_path_key("/a");
	struct ph_acl_entry *ea, *ea1, *eb, *etwo, *enum_;

	ph_t_begin();
	b.len[0] = 2;		/* "/a" too, by length: the same object as @a */
	two.type = PHTRACK_ACLT_PATH2;
	two.str[1] = "/b";
	two.len[1] = 2;
	num.type = PHTRACK_ACLT_PATH_NUMBER;
	num.num[0] = 0644;
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &a, PHTRACK_PERM_READ, &ea), 0);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &b, PHTRACK_PERM_READ, &eb), 0);
	PH_TEST_EXPECT(t, ea && ea == eb);
	/* Another domain, type, second string or number: another entry. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[1], &a, PHTRACK_PERM_READ, &ea1), 0);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &two, 0, &etwo), 0);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &num, 0, &enum_), 0);
	PH_TEST_EXPECT(t, ea1 && ea1 != ea && etwo && etwo != ea && enum_ && enum_ != ea);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_entries), 4);
	PH_TEST_EXPECT_EQ(t, atomic_read(&ph_t_dom[0]->acl_count), 3);
	PH_TEST_EXPECT_EQ(t, atomic_read(&ph_t_dom[1]->acl_count), 1);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 4);
	if (etwo) {
		PH_TEST_EXPECT_STREQ(t, ph_acl_str(etwo, 0), "/a");
		PH_TEST_EXPECT_STREQ(t, ph_acl_str(etwo, 1), "/b");
	}
	if (enum_)
		PH_TEST_EXPECT_EQ(t, enum_->num[0], 0644);
	ph_t_end(t);
}

static void acl_permissive_counts_violations(struct ph_test *t)
{
	struct ph_acl_key k = ph_t_path_key("/bin/sh"), other = ph_t_path_key("/bin/ls");
	s64 violations = atomic64_read(&ph_stats.violations);
	struct ph_acl_entry *e = NULL, *known;

	ph_t_begin();
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &e), 0);
	WRITE_ONCE(ph_mode, PHTRACK_MODE_PERMISSIVE);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT(t, e && known == e);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.violations), violations);
	/* Outside the list: allowed, counted, not learned, not reported. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_WRITE, &known), 0);
	PH_TEST_EXPECT(t, !known);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &other, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT(t, !known);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.violations), violations + 2);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_entries), 1);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 1);
	if (e)
		PH_TEST_EXPECT_EQ(t, atomic_read(&e->perm), BIT(PHTRACK_PERM_READ));
	ph_t_end(t);
}

static void acl_enforcing_denies_except_kernel(struct ph_test *t)
{
	struct ph_acl_key k = ph_t_path_key("/etc/shadow");
	s64 denied = atomic64_read(&ph_stats.denied);
	s64 violations = atomic64_read(&ph_stats.violations);
	struct ph_acl_entry *known;

	ph_t_begin();
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, NULL), 0);
	WRITE_ONCE(ph_mode, PHTRACK_MODE_ENFORCING);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT(t, known);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[1], &k, PHTRACK_PERM_READ, &known), -EPERM);
	PH_TEST_EXPECT(t, !known);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.denied), denied + 1);
	/* <kernel> is never denied, only counted. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_kernel, &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.denied), denied + 1);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.violations), violations + 2);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_entries), 1);
	ph_t_end(t);
}

static void acl_violations_reported(struct ph_test *t)
{
	struct ph_acl_key k = ph_t_path_key("/etc/shadow");
	struct ph_acl_entry *known;

	ph_t_begin();
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, NULL), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.violations, 0);
	WRITE_ONCE(ph_mode, PHTRACK_MODE_PERMISSIVE);
	/* Known: no report.  Outside the list: one report, allowed. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.violations, 0);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_WRITE, &known), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.violations, 1);
	PH_TEST_EXPECT(t, ph_test_events.viol_domain == ph_t_dom[0]);
	PH_TEST_EXPECT_EQ(t, ph_test_events.viol_bit, PHTRACK_PERM_WRITE);
	PH_TEST_EXPECT_EQ(t, ph_test_events.viol_result, 0);
	/* Enforcing: reported as denied; a manager's access is never refused. */
	WRITE_ONCE(ph_mode, PHTRACK_MODE_ENFORCING);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[1], &k, PHTRACK_PERM_READ, &known), -EPERM);
	PH_TEST_EXPECT_EQ(t, ph_test_events.violations, 2);
	PH_TEST_EXPECT_EQ(t, ph_test_events.viol_result, -EPERM);
	ph_test_events.manager = ph_t_dom[1];
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[1], &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.violations, 3);
	PH_TEST_EXPECT_EQ(t, ph_test_events.viol_result, 0);
	/* The lookup alone learns and reports nothing. */
	PH_TEST_EXPECT(t, ph_acl_allows(ph_t_dom[0], &k, PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, !ph_acl_allows(ph_t_dom[0], &k, PHTRACK_PERM_WRITE));
	PH_TEST_EXPECT(t, !ph_acl_allows(ph_t_dom[1], &k, PHTRACK_PERM_READ));
	PH_TEST_EXPECT_EQ(t, ph_test_events.violations, 3);
	ph_t_end(t);
}

static void acl_domain_modes(struct ph_test *t)
{
	struct ph_acl_key k = ph_t_path_key("/srv/secret");
	s64 denied = atomic64_read(&ph_stats.denied);
	struct ph_acl_entry *known;

	ph_t_begin();
	/* Default learning; dom[0] enforces on its own: refused, not learned. */
	WRITE_ONCE(ph_t_dom[0]->mode, PHTRACK_MODE_ENFORCING);
	PH_TEST_EXPECT_EQ(t, ph_domain_mode(ph_t_dom[0]), PHTRACK_MODE_ENFORCING);
	PH_TEST_EXPECT_EQ(t, ph_domain_mode(ph_t_dom[1]), PHTRACK_MODE_LEARNING);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known), -EPERM);
	PH_TEST_EXPECT(t, !known);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.denied), denied + 1);
	/* dom[1] follows the default and learns the same access. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[1], &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT(t, known);
	PH_TEST_EXPECT_EQ(t, atomic_read(&ph_t_dom[0]->acl_count), 0);
	/* A domain's own disabled mode records nothing, even while learning. */
	WRITE_ONCE(ph_t_dom[0]->mode, PHTRACK_MODE_DISABLED);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT(t, !known);
	PH_TEST_EXPECT_EQ(t, atomic_read(&ph_t_dom[0]->acl_count), 0);
	/* The default enforcing; dom[0]'s own learning mode still learns. */
	WRITE_ONCE(ph_t_dom[0]->mode, PHTRACK_MODE_LEARNING);
	WRITE_ONCE(ph_mode, PHTRACK_MODE_ENFORCING);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT(t, known);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[1], &k, PHTRACK_PERM_WRITE, NULL), -EPERM);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.denied), denied + 2);
	ph_t_end(t);
}

static void acl_quota_flags_domain(struct ph_test *t)
{
	static const char * const names[] = { "/q/1", "/q/2", "/q/3" };
	s64 hits = atomic64_read(&ph_stats.acl_quota_hits);
	unsigned int quota = ph_acl_quota, i;
	struct ph_acl_entry *known, *first = NULL;
	struct ph_acl_key k;

	ph_t_begin();
	ph_acl_quota = 2;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		k = ph_t_path_key(names[i]);
		PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known), 0);
		PH_TEST_EXPECT_EQ(t, !!known, i < 2);
		if (!i)
			first = known;
	}
	PH_TEST_EXPECT_EQ(t, atomic_read(&ph_t_dom[0]->acl_count), 2);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_quota_hits), hits + 1);
	PH_TEST_EXPECT(t, test_bit(PHTRACK_DOMAIN_BIT_QUOTA, &ph_t_dom[0]->flags));
	/* At quota, a known entry still gains bits; other domains still learn. */
	k = ph_t_path_key(names[0]);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_WRITE, &known), 0);
	PH_TEST_EXPECT(t, first && known == first);
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[1], &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT(t, known);
	PH_TEST_EXPECT(t, !test_bit(PHTRACK_DOMAIN_BIT_QUOTA, &ph_t_dom[1]->flags));
	ph_acl_quota = quota;
	ph_t_end(t);
}

static void acl_memory_cap(struct ph_test *t)
{
	struct ph_acl_key k = ph_t_path_key("/m/1");
	s64 hits = atomic64_read(&ph_stats.acl_mem_hits);
	unsigned long cap = ph_acl_mem_max;
	struct ph_acl_entry *known;

	ph_t_begin();
	ph_acl_mem_max = sizeof(struct ph_acl_entry);	/* no entry with a name fits */
	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known), 0);
	PH_TEST_EXPECT(t, !known);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_mem_hits), hits + 1);
	ph_acl_mem_max = cap;
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.acl_entries), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 0);
	ph_t_end(t);
}

/* Learn @k (read) and return its entry, NULL when it was not learned. */
static struct ph_acl_entry *ph_t_learn(struct ph_test *t, const struct ph_acl_key *k)
{
	struct ph_acl_entry *e = NULL;

	PH_TEST_EXPECT_EQ(t, ph_t_access(ph_t_dom[0], k, PHTRACK_PERM_READ, &e), 0);
	return e;
}

/*
 * Over-long strings are cut at their share of the entry's budget, on an
 * escape's boundary, and marked; a string at its share is kept whole and is
 * another entry; the same long name finds its cut entry again.
 */
static void acl_long_names_cut(struct ph_test *t)
{
	const size_t mark = PH_ACL_CUT_MARK_LEN, huge_len = U16_MAX + 1;
	u64 cut = ph_stat_read(names_cut);
	struct ph_acl_entry *e, *whole, *again;
	struct ph_acl_key k, two;
	char *huge;

	huge = kvmalloc(huge_len + 1, GFP_KERNEL);
	if (!PH_TEST_EXPECT(t, huge))
		return;
	ph_t_begin();
	/* One string: the whole budget; longer than U16_MAX is no obstacle. */
	memset(huge, 'x', huge_len);
	huge[huge_len] = '\0';
	k = ph_t_path_key(huge);
	e = ph_t_learn(t, &k);
	if (PH_TEST_EXPECT(t, e)) {
		PH_TEST_EXPECT_EQ(t, e->len[0], PH_ACL_STR_BUDGET + mark);
		PH_TEST_EXPECT(t, !memcmp(ph_acl_str(e, 0) + PH_ACL_STR_BUDGET, PH_ACL_CUT_MARK,
					  mark + 1));
	}
	PH_TEST_EXPECT(t, ph_t_learn(t, &k) == e);
	/* Another name with the same first 3,072 bytes shares the entry. */
	huge[PH_ACL_STR_BUDGET + 10] = 'y';
	PH_TEST_EXPECT(t, ph_t_learn(t, &k) == e);
	/* A name exactly at the budget is whole, and another entry. */
	k.len[0] = PH_ACL_STR_BUDGET;
	whole = ph_t_learn(t, &k);
	PH_TEST_EXPECT(t, whole && whole != e);
	if (whole)
		PH_TEST_EXPECT_EQ(t, whole->len[0], PH_ACL_STR_BUDGET);
	/* A cut never splits an escape: "\\ooo" across the share moves it back. */
	memcpy(huge + PH_ACL_STR_BUDGET - 2, "\\177", 4);
	k.len[0] = PH_ACL_STR_BUDGET + 2;
	again = ph_t_learn(t, &k);
	if (PH_TEST_EXPECT(t, again && again != e && again != whole)) {
		PH_TEST_EXPECT_EQ(t, again->len[0], PH_ACL_STR_BUDGET - 2 + mark);
		PH_TEST_EXPECT(t, !memcmp(ph_acl_str(again, 0) + PH_ACL_STR_BUDGET - 2,
					  PH_ACL_CUT_MARK, mark));
	}
	/* Two strings: half the budget each, only the long one cut. */
	memset(huge, 'z', huge_len);
	two = (struct ph_acl_key){ .type = PHTRACK_ACLT_PATH2 };
	two.str[0] = huge;
	two.len[0] = PH_ACL_STR_BUDGET;
	two.str[1] = "/short";
	two.len[1] = 6;
	e = ph_t_learn(t, &two);
	if (PH_TEST_EXPECT(t, e)) {
		PH_TEST_EXPECT_EQ(t, e->len[0], PH_ACL_STR_BUDGET / 2 + mark);
		PH_TEST_EXPECT_STREQ(t, ph_acl_str(e, 1), "/short");
	}
	PH_TEST_EXPECT_EQ(t, ph_stat_read(names_cut), cut + 5);
	kvfree(huge);
	ph_t_end(t);
}

/* A mark: each known entry is reported again once per bit, not per access. */
static void acl_mark_reports_once_per_epoch(struct ph_test *t)
{
	struct ph_acl_key k = ph_t_path_key("/etc/marked");
	struct ph_domain *d = ph_t_dom[0];
	unsigned int gen = atomic_read(&ph_seen_gen);
	struct ph_acl_entry *e;
	u64 time_ns = 0;
	u32 epoch;

	ph_t_begin();
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_WRITE, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 2);
	/* Repeats before a mark: nothing. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 2);

	epoch = ph_acl_mark(&time_ns);
	PH_TEST_EXPECT(t, epoch != 0 && time_ns != 0);
	/* The per-task caches must miss once: their generation moved. */
	PH_TEST_EXPECT(t, (unsigned int)atomic_read(&ph_seen_gen) != gen);
	/* The first read after the mark is reported, with the new epoch. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 3);
	PH_TEST_EXPECT_EQ(t, ph_test_events.epoch, epoch);
	PH_TEST_EXPECT_EQ(t, ph_test_events.bits, BIT(PHTRACK_PERM_READ));
	/* Later reads are not; the first write is, once. */
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 3);
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_WRITE, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_WRITE, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 4);
	PH_TEST_EXPECT_EQ(t, ph_test_events.bits, BIT(PHTRACK_PERM_WRITE));
	/* Another mark: reported again. */
	PH_TEST_EXPECT_EQ(t, ph_acl_mark(&time_ns), epoch + 1);
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 5);
	PH_TEST_EXPECT_EQ(t, ph_test_events.epoch, epoch + 1);
	/* A new entry after the mark is reported once, in the epoch. */
	k = ph_t_path_key("/etc/marked2");
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_t_access(d, &k, PHTRACK_PERM_READ, &e), 0);
	PH_TEST_EXPECT_EQ(t, ph_test_events.learned, 6);
	PH_TEST_EXPECT_EQ(t, ph_test_events.epoch, epoch + 1);
	ph_t_end(t);
}

/* A loaded policy's allow is told to the caller; a refusal or a learned entry is not one. */
static void acl_policy_allow_told(struct ph_test *t)
{
	struct ph_acl_key k = ph_t_path_key("/srv/by-policy");
	s64 denied = atomic64_read(&ph_stats.denied);
	struct ph_acl_entry *known;
	bool by_policy = true;

	ph_t_begin();
	WRITE_ONCE(ph_mode, PHTRACK_MODE_ENFORCING);
	PH_TEST_EXPECT_EQ(t, ph_acl_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known,
					   &by_policy), -EPERM);
	PH_TEST_EXPECT(t, !known && !by_policy);
	ph_test_events.policy_allows = true;
	PH_TEST_EXPECT_EQ(t, ph_acl_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known,
					   &by_policy), 0);
	PH_TEST_EXPECT(t, !known && by_policy);
	PH_TEST_EXPECT_EQ(t, ph_test_events.violations, 1);
	PH_TEST_EXPECT_EQ(t, atomic64_read(&ph_stats.denied), denied + 1);
	/* Learning consults no policy: the access is learned. */
	WRITE_ONCE(ph_mode, PHTRACK_MODE_LEARNING);
	PH_TEST_EXPECT_EQ(t, ph_acl_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known,
					   &by_policy), 0);
	PH_TEST_EXPECT(t, known && !by_policy);
	/* Enforcing again: the learned entry answers first. */
	WRITE_ONCE(ph_mode, PHTRACK_MODE_ENFORCING);
	PH_TEST_EXPECT_EQ(t, ph_acl_access(ph_t_dom[0], &k, PHTRACK_PERM_READ, &known,
					   &by_policy), 0);
	PH_TEST_EXPECT(t, known && !by_policy);
	ph_t_end(t);
}

static const struct ph_test_case ph_acl_cases[] = {
	PH_TEST_CASE(acl_learns_entry_then_bits),
	PH_TEST_CASE(acl_keys_are_distinct),
	PH_TEST_CASE(acl_permissive_counts_violations),
	PH_TEST_CASE(acl_enforcing_denies_except_kernel),
	PH_TEST_CASE(acl_violations_reported),
	PH_TEST_CASE(acl_domain_modes),
	PH_TEST_CASE(acl_quota_flags_domain),
	PH_TEST_CASE(acl_memory_cap),
	PH_TEST_CASE(acl_long_names_cut),
	PH_TEST_CASE(acl_mark_reports_once_per_epoch),
	PH_TEST_CASE(acl_policy_allow_told),
	{}
};

const struct ph_test_suite ph_acl_suite = {
	.name = "acl",
	.init = ph_acl_suite_init,
	.exit = ph_acl_suite_exit,
	.cases = ph_acl_cases,
};
