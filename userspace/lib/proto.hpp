// Decoding and encoding of phtrack generic netlink messages (see
// kernel/uapi/linux/phtrack.h).  Pure functions over bytes: no sockets, so
// they are unit-tested on fabricated and malformed messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "result.hpp"

struct nlmsghdr;

namespace ph {

struct Counters {
    uint64_t events_emitted = 0;
    uint64_t events_dropped = 0;
    uint64_t domains = 0;
    uint64_t acl_entries = 0;
    uint64_t mem_bytes = 0;
    uint64_t requests = 0;
};

struct Status {
    std::string module_version;
    uint32_t proto_version = 0;
    std::string kernel_release;
    uint32_t mode = 0;
    uint64_t loaded_ns = 0;
    Counters counters;
};

/// Name of a PHTRACK_MODE_* value ("learning", ...), or "unknown".
std::string_view mode_name(uint32_t mode);
/// Parse a mode name or number; returns -1 when it is neither.
int parse_mode(std::string_view text);

/// Decode a STATUS_GET reply.  `len` is the number of valid bytes at `nlh`;
/// every attribute is bounds- and type-checked.
Result<Status> decode_status(const nlmsghdr *nlh, size_t len);

}  // namespace ph
