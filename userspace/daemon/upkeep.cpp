// phd's upkeep of its store (upkeep.hpp).
#include "upkeep.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

namespace ph::daemon {

namespace {

std::optional<uint64_t> scaled(std::string_view s, uint64_t unit) {
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    if (v > std::numeric_limits<uint64_t>::max() / unit)
        return std::nullopt;
    return v * unit;
}

}  // namespace

std::optional<uint64_t> parse_duration(std::string_view s) {
    constexpr uint64_t kSec = 1000000000ULL;
    if (s.empty())
        return std::nullopt;
    switch (s.back()) {
        case 'd': return scaled(s.substr(0, s.size() - 1), 86400 * kSec);
        case 'h': return scaled(s.substr(0, s.size() - 1), 3600 * kSec);
        case 'm': return scaled(s.substr(0, s.size() - 1), 60 * kSec);
        case 's': return scaled(s.substr(0, s.size() - 1), kSec);
        default: return scaled(s, kSec);
    }
}

std::optional<uint64_t> parse_size(std::string_view s) {
    if (s.empty())
        return std::nullopt;
    switch (s.back()) {
        case 'K': return scaled(s.substr(0, s.size() - 1), 1ULL << 10);
        case 'M': return scaled(s.substr(0, s.size() - 1), 1ULL << 20);
        case 'G': return scaled(s.substr(0, s.size() - 1), 1ULL << 30);
        case 'T': return scaled(s.substr(0, s.size() - 1), 1ULL << 40);
        default: return scaled(s, 1);
    }
}

Result<uint64_t> statvfs_free(const std::string &path) {
    std::string dir = path;
    size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? "." : slash == 0 ? "/" : dir.substr(0, slash);
    struct statvfs st {};
    if (statvfs(dir.c_str(), &st) != 0)
        return Error{errno, "statvfs " + dir + ": " + strerror(errno)};
    // A filesystem without a size (ramfs, as an initramfs root may be) has
    // no floor to reach.
    if (st.f_blocks == 0)
        return std::numeric_limits<uint64_t>::max();
    return static_cast<uint64_t>(st.f_bavail) * static_cast<uint64_t>(st.f_frsize);
}

uint64_t SpaceGuard::resume_at() const {
    return floor_ + std::max<uint64_t>(floor_ / 4, 1ULL << 20);
}

SpaceGuard::Change SpaceGuard::update(uint64_t free_bytes) {
    if (floor_ == 0)
        return kNone;
    if (storing_ && free_bytes < floor_) {
        storing_ = false;
        return kStopped;
    }
    if (!storing_ && free_bytes >= resume_at()) {
        storing_ = true;
        return kResumed;
    }
    return kNone;
}

std::optional<std::pair<uint64_t, uint64_t>> UnstoredRanges::add(uint64_t seq) {
    ++total_;
    if (open_ && seq == open_->second + 1) {
        open_->second = seq;
        return std::nullopt;
    }
    auto closed = open_;
    open_ = std::make_pair(seq, seq);
    return closed;
}

std::optional<std::pair<uint64_t, uint64_t>> UnstoredRanges::close() {
    return std::exchange(open_, std::nullopt);
}

}  // namespace ph::daemon
