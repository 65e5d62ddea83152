// What phd does when a write to its store fails (SQLITE_FULL, SQLITE_IOERR,
// a read-only remount...): the batch is rolled back and nothing in it is
// acknowledged, so the module keeps holding its audit events; phd retries
// on a backoff schedule (1 s, 2 s, 4 s, ... at most 30 s) by asking the
// module for everything after its last commit.  After `give_up_after`
// failures in a row it gives the held events up: it records their range as
// lost ("store write failure") in a small transaction of its own, and
// acknowledges it, so that a store that takes every write but the batch's
// does not hold the module's buffer forever.  Pure bookkeeping over a clock
// the caller passes in (docs/store.md, "Store write failures").
#pragma once

#include <cstdint>

#include "backoff.hpp"

namespace ph::daemon {

class StoreRetry {
  public:
    explicit StoreRetry(int64_t first_ms = 1000, int64_t max_ms = 30000, uint64_t give_up_after = 5)
        : backoff_(first_ms, max_ms), give_up_after_(give_up_after) {}

    /// A write failed at `now_ms`: storing stops until the retry; returns
    /// the wait before it.
    int64_t failed(int64_t now_ms) {
        failing_ = true;
        return backoff_.failed(now_ms);
    }
    /// The retry is under way: events are stored again, and the schedule
    /// goes on from where it was if it fails too.
    void retrying() { failing_ = false; }
    /// A write succeeded after failures: storing goes on as before.
    void succeeded() {
        failing_ = false;
        backoff_.succeeded();
    }
    /// Writes are failing: events are not stored (the module holds the
    /// audit events; learned entries come back with the next resync).
    bool failing() const { return failing_; }
    /// The retry's time has come.
    bool due(int64_t now_ms) const { return failing_ && backoff_.due(now_ms); }
    /// Milliseconds until the retry (0 when due or when not failing).
    int64_t remaining(int64_t now_ms) const { return failing_ ? backoff_.remaining(now_ms) : 0; }
    /// The retry that is due gives the held audit events up first.
    bool give_up() const { return failing_ && backoff_.failures() >= give_up_after_; }
    uint64_t failures() const { return backoff_.failures(); }

  private:
    Backoff backoff_;
    uint64_t give_up_after_;
    bool failing_ = false;
};

}  // namespace ph::daemon
