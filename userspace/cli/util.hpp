// Small helpers shared by the ph subcommands.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"

namespace ph::cli {

/// Print "ph: MESSAGE" and return exit status 1.
int fail(const Error &e);
/// Print a usage error and return exit status 2.
int usage_error(const char *msg);
/// A decimal u32, or nothing.
std::optional<uint32_t> parse_u32(std::string_view s);
/// ISO 8601 UTC time of CLOCK_REALTIME nanoseconds.
std::string format_time(uint64_t ns);

}  // namespace ph::cli
