// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the manager list, in TOMOYO's manager.conf model: the programs
 * (absolute, escaped paths) and domains (names starting with "<kernel>")
 * allowed to change the default and per-domain modes, the exception policy
 * and this list.
 *
 * While the list is empty, every caller that passes the request's
 * capability checks (CAP_NET_ADMIN and CAP_SYS_ADMIN, genl.c) manages.
 * Once it is set, a request to change any of them from a task that is not a
 * manager fails with -EPERM, even from root, and each refusal is counted and
 * reported as a violation event.  A manager's own accesses are never
 * refused, whatever the mode of its domain (acl.c asks ph_manager_domain()
 * before it denies), so enforcing can never lock the manager out.
 *
 * A task is a manager when its domain is: a domain entry matches the
 * domain of that exact name (as in TOMOYO, not the domains below it), a
 * program entry every domain whose program is that path, as the exec named
 * it (the name's last word) or fully resolved (the domain's target).
 */
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>

#include "domain.h"
#include "event.h"
#include "manager.h"
#include "phtrack.h"
#include "seen.h"

/* Longest manager entry accepted, in bytes. */
#define PH_MANAGER_ENTRY_MAX 4096

/**
 * struct ph_manager_list - one version of the manager list
 * @rcu: for freeing after readers are done
 * @size: bytes accounted in ph_stats.mem_bytes
 * @n: entries
 * @entry: pointers into the strings that follow the array
 *
 * Lifetime: built by ph_manager_set(), published with rcu_assign_pointer(),
 * freed after a grace period when replaced, or by ph_manager_exit().
 * Locking: immutable once published; read under RCU.
 */
struct ph_manager_list {
	struct rcu_head rcu;
	size_t size;
	unsigned int n;
	const char *entry[];
};

static struct ph_manager_list __rcu *ph_managers;
static DEFINE_MUTEX(ph_manager_mutex);

/* @d's program, as its exec named it: the last word of its name. */
static const char *ph_domain_program(const struct ph_domain *d)
{
	const char *sp = strrchr(d->name, ' ');

	return sp ? sp + 1 : NULL;
}

static bool ph_manager_match(const struct ph_manager_list *l, const struct ph_domain *d)
{
	const char *prog = ph_domain_program(d), *target = ph_domain_target(d);
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		const char *e = l->entry[i];

		if (e[0] == '<') {
			if (!strcmp(e, d->name))
				return true;
		} else if ((prog && !strcmp(e, prog)) || (target && !strcmp(e, target))) {
			return true;
		}
	}
	return false;
}

/**
 * ph_manager_domain() - whether a domain is listed as a manager
 * @d: the domain, or NULL
 *
 * Any context; never sleeps.  False while the list is empty: nobody's
 * accesses are exempt then.
 *
 * Return: true when an entry of the list matches @d.
 */
bool ph_manager_domain(const struct ph_domain *d)
{
	const struct ph_manager_list *l;
	bool ok;

	if (!d)
		return false;
	rcu_read_lock();
	l = rcu_dereference(ph_managers);
	ok = l && ph_manager_match(l, d);
	rcu_read_unlock();
	return ok;
}

/**
 * ph_manager_allows() - whether a task of @d may change modes and policy
 * @d: the requesting task's domain, or NULL (no record)
 *
 * Return: true while the list is empty, else when @d is a manager.
 */
bool ph_manager_allows(const struct ph_domain *d)
{
	const struct ph_manager_list *l;
	bool ok;

	rcu_read_lock();
	l = rcu_dereference(ph_managers);
	ok = !l || (d && ph_manager_match(l, d));
	rcu_read_unlock();
	return ok;
}

/**
 * ph_manager_request() - check a request that changes modes or policy
 * @d: the requesting task's domain, or NULL
 * @cmd: the request (&enum phtrack_cmd)
 *
 * Process context.  A refusal is counted and reported.
 *
 * Return: 0 to go on, -EPERM when the caller is not a manager.
 */
int ph_manager_request(const struct ph_domain *d, u32 cmd)
{
	if (ph_manager_allows(d))
		return 0;
	atomic64_inc(&ph_stats.manager_refused);
	ph_event_violation(d ? d : ph_kernel_domain, NULL, 0, cmd, -EPERM);
	return -EPERM;
}

/* Absolute path, or a domain name; no raw whitespace or control bytes. */
static bool ph_manager_valid(const char *e, size_t len)
{
	size_t i;

	if (!len || len > PH_MANAGER_ENTRY_MAX)
		return false;
	if (e[0] != '/' && strncmp(e, "<kernel>", 8))
		return false;
	for (i = 0; i < len; i++) {
		if ((unsigned char)e[i] <= ' ' && !(e[0] == '<' && e[i] == ' '))
			return false;
		if ((unsigned char)e[i] >= 0x7f)
			return false;
	}
	return e[len - 1] != ' ';
}

/**
 * ph_manager_set() - replace the list from a %PHTRACK_CMD_MANAGER_SET request
 * @info: the request; every %PHTRACK_A_MANAGER is an entry, in order
 *
 * The caller checked that the requester may (ph_manager_request()).
 * Process context; sleeps.
 *
 * Return: 0, -EINVAL for an invalid entry, -E2BIG for too many, -ENOMEM.
 */
int ph_manager_set(struct genl_info *info)
{
	struct ph_manager_list *l = NULL, *old;
	size_t bytes = 0, size;
	unsigned int n = 0;
	struct nlattr *a;
	char *p;
	int rem;

	nla_for_each_attr(a, genlmsg_data(info->genlhdr), genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != PHTRACK_A_MANAGER)
			continue;
		/* The policy checked the NUL terminator. */
		if (!ph_manager_valid(nla_data(a), nla_len(a) - 1)) {
			NL_SET_BAD_ATTR(info->extack, a);
			NL_SET_ERR_MSG(info->extack,
				       "a manager is an absolute program path or a <kernel> domain name");
			return -EINVAL;
		}
		if (++n > PHTRACK_MANAGER_MAX)
			return -E2BIG;
		bytes += nla_len(a);
	}
	if (n) {
		size = struct_size(l, entry, n) + bytes;
		l = ph_kzalloc(size, GFP_KERNEL);
		if (!l)
			return -ENOMEM;
		l->size = size;
		p = (char *)&l->entry[n];
		nla_for_each_attr(a, genlmsg_data(info->genlhdr), genlmsg_len(info->genlhdr), rem) {
			if (nla_type(a) != PHTRACK_A_MANAGER)
				continue;
			memcpy(p, nla_data(a), nla_len(a));
			l->entry[l->n++] = p;
			p += nla_len(a);
		}
	}
	mutex_lock(&ph_manager_mutex);
	old = rcu_replace_pointer(ph_managers, l, lockdep_is_held(&ph_manager_mutex));
	mutex_unlock(&ph_manager_mutex);
	/* No answer remembered (seen.c) under the old managers is reused. */
	ph_seen_invalidate();
	if (old) {
		synchronize_rcu();
		ph_kfree(old, old->size);
	}
	return 0;
}

/**
 * ph_manager_reply() - answer %PHTRACK_CMD_MANAGER_GET
 * @info: the request
 * @family: the phtrack family
 * @d: the requester's domain, or NULL
 *
 * Return: 0 or a negative errno.
 */
int ph_manager_reply(struct genl_info *info, const struct genl_family *family,
		     const struct ph_domain *d)
{
	const struct ph_manager_list *l;
	size_t size = nla_total_size(sizeof(u32));
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;
	int err = -EMSGSIZE;

	mutex_lock(&ph_manager_mutex);
	l = rcu_dereference_protected(ph_managers, lockdep_is_held(&ph_manager_mutex));
	for (i = 0; l && i < l->n; i++)
		size += nla_total_size(strlen(l->entry[i]) + 1);
	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg) {
		mutex_unlock(&ph_manager_mutex);
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, family, 0, PHTRACK_CMD_MANAGER_GET);
	if (!hdr)
		goto fail;
	for (i = 0; l && i < l->n; i++)
		if (nla_put_string(msg, PHTRACK_A_MANAGER, l->entry[i]))
			goto fail;
	if (nla_put_u32(msg, PHTRACK_A_MANAGER_SELF, !l || (d && ph_manager_match(l, d))))
		goto fail;
	mutex_unlock(&ph_manager_mutex);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
fail:
	mutex_unlock(&ph_manager_mutex);
	nlmsg_free(msg);
	return err;
}

/**
 * ph_manager_exit() - free the list; no request or hook can reach it
 */
void ph_manager_exit(void)
{
	struct ph_manager_list *l = rcu_dereference_protected(ph_managers, 1);

	RCU_INIT_POINTER(ph_managers, NULL);
	if (l)
		ph_kfree(l, l->size);
}
