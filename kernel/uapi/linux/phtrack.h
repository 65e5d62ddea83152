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
#define PHTRACK_MCGRP_EVENTS	"events"

/**
 * enum phtrack_cmd - generic netlink commands
 * @PHTRACK_CMD_UNSPEC: unused
 * @PHTRACK_CMD_STATUS_GET: request without attributes; the reply carries
 *	%PHTRACK_A_MODULE_VERSION, %PHTRACK_A_PROTO_VERSION,
 *	%PHTRACK_A_KERNEL_RELEASE, %PHTRACK_A_MODE, %PHTRACK_A_LOADED_NS and
 *	%PHTRACK_A_COUNTERS.
 * @PHTRACK_CMD_MODE_SET: request with %PHTRACK_A_MODE; sets the global mode.
 *	The reply is a plain netlink ack.
 * @PHTRACK_CMD_DOMAIN_GET: dump request (NLM_F_DUMP); one reply message per
 *	domain, in id order, each with one %PHTRACK_A_DOMAIN nest.
 * @PHTRACK_CMD_PID_DOMAIN_GET: request with %PHTRACK_A_PID (in the caller's
 *	pid namespace); the reply carries %PHTRACK_A_PID and %PHTRACK_A_DOMAIN.
 *	-ESRCH when there is no such task.
 * @PHTRACK_CMD_POLICY_SET: replace the exception policy (domain transition
 *	rules) with the %PHTRACK_A_POLICY_LINE attributes of the request, in
 *	order.  All or nothing: on a bad line the old policy stays, the error is
 *	-EINVAL and the extended ack points at the offending attribute.
 * @PHTRACK_CMD_POLICY_GET: the reply carries the exception policy as
 *	%PHTRACK_A_POLICY_LINE attributes, in canonical form.
 * @PHTRACK_CMD_EVENT_EXEC: multicast on %PHTRACK_MCGRP_EVENTS after each
 *	exec: %PHTRACK_A_SEQ, %PHTRACK_A_TIME_NS, %PHTRACK_A_PID,
 *	%PHTRACK_A_TGID, %PHTRACK_A_UID, %PHTRACK_A_FROM_DOMAIN (nest with id
 *	and name) and %PHTRACK_A_DOMAIN (the domain entered; same as the
 *	from-domain when the exec kept it).
 */
enum phtrack_cmd {
	PHTRACK_CMD_UNSPEC,
	PHTRACK_CMD_STATUS_GET,
	PHTRACK_CMD_MODE_SET,
	PHTRACK_CMD_DOMAIN_GET,
	PHTRACK_CMD_PID_DOMAIN_GET,
	PHTRACK_CMD_POLICY_SET,
	PHTRACK_CMD_POLICY_GET,
	PHTRACK_CMD_EVENT_EXEC,

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
 * @PHTRACK_A_LIMITS: nested, attributes of &enum phtrack_limit
 * @PHTRACK_A_ACTIVE: u32, 1 once domain transitions are active (at load,
 *	or at the exec of the boot trigger program when loaded before init)
 * @PHTRACK_A_BOOT_TRIGGER: string, the boot trigger program, if any
 * @PHTRACK_A_DOMAIN: nested, attributes of &enum phtrack_domain_attr
 * @PHTRACK_A_PID: u32, a process or thread id
 * @PHTRACK_A_TGID: u32, a thread group id
 * @PHTRACK_A_UID: u32, a uid in the initial user namespace
 * @PHTRACK_A_TIME_NS: u64, CLOCK_REALTIME nanoseconds
 * @PHTRACK_A_SEQ: u64, event sequence number: every event the module
 *	generates takes the next number, so a gap means lost events
 * @PHTRACK_A_FROM_DOMAIN: nested, &enum phtrack_domain_attr (id and name)
 * @PHTRACK_A_POLICY_LINE: string, one exception-policy line
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
	PHTRACK_A_LIMITS,
	PHTRACK_A_ACTIVE,
	PHTRACK_A_BOOT_TRIGGER,
	PHTRACK_A_DOMAIN,
	PHTRACK_A_PID,
	PHTRACK_A_TGID,
	PHTRACK_A_UID,
	PHTRACK_A_TIME_NS,
	PHTRACK_A_SEQ,
	PHTRACK_A_FROM_DOMAIN,
	PHTRACK_A_POLICY_LINE,

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
 * @PHTRACK_CTR_TASKS: task records held (live tasks known to phtrack)
 * @PHTRACK_CTR_EXECS: exec transitions processed
 * @PHTRACK_CTR_TRANSITIONS_REFUSED: execs that stayed in their domain
 *	because the depth, name length or domain count limit was reached
 * @PHTRACK_CTR_ALLOC_FAILED: task or exec records that could not be
 *	allocated (the task is adopted again later)
 * @PHTRACK_CTR_EVENT_SEQ: sequence number of the last event generated
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
	PHTRACK_CTR_TASKS,
	PHTRACK_CTR_EXECS,
	PHTRACK_CTR_TRANSITIONS_REFUSED,
	PHTRACK_CTR_ALLOC_FAILED,
	PHTRACK_CTR_EVENT_SEQ,

	__PHTRACK_CTR_MAX,
};

#define PHTRACK_CTR_MAX (__PHTRACK_CTR_MAX - 1)

/**
 * enum phtrack_limit - attributes nested in %PHTRACK_A_LIMITS, all u32
 * @PHTRACK_LIM_UNSPEC: unused
 * @PHTRACK_LIM_MAX_DEPTH: most programs in a domain name after <kernel>
 * @PHTRACK_LIM_MAX_NAME_LEN: longest domain name, in bytes
 * @PHTRACK_LIM_MAX_DOMAINS: most domains held
 */
enum phtrack_limit {
	PHTRACK_LIM_UNSPEC,
	PHTRACK_LIM_MAX_DEPTH,
	PHTRACK_LIM_MAX_NAME_LEN,
	PHTRACK_LIM_MAX_DOMAINS,

	__PHTRACK_LIM_MAX,
};

#define PHTRACK_LIM_MAX (__PHTRACK_LIM_MAX - 1)

/**
 * enum phtrack_domain_attr - attributes nested in %PHTRACK_A_DOMAIN and
 *	%PHTRACK_A_FROM_DOMAIN
 * @PHTRACK_DOM_UNSPEC: unused
 * @PHTRACK_DOM_ID: u32, stable for the life of the loaded module
 * @PHTRACK_DOM_NAME: string, the full domain name: "<kernel>" followed by
 *	programs, separated by single spaces; bytes outside 0x21..0x7e and the
 *	backslash are escaped TOMOYO-style as \ooo and \\
 * @PHTRACK_DOM_PARENT_ID: u32, the domain it was entered from (absent for
 *	<kernel>)
 * @PHTRACK_DOM_FLAGS: u32, PHTRACK_DOMAIN_F_* bits
 * @PHTRACK_DOM_TASKS: u32, tasks currently in the domain
 * @PHTRACK_DOM_CREATED_NS: u64, CLOCK_REALTIME nanoseconds at creation
 * @PHTRACK_DOM_DEPTH: u32, programs after <kernel>
 * @PHTRACK_DOM_TARGET: string, the fully resolved path of the program that
 *	created the domain (escaped), when known
 * @PHTRACK_DOM_PAD: padding
 */
enum phtrack_domain_attr {
	PHTRACK_DOM_UNSPEC,
	PHTRACK_DOM_ID,
	PHTRACK_DOM_NAME,
	PHTRACK_DOM_PARENT_ID,
	PHTRACK_DOM_FLAGS,
	PHTRACK_DOM_TASKS,
	PHTRACK_DOM_CREATED_NS,
	PHTRACK_DOM_DEPTH,
	PHTRACK_DOM_TARGET,
	PHTRACK_DOM_PAD,

	__PHTRACK_DOM_MAX,
};

#define PHTRACK_DOM_MAX (__PHTRACK_DOM_MAX - 1)

/*
 * Domain flags (PHTRACK_DOM_FLAGS): RECONSTRUCTED, rebuilt from running
 * tasks at load; CAPPED, a transition out of it was refused by a limit.
 */
#define PHTRACK_DOMAIN_BIT_RECONSTRUCTED	0
#define PHTRACK_DOMAIN_BIT_CAPPED		1
#define PHTRACK_DOMAIN_F_RECONSTRUCTED		0x1U
#define PHTRACK_DOMAIN_F_CAPPED			0x2U

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
