// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - generic netlink transport: the "phtrack" family, its request
 * handlers, and its event multicast group fed by a bounded queue.  The
 * wire format is specified in uapi/linux/phtrack.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "acl.h"
#include "attach.h"
#include "domain.h"
#include "phtrack.h"
#include "task.h"
#include "transition.h"
#include "watch.h"

/* Longest exception-policy line accepted. */
#define PH_POLICY_LINE_MAX 16384

static unsigned int ph_event_queue_len = 8192;
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

static const struct nla_policy ph_watch_policy[PHTRACK_WATCH_MAX_ATTR + 1] = {
	[PHTRACK_WATCH_ID] = { .type = NLA_U32 },
	[PHTRACK_WATCH_PATTERN] = { .type = NLA_NUL_STRING, .len = PH_POLICY_LINE_MAX },
	[PHTRACK_WATCH_OPS] = { .type = NLA_U32 },
};

static const struct nla_policy ph_genl_policy[PHTRACK_A_MAX + 1] = {
	[PHTRACK_A_MODE] = NLA_POLICY_MAX(NLA_U32, PHTRACK_MODE_MAX),
	[PHTRACK_A_DOMAIN_ID] = { .type = NLA_U32 },
	[PHTRACK_A_PID] = { .type = NLA_U32 },
	[PHTRACK_A_POLICY_LINE] = { .type = NLA_NUL_STRING, .len = PH_POLICY_LINE_MAX },
	[PHTRACK_A_WATCH] = NLA_POLICY_NESTED(ph_watch_policy),
};

enum ph_mcgrp {
	PH_MCGRP_EVENTS,
};

static const struct genl_multicast_group ph_mcgrps[] = {
	[PH_MCGRP_EVENTS] = { .name = PHTRACK_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

static struct genl_family ph_genl_family;

/*
 * GENL_ADMIN_PERM only checks CAP_NET_ADMIN; phtrack's requests reveal and
 * change security state, so they need CAP_SYS_ADMIN as well.
 */
static int ph_check_perm(const struct sk_buff *skb)
{
	return netlink_capable(skb, CAP_SYS_ADMIN) ? 0 : -EPERM;
}

static int ph_check_version(struct sk_buff *skb, struct genl_info *info)
{
	atomic64_inc(&ph_stats.requests);
	if (ph_check_perm(skb))
		return -EPERM;
	if (info->genlhdr->version != PHTRACK_GENL_VERSION) {
		NL_SET_ERR_MSG(info->extack, "phtrack protocol version mismatch");
		return -EPROTO;
	}
	return 0;
}

static int ph_put_counters(struct sk_buff *msg)
{
	struct nlattr *nest = nla_nest_start(msg, PHTRACK_A_COUNTERS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, PHTRACK_CTR_EVENTS_EMITTED,
			      atomic64_read(&ph_stats.events_emitted), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_EVENTS_DROPPED,
			      atomic64_read(&ph_stats.events_dropped), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_DOMAINS, ph_domain_count(), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_ACL_ENTRIES, ph_acl_count(), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_MEM_BYTES,
			      atomic_long_read(&ph_stats.mem_bytes), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_REQUESTS,
			      atomic64_read(&ph_stats.requests), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_TASKS, ph_task_count(), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_EXECS,
			      atomic64_read(&ph_stats.execs), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_TRANSITIONS_REFUSED,
			      atomic64_read(&ph_stats.transitions_refused), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_ALLOC_FAILED,
			      atomic64_read(&ph_stats.task_alloc_failed), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_EVENT_SEQ,
			      atomic64_read(&ph_stats.event_seq), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_ACL_QUOTA_HITS,
			      atomic64_read(&ph_stats.acl_quota_hits), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_ACL_MEM_HITS,
			      atomic64_read(&ph_stats.acl_mem_hits), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_ACL_MEM_BYTES, ph_acl_mem(), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_EVENTS_QUEUED, skb_queue_len(&ph_evq),
			      PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_VIOLATIONS,
			      atomic64_read(&ph_stats.violations), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_DENIED,
			      atomic64_read(&ph_stats.denied), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_CAN_DENY, ph_can_deny(), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_WATCH_EVENTS,
			      atomic64_read(&ph_stats.watch_events), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_KNOWN_REPEATS, ph_seen_hits(), PHTRACK_CTR_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int ph_put_limits(struct sk_buff *msg)
{
	struct nlattr *nest = nla_nest_start(msg, PHTRACK_A_LIMITS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, PHTRACK_LIM_MAX_DEPTH, ph_max_depth) ||
	    nla_put_u32(msg, PHTRACK_LIM_MAX_NAME_LEN, ph_max_name_len) ||
	    nla_put_u32(msg, PHTRACK_LIM_MAX_DOMAINS, ph_max_domains) ||
	    nla_put_u32(msg, PHTRACK_LIM_ACL_QUOTA, ph_acl_quota) ||
	    nla_put_u32(msg, PHTRACK_LIM_ACL_MEM_MAX,
			min_t(unsigned long, ph_acl_mem_max, U32_MAX)) ||
	    nla_put_u32(msg, PHTRACK_LIM_EVENT_QUEUE, ph_event_queue_len)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* A domain as a nest of PHTRACK_DOM_* attributes; @brief: id and name only. */
static int ph_put_domain(struct sk_buff *msg, int attrtype, const struct ph_domain *d,
			 bool brief)
{
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
	    (d->target && nla_put_string(msg, PHTRACK_DOM_TARGET, d->target)))
		goto cancel;
done:
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static size_t ph_domain_msg_size(const struct ph_domain *d)
{
	return nla_total_size(0) + 7 * nla_total_size(sizeof(u64)) +
	       nla_total_size(d->name_len + 1) +
	       (d->target ? nla_total_size(strlen(d->target) + 1) : 0);
}

static int ph_cmd_status_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = ph_check_version(skb, info);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ph_genl_family, 0,
				PHTRACK_CMD_STATUS_GET);
	if (!hdr)
		goto too_big;
	if (nla_put_string(msg, PHTRACK_A_MODULE_VERSION, PHTRACK_VERSION) ||
	    nla_put_u32(msg, PHTRACK_A_PROTO_VERSION, PHTRACK_GENL_VERSION) ||
	    nla_put_string(msg, PHTRACK_A_KERNEL_RELEASE, init_utsname()->release) ||
	    nla_put_u32(msg, PHTRACK_A_MODE, ph_mode_get()) ||
	    nla_put_u64_64bit(msg, PHTRACK_A_LOADED_NS, ph_loaded_ns, PHTRACK_A_PAD) ||
	    nla_put_u32(msg, PHTRACK_A_ACTIVE, ph_tasks_active()) ||
	    (ph_boot_trigger && nla_put_string(msg, PHTRACK_A_BOOT_TRIGGER, ph_boot_trigger)) ||
	    ph_put_limits(msg) || ph_put_counters(msg))
		goto too_big;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

too_big:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int ph_cmd_mode_set(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	err = ph_check_version(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, PHTRACK_A_MODE))
		return -EINVAL;
	ph_mode_set(nla_get_u32(info->attrs[PHTRACK_A_MODE]));
	return 0;
}

static int ph_cmd_domain_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genlmsghdr *ghdr = nlmsg_data(cb->nlh);
	u32 next = cb->args[0];
	struct ph_domain *d;
	void *hdr;
	int err = 0;

	if (!next && !cb->args[1]) {
		atomic64_inc(&ph_stats.requests);
		cb->args[1] = 1;
	}
	if (ph_check_perm(cb->skb))
		return -EPERM;
	if (ghdr->version != PHTRACK_GENL_VERSION)
		return -EPROTO;
	rcu_read_lock();
	list_for_each_entry_rcu(d, &ph_domain_list, lnode) {
		if (d->id < next)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &ph_genl_family, NLM_F_MULTI, PHTRACK_CMD_DOMAIN_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (ph_put_domain(skb, PHTRACK_A_DOMAIN, d, false)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		next = d->id + 1;
	}
	rcu_read_unlock();
	cb->args[0] = next;
	/* A full buffer ends this part of the dump; the next call resumes. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ? err : skb->len;
}

static int ph_cmd_pid_domain_get(struct sk_buff *skb, struct genl_info *info)
{
	struct task_struct *t;
	struct ph_domain *d = NULL;
	struct ph_task *rec;
	struct sk_buff *msg;
	u32 pid;
	void *hdr;
	int err;

	err = ph_check_version(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, PHTRACK_A_PID))
		return -EINVAL;
	pid = nla_get_u32(info->attrs[PHTRACK_A_PID]);

	rcu_read_lock();
	t = pid_task(find_vpid(pid), PIDTYPE_PID);
	rec = t ? ph_task_lookup(t) : NULL;
	if (rec)
		d = READ_ONCE(rec->domain);
	rcu_read_unlock();
	if (!d) {
		NL_SET_ERR_MSG(info->extack, "no such process");
		return -ESRCH;
	}

	msg = genlmsg_new(ph_domain_msg_size(d) + nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ph_genl_family, 0, PHTRACK_CMD_PID_DOMAIN_GET);
	if (!hdr || nla_put_u32(msg, PHTRACK_A_PID, pid) ||
	    ph_put_domain(msg, PHTRACK_A_DOMAIN, d, false)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int ph_cmd_policy_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ph_tr_policy fresh;
	struct ph_tr_rule *rule;
	const char *why;
	struct nlattr *a;
	int rem, err;

	err = ph_check_version(skb, info);
	if (err)
		return err;
	ph_tr_policy_init(&fresh);
	nla_for_each_attr(a, genlmsg_data(info->genlhdr), genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != PHTRACK_A_POLICY_LINE)
			continue;
		rule = NULL;
		why = NULL;
		/* The policy checked the NUL terminator; parse without it. */
		err = ph_tr_parse_line(nla_data(a), nla_len(a) - 1, &rule, &why);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, a);
			if (info->extack && why)
				info->extack->_msg = why;
			ph_tr_policy_free(&fresh);
			return err;
		}
		if (rule) {
			*fresh.tail = rule;
			fresh.tail = &rule->next;
			fresh.count++;
		}
	}
	err = ph_transition_set(&fresh);
	ph_tr_policy_free(&fresh);
	return err;
}

static int ph_cmd_policy_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = ph_check_version(skb, info);
	if (err)
		return err;
	msg = genlmsg_new(ph_transition_text_size() + NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ph_genl_family, 0, PHTRACK_CMD_POLICY_GET);
	err = hdr ? ph_transition_put_lines(msg, PHTRACK_A_POLICY_LINE) : -EMSGSIZE;
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
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
	int err = genlmsg_multicast(&ph_genl_family, skb, 0, PH_MCGRP_EVENTS, GFP_KERNEL);

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
 * Start an event message: NULL when nobody listens, ERR_PTR(-ENOMEM) when
 * it cannot be allocated (the event is then counted as dropped).
 */
static struct sk_buff *ph_event_start(size_t payload, u8 cmd, gfp_t gfp, void **hdr)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&ph_genl_family, &init_net, PH_MCGRP_EVENTS))
		return NULL;
	msg = genlmsg_new(payload + 8 * nla_total_size(sizeof(u64)) + TASK_COMM_LEN, gfp);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	*hdr = genlmsg_put(msg, 0, 0, &ph_genl_family, 0, cmd);
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

/* Who and when: put for every event. */
static int ph_put_actor(struct sk_buff *msg, struct task_struct *t)
{
	char comm[TASK_COMM_LEN];

	ph_task_comm(comm, t);
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

/* The sequence attribute, written last-minute by ph_event_commit(). */
static struct nlattr *ph_put_seq(struct sk_buff *msg)
{
	if (nla_put_u64_64bit(msg, PHTRACK_A_SEQ, 0, PHTRACK_A_PAD))
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
			     PHTRACK_CMD_EVENT_EXEC, GFP_KERNEL, &hdr);
	if (IS_ERR(msg)) {
		ph_event_commit(NULL, NULL, NULL, true);
		return;
	}
	if (msg) {
		seq = ph_put_seq(msg);
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

static int ph_put_acl(struct sk_buff *msg, const struct ph_acl_entry *e, u32 perm)
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
	return nla_total_size(0) + 8 * nla_total_size_64bit(sizeof(u64)) + e->size;
}

/**
 * ph_event_learned() - tell listeners that a domain learned something
 * @d: the domain
 * @e: the entry
 * @bits: the permission bits just learned
 *
 * Any context a hook runs in: atomic allocation, queued delivery.
 */
void ph_event_learned(const struct ph_domain *d, const struct ph_acl_entry *e, u32 bits)
{
	struct nlattr *seq = NULL;
	struct sk_buff *msg;
	void *hdr = NULL;

	msg = ph_event_start(ph_acl_msg_size(e), PHTRACK_CMD_EVENT_LEARNED,
			     GFP_ATOMIC | __GFP_NOWARN, &hdr);
	if (IS_ERR(msg)) {
		ph_event_commit(NULL, NULL, NULL, true);
		return;
	}
	if (msg) {
		seq = ph_put_seq(msg);
		if (!seq || ph_put_actor(msg, current) ||
		    nla_put_u32(msg, PHTRACK_A_DOMAIN_ID, d->id) || ph_put_acl(msg, e, bits)) {
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
 * Any context a hook runs in: atomic allocation, queued delivery.
 */
void ph_event_watch(const struct ph_domain *d, const struct ph_acl_key *key, unsigned int op,
		    u32 watch_id, int result)
{
	size_t payload = 7 * nla_total_size(sizeof(u32));
	struct nlattr *seq = NULL;
	struct sk_buff *msg;
	void *hdr = NULL;
	unsigned int i;

	atomic64_inc(&ph_stats.watch_events);
	for (i = 0; i < 2; i++)
		payload += key->str[i] ? nla_total_size(key->len[i] + 1) : 0;
	msg = ph_event_start(payload, PHTRACK_CMD_EVENT_WATCH, GFP_ATOMIC | __GFP_NOWARN, &hdr);
	if (IS_ERR(msg)) {
		ph_event_commit(NULL, NULL, NULL, true);
		return;
	}
	if (msg) {
		seq = ph_put_seq(msg);
		if (!seq || ph_put_actor(msg, current) || ph_put_creds(msg) ||
		    nla_put_u32(msg, PHTRACK_A_DOMAIN_ID, d->id) ||
		    nla_put_u32(msg, PHTRACK_A_WATCH_ID, watch_id) ||
		    nla_put_u32(msg, PHTRACK_A_OP, op) ||
		    nla_put_u32(msg, PHTRACK_A_RESULT, (u32)result) ||
		    (key->str[0] && ph_put_str(msg, PHTRACK_A_PATH, key->str[0], key->len[0])) ||
		    (key->str[1] && ph_put_str(msg, PHTRACK_A_PATH2, key->str[1], key->len[1]))) {
			nlmsg_free(msg);
			ph_event_commit(NULL, NULL, NULL, true);
			return;
		}
	}
	ph_event_commit(msg, hdr, seq, false);
}

static int ph_cmd_acl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genlmsghdr *ghdr = nlmsg_data(cb->nlh);
	u32 next_dom = cb->args[0], skip = cb->args[1], only = 0, idx;
	bool full = false, filter = false;
	struct ph_acl_entry *e;
	struct ph_domain *d;
	struct nlattr *a;
	void *hdr;

	if (!cb->args[2]) {
		atomic64_inc(&ph_stats.requests);
		cb->args[2] = 1;
	}
	if (ph_check_perm(cb->skb))
		return -EPERM;
	if (ghdr->version != PHTRACK_GENL_VERSION)
		return -EPROTO;
	a = nla_find(genlmsg_data(ghdr), nlmsg_len(cb->nlh) - GENL_HDRLEN, PHTRACK_A_DOMAIN_ID);
	if (a && nla_len(a) == sizeof(u32)) {
		only = nla_get_u32(a);
		filter = true;
	}

	rcu_read_lock();
	list_for_each_entry_rcu(d, &ph_domain_list, lnode) {
		if (d->id < next_dom || (filter && d->id != only))
			continue;
		if (d->id != next_dom)
			skip = 0;
		next_dom = d->id;
		idx = 0;
		list_for_each_entry_rcu(e, &d->acl, dnode) {
			if (idx++ < skip)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
					  &ph_genl_family, NLM_F_MULTI, PHTRACK_CMD_ACL_GET);
			if (!hdr) {
				full = true;
				break;
			}
			if (nla_put_u32(skb, PHTRACK_A_DOMAIN_ID, d->id) ||
			    ph_put_acl(skb, e, atomic_read(&e->perm))) {
				genlmsg_cancel(skb, hdr);
				full = true;
				break;
			}
			genlmsg_end(skb, hdr);
			skip = idx;
		}
		if (full)
			break;
		next_dom = d->id + 1;
		skip = 0;
	}
	rcu_read_unlock();
	cb->args[0] = next_dom;
	cb->args[1] = skip;
	if (full && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}

static int ph_watch_attrs(struct genl_info *info, struct nlattr **tb)
{
	if (GENL_REQ_ATTR_CHECK(info, PHTRACK_A_WATCH))
		return -EINVAL;
	return nla_parse_nested(tb, PHTRACK_WATCH_MAX_ATTR, info->attrs[PHTRACK_A_WATCH],
				ph_watch_policy, info->extack);
}

/* Reply with every watch (WATCH_GET) or with the one just added. */
static int ph_watch_reply(struct genl_info *info, u8 cmd, u32 only_id, const char *pattern,
			  u32 ops)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new((only_id ? strlen(pattern) + 64 : ph_watch_msg_size()) + NLMSG_GOODSIZE,
			  GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ph_genl_family, 0, cmd);
	if (!hdr) {
		err = -EMSGSIZE;
	} else if (only_id) {
		nest = nla_nest_start(msg, PHTRACK_A_WATCH);
		err = (!nest || nla_put_u32(msg, PHTRACK_WATCH_ID, only_id) ||
		       nla_put_string(msg, PHTRACK_WATCH_PATTERN, pattern) ||
		       nla_put_u32(msg, PHTRACK_WATCH_OPS, ops)) ? -EMSGSIZE : 0;
		if (!err)
			nla_nest_end(msg, nest);
	} else {
		err = ph_watch_put_all(msg, PHTRACK_A_WATCH);
	}
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int ph_cmd_watch_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PHTRACK_WATCH_MAX_ATTR + 1];
	const char *pattern;
	u32 id, ops;
	int err;

	err = ph_check_version(skb, info);
	if (!err)
		err = ph_watch_attrs(info, tb);
	if (err)
		return err;
	if (!tb[PHTRACK_WATCH_PATTERN] || !tb[PHTRACK_WATCH_OPS]) {
		NL_SET_ERR_MSG(info->extack, "a watch needs a pattern and operations");
		return -EINVAL;
	}
	pattern = nla_data(tb[PHTRACK_WATCH_PATTERN]);
	ops = nla_get_u32(tb[PHTRACK_WATCH_OPS]);
	err = ph_watch_add(pattern, strlen(pattern), ops, &id);
	if (err == -EINVAL)
		NL_SET_ERR_MSG(info->extack,
			       "bad watch: the pattern must be an absolute path in TOMOYO notation and the operations known");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack, "too many watches");
	if (err)
		return err;
	return ph_watch_reply(info, PHTRACK_CMD_WATCH_ADD, id, pattern, ops);
}

static int ph_cmd_watch_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PHTRACK_WATCH_MAX_ATTR + 1];
	const char *pattern;
	int err;

	err = ph_check_version(skb, info);
	if (!err)
		err = ph_watch_attrs(info, tb);
	if (err)
		return err;
	if (tb[PHTRACK_WATCH_PATTERN]) {
		pattern = nla_data(tb[PHTRACK_WATCH_PATTERN]);
		err = ph_watch_del(pattern, strlen(pattern), 0);
	} else if (tb[PHTRACK_WATCH_ID]) {
		err = ph_watch_del(NULL, 0, nla_get_u32(tb[PHTRACK_WATCH_ID]));
	} else {
		NL_SET_ERR_MSG(info->extack, "name the watch by pattern or id");
		return -EINVAL;
	}
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no such watch");
	return err;
}

static int ph_cmd_watch_get(struct sk_buff *skb, struct genl_info *info)
{
	int err = ph_check_version(skb, info);

	return err ? err : ph_watch_reply(info, PHTRACK_CMD_WATCH_GET, 0, NULL, 0);
}

static const struct genl_small_ops ph_genl_ops[] = {
	{
		.cmd = PHTRACK_CMD_STATUS_GET,
		.doit = ph_cmd_status_get,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_MODE_SET,
		.doit = ph_cmd_mode_set,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_DOMAIN_GET,
		.dumpit = ph_cmd_domain_dump,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_PID_DOMAIN_GET,
		.doit = ph_cmd_pid_domain_get,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_POLICY_SET,
		.doit = ph_cmd_policy_set,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_ACL_GET,
		.dumpit = ph_cmd_acl_dump,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_POLICY_GET,
		.doit = ph_cmd_policy_get,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_WATCH_ADD,
		.doit = ph_cmd_watch_add,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_WATCH_DEL,
		.doit = ph_cmd_watch_del,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_WATCH_GET,
		.doit = ph_cmd_watch_get,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family ph_genl_family __ro_after_init = {
	.name = PHTRACK_GENL_NAME,
	.version = PHTRACK_GENL_VERSION,
	.maxattr = PHTRACK_A_MAX,
	.policy = ph_genl_policy,
	.netnsok = false,
	.module = THIS_MODULE,
	.small_ops = ph_genl_ops,
	.n_small_ops = ARRAY_SIZE(ph_genl_ops),
	.mcgrps = ph_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ph_mcgrps),
	.resv_start_op = PHTRACK_CMD_UNSPEC + 1,
};

/**
 * ph_transport_init() - register the generic netlink family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int ph_transport_init(void)
{
	skb_queue_head_init(&ph_evq);
	return genl_register_family(&ph_genl_family);
}

/**
 * ph_transport_exit() - unregister the family; waits for running handlers
 *
 * Called after the hooks are detached, so no new event can be queued.
 */
void ph_transport_exit(void)
{
	cancel_work_sync(&ph_evq_work);
	skb_queue_purge(&ph_evq);
	genl_unregister_family(&ph_genl_family);
}
