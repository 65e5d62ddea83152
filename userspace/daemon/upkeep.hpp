// phd's upkeep of its store: retention (pruning by age and size, a small
// batch at a time between event batches) and the free-space floor (below
// it phd stores no audit rows, records what it could not store as loss,
// and resumes by itself once space is freed).  docs/store.md, phd(8).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"
#include "trail.hpp"

namespace ph::daemon {

struct UpkeepConfig {
    RetentionPolicy retention;
    uint64_t min_free = 64ULL << 20;  // the floor, bytes; 0 = no floor
    size_t prune_rows = 2000;         // most rows one pruning step removes
    int interval_ms = 1000;           // how often free space and retention are checked
};

/// "90d", "12h", "30m", "45s" (or plain seconds) in nanoseconds.
std::optional<uint64_t> parse_duration(std::string_view s);
/// "2G", "512M", "64K", "1T" (powers of 1024) or plain bytes.
std::optional<uint64_t> parse_size(std::string_view s);

/// Free bytes for an unprivileged writer on the filesystem holding `path`;
/// UINT64_MAX on one that has no size (ramfs).
using FreeSpaceProbe = std::function<Result<uint64_t>(const std::string &path)>;
Result<uint64_t> statvfs_free(const std::string &path);

/// The floor, with hysteresis: storing stops when free space falls below
/// `floor` and resumes once it is back at floor + floor / 4 (at least 1 MiB
/// more), so that a store at the edge does not flap.
class SpaceGuard {
  public:
    enum Change { kNone, kStopped, kResumed };
    explicit SpaceGuard(uint64_t floor) : floor_(floor) {}
    Change update(uint64_t free_bytes);
    bool storing() const { return storing_; }
    uint64_t floor() const { return floor_; }
    uint64_t resume_at() const;

  private:
    uint64_t floor_;
    bool storing_ = true;
};

/// Consecutive sequence numbers not stored, as ranges.
class UnstoredRanges {
  public:
    /// Note `seq`; returns the range it closes when it does not extend the
    /// open one.
    std::optional<std::pair<uint64_t, uint64_t>> add(uint64_t seq);
    /// The open range, closed.
    std::optional<std::pair<uint64_t, uint64_t>> close();
    uint64_t total() const { return total_; }

  private:
    std::optional<std::pair<uint64_t, uint64_t>> open_;
    uint64_t total_ = 0;
};

}  // namespace ph::daemon
