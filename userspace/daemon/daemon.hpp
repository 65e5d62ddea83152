// phd's core: keep the store in step with the module.  Kept apart from
// main() (options, signals, daemonizing) so the loop's rules read in one
// place: subscribe, resync, then store events in batches, recording every
// sequence gap as loss.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "backoff.hpp"
#include "netlink.hpp"
#include "result.hpp"
#include "seq.hpp"
#include "store.hpp"
#include "store_retry.hpp"
#include "upkeep.hpp"

namespace ph::daemon {

struct Config {
    std::string db = "/var/lib/phtrack/ph.db";
    size_t batch = 65536;   // most events per transaction
    int flush_ms = 200;     // longest an event waits before its commit
    int rcvbuf = 64 << 20;  // event socket buffer, bytes
    int status_ms = 2000;   // how often phd checks the module and its watches
    UpkeepConfig upkeep;    // retention and the free-space floor
    FreeSpaceProbe free_space = statvfs_free;
    int64_t anchor_ms = 3600 * 1000;  // how often phd logs the chain head
};

/// Counters of one run, logged at exit and on SIGUSR1.
struct Counters {
    uint64_t stored = 0;        // events committed (all kinds)
    uint64_t watch_events = 0;  // of which watch events
    uint64_t lost = 0;          // learned/exec sequence numbers never received
    uint64_t audit_lost = 0;    // audit events the module no longer held
    uint64_t replays = 0;       // audit replays asked for (PHTRACK_CMD_AUDIT_GET)
    uint64_t acks = 0;          // acknowledgements sent
    uint64_t malformed = 0;     // messages that failed to decode
    uint64_t overruns = 0;      // socket overflows (the loss shows as gaps)
    uint64_t resyncs = 0;
    uint64_t failed_requests = 0;  // requests the module refused (retried)
    uint64_t commits = 0;
    uint64_t unstored = 0;        // audit events not stored below the free-space floor
    uint64_t pruned = 0;          // audit rows removed by retention
    uint64_t store_failures = 0;  // writes to the store that failed (retried)
};

using Logger = std::function<void(int prio, const std::string &msg)>;

class Daemon {
  public:
    Daemon(Config cfg, Logger log) : cfg_(std::move(cfg)), log_(std::move(log)) {}

    /// Open the store, connect, subscribe and resync.  Errors are fatal.
    Result<void> start();
    /// Store events until `stop()` returns true or an error occurs.
    Result<void> run(const std::function<bool()> &stop, const std::function<bool()> &resync);
    const Counters &counters() const { return n_; }

  private:
    Result<void> resync(bool at_start);
    // A request to the module failed: the module gone (its family
    // unregistered) ends the run; anything else (EMSGSIZE, ENOBUFS, ...) is
    // logged and the resync retried later, with backoff, while events are
    // still stored.
    Result<void> request_failed(const std::string &what, const Error &e);
    Result<void> restore_watches(bool new_instance, std::vector<Watch> have);
    Result<void> save_watches(const std::vector<Watch> &ws);
    Result<void> note_seq(uint64_t seq);
    Result<void> in_batch();
    Result<void> flush();
    Result<void> learned(const LearnedEvent &ev);
    // Retention and the free-space floor, between event batches (upkeep.hpp).
    Result<void> upkeep();
    Result<void> record_unstored(std::optional<std::pair<uint64_t, uint64_t>> range);
    void log_anchor(const char *why);
    Client::EventHandlers handlers();
    // One audit event, live or replayed: stored when it is the next one;
    // a live one past a gap asks for a replay instead.
    Result<void> audit_event(const WatchEvent &ev);
    Result<void> audit_lost(const AuditLost &l);
    // Ask the module for every audit event after the last one stored.
    Result<void> audit_replay(bool at_start);
    // Tell the module what is on disk; failures other than the module's
    // absence are retried at the next commit.
    Result<void> audit_ack();
    // A write to the store failed (not the module's absence): roll the
    // batch back, acknowledge nothing, retry later (store_retry.hpp).
    Result<void> store_failed(const Error &e, const std::string &what);
    // The retry: give the held audit events up if it is time to, then ask
    // the module for everything after the last commit.
    Result<void> store_retry();
    // `r`, or after a failure that is the store's, store_failed().
    Result<void> or_store_failed(Result<void> r, const std::string &what);

    Config cfg_;
    Logger log_;
    std::optional<Store> store_;
    std::optional<Client> events_;
    std::optional<Client> requests_;
    int64_t inst_ = 0;
    SeqTracker seq_{0};           // the last event stored
    uint64_t seq_committed_ = 0;  // seq_.last() at the last commit
    bool first_event_ = true;
    // Audit events (their own sequence): the next number to store, the last
    // number on disk (committed), the last acknowledged to the module.
    uint64_t audit_next_ = 1;
    uint64_t audit_committed_ = 0;
    uint64_t audit_acked_ = 0;
    bool audit_replay_due_ = false;
    bool replaying_ = false;
    bool replay_at_start_ = false;
    bool learning_gap_ = false;  // a learned/exec gap: resync soon
    int64_t last_resync_ms_ = 0;
    bool in_txn_ = false;
    size_t batch_n_ = 0;      // events in the open transaction
    size_t batch_watch_ = 0;  // of which watch events
    int64_t batch_started_ms_ = 0;
    Counters n_;
    SpaceGuard guard_{cfg_.upkeep.min_free};
    UnstoredRanges unstored_;
    int64_t last_upkeep_ms_ = 0, last_anchor_ms_ = 0, last_checkpoint_ms_ = 0;
    bool prune_more_ = false;
    uint64_t pruned_run_ = 0;     // rows pruned since the last log line
    std::vector<Watch> watches_;  // as last saved in the store
    bool watches_saved_ = false;
    // A resync that failed on a request is retried on this schedule; the
    // watches of a new module instance are restored by the first resync
    // that succeeds.
    Backoff resync_retry_;
    // Failed store writes: retried on this schedule, meanwhile nothing is
    // stored; `audit_seen_` is the highest audit number received meanwhile.
    StoreRetry store_retry_;
    uint64_t audit_seen_ = 0;
    bool restore_pending_ = false;
    bool restore_new_instance_ = false;
    // Kernel domain id -> flags, for domains this run stored in this
    // instance: an exec into one of them needs no write.  Cleared by every
    // resync; any failed write ends the run, so it never outlives a rollback.
    std::unordered_map<uint32_t, uint32_t> domains_stored_;
};

}  // namespace ph::daemon
