// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the loaded policy: TOMOYO 2.6 domain and exception policy given
 * by `ph policy load`, checked in permissive and enforcing domains next to
 * the learned entries (acl.c).
 *
 * A load is a transaction of the sending socket (uapi: PHTRACK_CMD_LOAD_*):
 * BEGIN, LINES messages appending canonical lines (checked by ph in
 * userspace with the same parser first), COMMIT.  COMMIT parses everything
 * off to the side into a new &struct ph_policy, creates the domains it
 * names, then publishes it with one pointer swap under RCU; the old object
 * is freed after a grace period (call_rcu()).  Any error before the swap
 * leaves the active policy as it was (domains already created stay, as
 * every domain does).  Closing the socket aborts its transaction.
 *
 * A check (ph_policy_allows()) looks the access up by hash among the
 * domain's exact lines, then scans its pattern lines (at most
 * %PHTRACK_LOAD_MAX_SCAN), then does the same for the acl_group the domain
 * uses.  An allow is remembered by the task that asked (seen.c), by
 * object identity, until ph_seen_gen moves: every commit bumps it after
 * the swap, so no task answers from a replaced policy.  Each check that
 * reaches a loaded policy is counted (policy_checks): the misses of that
 * memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "acl.h"
#include "domain.h"
#include "phtrack.h"
#include "policy.h"
#include "seen.h"
#include "transition.h"
#include "policy/ph_acl_rule.h"
#include "policy/ph_domainname.h"
#include "policy/ph_group.h"
#include "policy/ph_rule.h"

static_assert((int)PH_AR_PATH == (int)PHTRACK_ACLT_PATH);
static_assert((int)PH_AR_PATH_NUMBER == (int)PHTRACK_ACLT_PATH_NUMBER);
static_assert((int)PH_AR_MKDEV == (int)PHTRACK_ACLT_MKDEV);
static_assert((int)PH_AR_PATH2 == (int)PHTRACK_ACLT_PATH2);
static_assert((int)PH_AR_MOUNT == (int)PHTRACK_ACLT_MOUNT);
static_assert((int)PH_AR_INET == (int)PHTRACK_ACLT_INET);
static_assert((int)PH_AR_UNIX == (int)PHTRACK_ACLT_UNIX);
static_assert((int)PH_AR_ENV == (int)PHTRACK_ACLT_ENV);
static_assert((int)PH_AR_CAP == (int)PHTRACK_ACLT_CAP);
static_assert((int)PH_AR_NTYPES == (int)__PHTRACK_ACLT_MAX);

/* Owner keys: a domain's id, or this bit with an acl_group number. */
#define PH_POL_GROUP_KEY 0x80000000U
#define PH_POL_EXACT_BITS 11
#define PH_POL_OWNER_BITS 8

/**
 * struct ph_pline - one line of a transaction or of a loaded policy
 * @node: link in its list, in load order
 * @hdr: for a domain policy line, the header line it follows (NULL before
 *	the first header, and for headers)
 * @file: &enum phtrack_policy_file
 * @deleted: removed by a later "delete" line
 * @header: a "<kernel> ..." line
 * @hit: on &ph_txn.dels: the delete line removed a loaded line
 * @len: length of @text
 * @text: the line, NUL-terminated
 *
 * Owned by its list; immutable once its policy is published.
 */
struct ph_pline {
	struct list_head node;
	const struct ph_pline *hdr;
	u8 file;
	bool deleted;
	bool header;
	bool hit;
	u32 len;
	char text[];
};

struct ph_pol_owner;

/**
 * struct ph_pol_rule - one access line of a loaded policy
 * @hnode: link in &ph_policy.exact, for an exact rule
 * @next: next pattern rule of its owner, for a pattern rule
 * @all: next rule of the policy (for freeing)
 * @o: its owner
 * @owner: the owner's key
 * @rule: the parsed line
 */
struct ph_pol_rule {
	struct hlist_node hnode;
	struct ph_pol_rule *next;
	struct ph_pol_rule *all;
	struct ph_pol_owner *o;
	u32 owner;
	struct ph_acl_rule *rule;
};

/**
 * struct ph_pol_owner - a domain, or an acl_group, of a loaded policy
 * @hnode: link in &ph_policy.owners
 * @all: next owner of the policy
 * @key: its owner key (valid once @domain is known, for a domain)
 * @hdr: its header line (domains)
 * @domain: the domain (created at commit)
 * @profile: its use_profile, or -1
 * @use_group: its use_group, or -1
 * @scan: first pattern rule
 * @tail: where the next pattern rule is linked
 * @nscan: pattern rules
 */
struct ph_pol_owner {
	struct hlist_node hnode;
	struct ph_pol_owner *all;
	u32 key;
	const struct ph_pline *hdr;
	struct ph_domain *domain;
	int profile;
	int use_group;
	struct ph_pol_rule *scan;
	struct ph_pol_rule **tail;
	unsigned int nscan;
};

/**
 * struct ph_policy - one loaded policy
 * @rcu: for freeing after readers are gone
 * @gen: its number, counting commits since load
 * @groups: its path, number and address groups
 * @lines: its lines (&struct ph_pline), in load order
 * @rules: every access rule
 * @owners: every owner
 * @nrules: access rules
 * @ndomains: domains named
 * @exact: exact rules by hash of owner and access
 * @owner_table: owners by key
 * @last: the domain owner ph_pol_owner_get() found last (while building)
 * @last_hdr: the header line it was looked up by
 *
 * Lifetime: built by a commit, published in ph_policy_active, freed by
 * call_rcu() when replaced and at unload.  Immutable once published;
 * readers hold rcu_read_lock().
 */
struct ph_policy {
	struct rcu_head rcu;
	u64 gen;
	struct ph_groups groups;
	struct list_head lines;
	struct ph_pol_rule *rules;
	struct ph_pol_owner *owners;
	u32 nrules;
	u32 ndomains;
	DECLARE_HASHTABLE(exact, PH_POL_EXACT_BITS);
	DECLARE_HASHTABLE(owner_table, PH_POL_OWNER_BITS);
	struct ph_pol_owner *last;
	const struct ph_pline *last_hdr;
};

/**
 * struct ph_txn - the open load transaction
 * @portid: the socket that owns it
 * @id: its number
 * @lines: the lines so far (&struct ph_pline)
 * @nlines: their number
 * @bytes: their text bytes
 * @hdr: the last domain header so far
 * @dels: its "delete" lines, without the word (&struct ph_pline, @hdr
 *	set for a domain policy line): at commit they also delete learned
 *	entries, and those that deleted nothing are counted
 * @ndels: their number
 *
 * Under ph_policy_mutex.
 */
struct ph_txn {
	u32 portid;
	u64 id;
	struct list_head lines;
	struct list_head dels;
	u32 ndels;
	u32 nlines;
	size_t bytes;
	const struct ph_pline *hdr;
};

static struct ph_policy __rcu *ph_policy_active;
static DEFINE_MUTEX(ph_policy_mutex);
static struct ph_txn *ph_txn;
static u64 ph_policy_gen;
static u64 ph_txn_next_id;
/* Read by the netlink notifier without the mutex. */
static u32 ph_txn_portid;
static u64 ph_txn_id;
static atomic64_t ph_txn_abort_id = ATOMIC64_INIT(0);

static void ph_lines_free(struct list_head *lines)
{
	struct ph_pline *l, *tmp;

	list_for_each_entry_safe(l, tmp, lines, node) {
		list_del(&l->node);
		kfree(l);
	}
}

static void ph_policy_free(struct ph_policy *p)
{
	struct ph_pol_owner *o, *on;
	struct ph_pol_rule *r, *rn;

	if (!p)
		return;
	for (r = p->rules; r; r = rn) {
		rn = r->all;
		ph_acl_rule_free(r->rule);
		kfree(r);
	}
	for (o = p->owners; o; o = on) {
		on = o->all;
		kfree(o);
	}
	ph_groups_free(&p->groups);
	ph_lines_free(&p->lines);
	kfree(p);
}

static void ph_policy_free_rcu(struct rcu_head *head)
{
	ph_policy_free(container_of(head, struct ph_policy, rcu));
}

/* ------------------------------------------------------------------------ */
/* Checking */

static u32 ph_pol_hash(u32 owner, const struct ph_acl_access *a)
{
	u32 sub = a->type == PH_AR_INET || a->type == PH_AR_UNIX ? a->sub : 0;
	u32 h = jhash_3words(owner, a->type | sub << 16, (u32)a->num[0], 0);
	unsigned int i;

	h = jhash_3words((u32)(a->num[0] >> 32), (u32)a->num[1], (u32)a->num[2], h);
	for (i = 0; i < 3; i++) {
		if (a->str[i])
			h = jhash(a->str[i], a->len[i], h);
	}
	return h;
}

static struct ph_pol_owner *ph_pol_owner_find(struct ph_policy *p, u32 key)
{
	struct ph_pol_owner *o;

	hash_for_each_possible(p->owner_table, o, hnode, key) {
		if (o->key == key)
			return o;
	}
	return NULL;
}

static bool ph_pol_owner_allows(struct ph_policy *p, const struct ph_pol_owner *o,
				const struct ph_acl_access *a, unsigned int bit)
{
	u32 hash = ph_pol_hash(o->key, a);
	const struct ph_pol_rule *r;

	hash_for_each_possible(p->exact, r, hnode, hash) {
		if (r->owner == o->key && ph_acl_rule_match(r->rule, a, bit))
			return true;
	}
	for (r = o->scan; r; r = r->next) {
		if (ph_acl_rule_match(r->rule, a, bit))
			return true;
	}
	return false;
}

/**
 * ph_policy_allows() - whether the loaded policy holds an access
 * @d: the domain
 * @key: the access
 * @bit: its permission bit
 *
 * A hash lookup among @d's exact lines and a bounded scan of its pattern
 * lines, then the same in the acl_group @d uses.  Safe in atomic context:
 * RCU only, no allocation.  Called with preemption disabled (a hook) or
 * in a task work; the per-CPU count is preemption safe either way.
 *
 * Return: true when a loaded line allows the access.
 */
bool ph_policy_allows(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int bit)
{
	const struct ph_pol_owner *o, *g;
	struct ph_acl_access a;
	struct ph_policy *p;
	bool ok = false;
	unsigned int i;

	if (!rcu_access_pointer(ph_policy_active))
		return false;
	a.type = key->type;
	a.sub = key->sub;
	for (i = 0; i < 3; i++) {
		a.num[i] = key->num[i];
		a.str[i] = key->str[i];
		a.len[i] = key->str[i] ? key->len[i] : 0;
	}
	this_cpu_inc(ph_pcpu_stats.policy_checks);
	rcu_read_lock();
	p = rcu_dereference(ph_policy_active);
	o = p ? ph_pol_owner_find(p, d->id) : NULL;
	if (o) {
		ok = ph_pol_owner_allows(p, o, &a, bit);
		if (!ok && o->use_group >= 0) {
			g = ph_pol_owner_find(p, PH_POL_GROUP_KEY | o->use_group);
			ok = g && ph_pol_owner_allows(p, g, &a, bit);
		}
	}
	rcu_read_unlock();
	return ok;
}

/* ------------------------------------------------------------------------ */
/* Transactions */

static void ph_txn_free(struct ph_txn *t)
{
	if (!t)
		return;
	ph_lines_free(&t->lines);
	ph_lines_free(&t->dels);
	kfree(t);
}

/* Caller holds ph_policy_mutex. */
static void ph_txn_end(void)
{
	ph_txn_free(ph_txn);
	ph_txn = NULL;
	WRITE_ONCE(ph_txn_portid, 0);
	WRITE_ONCE(ph_txn_id, 0);
}

static struct ph_pline *ph_pline_new(u8 file, const char *text, size_t len)
{
	struct ph_pline *l = kzalloc(sizeof(*l) + len + 1, GFP_KERNEL);

	if (!l)
		return NULL;
	l->file = file;
	l->len = len;
	memcpy(l->text, text, len);
	l->header = file == PHTRACK_POLICY_FILE_DOMAIN && len >= 8 && !memcmp(text, "<kernel>", 8);
	return l;
}

/* Append a copy of @text to @t; caller holds ph_policy_mutex. */
static int ph_txn_add(struct ph_txn *t, u8 file, const char *text, size_t len)
{
	struct ph_pline *l;

	if (t->nlines >= PHTRACK_LOAD_MAX_LINES || t->bytes + len > PHTRACK_LOAD_MAX_BYTES)
		return -E2BIG;
	l = ph_pline_new(file, text, len);
	if (!l)
		return -ENOMEM;
	if (file == PHTRACK_POLICY_FILE_DOMAIN) {
		if (l->header)
			t->hdr = l;
		else
			l->hdr = t->hdr;
	}
	list_add_tail(&l->node, &t->lines);
	t->nlines++;
	t->bytes += len;
	return 0;
}

static bool ph_pline_same_hdr(const struct ph_pline *a, const struct ph_pline *b)
{
	if (!a || !b)
		return a == b;
	return a->len == b->len && !memcmp(a->text, b->text, a->len);
}

/*
 * "delete LINE": mark the last identical earlier line deleted, and keep
 * LINE for the commit (learned entries; the count of deletes that
 * matched nothing).
 */
static int ph_txn_delete(struct ph_txn *t, u8 file, const char *text, size_t len)
{
	struct ph_pline *l, *del;

	if (file == PHTRACK_POLICY_FILE_DOMAIN && len >= 8 && !memcmp(text, "<kernel>", 8))
		return -EOPNOTSUPP;
	if (t->nlines >= PHTRACK_LOAD_MAX_LINES || t->bytes + len > PHTRACK_LOAD_MAX_BYTES)
		return -E2BIG;
	del = ph_pline_new(file, text, len);
	if (!del)
		return -ENOMEM;
	if (file == PHTRACK_POLICY_FILE_DOMAIN)
		del->hdr = t->hdr;
	list_add_tail(&del->node, &t->dels);
	t->ndels++;
	t->nlines++;
	t->bytes += len;
	list_for_each_entry_reverse(l, &t->lines, node) {
		if (l->deleted || l->file != file || l->len != len || memcmp(l->text, text, len))
			continue;
		if (file == PHTRACK_POLICY_FILE_DOMAIN && !ph_pline_same_hdr(l->hdr, t->hdr))
			continue;
		l->deleted = true;
		del->hit = true;
		break;
	}
	return 0;	/* as TOMOYO: deleting what is not there is no error (counted) */
}

/**
 * ph_policy_begin() - open a load transaction
 * @portid: the requesting socket
 * @keep: bit mask of the files (1 << &enum phtrack_policy_file) whose
 *	lines of the active loaded policy the new one starts with
 *
 * Return: 0, -EBUSY (another socket's transaction is open), -ENOMEM.
 */
int ph_policy_begin(u32 portid, u32 keep)
{
	struct ph_policy *p;
	struct ph_pline *l;
	struct ph_txn *t;
	int err = 0;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	INIT_LIST_HEAD(&t->lines);
	INIT_LIST_HEAD(&t->dels);
	t->portid = portid;
	mutex_lock(&ph_policy_mutex);
	if (ph_txn && ph_txn->portid != portid) {
		mutex_unlock(&ph_policy_mutex);
		kfree(t);
		return -EBUSY;
	}
	ph_txn_end();
	p = rcu_dereference_protected(ph_policy_active, lockdep_is_held(&ph_policy_mutex));
	if (p) {
		list_for_each_entry(l, &p->lines, node) {
			if (l->deleted || !(keep & BIT(l->file)))
				continue;
			err = ph_txn_add(t, l->file, l->text, l->len);
			if (err)
				break;
		}
	}
	if (err) {
		mutex_unlock(&ph_policy_mutex);
		ph_txn_free(t);
		return err;
	}
	t->id = ++ph_txn_next_id;
	ph_txn = t;
	WRITE_ONCE(ph_txn_portid, portid);
	WRITE_ONCE(ph_txn_id, t->id);
	mutex_unlock(&ph_policy_mutex);
	return 0;
}

/**
 * ph_policy_lines() - append lines to the caller's transaction
 * @portid: the requesting socket
 * @head: the message's attributes
 * @len: their length
 * @extack: for the bad attribute and why
 *
 * The first %PHTRACK_A_POLICY_FILE names the file; every
 * %PHTRACK_A_POLICY_LINE (NUL-terminated, checked by the family's policy)
 * is appended or, as "delete LINE", deletes.  Any error ends the
 * transaction.
 *
 * Return: 0, -ENOENT (no transaction of this socket), -EINVAL, -E2BIG,
 * -ENOMEM.
 */
int ph_policy_lines(u32 portid, const struct nlattr *head, int len,
		    struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	const char *text;
	u8 file = 0;
	int rem, err = 0;
	size_t n, del;

	mutex_lock(&ph_policy_mutex);
	if (!ph_txn || ph_txn->portid != portid) {
		mutex_unlock(&ph_policy_mutex);
		NL_SET_ERR_MSG(extack, "no load transaction of this socket");
		return -ENOENT;
	}
	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) == PHTRACK_A_POLICY_FILE) {
			u32 f = nla_len(a) >= sizeof(u32) ? nla_get_u32(a) : 0;

			if (f != PHTRACK_POLICY_FILE_EXCEPTION && f != PHTRACK_POLICY_FILE_DOMAIN) {
				err = -EINVAL;
				NL_SET_ERR_MSG_ATTR(extack, a, "unknown policy file");
				break;
			}
			file = f;
			continue;
		}
		if (nla_type(a) != PHTRACK_A_POLICY_LINE)
			continue;
		if (!file) {
			err = -EINVAL;
			NL_SET_ERR_MSG_ATTR(extack, a, "line before PHTRACK_A_POLICY_FILE");
			break;
		}
		text = nla_data(a);
		n = nla_len(a) - 1;
		if (!n || memchr(text, '\n', n)) {
			err = -EINVAL;
			NL_SET_ERR_MSG_ATTR(extack, a, "empty line or line with a newline");
			break;
		}
		del = ph_acl_rule_delete(text, n);
		if (del)
			err = ph_txn_delete(ph_txn, file, text + del, n - del);
		else
			err = ph_txn_add(ph_txn, file, text, n);
		if (err == -E2BIG)
			NL_SET_ERR_MSG_ATTR(extack, a, "load transaction too large");
		else if (err == -EOPNOTSUPP)
			NL_SET_ERR_MSG_ATTR(extack, a, "deleting a domain is not supported");
		else if (err)
			NL_SET_ERR_MSG_ATTR(extack, a, "cannot add line");
		if (err)
			break;
	}
	if (err)
		ph_txn_end();
	mutex_unlock(&ph_policy_mutex);
	return err;
}

/**
 * ph_policy_abort() - drop the caller's transaction
 * @portid: the requesting socket
 *
 * Return: 0, or -ENOENT when it has none.
 */
int ph_policy_abort(u32 portid)
{
	int err = -ENOENT;

	mutex_lock(&ph_policy_mutex);
	if (ph_txn && ph_txn->portid == portid) {
		ph_txn_end();
		err = 0;
	}
	mutex_unlock(&ph_policy_mutex);
	return err;
}

/* ------------------------------------------------------------------------ */
/* Commit */

static bool ph_word_is(const char *s, size_t len, const char *kw, size_t *rest)
{
	size_t k = strlen(kw);

	if (len < k || memcmp(s, kw, k) || (len > k && s[k] != ' '))
		return false;
	*rest = len > k ? k + 1 : k;
	return true;
}

/* A decimal number 0..@max that is all of s[0, len). */
static int ph_small_number(const char *s, size_t len, unsigned int max)
{
	unsigned int v = 0;
	size_t i;

	if (!len || len > 3)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? (int)v : -EINVAL;
}

static struct ph_pol_owner *ph_pol_owner_new(struct ph_policy *p)
{
	struct ph_pol_owner *o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return NULL;
	o->profile = -1;
	o->use_group = -1;
	o->tail = &o->scan;
	o->all = p->owners;
	p->owners = o;
	return o;
}

/* The owner of acl_group @n, or of the domain of header @hdr; created. */
static struct ph_pol_owner *ph_pol_owner_get(struct ph_policy *p, const struct ph_pline *hdr,
					     int n)
{
	struct ph_pol_owner *o;

	/* The lines of one domain follow their header: mostly the last one. */
	if (hdr && p->last && p->last_hdr == hdr)
		return p->last;
	for (o = p->owners; o; o = o->all) {
		if (hdr ? ph_pline_same_hdr(o->hdr, hdr) :
			  !o->hdr && o->key == (PH_POL_GROUP_KEY | n))
			break;
	}
	if (o) {
		if (hdr) {
			p->last = o;
			p->last_hdr = hdr;
		}
		return o;
	}
	o = ph_pol_owner_new(p);
	if (!o)
		return NULL;
	o->hdr = hdr;
	if (!hdr) {
		o->key = PH_POL_GROUP_KEY | n;
		hash_add(p->owner_table, &o->hnode, o->key);
	} else {
		p->ndomains++;
		p->last = o;
		p->last_hdr = hdr;
	}
	return o;
}

static int ph_pol_add_rule(struct ph_policy *p, struct ph_pol_owner *o, const char *text,
			   size_t len, const char **why)
{
	struct ph_pol_rule *r = kzalloc(sizeof(*r), GFP_KERNEL);
	int err;

	if (!r)
		return -ENOMEM;
	err = ph_acl_rule_parse(&p->groups, text, len, &r->rule, why);
	if (err) {
		kfree(r);
		return err;
	}
	r->all = p->rules;
	p->rules = r;
	p->nrules++;
	/* Linked to its owner once the owner's key is known (ph_pol_link()). */
	r->o = o;
	return 0;
}

/* The domain named by a header, created as TOMOYO creates them. */
static struct ph_domain *ph_pol_domain(const struct ph_pline *hdr)
{
	struct ph_domain *d = ph_kernel_domain;
	size_t i = 8, st;

	while (i < hdr->len) {
		i++;	/* the single space ph_domain_valid() allows */
		st = i;
		while (i < hdr->len && hdr->text[i] != ' ')
			i++;
		d = ph_domain_enter(d, hdr->text + st, i - st, NULL, 0, GFP_KERNEL);
		if (IS_ERR(d))
			return d;
	}
	return d;
}

/* Give every rule its owner's key and link it; the domains exist. */
static int ph_pol_link(struct ph_policy *p)
{
	struct ph_pol_owner *o;
	struct ph_pol_rule *r;
	struct ph_acl_access a;

	for (r = p->rules; r; r = r->all) {
		o = r->o;
		r->owner = o->key;
		if (r->rule->exact) {
			ph_acl_rule_access(r->rule, &a);
			hash_add(p->exact, &r->hnode, ph_pol_hash(o->key, &a));
			continue;
		}
		if (o->nscan >= PHTRACK_LOAD_MAX_SCAN)
			return -E2BIG;
		/* p->rules is in reverse load order: prepend to keep load order. */
		r->next = o->scan;
		o->scan = r;
		o->nscan++;
	}
	return 0;
}

static int ph_pol_exception_line(struct ph_policy *p, struct ph_tr_policy *tr,
				 const struct ph_pline *l, const char **why)
{
	struct ph_tr_rule *rule = NULL;
	struct ph_pol_owner *o;
	size_t rest, sp;
	int n, err;

	if (ph_group_keyword(l->text, l->len))
		return 0;	/* parsed before */
	if (ph_word_is(l->text, l->len, "acl_group", &rest)) {
		sp = rest;
		while (sp < l->len && l->text[sp] != ' ')
			sp++;
		n = ph_small_number(l->text + rest, sp - rest, 255);
		if (n < 0 || sp >= l->len) {
			*why = "acl_group needs a number from 0 to 255 and an entry";
			return -EINVAL;
		}
		o = ph_pol_owner_get(p, NULL, n);
		if (!o)
			return -ENOMEM;
		return ph_pol_add_rule(p, o, l->text + sp + 1, l->len - sp - 1, why);
	}
	err = ph_tr_parse_line(l->text, l->len, &rule, why);
	if (err)
		return err;
	if (rule) {
		if (tr->count >= PH_TR_MAX_RULES) {
			ph_tr_rule_free(rule);
			*why = "too many transition rules";
			return -E2BIG;
		}
		*tr->tail = rule;
		tr->tail = &rule->next;
		tr->count++;
	}
	return 0;
}

static int ph_pol_domain_line(struct ph_policy *p, const struct ph_pline *l, const char **why)
{
	struct ph_pol_owner *o;
	size_t rest;
	int n;

	if (l->header) {
		if (!ph_domain_valid(l->text, l->len)) {
			*why = "invalid domain name";
			return -EINVAL;
		}
		return ph_pol_owner_get(p, l, 0) ? 0 : -ENOMEM;
	}
	if (!l->hdr) {
		*why = "entry before the first domain header";
		return -EINVAL;
	}
	o = ph_pol_owner_get(p, l->hdr, 0);
	if (!o)
		return -ENOMEM;
	if (ph_word_is(l->text, l->len, "use_profile", &rest)) {
		n = ph_small_number(l->text + rest, l->len - rest, PHTRACK_MODE_MAX);
		if (n < 0) {
			*why = "use_profile needs a profile from 0 to 3";
			return -EINVAL;
		}
		o->profile = n;
		return 0;
	}
	if (ph_word_is(l->text, l->len, "use_group", &rest)) {
		n = ph_small_number(l->text + rest, l->len - rest, 255);
		if (n < 0) {
			*why = "use_group needs a number from 0 to 255";
			return -EINVAL;
		}
		o->use_group = n;
		return 0;
	}
	if (ph_word_is(l->text, l->len, "quota_exceeded", &rest) ||
	    ph_word_is(l->text, l->len, "transition_failed", &rest))
		return 0;
	return ph_pol_add_rule(p, o, l->text, l->len, why);
}

/* Parse every line of @t into @p and @tr; *@bad is the first bad line. */
static int ph_pol_build(struct ph_txn *t, struct ph_policy *p, struct ph_tr_policy *tr,
			const struct ph_pline **bad, const char **why)
{
	struct ph_pline *l;
	int err;

	/* Groups first: access lines may name any of them. */
	list_for_each_entry(l, &t->lines, node) {
		*bad = l;
		if (l->deleted || l->file != PHTRACK_POLICY_FILE_EXCEPTION ||
		    !ph_group_keyword(l->text, l->len))
			continue;
		err = ph_groups_parse(&p->groups, l->text, l->len, NULL, why);
		if (err)
			return err;
	}
	list_for_each_entry(l, &t->lines, node) {
		*bad = l;
		if (l->deleted)
			continue;
		if (l->file == PHTRACK_POLICY_FILE_EXCEPTION)
			err = ph_pol_exception_line(p, tr, l, why);
		else
			err = ph_pol_domain_line(p, l, why);
		if (err)
			return err;
	}
	*bad = NULL;
	return 0;
}

/*
 * A delete line of the domain policy, parsed before the commit swaps: the
 * learned entry it deletes after.
 */
struct ph_pol_del {
	struct ph_pline *l;
	struct ph_domain *d;
	struct ph_acl_rule *rule;
};

static void ph_pol_dels_free(struct ph_pol_del *dels, u32 n)
{
	u32 i;

	for (i = 0; dels && i < n; i++)
		ph_acl_rule_free(dels[i].rule);
	kvfree(dels);
}

/*
 * Parse the domain policy's delete lines that may name a learned entry
 * (exact access lines under a header) into @dels; *@bad is a bad one.
 */
static int ph_pol_dels_parse(struct ph_txn *t, struct ph_policy *p, struct ph_pol_del *dels,
			     u32 *n, const struct ph_pline **bad, const char **why)
{
	struct ph_domain *d;
	struct ph_pline *l;
	int err;

	*n = 0;
	list_for_each_entry(l, &t->dels, node) {
		if (l->file != PHTRACK_POLICY_FILE_DOMAIN || !l->hdr ||
		    !ph_acl_rule_keyword(l->text, l->len))
			continue;
		*bad = l;
		err = ph_acl_rule_parse(&p->groups, l->text, l->len, &dels[*n].rule, why);
		if (err)
			return err;
		if (!dels[*n].rule->exact) {	/* a pattern is in no learned list */
			ph_acl_rule_free(dels[*n].rule);
			dels[*n].rule = NULL;
			continue;
		}
		d = ph_pol_domain(l->hdr);
		if (IS_ERR(d)) {
			ph_acl_rule_free(dels[*n].rule);
			dels[*n].rule = NULL;
			*why = "a domain of the policy cannot be created";
			return PTR_ERR(d);
		}
		dels[*n].l = l;
		dels[*n].d = d;
		(*n)++;
	}
	*bad = NULL;
	return 0;
}

/* After the swap: delete learned entries; count the deletes that hit nothing. */
static void ph_pol_dels_apply(struct ph_txn *t, struct ph_pol_del *dels, u32 n,
			      struct ph_policy_forget *forget)
{
	struct ph_acl_access a;
	struct ph_pline *l;
	u32 i;

	for (i = 0; i < n; i++) {
		ph_acl_rule_access(dels[i].rule, &a);
		if (forget->forget(forget, dels[i].d, &a, dels[i].rule->perm))
			dels[i].l->hit = true;
	}
	list_for_each_entry(l, &t->dels, node) {
		if (!l->hit)
			atomic64_inc(&ph_stats.policy_deletes_missed);
	}
}

/**
 * ph_policy_commit() - build the caller's transaction and make it active
 * @portid: the requesting socket
 * @domains: set to the domains the policy names
 * @rules: set to its access lines
 * @forget: deletes learned entries: after the swap, every "delete" line
 *	of an exact access line under a domain header deletes its bits from
 *	that domain's learned entry too.  A delete line that deleted neither
 *	a loaded line nor a learned bit is counted (policy_deletes_missed).
 * @extack: for the bad line and why
 *
 * The transaction ends, whatever the result.  Process context; sleeps.
 *
 * Return: 0; -ENOENT (no transaction of this socket); -EINVAL, -ENOENT or
 * -ENAMETOOLONG for a bad line; -E2BIG for a domain past a limit or too
 * many pattern lines in one domain; -ENOMEM.
 */
int ph_policy_commit(u32 portid, u32 *domains, u32 *rules, struct ph_policy_forget *forget,
		     struct netlink_ext_ack *extack)
{
	struct ph_pol_del *dels = NULL;
	u32 ndels = 0, ndels_max = 0;
	struct ph_policy *p, *old;
	const struct ph_pline *bad = NULL;
	const char *why = NULL;
	struct ph_tr_policy tr;
	struct ph_pol_owner *o;
	struct ph_domain *d;
	int err;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	INIT_LIST_HEAD(&p->lines);
	ph_groups_init(&p->groups);
	hash_init(p->exact);
	hash_init(p->owner_table);
	ph_tr_policy_init(&tr);

	mutex_lock(&ph_policy_mutex);
	if (!ph_txn || ph_txn->portid != portid) {
		err = -ENOENT;
		NL_SET_ERR_MSG(extack, "no load transaction of this socket");
		goto out;
	}
	err = ph_pol_build(ph_txn, p, &tr, &bad, &why);
	if (err) {
		if (bad)
			pr_info("policy load refused: %s: %.200s\n", why ? why : "error",
				bad->text);
		if (extack && why)
			extack->_msg = why;
		goto out;
	}
	/* Create the domains; only now are their ids, the owner keys, known. */
	for (o = p->owners; o; o = o->all) {
		if (!o->hdr)
			continue;
		d = ph_pol_domain(o->hdr);
		if (IS_ERR(d)) {
			err = PTR_ERR(d);
			NL_SET_ERR_MSG(extack, "a domain of the policy cannot be created");
			goto out;
		}
		o->domain = d;
		o->key = d->id;
		hash_add(p->owner_table, &o->hnode, o->key);
	}
	err = ph_pol_link(p);
	if (err) {
		NL_SET_ERR_MSG(extack, "more pattern lines in one domain than the module scans");
		goto out;
	}
	if (ph_txn->ndels) {
		ndels_max = ph_txn->ndels;
		dels = kvcalloc(ndels_max, sizeof(*dels), GFP_KERNEL);
		err = dels ? ph_pol_dels_parse(ph_txn, p, dels, &ndels, &bad, &why) : -ENOMEM;
		if (!err)
			err = forget->reserve(forget, ndels);
		if (err) {
			if (bad)
				pr_info("policy load refused: %s: delete %.200s\n",
					why ? why : "error", bad->text);
			if (extack && why)
				extack->_msg = why;
			goto out;
		}
	}
	err = ph_transition_set(&tr);
	if (err)
		goto out;
	list_splice_init(&ph_txn->lines, &p->lines);
	p->gen = ++ph_policy_gen;
	*domains = p->ndomains;
	*rules = p->nrules;
	old = rcu_replace_pointer(ph_policy_active, p, lockdep_is_held(&ph_policy_mutex));
	for (o = p->owners; o; o = o->all) {
		if (o->domain && o->profile >= 0 && READ_ONCE(o->domain->mode) != o->profile)
			ph_domain_mode_set(o->domain, o->profile, false);
	}
	ph_pol_dels_apply(ph_txn, dels, ndels, forget);
	ph_seen_invalidate();
	pr_info("policy %llu loaded: %u domains, %u access lines\n", p->gen, p->ndomains,
		p->nrules);
	if (old)
		call_rcu(&old->rcu, ph_policy_free_rcu);
	p = NULL;
out:
	ph_txn_end();
	mutex_unlock(&ph_policy_mutex);
	ph_tr_policy_free(&tr);
	ph_policy_free(p);
	ph_pol_dels_free(dels, ndels_max);
	return err;
}

/* ------------------------------------------------------------------------ */
/* Dump */

/**
 * ph_policy_dump() - the active loaded policy's lines, one per message
 * @skb: the dump buffer
 * @cb: its state: args[0] the next line's index, args[1] the policy's
 *	generation
 * @put_hdr: puts one message's generic netlink header
 *
 * Return: the bytes put, 0 at the end, -EAGAIN when a commit replaced the
 * policy meanwhile.
 */
int ph_policy_dump(struct sk_buff *skb, struct netlink_callback *cb, ph_policy_put_hdr_t put_hdr)
{
	unsigned long idx = 0;
	struct ph_policy *p;
	struct ph_pline *l;
	int err = 0;
	void *hdr;

	rcu_read_lock();
	p = rcu_dereference(ph_policy_active);
	if (!p) {
		rcu_read_unlock();
		return 0;
	}
	if (!cb->args[1]) {
		cb->args[1] = p->gen;
	} else if (cb->args[1] != p->gen) {
		rcu_read_unlock();
		return -EAGAIN;
	}
	list_for_each_entry_rcu(l, &p->lines, node) {
		if (l->deleted)
			continue;
		if (idx++ < cb->args[0])
			continue;
		hdr = put_hdr(skb, cb);
		if (!hdr)
			break;
		if (nla_put_u32(skb, PHTRACK_A_POLICY_FILE, l->file) ||
		    nla_put(skb, PHTRACK_A_POLICY_LINE, l->len + 1, l->text)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = idx;
	}
	rcu_read_unlock();
	if (!err && !skb->len && idx > cb->args[0])
		err = -EMSGSIZE;	/* one line larger than a dump message */
	return err ? err : skb->len;
}

/* ------------------------------------------------------------------------ */
/* Socket close */

static void ph_txn_abort_fn(struct work_struct *work)
{
	mutex_lock(&ph_policy_mutex);
	if (ph_txn && ph_txn->id == (u64)atomic64_read(&ph_txn_abort_id))
		ph_txn_end();
	mutex_unlock(&ph_policy_mutex);
}

static DECLARE_WORK(ph_txn_abort_work, ph_txn_abort_fn);

static int ph_policy_netlink_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	u64 id = READ_ONCE(ph_txn_id);

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC || !id ||
	    n->portid != READ_ONCE(ph_txn_portid))
		return NOTIFY_DONE;
	atomic64_set(&ph_txn_abort_id, id);
	schedule_work(&ph_txn_abort_work);
	return NOTIFY_DONE;
}

static struct notifier_block ph_policy_nb = {
	.notifier_call = ph_policy_netlink_event,
};

/**
 * ph_policy_init() - watch for closed sockets (open transactions)
 *
 * Return: 0 or a negative errno.
 */
int ph_policy_init(void)
{
	return netlink_register_notifier(&ph_policy_nb);
}

/**
 * ph_policy_exit() - drop the transaction and the loaded policy
 *
 * After the netlink family is gone and the hooks are detached: no reader
 * and no request remain.
 */
void ph_policy_exit(void)
{
	struct ph_policy *p;

	netlink_unregister_notifier(&ph_policy_nb);
	cancel_work_sync(&ph_txn_abort_work);
	mutex_lock(&ph_policy_mutex);
	ph_txn_end();
	p = rcu_replace_pointer(ph_policy_active, NULL, lockdep_is_held(&ph_policy_mutex));
	mutex_unlock(&ph_policy_mutex);
	synchronize_rcu();
	ph_policy_free(p);
	rcu_barrier();	/* the call_rcu() frees of replaced policies */
}
