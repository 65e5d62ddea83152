// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - the audit buffer.  Every audit event (a watch event, or a
 * permissive or enforcing violation event, through the same two calls)
 * takes the next audit sequence number, and a copy of it is held here
 * until the reader acknowledges that its store has it on disk
 * (PHTRACK_CMD_AUDIT_ACK).  A reader that connects asks for every held event
 * after the last one it stored (PHTRACK_CMD_AUDIT_GET) and gets them in
 * order, with every number it cannot have reported as a lost range.
 *
 * The buffer is bounded in bytes (audit_buffer_kb); past it, the oldest
 * unacknowledged events are dropped and counted.  There is one reader: an
 * acknowledgment frees the events it covers for everybody.
 *
 * event.c calls in here; this file calls no other unit but core
 * (kernel/LAYERS).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "audit.h"
#include "phtrack.h"

unsigned int ph_audit_buffer_kb = 4096;
module_param_named(audit_buffer_kb, ph_audit_buffer_kb, uint, 0644);
MODULE_PARM_DESC(audit_buffer_kb,
		 "most KiB of audit events held until phd stored them (16..1048576, default 4096)");

#define PH_AUDIT_MIN_KB 16U
#define PH_AUDIT_MAX_KB (1024U * 1024U)

/**
 * struct ph_audit_rec - one held audit event
 * @node: in ph_audq, in sequence order (oldest first)
 * @seq: its audit sequence number
 * @size: bytes allocated for the record, accounted in ph_audit_bytes and
 *	in ph_stats.mem_bytes
 * @len: bytes of @data
 * @seq_off: where in @data the sequence number's payload is
 * @data: the event, a complete netlink message as multicast
 *
 * Lifetime: allocated by ph_audit_copy() (any context, atomic), then owned
 * by the buffer from ph_audit_hold() until it is acknowledged, dropped at
 * overflow, or freed at module exit.
 * Locking: @node and the buffer's totals under ph_audit_lock; the other
 * members are written once, before the record is held.
 */
struct ph_audit_rec {
	struct list_head node;
	u64 seq;
	u32 size;
	u32 len;
	u32 seq_off;
	u8 data[];
};

/*
 * The buffer.  Taken with interrupts off (hooks may run in any context);
 * event.c takes it nested inside its queue's lock, never the other way.
 */
static DEFINE_SPINLOCK(ph_audit_lock);
static LIST_HEAD(ph_audq);
static size_t ph_audit_bytes;	/* held, bytes */
static u64 ph_audit_count;	/* held, events */
static u64 ph_audit_last;	/* the last number given */
static u64 ph_audit_acked;	/* the highest number acknowledged */

/**
 * ph_audit_limit() - the buffer's bound in bytes
 *
 * Return: audit_buffer_kb, clamped to 16 KiB..1 GiB, in bytes.
 */
size_t ph_audit_limit(void)
{
	return (size_t)clamp(READ_ONCE(ph_audit_buffer_kb), PH_AUDIT_MIN_KB, PH_AUDIT_MAX_KB) *
	       1024;
}

static void ph_audit_free(struct ph_audit_rec *rec)
{
	atomic64_sub(rec->size, &ph_stats.mem_bytes);
	kfree(rec);
}

static void ph_audit_free_list(struct list_head *list)
{
	struct ph_audit_rec *rec, *tmp;

	list_for_each_entry_safe(rec, tmp, list, node)
		ph_audit_free(rec);
}

/* Unlink the oldest held record onto @to; ph_audit_lock held. */
static void ph_audit_unhold_oldest(struct list_head *to)
{
	struct ph_audit_rec *rec = list_first_entry(&ph_audq, struct ph_audit_rec, node);

	list_move_tail(&rec->node, to);
	ph_audit_bytes -= rec->size;
	ph_audit_count--;
}

/* Publish the totals; ph_audit_lock held. */
static void ph_audit_publish(void)
{
	atomic64_set(&ph_stats.audit_seq, ph_audit_last);
	atomic64_set(&ph_stats.audit_acked, ph_audit_acked);
	atomic64_set(&ph_stats.audit_held, ph_audit_count);
	atomic64_set(&ph_stats.audit_held_bytes, ph_audit_bytes);
}

/**
 * ph_audit_copy() - the copy of a finished audit event that the buffer holds
 * @msg: the event, ended (genlmsg_end())
 * @seq_attr: its %PHTRACK_A_AUDIT_SEQ attribute, filled in by ph_audit_hold()
 *
 * Any context: one atomic allocation, no lock taken.
 *
 * Return: the copy, or NULL when it cannot be allocated or is larger than
 * the whole buffer (ph_audit_hold() then counts the event as dropped).
 */
struct ph_audit_rec *ph_audit_copy(const struct sk_buff *msg, const struct nlattr *seq_attr)
{
	struct ph_audit_rec *rec;
	size_t size = kmalloc_size_roundup(struct_size(rec, data, msg->len));

	if (size > ph_audit_limit())
		return NULL;
	rec = kmalloc(size, GFP_ATOMIC | __GFP_NOWARN);
	if (!rec)
		return NULL;
	atomic64_add(size, &ph_stats.mem_bytes);
	rec->size = size;
	rec->len = msg->len;
	rec->seq_off = (const u8 *)nla_data(seq_attr) - msg->data;
	memcpy(rec->data, msg->data, msg->len);
	return rec;
}

/**
 * ph_audit_hold() - number an audit event and hold its copy
 * @rec: from ph_audit_copy(), or NULL when the event or its copy could not
 *	be built (it is counted as dropped; its number stays a gap)
 * @msg: the event to number as well (the live copy), or NULL
 * @seq_attr: @msg's %PHTRACK_A_AUDIT_SEQ attribute, when @msg is given
 *
 * Any context; no allocation.  Drops the oldest held events while the
 * buffer would exceed its bound.
 *
 * Return: the number given.
 */
u64 ph_audit_hold(struct ph_audit_rec *rec, struct sk_buff *msg, struct nlattr *seq_attr)
{
	size_t limit = ph_audit_limit();
	LIST_HEAD(dropped);
	unsigned long flags;
	u64 seq;

	spin_lock_irqsave(&ph_audit_lock, flags);
	seq = ++ph_audit_last;
	if (msg)
		memcpy(nla_data(seq_attr), &seq, sizeof(seq));
	if (rec) {
		rec->seq = seq;
		memcpy(rec->data + rec->seq_off, &seq, sizeof(seq));
		while (ph_audit_bytes + rec->size > limit && !list_empty(&ph_audq)) {
			ph_audit_unhold_oldest(&dropped);
			atomic64_inc(&ph_stats.audit_dropped);
		}
		list_add_tail(&rec->node, &ph_audq);
		ph_audit_bytes += rec->size;
		ph_audit_count++;
	} else {
		atomic64_inc(&ph_stats.audit_dropped);
	}
	ph_audit_publish();
	spin_unlock_irqrestore(&ph_audit_lock, flags);
	ph_audit_free_list(&dropped);
	return seq;
}

/**
 * ph_audit_ack() - the reader has stored every audit event up to @seq
 * @seq: the last audit sequence number it committed
 *
 * Frees the held events numbered up to @seq.  Sleepable or atomic context.
 */
void ph_audit_ack(u64 seq)
{
	LIST_HEAD(done);
	unsigned long flags;

	spin_lock_irqsave(&ph_audit_lock, flags);
	seq = min(seq, ph_audit_last);
	ph_audit_acked = max(ph_audit_acked, seq);
	while (!list_empty(&ph_audq) &&
	       list_first_entry(&ph_audq, struct ph_audit_rec, node)->seq <= seq)
		ph_audit_unhold_oldest(&done);
	ph_audit_publish();
	spin_unlock_irqrestore(&ph_audit_lock, flags);
	ph_audit_free_list(&done);
}

/* One %PHTRACK_CMD_AUDIT_LOST message; ph_audit_lock held (no allocation). */
static int ph_audit_put_lost(struct sk_buff *skb, struct netlink_callback *cb,
			     const struct genl_family *family, u64 first, u64 last, u32 reason)
{
	void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq, family,
				NLM_F_MULTI, PHTRACK_CMD_AUDIT_LOST);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, PHTRACK_A_LOST_FIRST, first, PHTRACK_A_PAD) ||
	    nla_put_u64_64bit(skb, PHTRACK_A_LOST_LAST, last, PHTRACK_A_PAD) ||
	    nla_put_u32(skb, PHTRACK_A_LOST_REASON, reason)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Report the numbers from *@next to @last, none of them held, as lost: those
 * up to the acknowledged point were freed by an acknowledgment, the rest
 * were dropped.  Advances *@next past what was reported.  ph_audit_lock held.
 */
static int ph_audit_put_hole(struct sk_buff *skb, struct netlink_callback *cb,
			     const struct genl_family *family, u64 *next, u64 last)
{
	while (*next <= last) {
		bool acked = *next <= ph_audit_acked;
		u64 end = acked ? min(last, ph_audit_acked) : last;
		u32 why = acked ? PHTRACK_AUDIT_LOSS_ACKED : PHTRACK_AUDIT_LOSS_DROPPED;

		if (ph_audit_put_lost(skb, cb, family, *next, end, why))
			return -EMSGSIZE;
		*next = end + 1;
	}
	return 0;
}

/**
 * ph_audit_dump() - the dump of %PHTRACK_CMD_AUDIT_GET
 * @skb: the dump's buffer
 * @cb: the dump's state: args[0] the next number to report, args[1] the
 *	last number of this dump (fixed at its start, so a dump ends even
 *	while events keep coming), args[2] set once started
 * @family: the phtrack family
 *
 * Every held event after the request's %PHTRACK_A_AUDIT_SEQ (0 when absent)
 * is copied as it was multicast, in order; every number in between that is
 * not held is reported in %PHTRACK_CMD_AUDIT_LOST messages.
 *
 * Return: bytes put (0 ends the dump) or a negative errno.
 */
int ph_audit_dump(struct sk_buff *skb, struct netlink_callback *cb,
		  const struct genl_family *family)
{
	const struct genlmsghdr *ghdr = nlmsg_data(cb->nlh);
	struct ph_audit_rec *rec;
	unsigned long flags;
	struct nlmsghdr *nlh;
	bool full = false;
	u64 next, end;

	if (!cb->args[2]) {
		struct nlattr *a = nla_find(genlmsg_data(ghdr), nlmsg_len(cb->nlh) - GENL_HDRLEN,
					    PHTRACK_A_AUDIT_SEQ);
		u64 after = 0;

		if (a) {
			if (nla_len(a) != sizeof(u64))
				return -EINVAL;
			after = nla_get_u64(a);
		}
		if (after == U64_MAX)
			return -EINVAL;
		spin_lock_irqsave(&ph_audit_lock, flags);
		cb->args[1] = ph_audit_last;
		spin_unlock_irqrestore(&ph_audit_lock, flags);
		cb->args[0] = after + 1;
		cb->args[2] = 1;
	}
	next = cb->args[0];
	end = cb->args[1];

	spin_lock_irqsave(&ph_audit_lock, flags);
	list_for_each_entry(rec, &ph_audq, node) {
		if (rec->seq < next)
			continue;
		if (rec->seq > end)
			break;
		if (rec->seq > next && ph_audit_put_hole(skb, cb, family, &next, rec->seq - 1)) {
			full = true;
			break;
		}
		if (skb_tailroom(skb) < NLMSG_ALIGN(rec->len)) {
			/* Too big even for an empty buffer: it can never be sent. */
			if (!skb->len &&
			    !ph_audit_put_lost(skb, cb, family, rec->seq, rec->seq,
					       PHTRACK_AUDIT_LOSS_TOO_BIG)) {
				next = rec->seq + 1;
				continue;
			}
			full = true;
			break;
		}
		nlh = skb_put_zero(skb, NLMSG_ALIGN(rec->len));
		memcpy(nlh, rec->data, rec->len);
		nlh->nlmsg_pid = NETLINK_CB(cb->skb).portid;
		nlh->nlmsg_seq = cb->nlh->nlmsg_seq;
		nlh->nlmsg_flags = NLM_F_MULTI;
		next = rec->seq + 1;
	}
	if (!full && next <= end)
		ph_audit_put_hole(skb, cb, family, &next, end);
	spin_unlock_irqrestore(&ph_audit_lock, flags);
	cb->args[0] = next;
	return skb->len;
}

/**
 * ph_audit_exit() - free every held event
 *
 * Called at module exit, after the hooks are detached and before the family
 * is unregistered.
 */
void ph_audit_exit(void)
{
	LIST_HEAD(all);
	unsigned long flags;

	spin_lock_irqsave(&ph_audit_lock, flags);
	while (!list_empty(&ph_audq))
		ph_audit_unhold_oldest(&all);
	ph_audit_publish();
	spin_unlock_irqrestore(&ph_audit_lock, flags);
	ph_audit_free_list(&all);
}
