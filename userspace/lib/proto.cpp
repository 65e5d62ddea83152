#include "proto.hpp"

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <array>
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

Result<void> decode_counters(const nlattr *nest, Counters &c) {
    if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
        return Error{EBADMSG, "malformed counters attribute"};
    bool good = true;
    bool whole = walk_nested(nest, [&](const nlattr *a) {
        uint64_t *dst = nullptr;
        switch (mnl_attr_get_type(a)) {
            case PHTRACK_CTR_EVENTS_EMITTED: dst = &c.events_emitted; break;
            case PHTRACK_CTR_EVENTS_DROPPED: dst = &c.events_dropped; break;
            case PHTRACK_CTR_DOMAINS: dst = &c.domains; break;
            case PHTRACK_CTR_ACL_ENTRIES: dst = &c.acl_entries; break;
            case PHTRACK_CTR_MEM_BYTES: dst = &c.mem_bytes; break;
            case PHTRACK_CTR_REQUESTS: dst = &c.requests; break;
            default: break;  // newer counters and padding are skipped
        }
        if (dst && !read_u64(a, *dst))
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

}  // namespace ph
