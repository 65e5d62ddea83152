// Decoding and encoding of phtrack generic netlink messages (see
// kernel/uapi/linux/phtrack.h).  Pure functions over bytes: no sockets, so
// they are unit-tested on fabricated and malformed messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linux/phtrack.h"
#include "result.hpp"

struct nlmsghdr;

namespace ph {

/// The module's status counters: one u64 field per line of the list
/// linux/phtrack_counters.h, named by its key.  A counter added there
/// appears here, in the decoder and in `ph status` with no edit.
struct Counters {
#define PHTRACK_COUNTER(NAME, key, label) uint64_t key = 0;
#include "linux/phtrack_counters.h"
#undef PHTRACK_COUNTER
};

/// One counter of the list, for whoever walks them all (the decoder and both
/// renderings of `ph status`).
struct CounterInfo {
    std::string_view key;    // the field's name and the JSON key
    std::string_view label;  // the text of `ph status`
    uint16_t attr;           // PHTRACK_CTR_*
    uint64_t Counters::*field;
    bool flag;  // a 0/1 state, shown as a boolean (true/false, yes/no)
};

/// Counters whose value is a state rather than a count.
constexpr bool is_flag_counter(std::string_view key) {
    return key == "can_deny";
}

/// Every counter, in the order of the list.
inline constexpr CounterInfo kCounters[] = {
#define PHTRACK_COUNTER(NAME, key, label) \
    {#key, label, PHTRACK_CTR_##NAME, &Counters::key, is_flag_counter(#key)},
#include "linux/phtrack_counters.h"
#undef PHTRACK_COUNTER
};

struct Limits {
    uint32_t max_depth = 0;
    uint32_t max_name_len = 0;
    uint32_t max_domains = 0;
};

struct Status {
    std::string module_version;
    uint32_t proto_version = 0;
    std::string kernel_release;
    uint32_t mode = 0;
    uint64_t loaded_ns = 0;
    bool active = false;
    std::string boot_trigger;
    Limits limits;
    Counters counters;
    uint32_t acl_quota = 0;
    uint32_t acl_mem_max = 0;
    uint32_t event_queue = 0;
    uint32_t audit_buffer = 0;  // bytes of audit events held until acknowledged
};

/// One domain as the module reports it.
struct Domain {
    uint32_t id = 0;
    std::string name;
    bool has_parent = false;
    uint32_t parent_id = 0;
    uint32_t flags = 0;
    uint32_t tasks = 0;
    uint64_t created_ns = 0;
    uint32_t depth = 0;
    uint32_t acl_count = 0;
    std::string target;
    bool has_mode = false;  // the module reported the mode (a store snapshot does not)
    uint32_t mode = 0;      // the mode its accesses are handled in (its own, or the default)
    bool own_mode = false;  // it has a mode of its own (ph mode MODE DOMAIN)

    bool reconstructed() const;
    bool capped() const;
    bool quota() const;
};

/// One learned access entry (kernel/uapi/linux/phtrack.h, PHTRACK_A_ACL).
struct AclEntry {
    uint32_t domain_id = 0;
    uint32_t type = 0;
    uint32_t sub = 0;
    uint32_t perm = 0;
    uint64_t num[3] = {0, 0, 0};
    std::string str[3];
};

/// Every domain and learned entry, taken one after the other.
struct Snapshot {
    std::vector<Domain> domains;
    std::vector<AclEntry> entries;
};

/// What every event starts with: its sequence number and time, and the
/// task that caused it.
struct EventActor {
    uint64_t seq = 0;  // PHTRACK_A_SEQ; for audit (watch) events PHTRACK_A_AUDIT_SEQ
    uint64_t time_ns = 0;
    uint32_t pid = 0;
    uint32_t tgid = 0;
    uint32_t uid = 0;
    std::string comm;
};

/// A "learned" event: a domain gained an entry or permission bits.
struct LearnedEvent : EventActor {
    AclEntry entry;      // perm: only the bits just learned, or the bit a known entry was used with
    uint32_t epoch = 0;  // PHTRACK_A_MARK_EPOCH: the mark epoch of the report (0 before any)
};

/// The reply to PHTRACK_CMD_MARK: the new epoch and when it started.
struct MarkReply {
    uint32_t epoch = 0;
    uint64_t time_ns = 0;
};
/// Decode a PHTRACK_CMD_MARK reply.
Result<MarkReply> decode_mark_reply(const nlmsghdr *nlh, size_t len);

/// Format an entry in TOMOYO 2.6 notation, e.g. "file read/write /etc/foo".
std::string format_acl(const AclEntry &e);

/// An exec transition event from the module's multicast group.
struct ExecEvent : EventActor {
    Domain from;  // id and name only
    Domain to;
};

/// One access to a watched object (PHTRACK_CMD_EVENT_WATCH).  Never
/// deduplicated: every access is one event.
struct WatchEvent : EventActor {
    uint32_t ppid = 0;
    uint32_t euid = 0;
    uint32_t gid = 0;
    uint32_t domain_id = 0;
    uint32_t watch_id = 0;
    uint32_t op = 0;  // PHTRACK_OP_*
    std::string path;
    std::string path2;   // empty when the operation has one object
    int32_t result = 0;  // 0 allowed, -EPERM denied by phtrack
    /// kAuditWatch for a watch event; a violation event
    /// (PHTRACK_CMD_EVENT_VIOLATION) is kAuditViolation (an access outside
    /// the domain's list: `entry` is the missing entry in TOMOYO notation,
    /// `op` its file operation or kNoOp) or kAuditManager (a request
    /// refused to a non-manager: `path` names the request, `op` is kNoOp).
    uint32_t kind = 0;
    std::string entry;
};

constexpr uint32_t kAuditWatch = 0, kAuditViolation = 1, kAuditManager = 2;
/// The op of an audit row that is not a file operation.
constexpr uint32_t kNoOp = 0xffff;

/// Decode a PHTRACK_CMD_EVENT_VIOLATION message (an audit event; its
/// watch_id is 0).
Result<WatchEvent> decode_violation_event(const nlmsghdr *nlh, size_t len);
/// The PHTRACK_OP_* of one permission bit of an entry type, or kNoOp for
/// the types that are not file operations.
uint32_t acl_op(uint32_t type, uint32_t bit);
/// "mode_set", "policy_set", ... for a PHTRACK_CMD_* refused to a non-manager.
std::string request_name(uint32_t cmd);

/// One watch (PHTRACK_A_WATCH).
struct Watch {
    uint32_t id = 0;
    std::string pattern;
    uint32_t ops = 0;  // bit mask of PHTRACK_OP_*
};

/// TOMOYO keyword of a PHTRACK_OP_* value ("read", "rename"), or "?".
std::string_view op_name(uint32_t op);
/// PHTRACK_OP_* of a keyword, or -1.
int parse_op(std::string_view name);
/// Parse "write,unlink,..." (or "all", "change") into an op mask; an Error
/// names the unknown keyword.
Result<uint32_t> parse_ops(std::string_view list);
/// "read,write" for a mask; "all" for every operation unless `spell_all`.
std::string format_ops(uint32_t mask, bool spell_all = false);

/// Audit events the module no longer holds (PHTRACK_CMD_AUDIT_LOST, in the
/// replies of an AUDIT_GET dump): first..last, inclusive.
struct AuditLost {
    uint64_t first = 0, last = 0;
    uint32_t reason = 0;  // PHTRACK_AUDIT_LOSS_*
    uint64_t count() const { return last - first + 1; }
};

/// Decode a PHTRACK_CMD_AUDIT_LOST message.
Result<AuditLost> decode_audit_lost(const nlmsghdr *nlh, size_t len);

/// Decode an EVENT_WATCH multicast message.
Result<WatchEvent> decode_watch_event(const nlmsghdr *nlh, size_t len);
/// Decode a WATCH_ADD or WATCH_GET reply into its watches.
Result<std::vector<Watch>> decode_watches(const nlmsghdr *nlh, size_t len, uint8_t cmd);

/// The manager list (PHTRACK_CMD_MANAGER_GET reply).
struct ManagerList {
    std::vector<std::string> entries;  // program paths or "<kernel> ..." domain names
    bool self = false;                 // the requester is a manager (or the list is empty)
};
Result<ManagerList> decode_manager_list(const nlmsghdr *nlh, size_t len);

/// Name of a PHTRACK_MODE_* value ("learning", ...), or "unknown".
std::string_view mode_name(uint32_t mode);
/// Parse a mode name or number; returns -1 when it is neither.
int parse_mode(std::string_view text);

/// Decode one DOMAIN_GET dump message or PID_DOMAIN_GET reply.
Result<Domain> decode_domain_msg(const nlmsghdr *nlh, size_t len, uint8_t cmd);
/// The reply to PHTRACK_CMD_DOMAIN_MODE_SET: how many domains changed.
Result<uint32_t> decode_domain_count(const nlmsghdr *nlh, size_t len);
/// Decode one ACL_GET dump message.
Result<AclEntry> decode_acl_msg(const nlmsghdr *nlh, size_t len);
/// Decode an EVENT_LEARNED multicast message.
Result<LearnedEvent> decode_learned_event(const nlmsghdr *nlh, size_t len);
/// Decode an EVENT_EXEC multicast message.
Result<ExecEvent> decode_exec_event(const nlmsghdr *nlh, size_t len);
/// Decode a POLICY_GET reply into its lines.
Result<std::vector<std::string>> decode_policy_lines(const nlmsghdr *nlh, size_t len);
/// The generic netlink command of a message (0 if it has no genl header).
uint8_t genl_cmd(const nlmsghdr *nlh);

/// Split a domain name into its tokens ("<kernel>", "/sbin/init", ...).
std::vector<std::string_view> domain_tokens(std::string_view name);
/// Token-wise ordering of domain names: parents sort before their children.
bool domain_less(std::string_view a, std::string_view b);
/// Sort domains into tree order (domain_less on their names).
void sort_domains(std::vector<Domain> &domains);

/// Decode a STATUS_GET reply.  `len` is the number of valid bytes at `nlh`;
/// every attribute is bounds- and type-checked.
Result<Status> decode_status(const nlmsghdr *nlh, size_t len);

}  // namespace ph
