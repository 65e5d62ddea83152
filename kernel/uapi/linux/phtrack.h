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
 * Permissions:     every command requires CAP_SYS_ADMIN (checked by the
 *                  module; GENL_ADMIN_PERM also requires CAP_NET_ADMIN),
 *                  and so does joining the events group; an unprivileged
 *                  request is answered with -EPERM.
 *
 * Compatibility rules: attribute and command numbers are never reused or
 * renumbered; new attributes are appended before the __MAX sentinel;
 * a change that an old client could misread bumps PHTRACK_GENL_VERSION.
 */
#ifndef _UAPI_LINUX_PHTRACK_H
#define _UAPI_LINUX_PHTRACK_H

#define PHTRACK_GENL_NAME	"phtrack"
#define PHTRACK_GENL_VERSION	2
#define PHTRACK_MCGRP_EVENTS	"events"

/**
 * enum phtrack_cmd - generic netlink commands
 * @PHTRACK_CMD_UNSPEC: unused
 * @PHTRACK_CMD_STATUS_GET: request without attributes; the reply carries
 *	%PHTRACK_A_MODULE_VERSION, %PHTRACK_A_PROTO_VERSION,
 *	%PHTRACK_A_KERNEL_RELEASE, %PHTRACK_A_MODE, %PHTRACK_A_LOADED_NS,
 *	%PHTRACK_A_ACTIVE, %PHTRACK_A_BOOT_TRIGGER (when set),
 *	%PHTRACK_A_LIMITS and %PHTRACK_A_COUNTERS.
 * @PHTRACK_CMD_MODE_SET: request with %PHTRACK_A_MODE; sets the default
 *	mode, which every domain without a mode of its own follows
 *	(%PHTRACK_CMD_DOMAIN_MODE_SET).  The reply is a plain netlink ack.
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
 * @PHTRACK_CMD_ACL_GET: dump request (NLM_F_DUMP), optionally with
 *	%PHTRACK_A_DOMAIN_ID to dump one domain; one reply message per learned
 *	entry with %PHTRACK_A_DOMAIN_ID and one %PHTRACK_A_ACL nest.
 * @PHTRACK_CMD_EVENT_LEARNED: multicast on %PHTRACK_MCGRP_EVENTS when a
 *	domain learns an entry or new permission bits on one: %PHTRACK_A_SEQ,
 *	%PHTRACK_A_TIME_NS, %PHTRACK_A_PID, %PHTRACK_A_TGID, %PHTRACK_A_UID,
 *	%PHTRACK_A_COMM, %PHTRACK_A_DOMAIN_ID and %PHTRACK_A_ACL (whose
 *	%PHTRACK_ACL_PERM holds only the bits just learned).
 * @PHTRACK_CMD_EVENT_EXEC: multicast on %PHTRACK_MCGRP_EVENTS after each
 *	exec: %PHTRACK_A_SEQ, %PHTRACK_A_TIME_NS, %PHTRACK_A_PID,
 *	%PHTRACK_A_TGID, %PHTRACK_A_UID, %PHTRACK_A_COMM (after the exec),
 *	%PHTRACK_A_FROM_DOMAIN (nest with id
 *	and name) and %PHTRACK_A_DOMAIN (the domain entered; same as the
 *	from-domain when the exec kept it).
 * @PHTRACK_CMD_WATCH_ADD: request with %PHTRACK_A_WATCH (pattern and
 *	operations; id ignored).  Adds a watch, or replaces the operations of
 *	the watch with the same pattern.  The reply carries %PHTRACK_A_WATCH
 *	with the id given.  -EINVAL for a bad pattern, -ENOSPC past
 *	%PHTRACK_WATCH_MAX watches.
 * @PHTRACK_CMD_WATCH_DEL: request with %PHTRACK_A_WATCH holding its
 *	%PHTRACK_WATCH_PATTERN or its %PHTRACK_WATCH_ID; -ENOENT when there is
 *	no such watch.
 * @PHTRACK_CMD_WATCH_GET: the reply carries one %PHTRACK_A_WATCH nest per
 *	watch, in the order they were added or last changed.
 * @PHTRACK_CMD_EVENT_WATCH: multicast on %PHTRACK_MCGRP_EVENTS for every
 *	access to a watched object with a watched operation, in every mode
 *	but disabled, never deduplicated: %PHTRACK_A_AUDIT_SEQ (not
 *	%PHTRACK_A_SEQ: watch events are audit events, numbered apart and
 *	held by the module until acknowledged), %PHTRACK_A_TIME_NS,
 *	%PHTRACK_A_PID, %PHTRACK_A_TGID, %PHTRACK_A_PPID, %PHTRACK_A_UID,
 *	%PHTRACK_A_EUID, %PHTRACK_A_GID, %PHTRACK_A_COMM,
 *	%PHTRACK_A_DOMAIN_ID, %PHTRACK_A_WATCH_ID, %PHTRACK_A_OP,
 *	%PHTRACK_A_PATH, %PHTRACK_A_PATH2 (second object of link, rename,
 *	pivot_root and mount, when there is one) and %PHTRACK_A_RESULT.
 * @PHTRACK_CMD_DOMAIN_MODE_SET: (per-domain modes) request with
 *	%PHTRACK_A_DOMAIN_ID, optionally %PHTRACK_A_MODE and the flag
 *	%PHTRACK_A_SUBTREE.  Gives the domain (and with %PHTRACK_A_SUBTREE
 *	every domain below it) that mode of its own; without %PHTRACK_A_MODE
 *	they follow the default mode (%PHTRACK_CMD_MODE_SET) again.  Domains
 *	created later start in their parent's mode.  The reply carries
 *	%PHTRACK_A_DOMAIN_COUNT, the number of domains changed.  -ENOENT when
 *	there is no such domain.
 * @PHTRACK_CMD_AUDIT_GET: dump request (NLM_F_DUMP), optionally with
 *	%PHTRACK_A_AUDIT_SEQ, the last audit event the reader stored (0 when
 *	absent).  The replies are, in audit sequence order, every audit event
 *	the module holds after it, each exactly as it was multicast (e.g.
 *	%PHTRACK_CMD_EVENT_WATCH), and one %PHTRACK_CMD_AUDIT_LOST message for
 *	each range of numbers in between that it no longer holds.  The dump
 *	ends at the last number given when it started.
 * @PHTRACK_CMD_AUDIT_ACK: request with %PHTRACK_A_AUDIT_SEQ: the reader has
 *	every audit event up to that number on disk; the module frees them.
 *	The reply is a plain netlink ack.  There is one reader: its
 *	acknowledgment frees the events for every other client.
 * @PHTRACK_CMD_AUDIT_LOST: in the replies of %PHTRACK_CMD_AUDIT_GET: the
 *	audit events %PHTRACK_A_LOST_FIRST to %PHTRACK_A_LOST_LAST (inclusive)
 *	are not held, for %PHTRACK_A_LOST_REASON (&enum phtrack_audit_loss).
 * @PHTRACK_CMD_MARK: request without attributes: start a new mark epoch.
 *	Every known entry is reported again (%PHTRACK_CMD_EVENT_LEARNED with
 *	the new %PHTRACK_A_MARK_EPOCH) at the first access after the mark
 *	with each permission bit, and at no later one of the epoch.  The
 *	reply carries %PHTRACK_A_MARK_EPOCH (the new epoch) and
 *	%PHTRACK_A_TIME_NS (when it started).
 * @PHTRACK_CMD_LOAD_BEGIN: (policy load) start a load transaction owned by
 *	the sending socket; the new policy starts with the lines of the active
 *	loaded one whose file's bit (1 << &enum phtrack_policy_file) is set in
 *	%PHTRACK_A_POLICY_KEEP (absent: none), so a load of one file keeps the
 *	other and a merge (as tomoyo-loadpolicy adds to the kernel's) keeps
 *	both.  -EBUSY while another socket's transaction is
 *	open; a second BEGIN from the owner restarts its transaction.
 * @PHTRACK_CMD_LOAD_LINES: (policy load) one %PHTRACK_A_POLICY_FILE, then
 *	%PHTRACK_A_POLICY_LINE attributes, appended in order to that file of
 *	the transaction.  A line "delete LINE" removes the earlier identical
 *	LINE (of the same domain, in domain policy) instead.  A transaction
 *	holds at most %PHTRACK_LOAD_MAX_LINES lines and
 *	%PHTRACK_LOAD_MAX_BYTES bytes of line text.  A bad line or a limit
 *	aborts the transaction (the extack names the attribute).
 * @PHTRACK_CMD_LOAD_COMMIT: (policy load) parse the whole transaction with
 *	the shared parser, create the domains it names, swap the new policy
 *	in for domain checks and its transition rules in for
 *	%PHTRACK_CMD_POLICY_SET's, and set each named domain's mode from its
 *	use_profile.  Nothing changes on an error, which ends the
 *	transaction.  The reply carries %PHTRACK_A_DOMAIN_COUNT (domains
 *	named) and %PHTRACK_A_POLICY_RULES (access lines).
 * @PHTRACK_CMD_LOAD_ABORT: (policy load) drop the transaction; closing the
 *	socket does the same.
 * @PHTRACK_CMD_LOADED_GET: (policy load) dump request (NLM_F_DUMP): one
 *	message per line of the active loaded policy, with
 *	%PHTRACK_A_POLICY_FILE and %PHTRACK_A_POLICY_LINE, in load order
 *	(deleted lines left out).  -EAGAIN when a commit replaced the policy
 *	during the dump.
 * @PHTRACK_CMD_EVENT_VIOLATION: (violations) an audit event, multicast on
 *	%PHTRACK_MCGRP_EVENTS and held like %PHTRACK_CMD_EVENT_WATCH, for every
 *	access outside a permissive or enforcing domain's list and every
 *	request a non-manager was refused: %PHTRACK_A_AUDIT_SEQ,
 *	%PHTRACK_A_TIME_NS, %PHTRACK_A_PID, %PHTRACK_A_TGID, %PHTRACK_A_PPID,
 *	%PHTRACK_A_UID, %PHTRACK_A_EUID, %PHTRACK_A_GID, %PHTRACK_A_COMM,
 *	%PHTRACK_A_DOMAIN_ID, %PHTRACK_A_RESULT, %PHTRACK_A_VIOLATION_KIND
 *	and, for an access, %PHTRACK_A_ACL (the entry that was missing, with
 *	the one permission bit used), for a refused request
 *	%PHTRACK_A_REQUEST_CMD.
 * @PHTRACK_CMD_MANAGER_SET: (manager) request with zero or more
 *	%PHTRACK_A_MANAGER strings: replaces the manager list (none: empties
 *	it).  While the list is empty every caller with CAP_SYS_ADMIN manages;
 *	once set, %PHTRACK_CMD_MODE_SET, %PHTRACK_CMD_DOMAIN_MODE_SET,
 *	%PHTRACK_CMD_POLICY_SET, the policy load commands (%PHTRACK_CMD_LOAD_BEGIN,
 *	_LINES, _COMMIT, _ABORT) and %PHTRACK_CMD_MANAGER_SET from a task that
 *	is not a manager fail with -EPERM, and each refusal is counted
 *	(manager_refused) and reported (%PHTRACK_CMD_EVENT_VIOLATION).
 *	-EINVAL for an entry that is neither an absolute path nor a domain
 *	name, -E2BIG past %PHTRACK_MANAGER_MAX entries.
 * @PHTRACK_CMD_MANAGER_GET: the reply carries the list, one
 *	%PHTRACK_A_MANAGER per entry, in order, and %PHTRACK_A_MANAGER_SELF,
 *	whether the caller is a manager.
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
	PHTRACK_CMD_ACL_GET,
	PHTRACK_CMD_EVENT_LEARNED,
	PHTRACK_CMD_WATCH_ADD,
	PHTRACK_CMD_WATCH_DEL,
	PHTRACK_CMD_WATCH_GET,
	PHTRACK_CMD_EVENT_WATCH,
	/* Per-domain modes. */
	PHTRACK_CMD_DOMAIN_MODE_SET,
	PHTRACK_CMD_AUDIT_GET,
	PHTRACK_CMD_AUDIT_ACK,
	PHTRACK_CMD_AUDIT_LOST,
	PHTRACK_CMD_MARK,
	/* Policy load. */
	PHTRACK_CMD_LOAD_BEGIN,
	PHTRACK_CMD_LOAD_LINES,
	PHTRACK_CMD_LOAD_COMMIT,
	PHTRACK_CMD_LOAD_ABORT,
	PHTRACK_CMD_LOADED_GET,
	/* Violations and the manager. */
	PHTRACK_CMD_EVENT_VIOLATION,
	PHTRACK_CMD_MANAGER_SET,
	PHTRACK_CMD_MANAGER_GET,

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
 *	generates but audit events takes the next number, so a gap means lost
 *	events (audit events are numbered by %PHTRACK_A_AUDIT_SEQ)
 * @PHTRACK_A_FROM_DOMAIN: nested, &enum phtrack_domain_attr (id and name)
 * @PHTRACK_A_POLICY_LINE: string, one exception-policy line
 * @PHTRACK_A_DOMAIN_ID: u32, a domain id
 * @PHTRACK_A_ACL: nested, attributes of &enum phtrack_acl_attr
 * @PHTRACK_A_COMM: string, the task's comm, escaped in TOMOYO notation
 * @PHTRACK_A_PPID: u32, the parent's thread group id
 * @PHTRACK_A_EUID: u32, effective uid in the initial user namespace
 * @PHTRACK_A_GID: u32, gid in the initial user namespace
 * @PHTRACK_A_WATCH: nested, attributes of &enum phtrack_watch_attr
 * @PHTRACK_A_WATCH_ID: u32, the id of the watch that matched
 * @PHTRACK_A_OP: u32, one of &enum phtrack_op
 * @PHTRACK_A_PATH: string, the object (escaped, TOMOYO notation)
 * @PHTRACK_A_PATH2: string, the second object, when the operation has one
 * @PHTRACK_A_RESULT: u32 holding a negated errno as two's complement: 0
 *	when phtrack let the access through, -EPERM (0xffffffff) when it
 *	denied it.  Hooks run before the operation, so 0 does not mean the
 *	operation itself succeeded.
 * @PHTRACK_A_SUBTREE: flag (per-domain modes): the request applies to the
 *	domain and to every domain below it
 * @PHTRACK_A_DOMAIN_COUNT: u32 (per-domain modes): number of domains changed
 * @PHTRACK_A_AUDIT_SEQ: u64, audit sequence number: every audit event
 *	(watch events and violation events) takes the next number, a
 *	sequence of its own, apart from %PHTRACK_A_SEQ
 * @PHTRACK_A_LOST_FIRST: u64, the first audit sequence number of a lost range
 * @PHTRACK_A_LOST_LAST: u64, the last audit sequence number of a lost range
 * @PHTRACK_A_LOST_REASON: u32, &enum phtrack_audit_loss
 * @PHTRACK_A_MARK_EPOCH: u32, a mark epoch (%PHTRACK_CMD_MARK): in
 *	%PHTRACK_CMD_EVENT_LEARNED, the epoch the report belongs to (0 before
 *	the first mark since load); a report whose %PHTRACK_ACL_PERM bits
 *	the entry already had is a known entry's first access of the epoch
 * @PHTRACK_A_POLICY_FILE: u32 (policy load), &enum phtrack_policy_file
 * @PHTRACK_A_POLICY_KEEP: u32 (policy load), see %PHTRACK_CMD_LOAD_BEGIN
 * @PHTRACK_A_POLICY_RULES: u32 (policy load), access lines committed
 * @PHTRACK_A_VIOLATION_KIND: u32, &enum phtrack_violation_kind
 * @PHTRACK_A_REQUEST_CMD: u32, the &enum phtrack_cmd a non-manager was
 *	refused
 * @PHTRACK_A_MANAGER: string, one manager entry (TOMOYO manager.conf
 *	syntax): an absolute program path (escaped), or a domain name
 *	starting with "<kernel>"
 * @PHTRACK_A_MANAGER_SELF: u32, 1 when the requesting task is a manager
 *	(or the list is empty), else 0
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
	PHTRACK_A_DOMAIN_ID,
	PHTRACK_A_ACL,
	PHTRACK_A_COMM,
	PHTRACK_A_PPID,
	PHTRACK_A_EUID,
	PHTRACK_A_GID,
	PHTRACK_A_WATCH,
	PHTRACK_A_WATCH_ID,
	PHTRACK_A_OP,
	PHTRACK_A_PATH,
	PHTRACK_A_PATH2,
	PHTRACK_A_RESULT,
	/* Per-domain modes. */
	PHTRACK_A_SUBTREE,
	PHTRACK_A_DOMAIN_COUNT,
	PHTRACK_A_AUDIT_SEQ,
	PHTRACK_A_LOST_FIRST,
	PHTRACK_A_LOST_LAST,
	PHTRACK_A_LOST_REASON,
	PHTRACK_A_MARK_EPOCH,
	/* Policy load. */
	PHTRACK_A_POLICY_FILE,
	PHTRACK_A_POLICY_KEEP,
	PHTRACK_A_POLICY_RULES,
	/* Violations and the manager. */
	PHTRACK_A_VIOLATION_KIND,
	PHTRACK_A_REQUEST_CMD,
	PHTRACK_A_MANAGER,
	PHTRACK_A_MANAGER_SELF,

	__PHTRACK_A_MAX,
};

#define PHTRACK_A_MAX (__PHTRACK_A_MAX - 1)

/**
 * enum phtrack_policy_file - which file of a TOMOYO policy a line is from
 * @PHTRACK_POLICY_FILE_UNSPEC: unused
 * @PHTRACK_POLICY_FILE_EXCEPTION: exception_policy.conf: path_group,
 *	number_group, address_group, acl_group N ENTRY and the transition
 *	rules (initialize_domain, keep_domain, reset_domain and their no_)
 * @PHTRACK_POLICY_FILE_DOMAIN: domain_policy.conf: "<kernel> ..." headers,
 *	then per domain use_profile N (0-3), use_group N (0-255) and access
 *	lines (policy/ph_acl_rule.h)
 */
enum phtrack_policy_file {
	PHTRACK_POLICY_FILE_UNSPEC,
	PHTRACK_POLICY_FILE_EXCEPTION,
	PHTRACK_POLICY_FILE_DOMAIN,
};

/* Bounds of one load transaction (%PHTRACK_CMD_LOAD_LINES). */
#define PHTRACK_LOAD_MAX_LINES 262144
#define PHTRACK_LOAD_MAX_BYTES (16U << 20)
/* Most pattern (non-exact) access lines of one domain or acl_group. */
#define PHTRACK_LOAD_MAX_SCAN 4096

/**
 * enum phtrack_violation_kind - what a %PHTRACK_CMD_EVENT_VIOLATION reports
 * @PHTRACK_VIOLATION_ACCESS: an access outside the domain's list
 * @PHTRACK_VIOLATION_MANAGER: a request refused to a non-manager
 */
enum phtrack_violation_kind {
	PHTRACK_VIOLATION_ACCESS,
	PHTRACK_VIOLATION_MANAGER,
};

/* Most entries of the manager list (%PHTRACK_CMD_MANAGER_SET). */
#define PHTRACK_MANAGER_MAX 64

/**
 * enum phtrack_audit_loss - why audit events are not held
 * @PHTRACK_AUDIT_LOSS_UNSPEC: unused
 * @PHTRACK_AUDIT_LOSS_DROPPED: dropped unacknowledged: the buffer
 *	(audit_buffer_kb) was full, or memory for the event ran out
 * @PHTRACK_AUDIT_LOSS_ACKED: freed by an acknowledgment, so stored by the
 *	reader that acknowledged them (another store than the asker's, if the
 *	asker lacks them)
 * @PHTRACK_AUDIT_LOSS_TOO_BIG: the event is larger than a dump message can be
 */
enum phtrack_audit_loss {
	PHTRACK_AUDIT_LOSS_UNSPEC,
	PHTRACK_AUDIT_LOSS_DROPPED,
	PHTRACK_AUDIT_LOSS_ACKED,
	PHTRACK_AUDIT_LOSS_TOO_BIG,
};

/**
 * enum phtrack_counter - attributes nested in %PHTRACK_A_COUNTERS, all u64
 *
 * The members come from the one list of counters, phtrack_counters.h.
 *
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
 * @PHTRACK_CTR_ALLOC_FAILED: task, exec or domain objects that could not
 *	be allocated (a task without a record is adopted again later; an exec
 *	whose domain could not be created stays in its domain)
 * @PHTRACK_CTR_EVENT_SEQ: sequence number of the last event generated
 * @PHTRACK_CTR_ACL_QUOTA_HITS: accesses not learned because their domain
 *	was at its entry quota
 * @PHTRACK_CTR_ACL_MEM_HITS: accesses not learned because the global
 *	memory cap for entries was reached (or an allocation failed)
 * @PHTRACK_CTR_ACL_MEM_BYTES: bytes held by learned entries
 * @PHTRACK_CTR_EVENTS_QUEUED: events waiting in the bounded queue
 * @PHTRACK_CTR_VIOLATIONS: accesses outside their domain's learned list,
 *	seen in permissive or enforcing mode
 * @PHTRACK_CTR_DENIED: accesses refused with -EPERM in enforcing mode
 * @PHTRACK_CTR_CAN_DENY: 1 when hooks are attached so that they can deny
 *	(all the deny-capable ones, but those counted observe-only)
 * @PHTRACK_CTR_WATCH_EVENTS: accesses that matched a watch (each one
 *	generates an event, delivered or counted as dropped)
 * @PHTRACK_CTR_KNOWN_REPEATS: file and network accesses answered from the
 *	task's memory of known accesses, without naming the object (an
 *	approximate sum of per-CPU counts)
 * @PHTRACK_CTR_AUDIT_SEQ: audit sequence number of the last audit event
 * @PHTRACK_CTR_AUDIT_ACKED: the highest audit sequence number the reader
 *	acknowledged as stored
 * @PHTRACK_CTR_AUDIT_HELD: audit events held, waiting for an
 *	acknowledgment
 * @PHTRACK_CTR_AUDIT_HELD_BYTES: bytes they take (at most
 *	%PHTRACK_LIM_AUDIT_BUFFER)
 * @PHTRACK_CTR_AUDIT_DROPPED: audit events dropped before an
 *	acknowledgment (buffer full or no memory); never reset
 * @PHTRACK_CTR_HOOKS_OBSERVE_ONLY: hooks that can deny but were attached
 *	observe-only, because another IPMODIFY user of ftrace held their
 *	wrapper at load
 */
enum phtrack_counter {
	PHTRACK_CTR_UNSPEC,
#define PHTRACK_COUNTER(NAME, key, label) PHTRACK_CTR_##NAME,
#define PHTRACK_COUNTER_SKIP(NAME) PHTRACK_CTR_##NAME,
#include "phtrack_counters.h"
#undef PHTRACK_COUNTER_SKIP
#undef PHTRACK_COUNTER

	__PHTRACK_CTR_MAX,
};

#define PHTRACK_CTR_MAX (__PHTRACK_CTR_MAX - 1)

/**
 * enum phtrack_limit - attributes nested in %PHTRACK_A_LIMITS, all u32
 * @PHTRACK_LIM_UNSPEC: unused
 * @PHTRACK_LIM_MAX_DEPTH: most programs in a domain name after <kernel>
 * @PHTRACK_LIM_MAX_NAME_LEN: longest domain name, in bytes
 * @PHTRACK_LIM_MAX_DOMAINS: most domains held
 * @PHTRACK_LIM_ACL_QUOTA: most learned entries per domain
 * @PHTRACK_LIM_ACL_MEM_MAX: most bytes for learned entries, all domains
 * @PHTRACK_LIM_EVENT_QUEUE: most events waiting for delivery
 * @PHTRACK_LIM_AUDIT_BUFFER: most bytes of audit events held until
 *	acknowledged (module parameter audit_buffer_kb)
 */
enum phtrack_limit {
	PHTRACK_LIM_UNSPEC,
	PHTRACK_LIM_MAX_DEPTH,
	PHTRACK_LIM_MAX_NAME_LEN,
	PHTRACK_LIM_MAX_DOMAINS,
	PHTRACK_LIM_ACL_QUOTA,
	PHTRACK_LIM_ACL_MEM_MAX,
	PHTRACK_LIM_EVENT_QUEUE,
	PHTRACK_LIM_AUDIT_BUFFER,

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
 * @PHTRACK_DOM_ACL_COUNT: u32, learned entries held by the domain
 * @PHTRACK_DOM_MODE: u32 (per-domain modes), &enum phtrack_mode the domain's
 *	accesses are handled in: its own, or the default one
 * @PHTRACK_DOM_OWN_MODE: u32 (per-domain modes), 1 when the domain has a
 *	mode of its own, 0 when it follows the default mode
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
	PHTRACK_DOM_ACL_COUNT,
	/* Per-domain modes. */
	PHTRACK_DOM_MODE,
	PHTRACK_DOM_OWN_MODE,

	__PHTRACK_DOM_MAX,
};

#define PHTRACK_DOM_MAX (__PHTRACK_DOM_MAX - 1)

/*
 * Domain flags (PHTRACK_DOM_FLAGS): RECONSTRUCTED, rebuilt from running
 * tasks at load; CAPPED, a transition out of it was refused by a limit;
 * QUOTA, it reached its learned-entry quota and stopped learning.
 */
#define PHTRACK_DOMAIN_BIT_RECONSTRUCTED	0
#define PHTRACK_DOMAIN_BIT_CAPPED		1
#define PHTRACK_DOMAIN_BIT_QUOTA		2
#define PHTRACK_DOMAIN_F_RECONSTRUCTED		0x1U
#define PHTRACK_DOMAIN_F_CAPPED			0x2U
#define PHTRACK_DOMAIN_F_QUOTA			0x4U

/**
 * enum phtrack_acl_attr - attributes nested in %PHTRACK_A_ACL
 * @PHTRACK_ACL_UNSPEC: unused
 * @PHTRACK_ACL_TYPE: u32, &enum phtrack_acl_type
 * @PHTRACK_ACL_SUB: u32, socket type for network entries
 *	(&enum phtrack_sock_type), number radix for %PHTRACK_ACLT_PATH_NUMBER
 *	(&enum phtrack_radix), 0 otherwise
 * @PHTRACK_ACL_PERM: u32, permission bits, see PHTRACK_PERM_*
 * @PHTRACK_ACL_NUM0: u64, first number (mode, ioctl command, uid, gid,
 *	port, mount flags)
 * @PHTRACK_ACL_NUM1: u64, second number (device major)
 * @PHTRACK_ACL_NUM2: u64, third number (device minor)
 * @PHTRACK_ACL_STR0: string, first object (escaped path, address, name)
 * @PHTRACK_ACL_STR1: string, second object (rename/link target, mount
 *	point)
 * @PHTRACK_ACL_STR2: string, third object (filesystem type for mount)
 * @PHTRACK_ACL_PAD: padding
 */
enum phtrack_acl_attr {
	PHTRACK_ACL_UNSPEC,
	PHTRACK_ACL_TYPE,
	PHTRACK_ACL_SUB,
	PHTRACK_ACL_PERM,
	PHTRACK_ACL_NUM0,
	PHTRACK_ACL_NUM1,
	PHTRACK_ACL_NUM2,
	PHTRACK_ACL_STR0,
	PHTRACK_ACL_STR1,
	PHTRACK_ACL_STR2,
	PHTRACK_ACL_PAD,

	__PHTRACK_ACL_MAX,
};

#define PHTRACK_ACL_MAX (__PHTRACK_ACL_MAX - 1)

/**
 * enum phtrack_acl_type - kinds of learned entries, in TOMOYO 2.6 notation
 * @PHTRACK_ACLT_PATH: "file PERMS PATH"
 * @PHTRACK_ACLT_PATH_NUMBER: "file PERMS PATH NUMBER"
 * @PHTRACK_ACLT_MKDEV: "file mkblock|mkchar PATH MODE MAJOR MINOR"
 * @PHTRACK_ACLT_PATH2: "file link|rename|pivot_root PATH1 PATH2"
 * @PHTRACK_ACLT_MOUNT: "file mount DEVICE DIR TYPE FLAGS"
 * @PHTRACK_ACLT_INET: "network inet SOCKTYPE PERMS ADDRESS PORT"
 * @PHTRACK_ACLT_UNIX: "network unix SOCKTYPE PERMS ADDRESS"
 * @PHTRACK_ACLT_ENV: "misc env NAME"
 * @PHTRACK_ACLT_CAP: "capability NAME"
 */
enum phtrack_acl_type {
	PHTRACK_ACLT_PATH,
	PHTRACK_ACLT_PATH_NUMBER,
	PHTRACK_ACLT_MKDEV,
	PHTRACK_ACLT_PATH2,
	PHTRACK_ACLT_MOUNT,
	PHTRACK_ACLT_INET,
	PHTRACK_ACLT_UNIX,
	PHTRACK_ACLT_ENV,
	PHTRACK_ACLT_CAP,

	__PHTRACK_ACLT_MAX,
};

/* PHTRACK_ACLT_PATH permission bits, in TOMOYO's keyword order. */
#define PHTRACK_PERM_EXECUTE	0
#define PHTRACK_PERM_READ	1
#define PHTRACK_PERM_WRITE	2
#define PHTRACK_PERM_APPEND	3
#define PHTRACK_PERM_UNLINK	4
#define PHTRACK_PERM_GETATTR	5
#define PHTRACK_PERM_RMDIR	6
#define PHTRACK_PERM_TRUNCATE	7
#define PHTRACK_PERM_SYMLINK	8
#define PHTRACK_PERM_CHROOT	9
#define PHTRACK_PERM_UNMOUNT	10

/* PHTRACK_ACLT_PATH_NUMBER permission bits. */
#define PHTRACK_PERM_CREATE	0
#define PHTRACK_PERM_MKDIR	1
#define PHTRACK_PERM_MKFIFO	2
#define PHTRACK_PERM_MKSOCK	3
#define PHTRACK_PERM_IOCTL	4
#define PHTRACK_PERM_CHMOD	5
#define PHTRACK_PERM_CHOWN	6
#define PHTRACK_PERM_CHGRP	7

/* PHTRACK_ACLT_MKDEV permission bits. */
#define PHTRACK_PERM_MKBLOCK	0
#define PHTRACK_PERM_MKCHAR	1

/* PHTRACK_ACLT_PATH2 permission bits. */
#define PHTRACK_PERM_LINK	0
#define PHTRACK_PERM_RENAME	1
#define PHTRACK_PERM_PIVOT_ROOT	2

/* PHTRACK_ACLT_MOUNT permission bit. */
#define PHTRACK_PERM_MOUNT	0

/* PHTRACK_ACLT_INET and PHTRACK_ACLT_UNIX permission bits. */
#define PHTRACK_PERM_BIND	0
#define PHTRACK_PERM_LISTEN	1
#define PHTRACK_PERM_CONNECT	2
#define PHTRACK_PERM_ACCEPT	3
#define PHTRACK_PERM_SEND	4
#define PHTRACK_PERM_RECV	5

/* ENV and CAP entries have one permission bit. */
#define PHTRACK_PERM_USE	0

/**
 * enum phtrack_sock_type - socket types of network entries
 * @PHTRACK_SOCK_STREAM: stream
 * @PHTRACK_SOCK_DGRAM: dgram
 * @PHTRACK_SOCK_RAW: raw
 * @PHTRACK_SOCK_SEQPACKET: seqpacket
 */
enum phtrack_sock_type {
	PHTRACK_SOCK_STREAM,
	PHTRACK_SOCK_DGRAM,
	PHTRACK_SOCK_RAW,
	PHTRACK_SOCK_SEQPACKET,
};

/**
 * enum phtrack_radix - how a PATH_NUMBER entry's number is written
 * @PHTRACK_RADIX_OCTAL: 0644 (create, mkdir, mkfifo, mksock, chmod)
 * @PHTRACK_RADIX_HEX: 0x5401 (ioctl)
 * @PHTRACK_RADIX_DECIMAL: 1000 (chown, chgrp)
 */
enum phtrack_radix {
	PHTRACK_RADIX_OCTAL,
	PHTRACK_RADIX_HEX,
	PHTRACK_RADIX_DECIMAL,
};

/**
 * enum phtrack_op - one operation on a file object, as a single number
 *
 * Watches select operations with a bit mask of these (bit n is operation
 * n); watch events name the operation with one of them.  The names are
 * TOMOYO's keywords ("read", "rename", ...).  The numbering follows the
 * entry types: PATH bits, then PATH_NUMBER bits, then MKDEV, PATH2, MOUNT.
 */
enum phtrack_op {
	PHTRACK_OP_EXECUTE,
	PHTRACK_OP_READ,
	PHTRACK_OP_WRITE,
	PHTRACK_OP_APPEND,
	PHTRACK_OP_UNLINK,
	PHTRACK_OP_GETATTR,
	PHTRACK_OP_RMDIR,
	PHTRACK_OP_TRUNCATE,
	PHTRACK_OP_SYMLINK,
	PHTRACK_OP_CHROOT,
	PHTRACK_OP_UNMOUNT,
	PHTRACK_OP_CREATE,
	PHTRACK_OP_MKDIR,
	PHTRACK_OP_MKFIFO,
	PHTRACK_OP_MKSOCK,
	PHTRACK_OP_IOCTL,
	PHTRACK_OP_CHMOD,
	PHTRACK_OP_CHOWN,
	PHTRACK_OP_CHGRP,
	PHTRACK_OP_MKBLOCK,
	PHTRACK_OP_MKCHAR,
	PHTRACK_OP_LINK,
	PHTRACK_OP_RENAME,
	PHTRACK_OP_PIVOT_ROOT,
	PHTRACK_OP_MOUNT,

	__PHTRACK_OP_MAX,
};

#define PHTRACK_OP_MAX (__PHTRACK_OP_MAX - 1)
/* Operations that change the object: what "ph who" counts as changes. */
#define PHTRACK_OPS_CHANGE						\
	((1U << PHTRACK_OP_WRITE) | (1U << PHTRACK_OP_APPEND) |		\
	 (1U << PHTRACK_OP_UNLINK) | (1U << PHTRACK_OP_RMDIR) |		\
	 (1U << PHTRACK_OP_TRUNCATE) | (1U << PHTRACK_OP_SYMLINK) |	\
	 (1U << PHTRACK_OP_CREATE) | (1U << PHTRACK_OP_MKDIR) |		\
	 (1U << PHTRACK_OP_MKFIFO) | (1U << PHTRACK_OP_MKSOCK) |		\
	 (1U << PHTRACK_OP_CHMOD) | (1U << PHTRACK_OP_CHOWN) |		\
	 (1U << PHTRACK_OP_CHGRP) | (1U << PHTRACK_OP_MKBLOCK) |		\
	 (1U << PHTRACK_OP_MKCHAR) | (1U << PHTRACK_OP_LINK) |		\
	 (1U << PHTRACK_OP_RENAME))
#define PHTRACK_OPS_ALL ((1U << __PHTRACK_OP_MAX) - 1)

/* Most watches the module holds at once. */
#define PHTRACK_WATCH_MAX 256

/**
 * enum phtrack_watch_attr - attributes nested in %PHTRACK_A_WATCH
 * @PHTRACK_WATCH_UNSPEC: unused
 * @PHTRACK_WATCH_ID: u32, assigned by the module, stable while loaded
 * @PHTRACK_WATCH_PATTERN: string, an absolute path in TOMOYO notation:
 *	a plain path matches itself; a path ending in "/" matches the
 *	directory and everything below it; TOMOYO wildcards (\*, \@, \$,
 *	\?, \x, \X, \a, \A, \-, \{dir\}/) match as in exception policy
 * @PHTRACK_WATCH_OPS: u32, bit mask of &enum phtrack_op
 */
enum phtrack_watch_attr {
	PHTRACK_WATCH_UNSPEC,
	PHTRACK_WATCH_ID,
	PHTRACK_WATCH_PATTERN,
	PHTRACK_WATCH_OPS,

	__PHTRACK_WATCH_MAX,
};

#define PHTRACK_WATCH_MAX_ATTR (__PHTRACK_WATCH_MAX - 1)

/**
 * enum phtrack_mode - operating mode, the default one or a domain's own
 *
 * The values are TOMOYO's profile numbers 0 to 3 (docs/policy-language.md).
 *
 * @PHTRACK_MODE_DISABLED: hooks record nothing
 * @PHTRACK_MODE_LEARNING: accesses are added to each domain's list
 * @PHTRACK_MODE_PERMISSIVE: accesses outside the list are counted
 *	(%PHTRACK_CTR_VIOLATIONS); reporting them as events is not built yet
 * @PHTRACK_MODE_ENFORCING: accesses outside the list are denied with
 *	-EPERM, except in the <kernel> domain
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
