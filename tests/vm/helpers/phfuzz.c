// SPDX-License-Identifier: GPL-2.0
/*
 * phfuzz: send random and mutated messages to the phtrack generic netlink
 * family, and count what the module accepted.
 *
 *   phfuzz N SEED     N messages; prints one summary line:
 *                     "phfuzz: sent S replies R ok K errors E join J"
 *
 * Messages are built from templates of every command (valid attributes,
 * nests, dumps) and then mutated: random attribute types, lengths and
 * payloads, flipped bytes, truncated or overlong netlink and genetlink
 * headers, wrong versions, random flags, and dumps that are started and
 * abandoned by closing the socket after the first reply.  "ok" counts the
 * requests the module served: an ack with error 0 of a request to the
 * family, or a reply or dump message of the family (netlink itself acks a
 * message without NLM_F_REQUEST with 0, never handing it to the family).  Messages of other types
 * go only to netlink itself and to nlctrl, never to another family.  "join" is 1 when joining the events group
 * succeeded.  An unprivileged caller (or root in a user namespace) must see
 * ok 0 and join 0.
 *
 * Run as root, the fuzzer never sets a mode other than learning or disabled,
 * so the guest keeps running; at the end it restores learning mode and an
 * empty exception policy.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../../kernel/uapi/linux/phtrack.h"

#define BUF 65536

static uint64_t rng;
static unsigned char out[BUF], in[BUF];
static unsigned long sent, replies, ok, errors;
static uint16_t fam_id;
static uint32_t grp_id;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("phfuzz: netlink socket");
		exit(1);
	}
	return fd;
}

/* Append an attribute at @off; returns the new offset (aligned). */
static size_t put_attr(unsigned char *b, size_t off, uint16_t type, const void *data,
		       size_t len)
{
	struct nlattr *a = (struct nlattr *)(b + off);

	if (off + NLA_HDRLEN + NLA_ALIGN(len) > BUF)
		return off;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (data)
		memcpy(b + off + NLA_HDRLEN, data, len);
	else
		memset(b + off + NLA_HDRLEN, 0, len);
	memset(b + off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	return off + NLA_HDRLEN + NLA_ALIGN(len);
}

static size_t put_u32(unsigned char *b, size_t off, uint16_t type, uint32_t v)
{
	return put_attr(b, off, type, &v, sizeof(v));
}

static size_t put_str(unsigned char *b, size_t off, uint16_t type, const char *s)
{
	return put_attr(b, off, type, s, strlen(s) + 1);
}

/* Random bytes, sometimes printable, sometimes NUL-terminated. */
static size_t put_random(unsigned char *b, size_t off, uint16_t type)
{
	unsigned char tmp[512];
	size_t len = below(4) ? below(64) : below(sizeof(tmp));
	size_t i;

	for (i = 0; i < len; i++)
		tmp[i] = below(3) ? (unsigned char)(' ' + below(95)) : (unsigned char)rnd();
	if (len && below(2))
		tmp[len - 1] = 0;
	return put_attr(b, off, type, tmp, len);
}

static const char *const lines[] = {
	"initialize_domain /usr/sbin/sshd from any",
	"keep_domain any from <kernel> /sbin/init",
	"no_reset_domain /bin/sh",
	"reset_domain \\*",
	"initialize_domain /fuzz\\$ from <kernel>",
	"bogus line",
	"",
};

static const char *const patterns[] = {
	"/etc/phfuzz", "/tmp/\\*", "/etc/", "\\{", "/a\\@b", "relative", "",
};

/* Valid attributes of @cmd at @off: the template the mutations start from. */
static size_t put_template(unsigned char *b, size_t off, uint8_t cmd)
{
	size_t nest;
	uint32_t mode;
	int i, n;

	switch (cmd) {
	case PHTRACK_CMD_MODE_SET:
		mode = below(2) ? PHTRACK_MODE_LEARNING : (below(2) ? PHTRACK_MODE_DISABLED : rnd());
		return put_u32(b, off, PHTRACK_A_MODE, mode);
	case PHTRACK_CMD_PID_DOMAIN_GET:
		return put_u32(b, off, PHTRACK_A_PID, below(3) ? 1 + below(300) : rnd());
	case PHTRACK_CMD_ACL_GET:
		return below(2) ? put_u32(b, off, PHTRACK_A_DOMAIN_ID, below(40)) : off;
	case PHTRACK_CMD_DOMAIN_MODE_SET:
		off = put_u32(b, off, PHTRACK_A_DOMAIN_ID, below(3) ? below(40) : rnd());
		if (below(2))
			off = put_u32(b, off, PHTRACK_A_MODE,
				      below(2) ? PHTRACK_MODE_LEARNING : PHTRACK_MODE_DISABLED);
		if (below(2))
			off = put_attr(b, off, PHTRACK_A_SUBTREE, NULL, 0);
		return off;
	case PHTRACK_CMD_POLICY_SET:
		n = (int)below(5);
		for (i = 0; i < n; i++)
			off = below(4) ? put_str(b, off, PHTRACK_A_POLICY_LINE,
						 lines[below(sizeof(lines) / sizeof(*lines))]) :
					 put_random(b, off, PHTRACK_A_POLICY_LINE);
		return off;
	case PHTRACK_CMD_WATCH_ADD:
	case PHTRACK_CMD_WATCH_DEL:
		nest = off;
		off = put_attr(b, off, PHTRACK_A_WATCH | NLA_F_NESTED, NULL, 0);
		if (below(2))
			off = put_str(b, off, PHTRACK_WATCH_PATTERN,
				      patterns[below(sizeof(patterns) / sizeof(*patterns))]);
		else
			off = put_random(b, off, (uint16_t)below(8));
		if (below(2))
			off = put_u32(b, off, (uint16_t)below(8), rnd());
		((struct nlattr *)(b + nest))->nla_len = (uint16_t)(off - nest);
		return off;
	default:
		return off;
	}
}

/* Never leave the guest, or a domain, in permissive or enforcing mode. */
static int sets_strict_mode(const unsigned char *b, size_t len)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;

	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const void *)(b + off);
		uint32_t v;

		if (a->nla_len < NLA_HDRLEN)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == PHTRACK_A_MODE && a->nla_len >= NLA_HDRLEN + 4 &&
		    off + NLA_HDRLEN + 4 <= len) {
			memcpy(&v, b + off + NLA_HDRLEN, 4);
			if (v != PHTRACK_MODE_LEARNING && v != PHTRACK_MODE_DISABLED)
				return 1;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

static size_t build(uint8_t *cmd_out, int *dump)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)out;
	struct genlmsghdr *g = (struct genlmsghdr *)(out + NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN, len, i;
	uint8_t cmd = (uint8_t)(below(8) ? 1 + below(PHTRACK_CMD_MAX) : rnd());
	int n, k;

	memset(out, 0, off);
	off = put_template(out, off, cmd);
	n = (int)below(4);
	for (k = 0; k < n; k++) {
		uint16_t t = (uint16_t)(below(4) ? below(PHTRACK_A_MAX + 3) : rnd());

		if (below(3) == 0)
			t |= NLA_F_NESTED;
		off = put_random(out, off, t);
	}
	len = off;
	/* Other types: netlink's own and nlctrl's, never another family. */
	nlh->nlmsg_type = below(16) ? fam_id : (below(2) ? GENL_ID_CTRL : (uint16_t)below(4));
	nlh->nlmsg_flags = NLM_F_REQUEST | (below(2) ? NLM_F_ACK : 0);
	*dump = cmd == PHTRACK_CMD_DOMAIN_GET || cmd == PHTRACK_CMD_ACL_GET || below(8) == 0;
	if (*dump)
		nlh->nlmsg_flags |= NLM_F_DUMP;
	if (below(16) == 0)
		nlh->nlmsg_flags = (uint16_t)rnd();
	nlh->nlmsg_seq = (uint32_t)sent;
	g->cmd = cmd;
	g->version = below(8) ? PHTRACK_GENL_VERSION : (uint8_t)rnd();
	/* Mutations of the finished message. */
	switch (below(8)) {
	case 0:	/* flip bytes */
		for (i = 0, n = 1 + (int)below(8); i < (size_t)n; i++)
			out[below((uint32_t)len)] ^= (unsigned char)(1 + below(255));
		break;
	case 1:	/* truncate */
		len = below((uint32_t)len + 1);
		break;
	case 2:	/* a lying length */
		nlh->nlmsg_len = (uint32_t)(below(2) ? below((uint32_t)len + 1) : len + below(64));
		break;
	default:
		break;
	}
	if (len >= sizeof(*nlh) && (nlh->nlmsg_len == 0 || below(8) != 2))
		nlh->nlmsg_len = (uint32_t)len;
	*cmd_out = cmd;
	return len;
}

/* Read what arrived; count served requests.  Blocks for at most one reply
 * when @wait is set (a request that asked for an ack gets one).
 */
static void drain(int fd, int wait, int abandon)
{
	for (;;) {
		ssize_t r = recv(fd, in, sizeof(in), wait ? 0 : MSG_DONTWAIT);
		struct nlmsghdr *h;
		size_t left;

		if (r <= 0)
			return;
		wait = 0;
		left = (size_t)r;
		for (h = (struct nlmsghdr *)in; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			replies++;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) && e->error == 0 &&
				    e->msg.nlmsg_type == fam_id &&
				    (e->msg.nlmsg_flags & NLM_F_REQUEST)) {
					ok++;
					if (getenv("PHFUZZ_VERBOSE"))
						fprintf(stderr, "ack: flags %#x cmd %u len %u\n",
							e->msg.nlmsg_flags,
							((struct genlmsghdr *)NLMSG_DATA(&e->msg))->cmd,
							e->msg.nlmsg_len);
				}
				else
					errors++;
			} else if (h->nlmsg_type == NLMSG_DONE) {
				continue;
			} else if (h->nlmsg_type == fam_id) {
				ok++;
				if (getenv("PHFUZZ_VERBOSE"))
					fprintf(stderr, "reply: cmd %u\n",
						((struct genlmsghdr *)NLMSG_DATA(h))->cmd);
			}
		}
		if (abandon)
			return;
	}
}

static int resolve_family(void)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)out;
	struct genlmsghdr *g = (struct genlmsghdr *)(out + NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	int fd = nl_open();
	ssize_t r;

	memset(out, 0, off);
	off = put_str(out, off, CTRL_ATTR_FAMILY_NAME, PHTRACK_GENL_NAME);
	nlh->nlmsg_len = (uint32_t)off;
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	if (send(fd, out, off, 0) < 0)
		return -1;
	r = recv(fd, in, sizeof(in), 0);
	close(fd);
	if (r < (ssize_t)(NLMSG_HDRLEN + GENL_HDRLEN) ||
	    ((struct nlmsghdr *)in)->nlmsg_type == NLMSG_ERROR)
		return -1;
	for (off = NLMSG_HDRLEN + GENL_HDRLEN; off + NLA_HDRLEN <= (size_t)r;) {
		struct nlattr *a = (struct nlattr *)(in + off);

		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			memcpy(&fam_id, in + off + NLA_HDRLEN, 2);
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GROUPS) {
			/* The first group's first CTRL_ATTR_MCAST_GRP_ID. */
			size_t g_off = off + NLA_HDRLEN + NLA_HDRLEN, end = off + a->nla_len;

			while (g_off + NLA_HDRLEN <= end) {
				struct nlattr *ga = (struct nlattr *)(in + g_off);

				if (ga->nla_len < NLA_HDRLEN)
					break;
				if (ga->nla_type == CTRL_ATTR_MCAST_GRP_ID)
					memcpy(&grp_id, in + g_off + NLA_HDRLEN, 4);
				g_off += NLA_ALIGN(ga->nla_len);
			}
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return fam_id ? 0 : -1;
}

/* One well-formed request with at most one u32 attribute; waits for the ack. */
static void request(int fd, uint8_t cmd, uint16_t type, uint32_t v)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)out;
	struct genlmsghdr *g = (struct genlmsghdr *)(out + NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;

	memset(out, 0, off);
	if (type)
		off = put_u32(out, off, type, v);
	nlh->nlmsg_len = (uint32_t)off;
	nlh->nlmsg_type = fam_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g->cmd = cmd;
	g->version = PHTRACK_GENL_VERSION;
	if (send(fd, out, off, 0) >= 0)
		recv(fd, in, sizeof(in), 0);
}

/* Every domain back to the default mode: <kernel> (id 0) and its subtree. */
static void restore_domain_modes(int fd)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)out;
	struct genlmsghdr *g = (struct genlmsghdr *)(out + NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;

	memset(out, 0, off);
	off = put_u32(out, off, PHTRACK_A_DOMAIN_ID, 0);
	off = put_attr(out, off, PHTRACK_A_SUBTREE, NULL, 0);
	nlh->nlmsg_len = (uint32_t)off;
	nlh->nlmsg_type = fam_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g->cmd = PHTRACK_CMD_DOMAIN_MODE_SET;
	g->version = PHTRACK_GENL_VERSION;
	if (send(fd, out, off, 0) >= 0)
		recv(fd, in, sizeof(in), 0);
}

/* Root's fuzzing may have changed the modes and the exception policy. */
static void restore(int fd)
{
	request(fd, PHTRACK_CMD_MODE_SET, PHTRACK_A_MODE, PHTRACK_MODE_LEARNING);
	restore_domain_modes(fd);
	request(fd, PHTRACK_CMD_POLICY_SET, 0, 0);
}

int main(int argc, char **argv)
{
	unsigned long n, i;
	int fd, dump, join, strict_skipped = 0;
	uint8_t cmd;
	size_t len;

	if (argc != 3) {
		fprintf(stderr, "usage: phfuzz N SEED\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 0);
	rng = strtoull(argv[2], NULL, 0) * 2654435761u + 88172645463325252ull;
	if (resolve_family()) {
		fprintf(stderr, "phfuzz: family %s not found\n", PHTRACK_GENL_NAME);
		return 1;
	}
	fd = nl_open();
	join = grp_id && !setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp_id,
				     sizeof(grp_id));
	if (join)
		setsockopt(fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &grp_id, sizeof(grp_id));
	for (i = 0; i < n; i++) {
		int abandon;

		len = build(&cmd, &dump);
		if ((cmd == PHTRACK_CMD_MODE_SET || cmd == PHTRACK_CMD_DOMAIN_MODE_SET) &&
		    sets_strict_mode(out, len)) {
			strict_skipped++;
			continue;
		}
		abandon = dump && below(4) == 0;
		if (send(fd, out, len, 0) < 0) {
			if (errno == ENOBUFS || errno == ECONNREFUSED)
				continue;
		}
		sent++;
		drain(fd, 0, abandon);
		/* A fresh socket now and then, and after an abandoned dump. */
		if (abandon || below(512) == 0) {
			close(fd);
			fd = nl_open();
		}
	}
	drain(fd, 0, 0);
	if (getuid() == 0)
		restore(fd);
	close(fd);
	printf("phfuzz: sent %lu replies %lu ok %lu errors %lu join %d (skipped %d strict modes)\n",
	       sent, replies, ok, errors, join, strict_skipped);
	return 0;
}
