/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * phtrack generic netlink protocol.
 *
 * This header is the protocol specification shared by the kernel module and
 * every userspace client.  docs/netlink-protocol.md explains it in prose.
 *
 * Family name:     "phtrack" (PHTRACK_GENL_NAME)
 * Family version:  PHTRACK_GENL_VERSION, carried in genlmsghdr.version of
 *                  every message in both directions.  A client must refuse
 *                  to talk to a module whose family version differs from the
 *                  one it was built with; the module rejects requests whose
 *                  genlmsghdr.version differs with -EPROTO.
 * Namespace:       initial network namespace only.
 * Permissions:     every command requires CAP_SYS_ADMIN (GENL_ADMIN_PERM);
 *                  an unprivileged request is answered with -EPERM.
 *
 * Compatibility rules: attribute and command numbers are never reused or
 * renumbered; new attributes are appended before the __MAX sentinel;
 * a change that an old client could misread bumps PHTRACK_GENL_VERSION.
 */
#ifndef _UAPI_LINUX_PHTRACK_H
#define _UAPI_LINUX_PHTRACK_H

#define PHTRACK_GENL_NAME	"phtrack"
#define PHTRACK_GENL_VERSION	1

/**
 * enum phtrack_cmd - generic netlink commands
 * @PHTRACK_CMD_UNSPEC: unused
 * @PHTRACK_CMD_STATUS_GET: request without attributes; the reply carries
 *	%PHTRACK_A_MODULE_VERSION, %PHTRACK_A_PROTO_VERSION,
 *	%PHTRACK_A_KERNEL_RELEASE, %PHTRACK_A_MODE, %PHTRACK_A_LOADED_NS and
 *	%PHTRACK_A_COUNTERS.
 * @PHTRACK_CMD_MODE_SET: request with %PHTRACK_A_MODE; sets the global mode.
 *	The reply is a plain netlink ack.
 */
enum phtrack_cmd {
	PHTRACK_CMD_UNSPEC,
	PHTRACK_CMD_STATUS_GET,
	PHTRACK_CMD_MODE_SET,

	__PHTRACK_CMD_MAX,
};
#define PHTRACK_CMD_MAX (__PHTRACK_CMD_MAX - 1)

/**
 * enum phtrack_attr - top-level attributes
 * @PHTRACK_A_UNSPEC: unused
 * @PHTRACK_A_MODULE_VERSION: NUL-terminated string, e.g. "0.1.0"
 * @PHTRACK_A_PROTO_VERSION: u32, equal to %PHTRACK_GENL_VERSION
 * @PHTRACK_A_KERNEL_RELEASE: NUL-terminated string, utsname release
 * @PHTRACK_A_MODE: u32, one of &enum phtrack_mode
 * @PHTRACK_A_LOADED_NS: u64, CLOCK_REALTIME nanoseconds at module load
 * @PHTRACK_A_COUNTERS: nested, attributes of &enum phtrack_counter
 * @PHTRACK_A_PAD: padding for 64-bit attributes
 */
enum phtrack_attr {
	PHTRACK_A_UNSPEC,
	PHTRACK_A_MODULE_VERSION,
	PHTRACK_A_PROTO_VERSION,
	PHTRACK_A_KERNEL_RELEASE,
	PHTRACK_A_MODE,
	PHTRACK_A_LOADED_NS,
	PHTRACK_A_COUNTERS,
	PHTRACK_A_PAD,

	__PHTRACK_A_MAX,
};
#define PHTRACK_A_MAX (__PHTRACK_A_MAX - 1)

/**
 * enum phtrack_counter - attributes nested in %PHTRACK_A_COUNTERS, all u64
 * @PHTRACK_CTR_UNSPEC: unused
 * @PHTRACK_CTR_EVENTS_EMITTED: events delivered to the multicast group
 * @PHTRACK_CTR_EVENTS_DROPPED: events lost (queue full, no memory, no
 *	listener buffer space); never reset
 * @PHTRACK_CTR_DOMAINS: domains currently in the registry
 * @PHTRACK_CTR_ACL_ENTRIES: learned access entries currently held
 * @PHTRACK_CTR_MEM_BYTES: bytes currently allocated by the module for its
 *	own objects
 * @PHTRACK_CTR_REQUESTS: netlink requests served since load
 * @PHTRACK_CTR_PAD: padding
 */
enum phtrack_counter {
	PHTRACK_CTR_UNSPEC,
	PHTRACK_CTR_EVENTS_EMITTED,
	PHTRACK_CTR_EVENTS_DROPPED,
	PHTRACK_CTR_DOMAINS,
	PHTRACK_CTR_ACL_ENTRIES,
	PHTRACK_CTR_MEM_BYTES,
	PHTRACK_CTR_REQUESTS,
	PHTRACK_CTR_PAD,

	__PHTRACK_CTR_MAX,
};
#define PHTRACK_CTR_MAX (__PHTRACK_CTR_MAX - 1)

/**
 * enum phtrack_mode - global operating mode
 * @PHTRACK_MODE_DISABLED: hooks record nothing
 * @PHTRACK_MODE_LEARNING: accesses are added to each domain's list
 * @PHTRACK_MODE_PERMISSIVE: accesses outside the list are reported
 * @PHTRACK_MODE_ENFORCING: accesses outside the list are denied
 */
enum phtrack_mode {
	PHTRACK_MODE_DISABLED,
	PHTRACK_MODE_LEARNING,
	PHTRACK_MODE_PERMISSIVE,
	PHTRACK_MODE_ENFORCING,

	__PHTRACK_MODE_MAX,
};
#define PHTRACK_MODE_MAX (__PHTRACK_MODE_MAX - 1)

#endif /* _UAPI_LINUX_PHTRACK_H */
