// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - generic netlink requests: the "phtrack" family and its request
 * handlers.  They read and change the state modules (domains, learned
 * entries, tasks, transition rules, watches, the mode); no state module
 * calls in here (kernel/LAYERS).  The events go out on the same family from
 * event.c.  The wire format is specified in uapi/linux/phtrack.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/pid.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "acl.h"
#include "audit.h"
#include "domain.h"
#include "event.h"
#include "genl.h"
#include "manager.h"
#include "name.h"
#include "phtrack.h"
#include "policy.h"
#include "record.h"
#include "task.h"
#include "transition.h"
#include "watch.h"

/* Longest exception-policy line accepted. */
#define PH_POLICY_LINE_MAX 16384

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
	[PHTRACK_A_SUBTREE] = { .type = NLA_FLAG },
	[PHTRACK_A_AUDIT_SEQ] = { .type = NLA_U64 },
	[PHTRACK_A_POLICY_FILE] = NLA_POLICY_RANGE(NLA_U32, PHTRACK_POLICY_FILE_EXCEPTION,
						   PHTRACK_POLICY_FILE_DOMAIN),
	[PHTRACK_A_POLICY_KEEP] = { .type = NLA_U32 },
	[PHTRACK_A_MANAGER] = { .type = NLA_NUL_STRING, .len = PH_POLICY_LINE_MAX },
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

/*
 * The requester's domain.  A handler is preemptible, and the record is found
 * through a per-CPU hint, so preemption is off while it is looked up; the
 * domain stays valid (domains live as long as the module).
 */
static struct ph_domain *ph_genl_domain(void)
{
	struct ph_domain *d;

	preempt_disable();
	d = ph_current_domain();
	preempt_enable();
	return d;
}

/* A request that changes modes or policy: only from a manager (manager.c). */
static int ph_check_manager(struct sk_buff *skb, struct genl_info *info)
{
	int err = ph_check_version(skb, info);

	if (err)
		return err;
	err = ph_manager_request(ph_genl_domain(), info->genlhdr->cmd);
	if (err)
		NL_SET_ERR_MSG(info->extack, "not a phtrack manager (see ph manager list)");
	return err;
}

/*
 * The counters nest, expanded from the list (uapi/linux/phtrack_counters.h):
 * a counter added there is reported without a change here
 * (docs/architecture.md).
 */
static int ph_put_counters(struct sk_buff *msg)
{
	static const u16 types[] = {
#define PHTRACK_COUNTER(NAME, key, label) PHTRACK_CTR_##NAME,
#include "uapi/linux/phtrack_counters.h"
#undef PHTRACK_COUNTER
	};
	const u64 values[] = {
#define PHTRACK_COUNTER(NAME, key, label) ph_stat_read(key),
#include "uapi/linux/phtrack_counters.h"
#undef PHTRACK_COUNTER
	};
	struct nlattr *nest = nla_nest_start(msg, PHTRACK_A_COUNTERS);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		if (nla_put_u64_64bit(msg, types[i], values[i], PHTRACK_CTR_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
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
	    nla_put_u32(msg, PHTRACK_LIM_EVENT_QUEUE, ph_event_queue_len) ||
	    nla_put_u32(msg, PHTRACK_LIM_AUDIT_BUFFER, ph_audit_limit())) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
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

	err = ph_check_manager(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, PHTRACK_A_MODE))
		return -EINVAL;
	ph_mode_set(nla_get_u32(info->attrs[PHTRACK_A_MODE]));
	return 0;
}

/*
 * The largest domain message: a name of max_name_len bytes and a target
 * (a program's escaped path, at most a name buffer's).  A dump is given a
 * buffer that holds it (netlink allocates at least min_dump_alloc), so no
 * single domain ever ends the dump with EMSGSIZE, whatever the limits are.
 */
static int ph_cmd_domain_dump_start(struct netlink_callback *cb)
{
	cb->min_dump_alloc = NLMSG_HDRLEN + GENL_HDRLEN + nla_total_size(0) +
			     9 * nla_total_size_64bit(sizeof(u64)) +
			     nla_total_size(READ_ONCE(ph_max_name_len) + 1) +
			     nla_total_size(PH_NAME_ESC_LEN);
	return 0;
}

/* Per-domain modes: PHTRACK_CMD_DOMAIN_MODE_SET. */
static int ph_cmd_domain_mode_set(struct sk_buff *skb, struct genl_info *info)
{
	int mode = PH_MODE_DEFAULT;
	struct ph_domain *d;
	struct sk_buff *msg;
	unsigned int n;
	void *hdr;
	int err;

	err = ph_check_manager(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, PHTRACK_A_DOMAIN_ID))
		return -EINVAL;
	if (info->attrs[PHTRACK_A_MODE])
		mode = nla_get_u32(info->attrs[PHTRACK_A_MODE]);
	rcu_read_lock();
	d = ph_domain_find_id(nla_get_u32(info->attrs[PHTRACK_A_DOMAIN_ID]));
	rcu_read_unlock();
	if (!d) {
		NL_SET_ERR_MSG(info->extack, "no such domain");
		return -ENOENT;
	}
	msg = genlmsg_new(nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	n = ph_domain_mode_set(d, mode, nla_get_flag(info->attrs[PHTRACK_A_SUBTREE]));
	hdr = genlmsg_put_reply(msg, info, &ph_genl_family, 0, PHTRACK_CMD_DOMAIN_MODE_SET);
	if (!hdr || nla_put_u32(msg, PHTRACK_A_DOMAIN_COUNT, n)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
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

	err = ph_check_manager(skb, info);
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
 * The largest ACL dump message: the headers, the domain id, the entry's
 * nest, its three u32 and three u64, and its strings at their longest (a
 * share of %PH_ACL_STR_BUDGET each, with the cut mark, a NUL and the
 * attribute's header and padding).  A dump buffer is never smaller than
 * NLMSG_GOODSIZE, so every entry fits one.
 */
#define PH_ACL_MSG_MAX \
	(NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + 4 * NLA_ALIGN(NLA_HDRLEN + sizeof(u32)) + \
	 3 * (NLA_HDRLEN + NLA_ALIGN(NLA_HDRLEN + sizeof(u64))) + PH_ACL_STR_BUDGET + \
	 PH_ACL_STRS * (NLA_HDRLEN + PH_ACL_CUT_MARK_LEN + 1 + NLA_ALIGNTO))

static int ph_cmd_acl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genlmsghdr *ghdr = nlmsg_data(cb->nlh);
	u32 next_dom = cb->args[0], skip = cb->args[1], only = 0, idx;
	bool full = false, filter = false;
	struct ph_acl_entry *e;
	struct ph_domain *d;
	struct nlattr *a;
	void *hdr;

	/* With room to spare. */
	BUILD_BUG_ON(PH_ACL_MSG_MAX + 512 > NLMSG_GOODSIZE);
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
				/*
				 * Not even alone: impossible by the limits
				 * (acl.h, checked below), but one entry must
				 * never end every dump; it is left out.
				 */
				if (!skb->len) {
					WARN_ONCE(1, "an entry of %zu bytes fits no dump message\n",
						  ph_acl_entry_size(e));
					skip = idx;
					continue;
				}
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

static int ph_cmd_manager_set(struct sk_buff *skb, struct genl_info *info)
{
	int err = ph_check_manager(skb, info);

	return err ? err : ph_manager_set(info);
}

static int ph_cmd_manager_get(struct sk_buff *skb, struct genl_info *info)
{
	int err = ph_check_version(skb, info);

	return err ? err : ph_manager_reply(info, &ph_genl_family, ph_genl_domain());
}

/* The audit events held after the reader's last stored one (audit.c). */
static int ph_cmd_audit_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genlmsghdr *ghdr = nlmsg_data(cb->nlh);

	if (!cb->args[3]) {
		atomic64_inc(&ph_stats.requests);
		cb->args[3] = 1;
	}
	if (ph_check_perm(cb->skb))
		return -EPERM;
	if (ghdr->version != PHTRACK_GENL_VERSION)
		return -EPROTO;
	return ph_audit_dump(skb, cb, &ph_genl_family);
}

static int ph_cmd_audit_ack(struct sk_buff *skb, struct genl_info *info)
{
	int err = ph_check_version(skb, info);

	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, PHTRACK_A_AUDIT_SEQ))
		return -EINVAL;
	ph_audit_ack(nla_get_u64(info->attrs[PHTRACK_A_AUDIT_SEQ]));
	return 0;
}

/* A new mark epoch (acl.c); the reply says which, and when it started. */
static int ph_cmd_mark(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	u64 time_ns;
	void *hdr;
	u32 epoch;
	int err;

	err = ph_check_version(skb, info);
	if (err)
		return err;
	msg = genlmsg_new(2 * nla_total_size_64bit(sizeof(u64)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ph_genl_family, 0, PHTRACK_CMD_MARK);
	epoch = ph_acl_mark(&time_ns);
	if (!hdr || nla_put_u32(msg, PHTRACK_A_MARK_EPOCH, epoch) ||
	    nla_put_u64_64bit(msg, PHTRACK_A_TIME_NS, time_ns, PHTRACK_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Policy load (policy.c): a transaction over several requests, each from a
 * manager (manager.c).
 */
static int ph_cmd_load_begin(struct sk_buff *skb, struct genl_info *info)
{
	int err = ph_check_manager(skb, info);

	if (err)
		return err;
	return ph_policy_begin(info->snd_portid, info->attrs[PHTRACK_A_POLICY_KEEP] ?
				nla_get_u32(info->attrs[PHTRACK_A_POLICY_KEEP]) : 0);
}

static int ph_cmd_load_lines(struct sk_buff *skb, struct genl_info *info)
{
	int err = ph_check_manager(skb, info);

	if (err)
		return err;
	return ph_policy_lines(info->snd_portid, genlmsg_data(info->genlhdr),
			       genlmsg_len(info->genlhdr), info->extack);
}

static int ph_cmd_load_commit(struct sk_buff *skb, struct genl_info *info)
{
	u32 domains = 0, rules = 0;
	struct ph_acl_gone gone;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = ph_check_manager(skb, info);
	if (err)
		return err;
	ph_acl_gone_init(&gone);
	err = ph_policy_commit(info->snd_portid, &domains, &rules, &gone.ops, info->extack);
	ph_acl_gone_free(&gone);	/* the learned entries its delete lines took */
	if (err)
		return err;
	/*
	 * The domains it named get their programs' files, for the exec check;
	 * before the boot trigger (in the initramfs) that waits for the
	 * trigger's exec (exec.c), when the real root is there.
	 */
	if (ph_tasks_active())
		ph_domains_resolve_targets();
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ph_genl_family, 0, PHTRACK_CMD_LOAD_COMMIT);
	if (!hdr || nla_put_u32(msg, PHTRACK_A_DOMAIN_COUNT, domains) ||
	    nla_put_u32(msg, PHTRACK_A_POLICY_RULES, rules)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int ph_cmd_load_abort(struct sk_buff *skb, struct genl_info *info)
{
	int err = ph_check_manager(skb, info);

	if (err)
		return err;
	return ph_policy_abort(info->snd_portid);
}

static void *ph_loaded_put_hdr(struct sk_buff *skb, struct netlink_callback *cb)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq, &ph_genl_family,
			   NLM_F_MULTI, PHTRACK_CMD_LOADED_GET);
}

static int ph_cmd_loaded_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	if (!cb->args[2]) {
		atomic64_inc(&ph_stats.requests);
		cb->args[2] = 1;
	}
	if (ph_check_perm(cb->skb))
		return -EPERM;
	return ph_policy_dump(skb, cb, ph_loaded_put_hdr);
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
	/* Per-domain modes. */
	{
		.cmd = PHTRACK_CMD_DOMAIN_MODE_SET,
		.doit = ph_cmd_domain_mode_set,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_AUDIT_GET,
		.dumpit = ph_cmd_audit_dump,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_AUDIT_ACK,
		.doit = ph_cmd_audit_ack,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_MARK,
		.doit = ph_cmd_mark,
		.flags = GENL_ADMIN_PERM,
	},
	/* Policy load. */
	{
		.cmd = PHTRACK_CMD_LOAD_BEGIN,
		.doit = ph_cmd_load_begin,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_LOAD_LINES,
		.doit = ph_cmd_load_lines,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_LOAD_COMMIT,
		.doit = ph_cmd_load_commit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_LOAD_ABORT,
		.doit = ph_cmd_load_abort,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_LOADED_GET,
		.dumpit = ph_cmd_loaded_dump,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_MANAGER_SET,
		.doit = ph_cmd_manager_set,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PHTRACK_CMD_MANAGER_GET,
		.doit = ph_cmd_manager_get,
		.flags = GENL_ADMIN_PERM,
	},
};

/* The commands that need more than a small op: a dump with a start. */
static const struct genl_ops ph_genl_big_ops[] = {
	{
		.cmd = PHTRACK_CMD_DOMAIN_GET,
		.start = ph_cmd_domain_dump_start,
		.dumpit = ph_cmd_domain_dump,
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
	.ops = ph_genl_big_ops,
	.n_ops = ARRAY_SIZE(ph_genl_big_ops),
	.small_ops = ph_genl_ops,
	.n_small_ops = ARRAY_SIZE(ph_genl_ops),
	.mcgrps = ph_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ph_mcgrps),
	.resv_start_op = PHTRACK_CMD_UNSPEC + 1,
};

/**
 * ph_genl_init() - start the event queue, register the generic netlink family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int ph_genl_init(void)
{
	ph_events_init(&ph_genl_family);
	return genl_register_family(&ph_genl_family);
}

/**
 * ph_genl_exit() - stop the event queue, unregister the family; waits for
 *	running handlers
 *
 * Called after the hooks are detached, so no new event can be queued.
 */
void ph_genl_exit(void)
{
	ph_events_exit();
	genl_unregister_family(&ph_genl_family);
}
