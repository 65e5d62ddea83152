// Checked netlink attribute iteration (libmnl's macros are C-only).
#pragma once

#include <libmnl/libmnl.h>

#include <cstddef>

namespace ph {

/// Calls f(const nlattr *) for each attribute in [begin, end).  Returns false
/// when an attribute's length is invalid or runs past `end` (the walk stops
/// there); true when the range was consumed exactly.
template <class F>
bool walk_attrs(const void *begin, const void *end, F &&f) {
    const char *p = static_cast<const char *>(begin);
    const char *e = static_cast<const char *>(end);
    while (p < e) {
        const auto *a = reinterpret_cast<const nlattr *>(p);
        if (!mnl_attr_ok(a, static_cast<int>(e - p)))
            return false;
        f(a);
        p += MNL_ALIGN(a->nla_len);
    }
    return true;
}

/// The attributes of a message after a fixed header of `offset` bytes.
template <class F>
bool walk_msg_attrs(const nlmsghdr *nlh, size_t offset, F &&f) {
    return walk_attrs(mnl_nlmsg_get_payload_offset(nlh, offset), mnl_nlmsg_get_payload_tail(nlh),
                      static_cast<F &&>(f));
}

/// The attributes nested in `nest`.
template <class F>
bool walk_nested(const nlattr *nest, F &&f) {
    const char *b = static_cast<const char *>(mnl_attr_get_payload(nest));
    return walk_attrs(b, b + mnl_attr_get_payload_len(nest), static_cast<F &&>(f));
}

}  // namespace ph
