/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * phtrack's status counters: the one list of them.
 *
 * Each counter is one line PHTRACK_COUNTER(NAME, key, label):
 *   NAME   the attribute is %PHTRACK_CTR_<NAME>, nested in %PHTRACK_A_COUNTERS
 *          (enum phtrack_counter in phtrack.h), numbered by its place here:
 *          append new counters at the end, never reorder or remove one;
 *   key    the lower-case name: the member that holds it in the kernel's
 *          struct ph_stats and in userspace's Status, and its JSON key;
 *   label  a short text for `ph status`.
 * PHTRACK_COUNTER_SKIP(NAME) holds a number that is not a counter (the pad
 * of 64-bit attributes); it expands to nothing unless the includer defines it.
 *
 * Include this file with PHTRACK_COUNTER() defined, then #undef it; there is
 * no include guard on purpose.  The enum, the kernel's reply, the userspace
 * decoder, the Status fields and the `ph status` table are all expanded from
 * it.  Adding a counter is one line here and the code that counts it: see
 * docs/architecture.md.
 */
#ifndef PHTRACK_COUNTER_SKIP
#define PHTRACK_COUNTER_SKIP(NAME)
#define PHTRACK_COUNTER_SKIP_UNSET
#endif

PHTRACK_COUNTER(EVENTS_EMITTED, events_emitted, "events emitted")
PHTRACK_COUNTER(EVENTS_DROPPED, events_dropped, "events dropped")
PHTRACK_COUNTER(DOMAINS, domains, "domains")
PHTRACK_COUNTER(ACL_ENTRIES, acl_entries, "learned entries")
PHTRACK_COUNTER(MEM_BYTES, mem_bytes, "module memory (bytes)")
PHTRACK_COUNTER(REQUESTS, requests, "requests served")
PHTRACK_COUNTER_SKIP(PAD)
PHTRACK_COUNTER(TASKS, tasks, "tasks tracked")
PHTRACK_COUNTER(EXECS, execs, "exec transitions")
PHTRACK_COUNTER(TRANSITIONS_REFUSED, transitions_refused, "execs kept by a limit")
PHTRACK_COUNTER(ALLOC_FAILED, alloc_failed, "allocation failures")
PHTRACK_COUNTER(EVENT_SEQ, event_seq, "last event sequence")
PHTRACK_COUNTER(ACL_QUOTA_HITS, acl_quota_hits, "not learned, at quota")
PHTRACK_COUNTER(ACL_MEM_HITS, acl_mem_hits, "not learned, at memory cap")
PHTRACK_COUNTER(ACL_MEM_BYTES, acl_mem_bytes, "learned entry bytes")
PHTRACK_COUNTER(EVENTS_QUEUED, events_queued, "events queued")
PHTRACK_COUNTER(VIOLATIONS, violations, "outside the list")
PHTRACK_COUNTER(DENIED, denied, "denied")
PHTRACK_COUNTER(CAN_DENY, can_deny, "hooks can deny")
PHTRACK_COUNTER(WATCH_EVENTS, watch_events, "watch events")
PHTRACK_COUNTER(KNOWN_REPEATS, known_repeats, "known repeats")
PHTRACK_COUNTER(NAMEBUF_REFUSED, namebuf_refused, "name buffers refused (nested)")
PHTRACK_COUNTER(NAMES_CUT, names_cut, "names cut at the entry limit")
PHTRACK_COUNTER(AUDIT_SEQ, audit_seq, "last audit event sequence")
PHTRACK_COUNTER(AUDIT_ACKED, audit_acked, "audit events stored up to")
PHTRACK_COUNTER(AUDIT_HELD, audit_held, "audit events held")
PHTRACK_COUNTER(AUDIT_HELD_BYTES, audit_held_bytes, "audit buffer bytes held")
PHTRACK_COUNTER(AUDIT_DROPPED, audit_dropped, "audit events dropped unstored")
PHTRACK_COUNTER(HOOKS_OBSERVE_ONLY, hooks_observe_only, "hooks observe-only")
PHTRACK_COUNTER(VIOLATION_EVENTS, violation_events, "violation events")
PHTRACK_COUNTER(VIOLATIONS_SHED, violations_shed, "violation events over the rate")
PHTRACK_COUNTER(MANAGER_REFUSED, manager_refused, "requests refused to non-managers")
PHTRACK_COUNTER(POLICY_DELETES_MISSED, policy_deletes_missed, "policy deletes that matched nothing")
PHTRACK_COUNTER(POLICY_CHECKS, policy_checks, "accesses checked in the loaded policy")
PHTRACK_COUNTER(EXECS_KILLED, execs_killed, "execs killed for an environment name")

#ifdef PHTRACK_COUNTER_SKIP_UNSET
#undef PHTRACK_COUNTER_SKIP
#undef PHTRACK_COUNTER_SKIP_UNSET
#endif
