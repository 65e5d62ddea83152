// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - generic netlink transport: the "phtrack" family, its request
 * handlers and (later) its event multicast group.  The wire format is
 * specified in uapi/linux/phtrack.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "phtrack.h"

static const struct nla_policy ph_genl_policy[PHTRACK_A_MAX + 1] = {
	[PHTRACK_A_MODE] = NLA_POLICY_MAX(NLA_U32, PHTRACK_MODE_MAX),
};

static struct genl_family ph_genl_family;

static int ph_check_version(struct genl_info *info)
{
	atomic64_inc(&ph_stats.requests);
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
	    nla_put_u64_64bit(msg, PHTRACK_CTR_DOMAINS, 0, PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_ACL_ENTRIES, 0, PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_MEM_BYTES,
			      atomic_long_read(&ph_stats.mem_bytes), PHTRACK_CTR_PAD) ||
	    nla_put_u64_64bit(msg, PHTRACK_CTR_REQUESTS,
			      atomic64_read(&ph_stats.requests), PHTRACK_CTR_PAD)) {
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

	err = ph_check_version(info);
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
	    ph_put_counters(msg))
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

	err = ph_check_version(info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, PHTRACK_A_MODE))
		return -EINVAL;
	ph_mode_set(nla_get_u32(info->attrs[PHTRACK_A_MODE]));
	return 0;
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
	.resv_start_op = PHTRACK_CMD_UNSPEC + 1,
};

/**
 * ph_transport_init() - register the generic netlink family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int ph_transport_init(void)
{
	return genl_register_family(&ph_genl_family);
}

/**
 * ph_transport_exit() - unregister the family; waits for running handlers
 */
void ph_transport_exit(void)
{
	genl_unregister_family(&ph_genl_family);
}
