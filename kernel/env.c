// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - environment recording: "misc env NAME" for each variable a new
 * program receives, in the domain it enters, as TOMOYO 2.6 records it.
 *
 * The names are read from the new program's own stack, in its context,
 * before its first instruction (the exec transition's task work, exec.c).
 * A service execs its helpers with the same variable names over and over,
 * so each domain remembers the signatures of the last two name lists whose
 * every name was already known: a keyed hash (siphash, random key) of the
 * names in order, seeded with ph_seen_gen.  A scan whose signature matches
 * records nothing; any other scan records every name, as it always did.
 * Anything that may change what is known or reported (a mode switch, a
 * watch) bumps ph_seen_gen and so forgets the signatures, and a list with
 * a name not learned (quota, memory cap, permissive or enforcing) or one a
 * watch selects is never remembered.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/siphash.h>
#include <linux/uaccess.h>

#include "domain.h"
#include "env.h"
#include "name.h"
#include "phtrack.h"
#include "record.h"
#include "seen.h"

/* Longest environment variable name recorded; longer ones are skipped. */
#define PH_ENV_NAME_MAX 256
/* Bytes of the environment examined per exec. */
#define PH_ENV_SCAN_MAX (256 * 1024)
/* Bytes of the environment copied at a time. */
#define PH_ENV_CHUNK 256

static siphash_key_t ph_env_key;

/**
 * struct ph_env_scan - one pass over a new program's environment
 * @d: the domain the names are recorded in
 * @sig: signature of the names seen so far
 * @record: record each name (else only sign them)
 * @known: every name recorded was in the list, and no watch selects it
 * @refused: a name recorded was refused (an enforcing domain's list lacks it)
 *
 * Lifetime: on the stack of ph_exec_record_env().
 */
struct ph_env_scan {
	struct ph_domain *d;
	u64 sig;
	bool record;
	bool known;
	bool refused;
};

/*
 * Record one name; true when it is known and no watch selects it.  *@err is
 * the verdict.
 */
static bool ph_env_record(struct ph_domain *d, const char *name, size_t len, int *err)
{
	struct ph_acl_key key = { .type = PHTRACK_ACLT_ENV };
	struct ph_namebuf *nb = ph_namebuf_get();
	bool known = false;

	*err = 0;
	if (!nb)
		return false;
	if (!ph_name_str(name, len, nb)) {
		ph_key_str(&key, 0, nb);
		known = ph_record_in_known(d, &key, PHTRACK_PERM_USE, err);
	}
	ph_namebuf_put(nb);
	return known;
}

static void ph_env_name(struct ph_env_scan *sc, const char *name, size_t len)
{
	int err;

	sc->sig = rol64(sc->sig, 17) ^ siphash(name, len, &ph_env_key);
	if (!sc->record)
		return;
	if (!ph_env_record(sc->d, name, len, &err))
		sc->known = false;
	if (err)
		sc->refused = true;
}

/* One pass over the names of the current task's environment. */
static void ph_env_pass(struct ph_env_scan *sc)
{
	struct mm_struct *mm = current->mm;
	char name[PH_ENV_NAME_MAX];
	unsigned long p, end, n, i;
	bool in_name = true;
	size_t nlen = 0;
	/* Small on purpose: an allocation would be cleared on every exec. */
	char chunk[PH_ENV_CHUNK];

	p = mm->env_start;
	end = min(mm->env_end, p + PH_ENV_SCAN_MAX);
	for (; p < end; p += n) {
		n = min_t(unsigned long, end - p, sizeof(chunk));
		if (copy_from_user(chunk, (const void __user *)p, n))
			break;
		for (i = 0; i < n; i++) {
			char c = chunk[i];

			if (!in_name) {
				/* A value: skip to its end. */
				i += ph_strnlen(chunk + i, n - i);
				if (i == n)
					break;
				in_name = true;
				nlen = 0;
			} else if (!c || c == '=') {
				if (nlen)
					ph_env_name(sc, name, nlen);
				in_name = !c;
				nlen = 0;
			} else if (nlen == sizeof(name)) {
				in_name = false;	/* too long: skip it */
			} else {
				name[nlen++] = c;
			}
		}
	}
}

/**
 * ph_exec_record_env() - record the names of the current task's environment
 * @d: the domain it just entered
 *
 * A name an enforcing domain's list lacks is refused here, after the exec's
 * point of no return: execve() can no longer fail, so the task is killed
 * (SIGKILL) before the new program's first instruction.  Every name is
 * recorded first, so the violations list all of them.  Global init is never
 * killed (that would panic the kernel); its refusals are reported only.
 *
 * Task context; may sleep (the environment is read from user memory).
 */
void ph_exec_record_env(struct ph_domain *d)
{
	unsigned int gen = (unsigned int)atomic_read_acquire(&ph_seen_gen);
	struct ph_env_scan sc = { .d = d, .sig = gen };

	if (!current->mm || ph_off())
		return;
	ph_env_pass(&sc);
	if (ph_domain_env_known(d, sc.sig))
		return;
	sc = (struct ph_env_scan){ .d = d, .sig = gen, .record = true, .known = true };
	ph_env_pass(&sc);
	if (sc.known)
		ph_domain_env_remember(d, sc.sig);
	if (sc.refused && !is_global_init(current)) {
		atomic64_inc(&ph_stats.execs_killed);
		force_sig(SIGKILL);
	}
}

/**
 * ph_env_init() - pick the key of the environment signatures
 */
void ph_env_init(void)
{
	get_random_bytes(&ph_env_key, sizeof(ph_env_key));
}
