#include "proto.hpp"

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>

#include "attr.hpp"
#include "linux/phtrack.h"

namespace ph {

namespace {

constexpr std::array<std::string_view, 4> kModeNames = {"disabled", "learning", "permissive",
                                                        "enforcing"};

// Check a netlink message header and its generic netlink header; returns the
// payload offset of the attributes or an error.
Result<void> check_genl(const nlmsghdr *nlh, size_t len, uint8_t cmd) {
    if (len < sizeof(nlmsghdr) || nlh->nlmsg_len < sizeof(nlmsghdr) || nlh->nlmsg_len > len)
        return Error{EBADMSG, "truncated netlink message"};
    if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(genlmsghdr)))
        return Error{EBADMSG, "netlink message too short for a generic netlink header"};
    const auto *genl = static_cast<const genlmsghdr *>(mnl_nlmsg_get_payload(nlh));
    if (genl->version != PHTRACK_GENL_VERSION)
        return Error{EPROTO, "protocol version mismatch: message has version " +
                                 std::to_string(genl->version) + ", ph speaks " +
                                 std::to_string(PHTRACK_GENL_VERSION)};
    if (genl->cmd != cmd)
        return Error{EBADMSG, "unexpected command " + std::to_string(genl->cmd)};
    return {};
}

bool read_string(const nlattr *a, std::string &out) {
    if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
        return false;
    out = mnl_attr_get_str(a);
    return true;
}

bool read_u32(const nlattr *a, uint32_t &out) {
    if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
        return false;
    out = mnl_attr_get_u32(a);
    return true;
}

bool read_u64(const nlattr *a, uint64_t &out) {
    if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
        return false;
    out = mnl_attr_get_u64(a);
    return true;
}

Result<void> decode_limits(const nlattr *nest, Limits &l, Status &st) {
    if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
        return Error{EBADMSG, "malformed limits attribute"};
    bool good = true;
    bool whole = walk_nested(nest, [&](const nlattr *a) {
        uint32_t *dst = nullptr;
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_LIM_MAX_DEPTH: dst = &l.max_depth; break;
            case PHTRACK_LIM_MAX_NAME_LEN: dst = &l.max_name_len; break;
            case PHTRACK_LIM_MAX_DOMAINS: dst = &l.max_domains; break;
            case PHTRACK_LIM_ACL_QUOTA: dst = &st.acl_quota; break;
            case PHTRACK_LIM_ACL_MEM_MAX: dst = &st.acl_mem_max; break;
            case PHTRACK_LIM_EVENT_QUEUE: dst = &st.event_queue; break;
            case PHTRACK_LIM_AUDIT_BUFFER: dst = &st.audit_buffer; break;
            default: break;
        }
        if (dst && !read_u32(a, *dst))
            good = false;
    });
    if (!good || !whole)
        return Error{EBADMSG, "malformed limit value"};
    return {};
}

Result<void> decode_domain(const nlattr *nest, Domain &d) {
    if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
        return Error{EBADMSG, "malformed domain attribute"};
    bool good = true, have_id = false, have_name = false;
    bool whole = walk_nested(nest, [&](const nlattr *a) {
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_DOM_ID: good = good && (have_id = read_u32(a, d.id)); break;
            case PHTRACK_DOM_NAME: good = good && (have_name = read_string(a, d.name)); break;
            case PHTRACK_DOM_PARENT_ID:
                good = good && (d.has_parent = read_u32(a, d.parent_id));
                break;
            case PHTRACK_DOM_FLAGS: good = good && read_u32(a, d.flags); break;
            case PHTRACK_DOM_TASKS: good = good && read_u32(a, d.tasks); break;
            case PHTRACK_DOM_CREATED_NS: good = good && read_u64(a, d.created_ns); break;
            case PHTRACK_DOM_DEPTH: good = good && read_u32(a, d.depth); break;
            case PHTRACK_DOM_TARGET: good = good && read_string(a, d.target); break;
            case PHTRACK_DOM_ACL_COUNT: good = good && read_u32(a, d.acl_count); break;
            case PHTRACK_DOM_MODE: good = good && (d.has_mode = read_u32(a, d.mode)); break;
            case PHTRACK_DOM_OWN_MODE: {
                uint32_t own = 0;
                good = good && read_u32(a, own);
                d.own_mode = own != 0;
                break;
            }
            default: break;
        }
    });
    if (!good || !whole)
        return Error{EBADMSG, "malformed domain member"};
    if (!have_id || !have_name)
        return Error{EBADMSG, "domain lacks its id or name"};
    return {};
}

// The kCounters entry of each PHTRACK_CTR_* attribute number (-1: none).
constexpr auto kCounterOfAttr = [] {
    std::array<int, PHTRACK_CTR_MAX + 1> a{};
    a.fill(-1);
    for (size_t i = 0; i < std::size(kCounters); ++i) a[kCounters[i].attr] = static_cast<int>(i);
    return a;
}();

Result<void> decode_counters(const nlattr *nest, Counters &c) {
    if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
        return Error{EBADMSG, "malformed counters attribute"};
    bool good = true;
    bool whole = walk_nested(nest, [&](const nlattr *a) {
        uint16_t t = mnl_attr_get_type(a);
        if (t >= kCounterOfAttr.size() || kCounterOfAttr[t] < 0)
            return;  // newer counters and padding are skipped
        if (!read_u64(a, c.*kCounters[kCounterOfAttr[t]].field))
            good = false;
    });
    if (!good || !whole)
        return Error{EBADMSG, "malformed counter value"};
    return {};
}

}  // namespace

std::string_view mode_name(uint32_t mode) {
    return mode < kModeNames.size() ? kModeNames[mode] : std::string_view("unknown");
}

int parse_mode(std::string_view text) {
    for (size_t i = 0; i < kModeNames.size(); ++i)
        if (text == kModeNames[i])
            return static_cast<int>(i);
    int v = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 0 || v > PHTRACK_MODE_MAX)
        return -1;
    return v;
}

Result<Status> decode_status(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_STATUS_GET); !r)
        return r.error();
    Status st;
    bool have_version = false, have_proto = false, have_mode = false;
    Result<void> bad;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (!bad)
            return;
        bool good = true;
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_A_MODULE_VERSION:
                good = have_version = read_string(a, st.module_version);
                break;
            case PHTRACK_A_PROTO_VERSION: good = have_proto = read_u32(a, st.proto_version); break;
            case PHTRACK_A_KERNEL_RELEASE: good = read_string(a, st.kernel_release); break;
            case PHTRACK_A_MODE: good = have_mode = read_u32(a, st.mode); break;
            case PHTRACK_A_LOADED_NS: good = read_u64(a, st.loaded_ns); break;
            case PHTRACK_A_COUNTERS: bad = decode_counters(a, st.counters); break;
            case PHTRACK_A_LIMITS: bad = decode_limits(a, st.limits, st); break;
            case PHTRACK_A_ACTIVE: {
                uint32_t v = 0;
                good = read_u32(a, v);
                st.active = v != 0;
                break;
            }
            case PHTRACK_A_BOOT_TRIGGER: good = read_string(a, st.boot_trigger); break;
            default: break;
        }
        if (!good)
            bad = Error{EBADMSG, "malformed attribute " + std::to_string(mnl_attr_get_type(a))};
    });
    if (!bad)
        return bad.error();
    if (!whole)
        return Error{EBADMSG, "truncated attribute"};
    if (!have_version || !have_proto || !have_mode)
        return Error{EBADMSG, "status reply lacks a required attribute"};
    return st;
}

bool Domain::reconstructed() const {
    return flags & PHTRACK_DOMAIN_F_RECONSTRUCTED;
}
bool Domain::capped() const {
    return flags & PHTRACK_DOMAIN_F_CAPPED;
}
bool Domain::quota() const {
    return flags & PHTRACK_DOMAIN_F_QUOTA;
}

namespace {

Result<void> decode_acl(const nlattr *nest, AclEntry &e) {
    if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
        return Error{EBADMSG, "malformed acl attribute"};
    bool good = true, have_type = false, have_perm = false;
    bool whole = walk_nested(nest, [&](const nlattr *a) {
        uint16_t t = mnl_attr_get_type(a);
        switch (t) {
            case PHTRACK_ACL_TYPE: good = good && (have_type = read_u32(a, e.type)); break;
            case PHTRACK_ACL_SUB: good = good && read_u32(a, e.sub); break;
            case PHTRACK_ACL_PERM: good = good && (have_perm = read_u32(a, e.perm)); break;
            case PHTRACK_ACL_NUM0:
            case PHTRACK_ACL_NUM1:
            case PHTRACK_ACL_NUM2: good = good && read_u64(a, e.num[t - PHTRACK_ACL_NUM0]); break;
            case PHTRACK_ACL_STR0:
            case PHTRACK_ACL_STR1:
            case PHTRACK_ACL_STR2:
                good = good && read_string(a, e.str[t - PHTRACK_ACL_STR0]);
                break;
            default: break;
        }
    });
    if (!good || !whole)
        return Error{EBADMSG, "malformed acl member"};
    if (!have_type || !have_perm || e.type >= __PHTRACK_ACLT_MAX)
        return Error{EBADMSG, "acl entry lacks a valid type or permission"};
    return {};
}

std::string join_perms(uint32_t perm, const std::vector<std::string_view> &names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (!(perm & (1U << i)))
            continue;
        if (!out.empty())
            out += '/';
        out += names[i];
    }
    return out.empty() ? "?" : out;
}

const std::vector<std::string_view> kPathPerms = {"execute", "read",    "write",  "append",
                                                  "unlink",  "getattr", "rmdir",  "truncate",
                                                  "symlink", "chroot",  "unmount"};
const std::vector<std::string_view> kPathNumPerms = {"create", "mkdir", "mkfifo", "mksock",
                                                     "ioctl",  "chmod", "chown",  "chgrp"};
const std::vector<std::string_view> kMkdevPerms = {"mkblock", "mkchar"};
const std::vector<std::string_view> kPath2Perms = {"link", "rename", "pivot_root"};
const std::vector<std::string_view> kNetPerms = {"bind",   "listen", "connect",
                                                 "accept", "send",   "recv"};
const std::vector<std::string_view> kSockTypes = {"stream", "dgram", "raw", "seqpacket"};

std::string number(uint64_t v, uint32_t radix) {
    char buf[32];
    if (radix == PHTRACK_RADIX_OCTAL)
        snprintf(buf, sizeof(buf), "0%llo", static_cast<unsigned long long>(v));
    else if (radix == PHTRACK_RADIX_HEX)
        snprintf(buf, sizeof(buf), "0x%llX", static_cast<unsigned long long>(v));
    else
        snprintf(buf, sizeof(buf), "%llu", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace

Result<AclEntry> decode_acl_msg(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_ACL_GET); !r)
        return r.error();
    AclEntry e;
    bool have_dom = false, have_acl = false, good = true;
    Result<void> bad;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (mnl_attr_get_type(a) == PHTRACK_A_DOMAIN_ID) {
            good = good && (have_dom = read_u32(a, e.domain_id));
        } else if (mnl_attr_get_type(a) == PHTRACK_A_ACL && bad) {
            bad = decode_acl(a, e);
            have_acl = true;
        }
    });
    if (!bad)
        return bad.error();
    if (!good || !whole || !have_dom || !have_acl)
        return Error{EBADMSG, "malformed acl message"};
    return e;
}

namespace {

// The attributes every event starts with (time, task, sequence number);
// false when `a` is not one of them.
bool read_actor(const nlattr *a, EventActor &ev, bool &good, bool &have_seq) {
    switch (mnl_attr_get_type(a)) {
        case PHTRACK_A_SEQ: good = good && (have_seq = read_u64(a, ev.seq)); return true;
        case PHTRACK_A_TIME_NS: good = good && read_u64(a, ev.time_ns); return true;
        case PHTRACK_A_PID: good = good && read_u32(a, ev.pid); return true;
        case PHTRACK_A_TGID: good = good && read_u32(a, ev.tgid); return true;
        case PHTRACK_A_UID: good = good && read_u32(a, ev.uid); return true;
        case PHTRACK_A_COMM: good = good && read_string(a, ev.comm); return true;
        default: return false;
    }
}

// The attributes every audit event (watch, violation) carries besides the
// actor: numbered by PHTRACK_A_AUDIT_SEQ (PHTRACK_A_SEQ is skipped), with
// the credentials, the domain and the result.  True when `a` was one.
struct AuditCommon {
    bool have_seq = false, have_dom = false;
    uint32_t result = 0;
};

bool read_audit_common(const nlattr *a, WatchEvent &ev, bool &good, AuditCommon &c) {
    if (mnl_attr_get_type(a) == PHTRACK_A_SEQ)
        return true;
    if (read_actor(a, ev, good, c.have_seq))
        return true;
    switch (mnl_attr_get_type(a)) {
        case PHTRACK_A_AUDIT_SEQ: good = good && (c.have_seq = read_u64(a, ev.seq)); return true;
        case PHTRACK_A_PPID: good = good && read_u32(a, ev.ppid); return true;
        case PHTRACK_A_EUID: good = good && read_u32(a, ev.euid); return true;
        case PHTRACK_A_GID: good = good && read_u32(a, ev.gid); return true;
        case PHTRACK_A_DOMAIN_ID:
            good = good && (c.have_dom = read_u32(a, ev.domain_id));
            return true;
        case PHTRACK_A_RESULT: good = good && read_u32(a, c.result); return true;
        default: return false;
    }
}

}  // namespace

Result<LearnedEvent> decode_learned_event(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_EVENT_LEARNED); !r)
        return r.error();
    LearnedEvent ev;
    bool good = true, have_seq = false, have_dom = false, have_acl = false;
    Result<void> bad;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (read_actor(a, ev, good, have_seq))
            return;
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_A_DOMAIN_ID:
                good = good && (have_dom = read_u32(a, ev.entry.domain_id));
                break;
            case PHTRACK_A_ACL:
                if (bad)
                    bad = decode_acl(a, ev.entry);
                have_acl = true;
                break;
            case PHTRACK_A_MARK_EPOCH: good = good && read_u32(a, ev.epoch); break;
            default: break;
        }
    });
    if (!bad)
        return bad.error();
    if (!good || !whole)
        return Error{EBADMSG, "malformed learned event"};
    if (!have_seq || !have_dom || !have_acl)
        return Error{EBADMSG, "learned event lacks a required attribute"};
    return ev;
}

Result<WatchEvent> decode_watch_event(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_EVENT_WATCH); !r)
        return r.error();
    WatchEvent ev;
    AuditCommon c;
    bool good = true, have_op = false, have_path = false;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (read_audit_common(a, ev, good, c))
            return;
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_A_WATCH_ID: good = good && read_u32(a, ev.watch_id); break;
            case PHTRACK_A_OP: good = good && (have_op = read_u32(a, ev.op)); break;
            case PHTRACK_A_PATH: good = good && (have_path = read_string(a, ev.path)); break;
            case PHTRACK_A_PATH2: good = good && read_string(a, ev.path2); break;
            default: break;
        }
    });
    if (!good || !whole)
        return Error{EBADMSG, "malformed watch event"};
    if (!c.have_seq || !c.have_dom || !have_op || !have_path)
        return Error{EBADMSG, "watch event lacks a required attribute"};
    if (ev.op > PHTRACK_OP_MAX)
        return Error{EBADMSG, "watch event has an unknown operation " + std::to_string(ev.op)};
    ev.result = static_cast<int32_t>(c.result);
    return ev;
}

uint32_t acl_op(uint32_t type, uint32_t bit) {
    switch (type) {
        case PHTRACK_ACLT_PATH: return bit <= PHTRACK_PERM_UNMOUNT ? bit : kNoOp;
        case PHTRACK_ACLT_PATH_NUMBER:
            return bit <= PHTRACK_PERM_CHGRP ? PHTRACK_OP_CREATE + bit : kNoOp;
        case PHTRACK_ACLT_MKDEV:
            return bit <= PHTRACK_PERM_MKCHAR ? PHTRACK_OP_MKBLOCK + bit : kNoOp;
        case PHTRACK_ACLT_PATH2:
            return bit <= PHTRACK_PERM_PIVOT_ROOT ? PHTRACK_OP_LINK + bit : kNoOp;
        case PHTRACK_ACLT_MOUNT:
            return bit == PHTRACK_PERM_MOUNT ? uint32_t{PHTRACK_OP_MOUNT} : kNoOp;
        default: return kNoOp;
    }
}

std::string request_name(uint32_t cmd) {
    switch (cmd) {
        case PHTRACK_CMD_MODE_SET: return "mode_set";
        case PHTRACK_CMD_DOMAIN_MODE_SET: return "domain_mode_set";
        case PHTRACK_CMD_POLICY_SET: return "policy_set";
        case PHTRACK_CMD_MANAGER_SET: return "manager_set";
        default: return "request_" + std::to_string(cmd);
    }
}

Result<WatchEvent> decode_violation_event(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_EVENT_VIOLATION); !r)
        return r.error();
    WatchEvent ev;
    AclEntry e;
    AuditCommon c;
    bool good = true, have_kind = false, have_acl = false, have_cmd = false;
    uint32_t kind = 0, cmd = 0;
    Result<void> bad;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (read_audit_common(a, ev, good, c))
            return;
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_A_VIOLATION_KIND: good = good && (have_kind = read_u32(a, kind)); break;
            case PHTRACK_A_REQUEST_CMD: good = good && (have_cmd = read_u32(a, cmd)); break;
            case PHTRACK_A_ACL:
                if (bad)
                    bad = decode_acl(a, e);
                have_acl = true;
                break;
            default: break;
        }
    });
    if (!bad)
        return bad.error();
    if (!good || !whole)
        return Error{EBADMSG, "malformed violation event"};
    if (!c.have_seq || !c.have_dom || !have_kind)
        return Error{EBADMSG, "violation event lacks a required attribute"};
    ev.result = static_cast<int32_t>(c.result);
    ev.op = kNoOp;
    if (kind == PHTRACK_VIOLATION_ACCESS) {
        if (!have_acl)
            return Error{EBADMSG, "access violation event lacks its entry"};
        if (e.perm == 0 || (e.perm & (e.perm - 1)))
            return Error{EBADMSG, "access violation event does not name one permission"};
        ev.kind = kAuditViolation;
        ev.op = acl_op(e.type, static_cast<uint32_t>(std::countr_zero(e.perm)));
        ev.entry = format_acl(e);
        // The object, for the rows indexed by path: the entry's first
        // name, or the whole entry for a type that has none.
        ev.path = e.str[0].empty() ? ev.entry : e.str[0];
        ev.path2 = e.str[1];
    } else if (kind == PHTRACK_VIOLATION_MANAGER) {
        if (!have_cmd)
            return Error{EBADMSG, "manager violation event lacks its request"};
        ev.kind = kAuditManager;
        ev.path = request_name(cmd);
        ev.entry = "request " + ev.path;
    } else {
        return Error{EBADMSG, "violation event of unknown kind " + std::to_string(kind)};
    }
    return ev;
}

Result<ManagerList> decode_manager_list(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_MANAGER_GET); !r)
        return r.error();
    ManagerList l;
    bool good = true, have_self = false;
    uint32_t self = 0;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_A_MANAGER: {
                std::string e;
                good = good && read_string(a, e);
                l.entries.push_back(std::move(e));
                break;
            }
            case PHTRACK_A_MANAGER_SELF: good = good && (have_self = read_u32(a, self)); break;
            default: break;
        }
    });
    if (!good || !whole || !have_self)
        return Error{EBADMSG, "malformed manager list"};
    l.self = self != 0;
    return l;
}

Result<AuditLost> decode_audit_lost(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_AUDIT_LOST); !r)
        return r.error();
    AuditLost l;
    bool good = true, have_first = false, have_last = false, have_reason = false;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_A_LOST_FIRST: good = good && (have_first = read_u64(a, l.first)); break;
            case PHTRACK_A_LOST_LAST: good = good && (have_last = read_u64(a, l.last)); break;
            case PHTRACK_A_LOST_REASON: good = good && (have_reason = read_u32(a, l.reason)); break;
            default: break;
        }
    });
    if (!good || !whole)
        return Error{EBADMSG, "malformed audit loss message"};
    if (!have_first || !have_last || !have_reason)
        return Error{EBADMSG, "audit loss message lacks a required attribute"};
    if (l.first == 0 || l.last < l.first)
        return Error{EBADMSG, "audit loss message has an empty range " + std::to_string(l.first) +
                                  ".." + std::to_string(l.last)};
    return l;
}

Result<std::vector<Watch>> decode_watches(const nlmsghdr *nlh, size_t len, uint8_t cmd) {
    if (auto r = check_genl(nlh, len, cmd); !r)
        return r.error();
    std::vector<Watch> out;
    bool good = true;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (mnl_attr_get_type(a) != PHTRACK_A_WATCH || !good)
            return;
        if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0) {
            good = false;
            return;
        }
        Watch w;
        bool have_id = false, have_pat = false, have_ops = false;
        good = walk_nested(a,
                           [&](const nlattr *m) {
                               switch (mnl_attr_get_type(m)) {
                                   case PHTRACK_WATCH_ID:
                                       good = good && (have_id = read_u32(m, w.id));
                                       break;
                                   case PHTRACK_WATCH_PATTERN:
                                       good = good && (have_pat = read_string(m, w.pattern));
                                       break;
                                   case PHTRACK_WATCH_OPS:
                                       good = good && (have_ops = read_u32(m, w.ops));
                                       break;
                                   default: break;
                               }
                           }) &&
               good && have_id && have_pat && have_ops;
        out.push_back(std::move(w));
    });
    if (!good || !whole)
        return Error{EBADMSG, "malformed watch list"};
    return out;
}

namespace {

constexpr std::array<std::string_view, PHTRACK_OP_MAX + 1> kOpNames = {
    "execute",  "read",    "write",      "append",  "unlink", "getattr", "rmdir",
    "truncate", "symlink", "chroot",     "unmount", "create", "mkdir",   "mkfifo",
    "mksock",   "ioctl",   "chmod",      "chown",   "chgrp",  "mkblock", "mkchar",
    "link",     "rename",  "pivot_root", "mount"};

}  // namespace

std::string_view op_name(uint32_t op) {
    return op < kOpNames.size() ? kOpNames[op] : "?";
}

int parse_op(std::string_view name) {
    for (size_t i = 0; i < kOpNames.size(); ++i)
        if (kOpNames[i] == name)
            return static_cast<int>(i);
    return -1;
}

Result<uint32_t> parse_ops(std::string_view list) {
    uint32_t mask = 0;
    while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view word = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (word == "all") {
            mask |= PHTRACK_OPS_ALL;
        } else if (word == "change") {
            mask |= PHTRACK_OPS_CHANGE;
        } else if (int op = parse_op(word); op >= 0) {
            mask |= 1U << op;
        } else {
            return Error{EINVAL, "unknown operation '" + std::string(word) +
                                     "' (one of: all, change, " +
                                     format_ops(PHTRACK_OPS_ALL, true) + ")"};
        }
    }
    if (!mask)
        return Error{EINVAL, "no operation given"};
    return mask;
}

std::string format_ops(uint32_t mask, bool spell_all) {
    if (!spell_all && (mask & PHTRACK_OPS_ALL) == PHTRACK_OPS_ALL)
        return "all";
    std::string out;
    for (uint32_t op = 0; op <= PHTRACK_OP_MAX; ++op) {
        if (!(mask & (1U << op)))
            continue;
        if (!out.empty())
            out += ',';
        out += kOpNames[op];
    }
    return out;
}

std::string format_acl(const AclEntry &e) {
    std::string sock = e.sub < kSockTypes.size() ? std::string(kSockTypes[e.sub]) : "?";
    switch (e.type) {
        case PHTRACK_ACLT_PATH: return "file " + join_perms(e.perm, kPathPerms) + " " + e.str[0];
        case PHTRACK_ACLT_PATH_NUMBER:
            return "file " + join_perms(e.perm, kPathNumPerms) + " " + e.str[0] + " " +
                   number(e.num[0], e.sub);
        case PHTRACK_ACLT_MKDEV:
            return "file " + join_perms(e.perm, kMkdevPerms) + " " + e.str[0] + " " +
                   number(e.num[0], PHTRACK_RADIX_OCTAL) + " " + std::to_string(e.num[1]) + " " +
                   std::to_string(e.num[2]);
        case PHTRACK_ACLT_PATH2:
            return "file " + join_perms(e.perm, kPath2Perms) + " " + e.str[0] + " " + e.str[1];
        case PHTRACK_ACLT_MOUNT:
            return "file mount " + e.str[0] + " " + e.str[1] + " " + e.str[2] + " " +
                   number(e.num[0], PHTRACK_RADIX_HEX);
        case PHTRACK_ACLT_INET:
            return "network inet " + sock + " " + join_perms(e.perm, kNetPerms) + " " + e.str[0] +
                   " " + std::to_string(e.num[0]);
        case PHTRACK_ACLT_UNIX:
            return "network unix " + sock + " " + join_perms(e.perm, kNetPerms) + " " + e.str[0];
        case PHTRACK_ACLT_ENV: return "misc env " + e.str[0];
        case PHTRACK_ACLT_CAP: return "capability " + e.str[0];
        default: return "unknown entry type " + std::to_string(e.type);
    }
}

uint8_t genl_cmd(const nlmsghdr *nlh) {
    if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(genlmsghdr)))
        return 0;
    return static_cast<const genlmsghdr *>(mnl_nlmsg_get_payload(nlh))->cmd;
}

Result<Domain> decode_domain_msg(const nlmsghdr *nlh, size_t len, uint8_t cmd) {
    if (auto r = check_genl(nlh, len, cmd); !r)
        return r.error();
    Domain d;
    bool have = false;
    Result<void> bad;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (bad && mnl_attr_get_type(a) == PHTRACK_A_DOMAIN) {
            bad = decode_domain(a, d);
            have = true;
        }
    });
    if (!bad)
        return bad.error();
    if (!whole)
        return Error{EBADMSG, "truncated attribute"};
    if (!have)
        return Error{EBADMSG, "message carries no domain"};
    return d;
}

Result<uint32_t> decode_domain_count(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_DOMAIN_MODE_SET); !r)
        return r.error();
    uint32_t n = 0;
    bool have = false, good = true;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (mnl_attr_get_type(a) == PHTRACK_A_DOMAIN_COUNT)
            good = good && (have = read_u32(a, n));
    });
    if (!whole || !good)
        return Error{EBADMSG, "malformed domain count"};
    if (!have)
        return Error{EBADMSG, "reply carries no domain count"};
    return n;
}

Result<MarkReply> decode_mark_reply(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_MARK); !r)
        return r.error();
    MarkReply m;
    bool have_epoch = false, have_time = false, good = true;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_A_MARK_EPOCH: good = good && (have_epoch = read_u32(a, m.epoch)); break;
            case PHTRACK_A_TIME_NS: good = good && (have_time = read_u64(a, m.time_ns)); break;
            default: break;
        }
    });
    if (!whole || !good)
        return Error{EBADMSG, "malformed mark reply"};
    if (!have_epoch || !have_time)
        return Error{EBADMSG, "mark reply lacks its epoch or time"};
    return m;
}

Result<ExecEvent> decode_exec_event(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_EVENT_EXEC); !r)
        return r.error();
    ExecEvent ev;
    bool good = true, have_to = false, have_from = false, have_seq = false;
    Result<void> bad;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (read_actor(a, ev, good, have_seq))
            return;
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_A_FROM_DOMAIN:
                if (bad)
                    bad = decode_domain(a, ev.from);
                have_from = true;
                break;
            case PHTRACK_A_DOMAIN:
                if (bad)
                    bad = decode_domain(a, ev.to);
                have_to = true;
                break;
            default: break;
        }
    });
    if (!bad)
        return bad.error();
    if (!good || !whole)
        return Error{EBADMSG, "malformed exec event"};
    if (!have_seq || !have_from || !have_to)
        return Error{EBADMSG, "exec event lacks a required attribute"};
    return ev;
}

Result<std::vector<std::string>> decode_policy_lines(const nlmsghdr *nlh, size_t len) {
    if (auto r = check_genl(nlh, len, PHTRACK_CMD_POLICY_GET); !r)
        return r.error();
    std::vector<std::string> lines;
    bool good = true;
    bool whole = walk_msg_attrs(nlh, sizeof(genlmsghdr), [&](const nlattr *a) {
        if (mnl_attr_get_type(a) != PHTRACK_A_POLICY_LINE)
            return;
        std::string line;
        if (read_string(a, line))
            lines.push_back(std::move(line));
        else
            good = false;
    });
    if (!good || !whole)
        return Error{EBADMSG, "malformed policy line"};
    return lines;
}

std::vector<std::string_view> domain_tokens(std::string_view name) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < name.size()) {
        size_t j = name.find(' ', i);
        if (j == std::string_view::npos)
            j = name.size();
        if (j > i)
            out.push_back(name.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

bool domain_less(std::string_view a, std::string_view b) {
    auto ta = domain_tokens(a), tb = domain_tokens(b);
    return std::lexicographical_compare(ta.begin(), ta.end(), tb.begin(), tb.end());
}

void sort_domains(std::vector<Domain> &domains) {
    std::sort(domains.begin(), domains.end(),
              [](const Domain &a, const Domain &b) { return domain_less(a.name, b.name); });
}

}  // namespace ph
