// Small helpers shared by the ph subcommands.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
/// The same with nanoseconds: 2026-11-23T10:00:00.123456789Z (time.cpp).
std::string format_time_ns(uint64_t ns);
/// CLOCK_REALTIME now, in nanoseconds.
uint64_t realtime_ns();
/// A point in time given as an ISO 8601 UTC time (2026-11-23T10:00:00Z; the
/// seconds, the Z or the whole time of day may be left out) or as a time ago
/// ("45s", "10m", "2h", "3d"), relative to `now_ns`.
std::optional<uint64_t> parse_time_arg(std::string_view s, uint64_t now_ns);
/// The TIME that follows the option at args[i] (`--since TIME`), with i
/// moved onto it; the error is the message for the usage line.
Result<uint64_t> time_option(const std::vector<std::string> &args, size_t &i, uint64_t now_ns);

}  // namespace ph::cli
