// SPDX-License-Identifier: GPL-2.0
/*
 * phtrack - network access recording, in TOMOYO 2.6 notation:
 *
 *   network inet stream|dgram|raw bind|listen|connect|accept|send|recv ADDR PORT
 *   network unix stream|dgram|seqpacket bind|listen|connect|accept|send|recv ADDR
 *
 * inet addresses are written as IPv4 dotted quads or compressed IPv6; raw
 * sockets record the protocol number as the port, as TOMOYO does.  unix
 * addresses are the socket path, an abstract name (leading NUL, escaped as
 * \000) or "anonymous".  bind and connect use the address asked for; listen,
 * accept and recv use the socket's own bound address (the peer of an
 * accepted or received packet is not known when the hook runs); send is
 * recorded for datagrams with an explicit destination, as TOMOYO does.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "attach.h"
#include "name.h"
#include "net.h"
#include "phtrack.h"
#include "record.h"
#include "seen.h"
#include "task.h"

static int ph_sock_sub(const struct socket *sock)
{
	switch (sock->type) {
	case SOCK_STREAM:
		return PHTRACK_SOCK_STREAM;
	case SOCK_DGRAM:
		return PHTRACK_SOCK_DGRAM;
	case SOCK_RAW:
		return PHTRACK_SOCK_RAW;
	case SOCK_SEQPACKET:
		return PHTRACK_SOCK_SEQPACKET;
	default:
		return -1;
	}
}

/*
 * The raw identity of an access by @sock, in @family, with the socket's type
 * and the port @port (host order; a raw socket's protocol instead, as TOMOYO
 * records).  False for socket types phtrack does not record.
 */
static bool ph_net_addr(struct socket *sock, u16 family, u16 port, struct ph_seen_addr *a)
{
	int sub = ph_sock_sub(sock);

	if (sub < 0 || sub == (family == AF_UNIX ? PHTRACK_SOCK_RAW : PHTRACK_SOCK_SEQPACKET))
		return false;
	a->family = family;
	a->sub = sub;
	a->num = sub == PHTRACK_SOCK_RAW && sock->sk ? sock->sk->sk_protocol : port;
	return true;
}

/* Name the access @a into @nb and @key, from its raw identity alone. */
static int ph_net_name(const struct ph_seen_addr *a, struct ph_acl_key *key,
		       struct ph_namebuf *nb)
{
	int err = 0;

	key->sub = a->sub;
	key->num[0] = a->num;
	if (a->family == AF_UNIX) {
		key->type = PHTRACK_ACLT_UNIX;
		err = a->len ? ph_name_str(a->bytes, a->len, nb) : ph_name_str("anonymous", 9, nb);
	} else {
		key->type = PHTRACK_ACLT_INET;
		if (a->family == AF_INET)
			nb->len = snprintf(nb->esc, sizeof(nb->esc), "%pI4", a->bytes);
		else
			nb->len = snprintf(nb->esc, sizeof(nb->esc), "%pI6c", a->bytes);
	}
	ph_key_str(key, 0, nb);
	return err;
}

/* The miss path of ph_net_access(), out of line as ph_path_record() is. */
static noinline void ph_net_record(struct ph_task *rec, struct ph_domain *d,
				   const struct ph_seen_addr *a, unsigned int bit)
{
	struct ph_acl_key key = {};
	struct ph_seen_snap snap;
	struct ph_namebuf *nb;

	ph_seen_begin(&snap);
	nb = ph_namebuf_get();
	if (!nb)
		return;
	if (!ph_net_name(a, &key, nb) && (ph_record_known(d, &key, bit) & BIT(bit)))
		ph_seen_net_store(&rec->seen, &snap, a, d, bit);
	ph_namebuf_put(nb);
}

/*
 * One network access of the current task: a repeat of a known one is
 * answered from the task's memory (seen.c) without naming it; anything else
 * is named, recorded, and remembered when known, as files are (hooks.c).
 */
static void ph_net_access(const struct ph_seen_addr *a, unsigned int bit)
{
	struct ph_domain *d;
	struct ph_task *rec;

	rec = ph_task_current();
	if (!rec)
		return;
	d = READ_ONCE(rec->domain);
	if (!ph_seen_net_hit(&rec->seen, a, d, bit))
		ph_net_record(rec, d, a, bit);
}

/* The name in a sockaddr_un of @addrlen bytes (none: @sa NULL): path, abstract or none. */
static void ph_unix_addr(struct socket *sock, const struct sockaddr *sa, int addrlen,
			 unsigned int bit)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)sa;
	int len = addrlen - (int)offsetof(struct sockaddr_un, sun_path);
	struct ph_seen_addr a = { .bytes = "" };

	if (!ph_net_addr(sock, AF_UNIX, 0, &a))
		return;
	if (sun && len > 0) {
		a.bytes = sun->sun_path;
		len = min_t(int, len, sizeof(sun->sun_path));
		if (sun->sun_path[0])	/* a path: up to its NUL */
			len = ph_strnlen(sun->sun_path, len);
		a.len = len;
	}
	ph_net_access(&a, bit);
}

/* An inet access to @addr (4 or 16 bytes, copied: @a points to it). */
static void ph_inet_access(struct socket *sock, u16 family, const void *addr, __be16 port,
			   unsigned int bit)
{
	struct ph_seen_addr a = { .len = family == AF_INET ? 4 : 16 };
	u8 bytes[16];

	memcpy(bytes, addr, a.len);
	a.bytes = bytes;
	if (ph_net_addr(sock, family, ntohs(port), &a))
		ph_net_access(&a, bit);
}

static void ph_sockaddr(struct socket *sock, const struct sockaddr *sa, int addrlen,
			unsigned int bit)
{
	int family = sock->sk ? sock->sk->sk_family : 0;

	if (!sa || addrlen < (int)sizeof(sa->sa_family))
		return;
	if (family == AF_UNIX) {
		ph_unix_addr(sock, sa, addrlen, bit);
		return;
	}
	if (sa->sa_family != family)
		return;
	if (family == AF_INET && addrlen >= (int)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

		ph_inet_access(sock, AF_INET, &sin->sin_addr, sin->sin_port, bit);
	} else if (family == AF_INET6 && addrlen >= SIN6_LEN_RFC2133) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

		ph_inet_access(sock, AF_INET6, &sin6->sin6_addr, sin6->sin6_port, bit);
	}
}

/* An access named by the socket's own bound address. */
static void ph_local(struct socket *sock, unsigned int bit)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return;
	if (sk->sk_family == AF_INET) {
		ph_inet_access(sock, AF_INET, &inet_sk(sk)->inet_rcv_saddr, inet_sk(sk)->inet_sport,
			       bit);
	} else if (sk->sk_family == AF_INET6) {
		ph_inet_access(sock, AF_INET6, &sk->sk_v6_rcv_saddr, inet_sk(sk)->inet_sport, bit);
	} else if (sk->sk_family == AF_UNIX) {
		/* Set once by bind(); published with release semantics. */
		struct unix_address *ua = smp_load_acquire(&unix_sk(sk)->addr);

		if (ua)
			ph_unix_addr(sock, (struct sockaddr *)ua->name, ua->len, bit);
		else	/* unbound: "anonymous" */
			ph_unix_addr(sock, NULL, 0, bit);
	}
}

static bool ph_net_on(void)
{
	return !ph_off() && in_task();
}

/**
 * ph_h_socket_bind() - security_socket_bind(sock, address, addrlen)
 * @regs: saved registers
 */
void ph_h_socket_bind(struct pt_regs *regs)
{
	if (ph_net_on())
		ph_sockaddr((struct socket *)ph_arg(regs, 0), (struct sockaddr *)ph_arg(regs, 1),
			    (int)ph_arg(regs, 2), PHTRACK_PERM_BIND);
}

/**
 * ph_h_socket_connect() - security_socket_connect(sock, address, addrlen)
 * @regs: saved registers
 */
void ph_h_socket_connect(struct pt_regs *regs)
{
	struct socket *sock = (struct socket *)ph_arg(regs, 0);

	/*
	 * connect() on a datagram or raw socket only picks the destination of
	 * later sends; TOMOYO checks it as "send", and so does phtrack.
	 */
	if (ph_net_on())
		ph_sockaddr(sock, (struct sockaddr *)ph_arg(regs, 1), (int)ph_arg(regs, 2),
			    (sock->type == SOCK_DGRAM || sock->type == SOCK_RAW) ?
			    PHTRACK_PERM_SEND : PHTRACK_PERM_CONNECT);
}

/**
 * ph_h_socket_listen() - security_socket_listen(sock, backlog)
 * @regs: saved registers
 */
void ph_h_socket_listen(struct pt_regs *regs)
{
	if (ph_net_on())
		ph_local((struct socket *)ph_arg(regs, 0), PHTRACK_PERM_LISTEN);
}

/**
 * ph_h_socket_accept() - security_socket_accept(sock, newsock)
 * @regs: saved registers
 */
void ph_h_socket_accept(struct pt_regs *regs)
{
	if (ph_net_on())
		ph_local((struct socket *)ph_arg(regs, 0), PHTRACK_PERM_ACCEPT);
}

/**
 * ph_h_socket_sendmsg() - security_socket_sendmsg(sock, msg, size)
 * @regs: saved registers
 */
void ph_h_socket_sendmsg(struct pt_regs *regs)
{
	struct socket *sock = (struct socket *)ph_arg(regs, 0);
	struct msghdr *msg = (struct msghdr *)ph_arg(regs, 1);

	if (!ph_net_on() || sock->type == SOCK_STREAM || !msg->msg_name)
		return;
	ph_sockaddr(sock, msg->msg_name, msg->msg_namelen, PHTRACK_PERM_SEND);
}

/**
 * ph_h_socket_recvmsg() - security_socket_recvmsg(sock, msg, size, flags)
 * @regs: saved registers
 */
void ph_h_socket_recvmsg(struct pt_regs *regs)
{
	struct socket *sock = (struct socket *)ph_arg(regs, 0);

	if (ph_net_on() && sock->type != SOCK_STREAM)
		ph_local(sock, PHTRACK_PERM_RECV);
}

static const char *const ph_cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid",
	"setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast",
	"net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio",
	"sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write",
	"audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

/**
 * ph_cap_name() - the name phtrack writes for a capability
 * @cap: the capability number
 *
 * Return: the Linux name without "CAP_", lower case ("net_admin").
 */
const char *ph_cap_name(int cap)
{
	if (cap >= 0 && cap < ARRAY_SIZE(ph_cap_names))
		return ph_cap_names[cap];
	return "unknown";
}
