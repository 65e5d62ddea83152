// When phd retries a request that failed (a resync whose dump the module
// refused): the first retry after `first_ms`, each later one after twice the
// previous wait, never more than `max_ms`.  Pure arithmetic over a clock the
// caller passes in, so it is unit-tested without sleeping.
#pragma once

#include <algorithm>
#include <cstdint>

namespace ph::daemon {

class Backoff {
  public:
    explicit Backoff(int64_t first_ms = 1000, int64_t max_ms = 60000)
        : first_ms_(first_ms), max_ms_(std::max(first_ms, max_ms)) {}

    /// A request failed at `now_ms`: schedule the next try and return the
    /// wait before it.
    int64_t failed(int64_t now_ms) {
        wait_ms_ = wait_ms_ == 0 ? first_ms_ : std::min(wait_ms_ * 2, max_ms_);
        due_ms_ = now_ms + wait_ms_;
        failures_++;
        return wait_ms_;
    }
    /// The request succeeded: the next failure waits `first_ms` again.
    void succeeded() {
        wait_ms_ = 0;
        due_ms_ = 0;
        failures_ = 0;
    }
    /// A retry is scheduled (the last try failed).
    bool pending() const { return failures_ != 0; }
    /// A retry is scheduled and its time has come.
    bool due(int64_t now_ms) const { return pending() && now_ms >= due_ms_; }
    /// Milliseconds until the retry is due (0 if due or none is pending).
    int64_t remaining(int64_t now_ms) const {
        return pending() ? std::max<int64_t>(0, due_ms_ - now_ms) : 0;
    }
    /// Failures in a row since the last success.
    uint64_t failures() const { return failures_; }

  private:
    int64_t first_ms_;
    int64_t max_ms_;
    int64_t wait_ms_ = 0;
    int64_t due_ms_ = 0;
    uint64_t failures_ = 0;
};

}  // namespace ph::daemon
