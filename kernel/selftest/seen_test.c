// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack selftest - the seen cache and its invalidation (seen.c, seen.h).
 *
 * A remembered access must stop matching after anything that may change
 * names or known accesses: ph_seen_invalidate() (mode, watches) and a mount
 * topology change (begin to end), and a snapshot taken before such a change
 * must not store a way that matches after it.  Domains are only compared,
 * so any distinct addresses serve.
 */
#include <linux/namei.h>
#include <linux/net.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <linux/socket.h>

#include "acl.h"
#include "ph_test.h"
#include "phtrack.h"
#include "seen.h"

#define PH_T_PATHS (PH_SEEN_WAYS + 1)

static const char * const ph_t_names[PH_T_PATHS] = {
	"/", "/tmp", "/proc", "/proc/version", "/proc/self",
};

static struct path ph_t_path[PH_T_PATHS];
static struct ph_seen *ph_t_seen;
static struct ph_acl_entry ph_t_entry;
static const int ph_t_dom[2];	/* two distinct addresses standing for domains */

#define PH_T_D0 ((const struct ph_domain *)&ph_t_dom[0])
#define PH_T_D1 ((const struct ph_domain *)&ph_t_dom[1])

static void ph_seen_suite_exit(void)
{
	unsigned int i;

	for (i = 0; i < PH_T_PATHS; i++) {
		if (ph_t_path[i].dentry)
			path_put(&ph_t_path[i]);
		ph_t_path[i].dentry = NULL;
	}
	kfree(ph_t_seen);
	ph_t_seen = NULL;
}

static int ph_seen_suite_init(void)
{
	unsigned int i;
	int err;

	ph_t_seen = kzalloc(sizeof(*ph_t_seen), GFP_KERNEL);
	if (!ph_t_seen)
		return -ENOMEM;
	for (i = 0; i < PH_T_PATHS; i++) {
		err = kern_path(ph_t_names[i], 0, &ph_t_path[i]);
		if (err) {
			ph_seen_suite_exit();
			return err;
		}
	}
	atomic_set(&ph_t_entry.perm, BIT(PHTRACK_PERM_READ) | BIT(PHTRACK_PERM_GETATTR));
	return 0;
}

/* Remember path @i as known in domain @d, with a fresh snapshot. */
static void ph_t_store(unsigned int i, const struct ph_domain *d)
{
	struct ph_seen_snap snap;

	ph_seen_begin(&snap);
	ph_seen_store(ph_t_seen, &snap, &ph_t_path[i], d, (u32)atomic_read(&ph_t_entry.perm));
}

static bool ph_t_hit(unsigned int i, const struct ph_domain *d, unsigned int bit)
{
	return ph_seen_hit(ph_t_seen, &ph_t_path[i], d, bit);
}

static void ph_t_reset(void)
{
	memset(ph_t_seen, 0, sizeof(*ph_t_seen));
}

static void seen_hit_after_store(struct ph_test *t)
{
	unsigned long hits = ph_stat_read(known_repeats);

	ph_t_reset();
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
	ph_t_store(0, PH_T_D0);
	PH_TEST_EXPECT(t, ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, ph_t_hit(0, PH_T_D0, PHTRACK_PERM_GETATTR));
	PH_TEST_EXPECT_EQ(t, ph_stat_read(known_repeats), hits + 2);
	/* A bit the entry did not have, another domain or object: a miss. */
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D0, PHTRACK_PERM_WRITE));
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D1, PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, !ph_t_hit(1, PH_T_D0, PHTRACK_PERM_READ));
	PH_TEST_EXPECT_EQ(t, ph_stat_read(known_repeats), hits + 2);
}

static void seen_invalidate_forgets(struct ph_test *t)
{
	unsigned int gen = atomic_read(&ph_seen_gen);

	ph_t_reset();
	ph_t_store(0, PH_T_D0);
	ph_t_store(1, PH_T_D1);
	PH_TEST_EXPECT(t, ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
	ph_seen_invalidate();
	PH_TEST_EXPECT_EQ(t, atomic_read(&ph_seen_gen), gen + 1);
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, !ph_t_hit(1, PH_T_D1, PHTRACK_PERM_READ));
	/* Storing again after the change remembers again. */
	ph_t_store(0, PH_T_D0);
	PH_TEST_EXPECT(t, ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, !ph_t_hit(1, PH_T_D1, PHTRACK_PERM_READ));
}

static void seen_stale_snapshot_stores_nothing_usable(struct ph_test *t)
{
	struct ph_seen_snap snap;

	ph_t_reset();
	/* Named before the change, stored after it: must not match. */
	ph_seen_begin(&snap);
	PH_TEST_EXPECT(t, snap.ok);
	ph_seen_invalidate();
	ph_seen_store(ph_t_seen, &snap, &ph_t_path[0], PH_T_D0, (u32)atomic_read(&ph_t_entry.perm));
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
}

static void seen_topology_change(struct ph_test *t)
{
	struct ph_seen_snap snap;

	ph_t_reset();
	ph_t_store(0, PH_T_D0);
	ph_seen_topology_begin();
	/* While mounts may move: nothing matches, nothing is remembered. */
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
	ph_seen_begin(&snap);
	PH_TEST_EXPECT(t, !snap.ok);
	ph_seen_store(ph_t_seen, &snap, &ph_t_path[1], PH_T_D0, (u32)atomic_read(&ph_t_entry.perm));
	PH_TEST_EXPECT(t, !ph_t_hit(1, PH_T_D0, PHTRACK_PERM_READ));
	/* Nested changes: still busy until the last one ends. */
	ph_seen_topology_begin();
	ph_seen_topology_end();
	ph_seen_begin(&snap);
	PH_TEST_EXPECT(t, !snap.ok);
	ph_seen_topology_end();
	/* After the change, what was remembered before or during it is gone. */
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, !ph_t_hit(1, PH_T_D0, PHTRACK_PERM_READ));
	ph_seen_begin(&snap);
	PH_TEST_EXPECT(t, snap.ok);
	ph_t_store(1, PH_T_D0);
	PH_TEST_EXPECT(t, ph_t_hit(1, PH_T_D0, PHTRACK_PERM_READ));
}

static void seen_ways_round_robin(struct ph_test *t)
{
	unsigned int i;

	ph_t_reset();
	for (i = 0; i < PH_SEEN_WAYS; i++)
		ph_t_store(i, PH_T_D0);
	for (i = 0; i < PH_SEEN_WAYS; i++)
		PH_TEST_EXPECT(t, ph_t_hit(i, PH_T_D0, PHTRACK_PERM_READ));
	/* Storing a remembered object again replaces its own way. */
	ph_seen_invalidate();
	ph_t_store(2, PH_T_D0);
	PH_TEST_EXPECT(t, ph_t_hit(2, PH_T_D0, PHTRACK_PERM_READ));
	for (i = 0; i < PH_SEEN_WAYS; i++)
		ph_t_store(i, PH_T_D0);
	/* One more object evicts the oldest way. */
	ph_t_store(PH_SEEN_WAYS, PH_T_D0);
	PH_TEST_EXPECT(t, ph_t_hit(PH_SEEN_WAYS, PH_T_D0, PHTRACK_PERM_READ));
	for (i = 0; i < PH_SEEN_WAYS; i++)
		PH_TEST_EXPECT_EQ(t, ph_t_hit(i, PH_T_D0, PHTRACK_PERM_READ), i != 0);
}

static void seen_net(struct ph_test *t)
{
	static const u8 lo[4] = { 127, 0, 0, 1 };
	struct ph_seen_addr a = {
		.bytes = lo, .len = sizeof(lo), .family = AF_INET, .sub = SOCK_STREAM, .num = 80,
	};
	struct ph_seen_addr other = a;
	struct ph_seen_snap snap;

	ph_t_reset();
	ph_seen_begin(&snap);
	ph_seen_net_store(ph_t_seen, &snap, &a, PH_T_D0, PHTRACK_PERM_READ);
	PH_TEST_EXPECT(t, ph_seen_net_hit(ph_t_seen, &a, PH_T_D0, PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, !ph_seen_net_hit(ph_t_seen, &a, PH_T_D0, PHTRACK_PERM_WRITE));
	PH_TEST_EXPECT(t, !ph_seen_net_hit(ph_t_seen, &a, PH_T_D1, PHTRACK_PERM_READ));
	other.num = 81;
	PH_TEST_EXPECT(t, !ph_seen_net_hit(ph_t_seen, &other, PH_T_D0, PHTRACK_PERM_READ));
	ph_seen_invalidate();
	PH_TEST_EXPECT(t, !ph_seen_net_hit(ph_t_seen, &a, PH_T_D0, PHTRACK_PERM_READ));
	/* An address longer than a way holds is never remembered. */
	other = a;
	other.len = PH_SEEN_NET_BYTES + 1;
	ph_seen_begin(&snap);
	ph_seen_net_store(ph_t_seen, &snap, &other, PH_T_D0, PHTRACK_PERM_READ);
	PH_TEST_EXPECT(t, !ph_seen_net_hit(ph_t_seen, &other, PH_T_D0, PHTRACK_PERM_READ));
}

/* Bits stored for an object in the same state add up; a stale way's do not. */
static void seen_store_adds_bits_of_a_valid_way(struct ph_test *t)
{
	struct ph_seen_snap snap;

	ph_t_reset();
	ph_seen_begin(&snap);
	ph_seen_store(ph_t_seen, &snap, &ph_t_path[0], PH_T_D0, BIT(PHTRACK_PERM_READ));
	ph_seen_store(ph_t_seen, &snap, &ph_t_path[0], PH_T_D0, BIT(PHTRACK_PERM_GETATTR));
	PH_TEST_EXPECT(t, ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, ph_t_hit(0, PH_T_D0, PHTRACK_PERM_GETATTR));
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D0, PHTRACK_PERM_WRITE));
	/* After a commit (a new generation) only what was decided since counts. */
	ph_seen_invalidate();
	ph_seen_begin(&snap);
	ph_seen_store(ph_t_seen, &snap, &ph_t_path[0], PH_T_D0, BIT(PHTRACK_PERM_GETATTR));
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D0, PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, ph_t_hit(0, PH_T_D0, PHTRACK_PERM_GETATTR));
	/* A way in another domain keeps its own bits. */
	ph_seen_store(ph_t_seen, &snap, &ph_t_path[0], PH_T_D1, BIT(PHTRACK_PERM_READ));
	PH_TEST_EXPECT(t, !ph_t_hit(0, PH_T_D1, PHTRACK_PERM_GETATTR));
	PH_TEST_EXPECT(t, ph_t_hit(0, PH_T_D1, PHTRACK_PERM_READ));
}

static const struct ph_test_case ph_seen_cases[] = {
	PH_TEST_CASE(seen_hit_after_store),
	PH_TEST_CASE(seen_store_adds_bits_of_a_valid_way),
	PH_TEST_CASE(seen_invalidate_forgets),
	PH_TEST_CASE(seen_stale_snapshot_stores_nothing_usable),
	PH_TEST_CASE(seen_topology_change),
	PH_TEST_CASE(seen_ways_round_robin),
	PH_TEST_CASE(seen_net),
	{}
};

const struct ph_test_suite ph_seen_suite = {
	.name = "seen",
	.init = ph_seen_suite_init,
	.exit = ph_seen_suite_exit,
	.cases = ph_seen_cases,
};
