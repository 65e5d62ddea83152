// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - events: the encoders of domains, entries and actors, the
 * bounded queue and its delivery to the "events" multicast group of the
 * phtrack family (registered by genl.c, which hands it over at init).
 * The learning store (acl.c), the watches (watch.c) and the exec transition
 * (exec.c) call in here; this file calls none of them (kernel/LAYERS).
 * The wire format is specified in uapi/linux/phtrack.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "acl.h"
#include "audit.h"
#include "domain.h"
#include "event.h"
#include "phtrack.h"
#include "policy/ph_escape.h"

unsigned int ph_event_queue_len = 8192;
module_param_named(event_queue_len, ph_event_queue_len, uint, 0644);
MODULE_PARM_DESC(event_queue_len, "most events waiting for delivery (default 8192)");

/*
 * Events are built where they happen (often a hook, in atomic context) and
 * delivered from a work item, so no hook ever waits for netlink or for a
 * listener.  The queue is bounded; sequence numbers are assigned under its
 * lock, so they are in delivery order and a dropped event leaves a gap.
 */
static struct sk_buff_head ph_evq;
static void ph_evq_work_fn(struct work_struct *work);
static DECLARE_WORK(ph_evq_work, ph_evq_work_fn);
/* The family the events go out on: the requests' (genl.c), given at init. */
static const struct genl_family *ph_ev_family;

/* A domain as a nest of PHTRACK_DOM_* attributes; @brief: id and name only. */
int ph_put_domain(struct sk_buff *msg, int attrtype, const struct ph_domain *d, bool brief)
{
	/* Read once: a target set meanwhile is sent with the next message. */
	const char *target = ph_domain_target(d);
	struct nlattr *nest = nla_nest_start(msg, attrtype);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, PHTRACK_DOM_ID, d->id) ||
	    nla_put_string(msg, PHTRACK_DOM_NAME, d->name))
		goto cancel;
	if (brief)
		goto done;
	if ((d->parent && nla_put_u32(msg, PHTRACK_DOM_PARENT_ID, d->parent->id)) ||
	    nla_put_u32(msg, PHTRACK_DOM_FLAGS, (u32)READ_ONCE(d->flags)) ||
	    nla_put_u32(msg, PHTRACK_DOM_TASKS, max(atomic_read(&d->tasks), 0)) ||
	    nla_put_u64_64bit(msg, PHTRACK_DOM_CREATED_NS, d->created_ns, PHTRACK_DOM_PAD) ||
	    nla_put_u32(msg, PHTRACK_DOM_DEPTH, d->depth) ||
	    nla_put_u32(msg, PHTRACK_DOM_ACL_COUNT, atomic_read(&d->acl_count)) ||
	    nla_put_u32(msg, PHTRACK_DOM_MODE, ph_domain_mode(d)) ||
	    nla_put_u32(msg, PHTRACK_DOM_OWN_MODE, READ_ONCE(d->mode) != PH_MODE_DEFAULT) ||
	    (target && nla_put_string(msg, PHTRACK_DOM_TARGET, target)))
		goto cancel;
done:
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

size_t ph_domain_msg_size(const struct ph_domain *d)
{
	const char *target = ph_domain_target(d);

	return nla_total_size(0) + 9 * nla_total_size(sizeof(u64)) +
	       nla_total_size(d->name_len + 1) +
	       (target ? nla_total_size(strlen(target) + 1) : 0);
}

/*
 * Deliver one datagram holding @n events; account it as @n events emitted
 * or dropped.
 *
 * -ENOBUFS: a listener's buffer was full (reported for listeners that set
 * NETLINK_BROADCAST_ERROR, as ph and phd do); -ESRCH: the last listener
 * left meanwhile, nobody lost anything.
 */
static void ph_evq_send(struct sk_buff *skb, unsigned int n)
{
	int err = genlmsg_multicast(ph_ev_family, skb, 0, PH_MCGRP_EVENTS, GFP_KERNEL);

	if (!err)
		atomic64_add(n, &ph_stats.events_emitted);
	else if (err != -ESRCH)
		atomic64_add(n, &ph_stats.events_dropped);
}

/*
 * Events waiting in the queue are packed, in order, into datagrams of up to
 * PH_EVQ_BATCH bytes: one multicast and one receive per batch instead of
 * per event.  Each event stays a complete netlink message.  A datagram is
 * allocated for the events it takes, and an event alone is sent as it is.
 */
#define PH_EVQ_BATCH (32 * 1024)

static void ph_evq_work_fn(struct work_struct *work)
{
	struct sk_buff *skb, *next, *batch;
	struct sk_buff_head taken;
	unsigned int n, i, size;

	__skb_queue_head_init(&taken);
	spin_lock_irq(&ph_evq.lock);
	skb_queue_splice_init(&ph_evq, &taken);
	atomic64_set(&ph_stats.events_queued, 0);
	spin_unlock_irq(&ph_evq.lock);
	while ((skb = __skb_dequeue(&taken))) {
		size = skb->len;
		n = 1;
		skb_queue_walk(&taken, next) {
			if (size + next->len > PH_EVQ_BATCH)
				break;
			size += next->len;
			n++;
		}
		batch = n > 1 ? alloc_skb(size, GFP_KERNEL | __GFP_NOWARN) : NULL;
		if (!batch) {		/* alone, large, or no memory */
			ph_evq_send(skb, 1);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (i)
				skb = __skb_dequeue(&taken);
			skb_put_data(batch, skb->data, skb->len);
			consume_skb(skb);
		}
		ph_evq_send(batch, n);
	}
}

/*
 * Start an event message: NULL when nobody listens (unless @always: audit
 * events are built for the audit buffer anyway), ERR_PTR(-ENOMEM) when it
 * cannot be allocated (the event is then counted as dropped).
 */
static struct sk_buff *ph_event_start(size_t payload, u8 cmd, gfp_t gfp, void **hdr,
				      bool always)
{
	struct sk_buff *msg;

	if (!always && !genl_has_listeners(ph_ev_family, &init_net, PH_MCGRP_EVENTS))
		return NULL;
	msg = genlmsg_new(payload + 8 * nla_total_size(sizeof(u64)) + 4 * TASK_COMM_LEN, gfp);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	*hdr = genlmsg_put(msg, 0, 0, ph_ev_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return ERR_PTR(-ENOMEM);
	}
	return msg;
}

/* A counted string as a NUL-terminated string attribute. */
static int ph_put_str(struct sk_buff *msg, int attrtype, const char *str, size_t len)
{
	struct nlattr *a = nla_reserve(msg, attrtype, len + 1);

	if (!a)
		return -EMSGSIZE;
	memcpy(nla_data(a), str, len);
	((char *)nla_data(a))[len] = '\0';
	return 0;
}

/*
 * A copy of @t's comm taken without task_lock(): events are built in hooks,
 * and a hooked caller may hold that lock (do_prlimit() calls capable()
 * under it), where get_task_comm() would spin on it forever.  A concurrent
 * prctl(PR_SET_NAME) can tear the copy; it stays NUL-terminated.
 */
static void ph_task_comm(char comm[TASK_COMM_LEN], struct task_struct *t)
{
	memcpy(comm, t->comm, TASK_COMM_LEN);
	comm[TASK_COMM_LEN - 1] = '\0';
}

/*
 * Who and when: put for every event.  comm is chosen by the task
 * (prctl(PR_SET_NAME)), so it travels escaped like every name.
 */
static int ph_put_actor(struct sk_buff *msg, struct task_struct *t)
{
	char raw[TASK_COMM_LEN], comm[4 * TASK_COMM_LEN + 1];

	ph_task_comm(raw, t);
	ph_name_escape(raw, strlen(raw), comm, sizeof(comm));
	return nla_put_u64_64bit(msg, PHTRACK_A_TIME_NS, ktime_get_real_ns(), PHTRACK_A_PAD) ||
	       nla_put_u32(msg, PHTRACK_A_PID, task_pid_nr(t)) ||
	       nla_put_u32(msg, PHTRACK_A_TGID, task_tgid_nr(t)) ||
	       nla_put_u32(msg, PHTRACK_A_UID, from_kuid(&init_user_ns, task_uid(t))) ||
	       nla_put_string(msg, PHTRACK_A_COMM, comm);
}

/*
 * Number and queue a finished event.  @msg is NULL when nobody listens (the
 * event still takes a sequence number) or when building it failed (@lost:
 * it is counted as dropped).
 */
static void ph_event_commit(struct sk_buff *msg, void *hdr, struct nlattr *seq_attr, bool lost)
{
	bool queued = false;
	unsigned long flags;
	u64 seq;

	spin_lock_irqsave(&ph_evq.lock, flags);
	seq = atomic64_inc_return(&ph_stats.event_seq);
	if (msg && skb_queue_len(&ph_evq) < ph_event_queue_len) {
		memcpy(nla_data(seq_attr), &seq, sizeof(seq));
		genlmsg_end(msg, hdr);
		__skb_queue_tail(&ph_evq, msg);
		atomic64_set(&ph_stats.events_queued, skb_queue_len(&ph_evq));
		msg = NULL;
		queued = true;
	} else if (msg || lost) {
		atomic64_inc(&ph_stats.events_dropped);
	}
	spin_unlock_irqrestore(&ph_evq.lock, flags);
	if (msg)
		nlmsg_free(msg);
	if (queued)
		queue_work(system_unbound_wq, &ph_evq_work);
}

/*
 * Number, hold and queue a finished audit event.  @msg is NULL when building
 * it failed: it still takes an audit sequence number, and the buffer counts
 * it as dropped.  @live: somebody listens, so it is multicast as well; when
 * the queue is full, its live copy is not sent, and the reader gets it from
 * the audit buffer (PHTRACK_CMD_AUDIT_GET).
 *
 * Any context a hook runs in: one atomic allocation for the held copy.
 */
static void ph_event_commit_audit(struct sk_buff *msg, void *hdr, struct nlattr *seq_attr,
				  bool live)
{
	struct ph_audit_rec *rec = NULL;
	bool queued = false;
	unsigned long flags;

	if (msg) {
		genlmsg_end(msg, hdr);
		rec = ph_audit_copy(msg, seq_attr);
	}
	/* Numbered under the queue's lock, so live copies go out in order. */
	spin_lock_irqsave(&ph_evq.lock, flags);
	ph_audit_hold(rec, msg, seq_attr);
	if (msg && live && skb_queue_len(&ph_evq) < ph_event_queue_len) {
		__skb_queue_tail(&ph_evq, msg);
		atomic64_set(&ph_stats.events_queued, skb_queue_len(&ph_evq));
		msg = NULL;
		queued = true;
	}
	spin_unlock_irqrestore(&ph_evq.lock, flags);
	if (msg)
		nlmsg_free(msg);
	if (queued)
		queue_work(system_unbound_wq, &ph_evq_work);
}

/* The sequence attribute (@type), written last-minute by the commit. */
static struct nlattr *ph_put_seq(struct sk_buff *msg, int type)
{
	if (nla_put_u64_64bit(msg, type, 0, PHTRACK_A_PAD))
		return NULL;
	/* The attribute just added ends at the tail (a pad, if any, precedes it). */
	return (struct nlattr *)(skb_tail_pointer(msg) - nla_total_size(sizeof(u64)));
}

/**
 * ph_event_exec() - tell listeners about an exec
 * @t: the task that executed a program
 * @from: its domain before
 * @to: its domain after (@from when it stayed)
 *
 * Sleepable context.  Queued like every event: never waits for a listener.
 */
void ph_event_exec(struct task_struct *t, const struct ph_domain *from,
		   const struct ph_domain *to)
{
	struct nlattr *seq = NULL;
	struct sk_buff *msg;
	void *hdr = NULL;

	msg = ph_event_start(ph_domain_msg_size(from) + ph_domain_msg_size(to),
			     PHTRACK_CMD_EVENT_EXEC, GFP_KERNEL, &hdr, false);
	if (IS_ERR(msg)) {
		ph_event_commit(NULL, NULL, NULL, true);
		return;
	}
	if (msg) {
		seq = ph_put_seq(msg, PHTRACK_A_SEQ);
		if (!seq || ph_put_actor(msg, t) ||
		    ph_put_domain(msg, PHTRACK_A_FROM_DOMAIN, from, true) ||
		    ph_put_domain(msg, PHTRACK_A_DOMAIN, to, false)) {
			nlmsg_free(msg);
			ph_event_commit(NULL, NULL, NULL, true);
			return;
		}
	}
	ph_event_commit(msg, hdr, seq, false);
}

int ph_put_acl(struct sk_buff *msg, const struct ph_acl_entry *e, u32 perm)
{
	struct nlattr *nest = nla_nest_start(msg, PHTRACK_A_ACL);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, PHTRACK_ACL_TYPE, e->type) ||
	    nla_put_u32(msg, PHTRACK_ACL_SUB, e->sub) ||
	    nla_put_u32(msg, PHTRACK_ACL_PERM, perm))
		goto cancel;
	for (i = 0; i < 3; i++)
		if (nla_put_u64_64bit(msg, PHTRACK_ACL_NUM0 + i, e->num[i], PHTRACK_ACL_PAD))
			goto cancel;
	for (i = 0; i < PH_ACL_STRS; i++) {
		const char *str = ph_acl_str(e, i);

		if (str && nla_put_string(msg, PHTRACK_ACL_STR0 + i, str))
			goto cancel;
	}
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static size_t ph_acl_msg_size(const struct ph_acl_entry *e)
{
	return nla_total_size(0) + 8 * nla_total_size_64bit(sizeof(u64)) + ph_acl_entry_size(e) +
	       nla_total_size(sizeof(u32));
}

/**
 * ph_event_learned() - tell listeners that a domain learned something
 * @d: the domain
 * @e: the entry
 * @bits: the permission bits just learned, or, for a known entry reported
 *	again after a mark, the bit of the access
 * @epoch: the mark epoch the report belongs to (ph_acl_mark())
 *
 * Any context a hook runs in: atomic allocation, queued delivery.
 */
void ph_event_learned(const struct ph_domain *d, const struct ph_acl_entry *e, u32 bits,
		      u32 epoch)
{
	struct nlattr *seq = NULL;
	struct sk_buff *msg;
	void *hdr = NULL;

	msg = ph_event_start(ph_acl_msg_size(e), PHTRACK_CMD_EVENT_LEARNED,
			     GFP_ATOMIC | __GFP_NOWARN, &hdr, false);
	if (IS_ERR(msg)) {
		ph_event_commit(NULL, NULL, NULL, true);
		return;
	}
	if (msg) {
		seq = ph_put_seq(msg, PHTRACK_A_SEQ);
		if (!seq || ph_put_actor(msg, current) ||
		    nla_put_u32(msg, PHTRACK_A_DOMAIN_ID, d->id) || ph_put_acl(msg, e, bits) ||
		    nla_put_u32(msg, PHTRACK_A_MARK_EPOCH, epoch)) {
			nlmsg_free(msg);
			ph_event_commit(NULL, NULL, NULL, true);
			return;
		}
	}
	ph_event_commit(msg, hdr, seq, false);
}

/* The parent's tgid, uids and gid: put for watch events. */
static int ph_put_creds(struct sk_buff *msg)
{
	const struct cred *cred = current_cred();
	u32 ppid;

	rcu_read_lock();
	ppid = task_tgid_nr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	return nla_put_u32(msg, PHTRACK_A_PPID, ppid) ||
	       nla_put_u32(msg, PHTRACK_A_EUID, from_kuid(&init_user_ns, cred->euid)) ||
	       nla_put_u32(msg, PHTRACK_A_GID, from_kgid(&init_user_ns, cred->gid));
}

/**
 * ph_event_watch() - report one access to a watched object
 * @d: the domain of the accessing task (current)
 * @key: the access
 * @op: &enum phtrack_op
 * @watch_id: the watch that selected it
 * @result: phtrack's verdict, 0 or -EPERM
 *
 * An audit event: built even when nobody listens, and held in the audit
 * buffer until phd acknowledges it as stored.  Any context a hook runs in:
 * atomic allocations, queued delivery.
 */
void ph_event_watch(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int op,
		    u32 watch_id, int result)
{
	size_t payload = 7 * nla_total_size(sizeof(u32));
	bool live = genl_has_listeners(ph_ev_family, &init_net, PH_MCGRP_EVENTS);
	struct nlattr *seq;
	struct sk_buff *msg;
	void *hdr = NULL;
	unsigned int i;

	atomic64_inc(&ph_stats.watch_events);
	for (i = 0; i < 2; i++)
		payload += key->str[i] ? nla_total_size(key->len[i] + 1) : 0;
	msg = ph_event_start(payload, PHTRACK_CMD_EVENT_WATCH, GFP_ATOMIC | __GFP_NOWARN, &hdr,
			     true);
	if (IS_ERR(msg)) {
		ph_event_commit_audit(NULL, NULL, NULL, false);
		return;
	}
	seq = ph_put_seq(msg, PHTRACK_A_AUDIT_SEQ);
	if (!seq || ph_put_actor(msg, current) || ph_put_creds(msg) ||
	    nla_put_u32(msg, PHTRACK_A_DOMAIN_ID, d->id) ||
	    nla_put_u32(msg, PHTRACK_A_WATCH_ID, watch_id) ||
	    nla_put_u32(msg, PHTRACK_A_OP, op) ||
	    nla_put_u32(msg, PHTRACK_A_RESULT, (u32)result) ||
	    (key->str[0] && ph_put_str(msg, PHTRACK_A_PATH, key->str[0], key->len[0])) ||
	    (key->str[1] && ph_put_str(msg, PHTRACK_A_PATH2, key->str[1], key->len[1]))) {
		nlmsg_free(msg);
		ph_event_commit_audit(NULL, NULL, NULL, false);
		return;
	}
	ph_event_commit_audit(msg, hdr, seq, live);
}

/* A key's entry as a %PHTRACK_A_ACL nest, with the one bit used. */
static int ph_put_key(struct sk_buff *msg, const struct ph_acl_key *key, unsigned int bit)
{
	struct nlattr *nest = nla_nest_start(msg, PHTRACK_A_ACL);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, PHTRACK_ACL_TYPE, key->type) ||
	    nla_put_u32(msg, PHTRACK_ACL_SUB, key->sub) ||
	    nla_put_u32(msg, PHTRACK_ACL_PERM, BIT(bit)))
		goto cancel;
	for (i = 0; i < 3; i++)
		if (nla_put_u64_64bit(msg, PHTRACK_ACL_NUM0 + i, key->num[i], PHTRACK_ACL_PAD))
			goto cancel;
	for (i = 0; i < PH_ACL_STRS; i++)
		if (key->str[i] && key->len[i] &&
		    ph_put_str(msg, PHTRACK_ACL_STR0 + i, key->str[i], key->len[i]))
			goto cancel;
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/**
 * ph_event_violation() - report an access outside a domain's list, or a
 *	request refused to a non-manager
 * @d: the domain of the task (current)
 * @key: the access, or NULL for a refused request
 * @bit: the permission bit used (with @key)
 * @cmd: the refused request's command (without @key)
 * @result: phtrack's verdict, 0 or -EPERM
 *
 * An audit event, like ph_event_watch(): built even when nobody listens and
 * held until phd acknowledges it.  An event that cannot be built still takes
 * its number, so the reader sees it as a lost range.  Any context a hook
 * runs in: atomic allocations, queued delivery.
 */
void ph_event_violation(const struct ph_domain *d, const struct ph_acl_key *key,
			unsigned int bit, u32 cmd, int result)
{
	size_t payload = 8 * nla_total_size(sizeof(u32)) + nla_total_size(0) +
			 3 * nla_total_size_64bit(sizeof(u64));
	bool live = genl_has_listeners(ph_ev_family, &init_net, PH_MCGRP_EVENTS);
	struct nlattr *seq;
	struct sk_buff *msg;
	void *hdr = NULL;
	unsigned int i;
	int err;

	atomic64_inc(&ph_stats.violation_events);
	for (i = 0; key && i < PH_ACL_STRS; i++)
		payload += key->str[i] ? nla_total_size(key->len[i] + 1) : 0;
	msg = ph_event_start(payload, PHTRACK_CMD_EVENT_VIOLATION, GFP_ATOMIC | __GFP_NOWARN,
			     &hdr, true);
	if (IS_ERR(msg)) {
		ph_event_commit_audit(NULL, NULL, NULL, false);
		return;
	}
	seq = ph_put_seq(msg, PHTRACK_A_AUDIT_SEQ);
	err = !seq || ph_put_actor(msg, current) || ph_put_creds(msg) ||
	      nla_put_u32(msg, PHTRACK_A_DOMAIN_ID, d->id) ||
	      nla_put_u32(msg, PHTRACK_A_RESULT, (u32)result) ||
	      nla_put_u32(msg, PHTRACK_A_VIOLATION_KIND,
			  key ? PHTRACK_VIOLATION_ACCESS : PHTRACK_VIOLATION_MANAGER);
	if (!err && key)
		err = ph_put_key(msg, key, bit);
	else if (!err)
		err = nla_put_u32(msg, PHTRACK_A_REQUEST_CMD, cmd);
	if (err) {
		nlmsg_free(msg);
		ph_event_commit_audit(NULL, NULL, NULL, false);
		return;
	}
	ph_event_commit_audit(msg, hdr, seq, live);
}

/**
 * ph_event_audit_shed() - an audit event not built (over a rate bound)
 *
 * It takes its audit number all the same, so that the reader records it in
 * a lost range.
 */
void ph_event_audit_shed(void)
{
	ph_event_commit_audit(NULL, NULL, NULL, false);
}

/**
 * ph_events_init() - start the event queue
 * @family: the family events are multicast on; registered right after
 *	this, and kept until ph_events_exit()
 */
void ph_events_init(const struct genl_family *family)
{
	ph_ev_family = family;
	skb_queue_head_init(&ph_evq);
}

/**
 * ph_events_exit() - stop delivery and drop the events still queued
 *
 * Called after the hooks are detached, so no new event can be queued, and
 * before the family is unregistered.
 */
void ph_events_exit(void)
{
	cancel_work_sync(&ph_evq_work);
	skb_queue_purge(&ph_evq);
	atomic64_set(&ph_stats.events_queued, 0);
	ph_audit_exit();
}
