// Sequence numbers of one module load's events: every event carries the
// next number (kernel/uapi/linux/phtrack.h), so a jump is events lost on the
// way.  phd records each gap as loss; ph events counts them.
#pragma once

#include <cstdint>
#include <optional>

namespace ph {

/// An inclusive range of sequence numbers that never arrived.
struct SeqGap {
    uint64_t first = 0, last = 0;
    uint64_t count() const { return last - first + 1; }
};

class SeqTracker {
  public:
    /// `last`: the number of the last event already accounted for (phd: the
    /// last one stored, 0 for a new module load, so that events missed
    /// before the first one received count); nothing: unknown (ph events:
    /// the first event received starts the count).
    explicit SeqTracker(std::optional<uint64_t> last = std::nullopt)
        : known_(last.has_value()), last_(last.value_or(0)) {}

    /// Note the event numbered `seq`; returns the numbers skipped before it.
    /// A number at or below the last one is no gap and keeps the last one.
    std::optional<SeqGap> next(uint64_t seq) {
        std::optional<SeqGap> gap;
        if (known_ && seq > last_ + 1)
            gap = SeqGap{last_ + 1, seq - 1};
        if (!known_ || seq > last_)
            last_ = seq;
        known_ = true;
        return gap;
    }
    /// The highest number seen (or given); 0 when none.
    uint64_t last() const { return last_; }

  private:
    bool known_;
    uint64_t last_;
};

}  // namespace ph
