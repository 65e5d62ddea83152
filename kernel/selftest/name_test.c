// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack selftest - name building and escaping (name.c).
 *
 * The paths named exist in every guest: "/", "/tmp" and procfs on /proc.
 * Cases run in insmod's process, so /proc/self is insmod.
 */
#include <linux/err.h>
#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "name.h"
#include "phtrack.h"
#include "ph_test.h"

/* ph_name_path() of @name looked up (@flags: LOOKUP_*), compared with @want. */
static void ph_expect_name(struct ph_test *t, const char *name, unsigned int flags,
			   const char *want)
{
	struct ph_namebuf *nb;
	struct path path;
	int err;

	err = kern_path(name, flags, &path);
	if (!PH_TEST_EXPECT_EQ(t, err, 0))
		return;
	nb = ph_namebuf_get();
	err = ph_name_path(&path, nb);
	if (PH_TEST_EXPECT_EQ(t, err, 0)) {
		PH_TEST_EXPECT_STREQ(t, nb->esc, want);
		PH_TEST_EXPECT_EQ(t, nb->len, strlen(want));
	}
	ph_namebuf_put(nb);
	path_put(&path);
}

static void name_str_escapes(struct ph_test *t)
{
	static const char raw[] = "a b\\\n\x7f\xff/c";
	struct ph_namebuf *nb = ph_namebuf_get();

	PH_TEST_EXPECT_EQ(t, ph_name_str(raw, sizeof(raw) - 1, nb), 0);
	PH_TEST_EXPECT_STREQ(t, nb->esc, "a\\040b\\\\\\012\\177\\377/c");
	PH_TEST_EXPECT_EQ(t, nb->len, 22);
	/* A NUL byte is a name byte like any other. */
	PH_TEST_EXPECT_EQ(t, ph_name_str("x\0y", 3, nb), 0);
	PH_TEST_EXPECT_STREQ(t, nb->esc, "x\\000y");
	PH_TEST_EXPECT_EQ(t, ph_name_str("", 0, nb), 0);
	PH_TEST_EXPECT_STREQ(t, nb->esc, "");
	ph_namebuf_put(nb);
}

static void name_str_too_long(struct ph_test *t)
{
	struct ph_namebuf *nb;
	char *raw;

	raw = kvmalloc(PH_NAME_RAW_LEN + 1, GFP_KERNEL);
	if (!PH_TEST_EXPECT(t, raw))
		return;
	memset(raw, 1, PH_NAME_RAW_LEN + 1);
	nb = ph_namebuf_get();
	/* Every byte escaped: the largest raw name just fits the buffer. */
	PH_TEST_EXPECT_EQ(t, ph_name_str(raw, PH_NAME_RAW_LEN, nb), 0);
	PH_TEST_EXPECT_EQ(t, nb->len, 4 * PH_NAME_RAW_LEN);
	PH_TEST_EXPECT_EQ(t, ph_name_str(raw, PH_NAME_RAW_LEN + 1, nb), -ENAMETOOLONG);
	ph_namebuf_put(nb);
	kvfree(raw);
}

static void name_two_buffers(struct ph_test *t)
{
	struct ph_namebuf *nb = ph_namebuf_get();

	PH_TEST_EXPECT_EQ(t, ph_name_str("/old", 4, &nb[0]), 0);
	PH_TEST_EXPECT_EQ(t, ph_name_str("/new name", 9, &nb[1]), 0);
	PH_TEST_EXPECT_STREQ(t, nb[0].esc, "/old");
	PH_TEST_EXPECT_STREQ(t, nb[1].esc, "/new\\040name");
	ph_namebuf_put(nb);
}

static void name_path_root_and_dirs(struct ph_test *t)
{
	ph_expect_name(t, "/", 0, "/");
	/* Directories end in '/'. */
	ph_expect_name(t, "/tmp", 0, "/tmp/");
}

static void name_path_procfs(struct ph_test *t)
{
	/* No rename, no device: filesystem type and path inside it. */
	ph_expect_name(t, "/proc", 0, "proc:/");
	ph_expect_name(t, "/proc/version", 0, "proc:/version");
	/* /proc/<own tgid> becomes /proc/self. */
	ph_expect_name(t, "/proc/self/status", LOOKUP_FOLLOW, "proc:/self/status");
}

static void name_program_plain(struct ph_test *t)
{
	struct ph_namebuf *nb;
	struct path path;
	char want[48];
	int err;

	/* Programs are named by d_path() alone: no "proc:", no "self". */
	snprintf(want, sizeof(want), "/proc/%d/status", task_tgid_nr(current));
	err = kern_path("/proc/self/status", LOOKUP_FOLLOW, &path);
	if (!PH_TEST_EXPECT_EQ(t, err, 0))
		return;
	nb = ph_namebuf_get();
	if (PH_TEST_EXPECT_EQ(t, ph_name_program(&path, nb), 0))
		PH_TEST_EXPECT_STREQ(t, nb->esc, want);
	ph_namebuf_put(nb);
	path_put(&path);
}

static void name_dentry_in_dir(struct ph_test *t)
{
	struct path dir, file;
	struct ph_namebuf *nb;

	if (!PH_TEST_EXPECT_EQ(t, kern_path("/proc", 0, &dir), 0))
		return;
	if (PH_TEST_EXPECT_EQ(t, kern_path("/proc/version", 0, &file), 0)) {
		nb = ph_namebuf_get();
		if (PH_TEST_EXPECT_EQ(t, ph_name_dentry(&dir, file.dentry, nb), 0))
			PH_TEST_EXPECT_STREQ(t, nb->esc, "proc:/version");
		ph_namebuf_put(nb);
		path_put(&file);
	}
	path_put(&dir);
}

/* A nested holder gets its own pair; the outer name survives its use. */
static void name_nested_get_other_buffer(struct ph_test *t)
{
	struct ph_namebuf *outer, *inner;
	int depth;

	outer = ph_namebuf_get();
	if (!PH_TEST_EXPECT(t, outer))
		return;
	depth = ph_namebuf_depth();
	PH_TEST_EXPECT_EQ(t, ph_name_str("/outer", 6, &outer[0]), 0);
	PH_TEST_EXPECT_EQ(t, ph_name_str("/outer two", 10, &outer[1]), 0);
	inner = ph_namebuf_get();
	if (PH_TEST_EXPECT(t, inner)) {
		PH_TEST_EXPECT(t, inner != &outer[0] && inner != &outer[1]);
		PH_TEST_EXPECT(t, &inner[1] != &outer[0] && &inner[1] != &outer[1]);
		PH_TEST_EXPECT_EQ(t, ph_namebuf_depth(), depth + 1);
		PH_TEST_EXPECT_EQ(t, ph_name_str("/inner", 6, &inner[0]), 0);
		PH_TEST_EXPECT_EQ(t, ph_name_str("/inner two", 10, &inner[1]), 0);
		ph_namebuf_put(inner);
	}
	PH_TEST_EXPECT_EQ(t, ph_namebuf_depth(), depth);
	PH_TEST_EXPECT_STREQ(t, outer[0].esc, "/outer");
	PH_TEST_EXPECT_EQ(t, outer[0].len, 6);
	PH_TEST_EXPECT_STREQ(t, outer[1].esc, "/outer\\040two");
	/* Given back, the level is the next holder's again. */
	inner = ph_namebuf_get();
	if (PH_TEST_EXPECT(t, inner)) {
		PH_TEST_EXPECT(t, inner != outer);
		ph_namebuf_put(inner);
	}
	ph_namebuf_put(outer);
}

/* Every level taken: one more holder is refused and counted. */
static void name_nested_exhaustion_refused(struct ph_test *t)
{
	struct ph_namebuf *held[PH_NAMEBUF_DEPTH];
	u64 refused = ph_stat_read(namebuf_refused);
	int depth, i, j;

	preempt_disable();	/* every get below on this CPU */
	depth = ph_namebuf_depth();
	for (i = 0; i < PH_NAMEBUF_DEPTH - depth; i++) {
		held[i] = ph_namebuf_get();
		if (!PH_TEST_EXPECT(t, held[i]))
			break;
		ph_name_str("/held", 5, held[i]);
		for (j = 0; j < i; j++)
			PH_TEST_EXPECT(t, held[i] != held[j]);
	}
	if (i == PH_NAMEBUF_DEPTH - depth) {
		PH_TEST_EXPECT(t, !ph_namebuf_get());
		PH_TEST_EXPECT(t, !ph_namebuf_get());
		PH_TEST_EXPECT_EQ(t, ph_stat_read(namebuf_refused), refused + 2);
		PH_TEST_EXPECT_EQ(t, ph_namebuf_depth(), PH_NAMEBUF_DEPTH);
	}
	while (i-- > 0) {
		PH_TEST_EXPECT_STREQ(t, held[i]->esc, "/held");
		ph_namebuf_put(held[i]);
	}
	PH_TEST_EXPECT_EQ(t, ph_namebuf_depth(), depth);
	preempt_enable();
	/* The refusals left no level taken: a holder gets one again. */
	held[0] = ph_namebuf_get();
	if (PH_TEST_EXPECT(t, held[0]))
		ph_namebuf_put(held[0]);
}

/**
 * struct ph_irq_namer - what an interrupt that names an object saw
 * @work: the irq_work, run in hard interrupt context on this CPU
 * @outer: the pair the interrupted code holds
 * @nb: the pair the interrupt got
 * @same: @nb was the interrupted code's pair
 * @err: ph_name_str() in the interrupt
 *
 * Lifetime: on the case's stack until irq_work_sync() returned.  Locking:
 * none; written by the interrupt, read after it ran.
 */
struct ph_irq_namer {
	struct irq_work work;
	struct ph_namebuf *outer;
	struct ph_namebuf *nb;
	bool same;
	int err;
};

static void ph_irq_name(struct irq_work *work)
{
	struct ph_irq_namer *n = container_of(work, struct ph_irq_namer, work);
	struct ph_namebuf *nb = ph_namebuf_get();

	n->nb = nb;
	if (!nb)
		return;
	n->same = nb == n->outer || nb == &n->outer[1];
	n->err = ph_name_str("/from irq", 9, nb);
	ph_namebuf_put(nb);
}

/* An interrupt's hook, while this CPU holds a pair, gets another one. */
static void name_irq_gets_other_buffer(struct ph_test *t)
{
	struct ph_irq_namer n = { .err = -1 };

	init_irq_work(&n.work, ph_irq_name);
	n.outer = ph_namebuf_get();
	if (!PH_TEST_EXPECT(t, n.outer))
		return;
	PH_TEST_EXPECT_EQ(t, ph_name_str("/interrupted", 12, n.outer), 0);
	/* Raised on this CPU, with preemption off: it runs while we hold. */
	irq_work_queue(&n.work);
	irq_work_sync(&n.work);
	PH_TEST_EXPECT(t, n.nb);
	PH_TEST_EXPECT(t, !n.same);
	PH_TEST_EXPECT_EQ(t, n.err, 0);
	PH_TEST_EXPECT_STREQ(t, n.outer->esc, "/interrupted");
	ph_namebuf_put(n.outer);
}

static const struct ph_test_case ph_name_cases[] = {
	PH_TEST_CASE(name_str_escapes),
	PH_TEST_CASE(name_str_too_long),
	PH_TEST_CASE(name_two_buffers),
	PH_TEST_CASE(name_path_root_and_dirs),
	PH_TEST_CASE(name_path_procfs),
	PH_TEST_CASE(name_program_plain),
	PH_TEST_CASE(name_dentry_in_dir),
	PH_TEST_CASE(name_nested_get_other_buffer),
	PH_TEST_CASE(name_nested_exhaustion_refused),
	PH_TEST_CASE(name_irq_gets_other_buffer),
	{}
};

const struct ph_test_suite ph_name_suite = {
	.name = "name",
	.init = ph_names_init,
	.exit = ph_names_exit,
	.cases = ph_name_cases,
};
