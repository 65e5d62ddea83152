#include "daemon.hpp"

#include <syslog.h>
#include <time.h>

#include <algorithm>
#include <string>

namespace ph::daemon {

namespace {

int64_t now_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

Error with_context(const Error &e, const std::string &what) {
    return Error{e.code, what + ": " + e.message};
}

// The generic netlink core answers ENOENT for a family that is no longer
// registered: the module was unloaded.
bool module_gone(const Error &e) {
    return e.code == ENOENT;
}

uint64_t sql_now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
}
// After learned or exec events went missing, a resync restores what they
// said; at most this often, so an overload does not dump the state in a loop.
constexpr int64_t kGapResyncMs = 5000;

}  // namespace

Result<void> Daemon::start() {
    // Subscribe before dumping, so an event raised during the dump is
    // either in the dump or queued on the event socket (or both: storing
    // twice is harmless, entries merge).
    auto ev = Client::connect();
    if (!ev)
        return ev.error();
    events_.emplace(std::move(ev.value()));
    if (auto r = events_->subscribe(cfg_.rcvbuf); !r)
        return r;
    auto rq = Client::connect();
    if (!rq)
        return rq.error();
    requests_.emplace(std::move(rq.value()));
    // The store is opened (and created) only once the module answered.
    auto st = Store::open(cfg_.db, true);
    if (!st)
        return st.error();
    store_.emplace(std::move(st.value()));
    if (auto r = resync(true); !r)
        return r;
    // Every audit event held for this store since its last commit, before
    // phd reports ready: a restart then leaves nothing behind in the module.
    return audit_replay(true);
}

Result<void> Daemon::request_failed(const std::string &what, const Error &e) {
    if (module_gone(e))
        return with_context(e, what);
    n_.failed_requests++;
    int64_t wait = resync_retry_.failed(now_ms());
    log_(LOG_WARNING, what + " failed (" + e.message + ", errno " + std::to_string(e.code) +
                          "); still storing events, retrying the resync in " +
                          std::to_string(wait / 1000) + " s (failure " +
                          std::to_string(resync_retry_.failures()) + " in a row)");
    return {};
}

Result<void> Daemon::resync(bool at_start) {
    auto status = requests_->status();
    if (!status)
        return at_start ? status.error()
                        : request_failed("resync: reading the status", status.error());
    auto known = store_->stats();
    if (!known)
        return known.error();
    auto inst = store_->instance(status.value());
    if (!inst)
        return inst.error();
    bool new_instance = at_start && (known.value().instances == 0 ||
                                     known.value().loaded_ns != status.value().loaded_ns);
    inst_ = inst.value();
    if (at_start && !new_instance) {
        // The instance is known, but if no resync of it was ever stored (the
        // first phd start failed), its watches were never given back.
        auto done = store_->instance_resynced(inst_);
        if (!done)
            return done.error();
        new_instance = !done.value();
    }
    if (at_start) {
        restore_pending_ = true;
        restore_new_instance_ = new_instance;
    }
    domains_stored_.clear();
    auto last = store_->last_seq(inst_);
    if (!last)
        return last.error();
    seq_ = SeqTracker(last.value());
    seq_committed_ = last.value();
    last_resync_ms_ = now_ms();
    if (at_start) {
        auto audit = store_->audit_seq(inst_);
        if (!audit)
            return audit.error();
        audit_committed_ = audit.value();
        audit_next_ = audit_committed_ + 1;
        audit_acked_ = 0;  // unknown: the first commit (or the replay) tells the module
    }

    // The learned entries first, then the domains: a domain created between
    // the two dumps (a busy boot) is then in the second, so every entry's
    // domain is known when it is stored.  Domains are never removed while
    // the module is loaded.
    auto es = requests_->acl(std::nullopt);
    if (!es)
        return request_failed("resync: dumping the learned entries", es.error());
    auto ds = requests_->domains();
    if (!ds)
        return request_failed("resync: dumping the domains", ds.error());
    if (auto r = flush(); !r)
        return r;
    if (auto r = store_->begin(); !r)
        return r;
    Result<void> r;
    for (const auto &d : ds.value())
        if (r = store_->put_domain(inst_, d); !r)
            break;
    for (size_t i = 0; r && i < es.value().size(); ++i) r = store_->put_acl(inst_, es.value()[i]);
    if (!r) {
        (void)store_->rollback();
        return with_context(r.error(), "resync");
    }
    if (auto c = store_->commit(); !c)
        return c;
    n_.resyncs++;
    if (resync_retry_.pending())
        log_(LOG_INFO, "resync succeeded after " + std::to_string(resync_retry_.failures()) +
                           " failed attempts");
    resync_retry_.succeeded();
    log_(LOG_INFO, "resynced instance " + std::to_string(inst_) + ": " +
                       std::to_string(ds.value().size()) + " domains, " +
                       std::to_string(es.value().size()) + " learned entries, last stored seq " +
                       std::to_string(seq_.last()));
    if (!restore_pending_)
        return {};
    auto kernel = requests_->watches();
    if (!kernel)
        return request_failed("resync: reading the watches", kernel.error());
    restore_pending_ = false;
    return restore_watches(restore_new_instance_, kernel.value());
}

// A module loaded anew has no watches: give it the stored ones.  The same
// module instance (phd restarted) is the authority: store what it has.
Result<void> Daemon::restore_watches(bool new_instance, std::vector<Watch> have) {
    Result<std::vector<Watch>> kernel(std::move(have));
    if (new_instance && kernel.value().empty()) {
        auto saved = store_->watches();
        if (!saved)
            return saved.error();
        for (const auto &w : saved.value()) {
            auto added = requests_->watch_add(w.pattern, w.ops);
            if (!added)
                log_(LOG_WARNING,
                     "cannot restore watch " + w.pattern + ": " + added.error().message);
        }
        kernel = requests_->watches();
        if (!kernel)
            return request_failed("reading the restored watches", kernel.error());
        if (!saved.value().empty())
            log_(LOG_INFO, "restored " + std::to_string(kernel.value().size()) + " watches");
    }
    return save_watches(kernel.value());
}

// The store keeps the module's watch list, to give it back to the next
// module instance; `ph watch` changes it at any time, so phd compares it
// whenever it is idle.
Result<void> Daemon::save_watches(const std::vector<Watch> &ws) {
    auto same = [](const Watch &a, const Watch &b) {
        return a.id == b.id && a.pattern == b.pattern && a.ops == b.ops;
    };
    if (watches_saved_ && std::equal(ws.begin(), ws.end(), watches_.begin(), watches_.end(), same))
        return {};
    if (auto r = store_->set_watches(ws); !r)
        return r;
    watches_ = ws;
    watches_saved_ = true;
    return {};
}

Result<void> Daemon::in_batch() {
    if (in_txn_)
        return {};
    if (auto r = store_->begin(); !r)
        return r;
    in_txn_ = true;
    batch_n_ = 0;
    batch_watch_ = 0;
    batch_started_ms_ = now_ms();
    return {};
}

// The commit is durable when it returns (synchronous=FULL), so the
// acknowledgement that follows it never covers an event a crash or a power
// loss could still take.
Result<void> Daemon::flush() {
    if (!in_txn_)
        return audit_ack();
    if (auto r = store_->set_last_seq(inst_, seq_.last()); !r)
        return r;
    if (auto r = store_->set_audit_seq(inst_, audit_next_ - 1); !r)
        return r;
    if (auto r = store_->commit(); !r)
        return r;
    in_txn_ = false;
    audit_committed_ = audit_next_ - 1;
    seq_committed_ = seq_.last();
    n_.commits++;
    n_.stored += batch_n_;
    n_.watch_events += batch_watch_;
    batch_watch_ = 0;
    return audit_ack();
}

Result<void> Daemon::audit_ack() {
    if (audit_committed_ <= audit_acked_)
        return {};
    auto r = requests_->audit_ack(audit_committed_);
    if (!r) {
        if (module_gone(r.error()))
            return with_context(r.error(), "acknowledging stored audit events");
        if (n_.failed_requests++ < 10)
            log_(LOG_WARNING, "acknowledging audit events up to " +
                                  std::to_string(audit_committed_) + " failed (" +
                                  r.error().message + "); retrying at the next commit");
        return {};
    }
    audit_acked_ = audit_committed_;
    n_.acks++;
    return {};
}

// Every learned or exec event's number must follow the last one stored; a
// jump is loss, recorded in the same transaction as the event that reveals
// it, and a resync soon restores what those events said.
Result<void> Daemon::note_seq(uint64_t seq) {
    if (auto r = in_batch(); !r)
        return r;
    batch_n_++;
    if (auto gap = seq_.next(seq)) {
        const char *why = first_event_ ? "not received while phd was not running"
                                       : "not received (queue or socket overflow)";
        if (auto r = store_->put_loss(inst_, gap->first, gap->last, why); !r)
            return r;
        n_.lost += gap->count();
        if (!first_event_)
            learning_gap_ = true;
    }
    first_event_ = false;
    return {};
}

Result<void> Daemon::audit_event(const WatchEvent &ev) {
    if (store_retry_.failing()) {
        // Not acknowledged: the module holds it for the retry's replay.
        audit_seen_ = std::max(audit_seen_, ev.seq);
        return {};
    }
    if (ev.seq < audit_next_)
        return {};  // stored already: a live copy and a replayed one
    if (ev.seq > audit_next_) {
        if (!replaying_) {
            // The live copies of audit_next_.. went missing (queue or
            // socket overflow); the module holds them until acknowledged.
            audit_replay_due_ = true;
            return {};
        }
        // A replay reports every number it skips; one it did not is lost.
        if (auto r = audit_lost(AuditLost{audit_next_, ev.seq - 1, 0}); !r)
            return r;
    }
    if (!guard_.storing()) {
        // Below the free-space floor: recorded as lost, by exact range, so
        // the acknowledgement moves past it (docs/store.md, "Free space").
        n_.unstored++;
        audit_next_ = ev.seq + 1;
        return record_unstored(unstored_.add(ev.seq));
    }
    if (auto r = in_batch(); !r)
        return r;
    if (auto r = store_->put_watch_event(inst_, ev); !r)
        return r;
    batch_n_++;
    batch_watch_++;
    audit_next_ = ev.seq + 1;
    return {};
}

Result<void> Daemon::audit_lost(const AuditLost &l) {
    if (store_retry_.failing() || l.last < audit_next_)
        return {};
    uint64_t first = audit_next_;
    const char *why = "not held by the module";
    switch (l.reason) {
        case PHTRACK_AUDIT_LOSS_DROPPED:
            why = replay_at_start_ ? "phd down past the buffer" : "buffer overflow";
            break;
        case PHTRACK_AUDIT_LOSS_ACKED: why = "acknowledged by another reader"; break;
        case PHTRACK_AUDIT_LOSS_TOO_BIG: why = "too big to replay"; break;
        default: break;
    }
    if (auto r = in_batch(); !r)
        return r;
    if (auto r = store_->put_audit_loss(inst_, first, l.last, why); !r)
        return r;
    n_.audit_lost += l.last - first + 1;
    audit_next_ = l.last + 1;
    log_(LOG_WARNING, "audit events " + std::to_string(first) + ".." + std::to_string(l.last) +
                          " lost (" + why + ")");
    return {};
}

Result<void> Daemon::audit_replay(bool at_start) {
    audit_replay_due_ = false;
    replaying_ = true;
    replay_at_start_ = at_start;
    n_.replays++;
    bool store_failed = false;
    Client::EventHandlers h = handlers();
    auto on_watch = h.on_watch;
    auto on_lost = h.on_audit_lost;
    // A handler's error is the store's; the request's own errors are the
    // module's.
    h.on_watch = [&](const WatchEvent &ev) -> Result<void> {
        auto r = on_watch(ev);
        store_failed = store_failed || !r;
        return r;
    };
    h.on_audit_lost = [&](const AuditLost &l) -> Result<void> {
        auto r = on_lost(l);
        store_failed = store_failed || !r;
        return r;
    };
    auto r = requests_->audit_replay(audit_next_ - 1, h);
    replaying_ = false;
    if (!r && (store_failed || module_gone(r.error())))
        return with_context(r.error(), "replaying audit events");
    if (!r) {
        // Asked again after the next poll.
        audit_replay_due_ = true;
        if (n_.failed_requests++ < 10)
            log_(LOG_WARNING, "the audit replay failed (" + r.error().message + "); retrying");
    }
    return flush();
}

Result<void> Daemon::learned(const LearnedEvent &ev) {
    // Every report is one use in its mark epoch (docs/store.md, "Marks").
    const AclReport report{ev.epoch, ev.time_ns};
    auto r = store_->put_acl(inst_, ev.entry, report);
    if (r || r.error().code != ENOENT)
        return r;
    // A domain this store has not seen (its exec event was lost): fetch
    // the domains, then store the entry.
    // If the dump fails, the next resync (scheduled by request_failed)
    // stores the entry with the rest of the domain's list.
    auto ds = requests_->domains();
    if (!ds)
        return resync_retry_.pending()
                   ? Result<void>()
                   : request_failed("dumping the domains for a learned entry", ds.error());
    for (const auto &d : ds.value())
        if (auto p = store_->put_domain(inst_, d); !p)
            return p;
    return store_->put_acl(inst_, ev.entry, report);
}

Client::EventHandlers Daemon::handlers() {
    Client::EventHandlers h;
    h.on_exec = [this](const ExecEvent &ev) -> Result<void> {
        if (store_retry_.failing())
            return {};  // a gap at the retry: the resync after it restores it
        if (auto r = note_seq(ev.seq); !r)
            return r;
        // Most execs enter a domain already stored: a domain's name,
        // parent and creation never change, only its flags may.
        auto it = domains_stored_.find(ev.to.id);
        if (it != domains_stored_.end() && it->second == ev.to.flags)
            return {};
        if (auto r = store_->put_domain(inst_, ev.to); !r)
            return r;
        domains_stored_[ev.to.id] = ev.to.flags;
        return {};
    };
    h.on_learned = [this](const LearnedEvent &ev) -> Result<void> {
        if (store_retry_.failing())
            return {};
        if (auto r = note_seq(ev.seq); !r)
            return r;
        return learned(ev);
    };
    h.on_watch = [this](const WatchEvent &ev) -> Result<void> { return audit_event(ev); };
    h.on_audit_lost = [this](const AuditLost &l) -> Result<void> { return audit_lost(l); };
    h.on_bad = [this](const Error &e) -> Result<void> {
        if (n_.malformed++ < 10)
            log_(LOG_WARNING, "ignoring a malformed event: " + e.message);
        return {};
    };
    h.on_overrun = [this] { n_.overruns++; };
    return h;
}

Result<void> Daemon::run(const std::function<bool()> &stop,
                         const std::function<bool()> &resync_req) {
    Client::EventHandlers h = handlers();
    // A handler's error is the store's (the module's absence aside).
    bool handler_failed = false;
    auto wrap = [&handler_failed](auto fn) {
        return [fn, &handler_failed](const auto &ev) -> Result<void> {
            auto r = fn(ev);
            handler_failed = handler_failed || !r;
            return r;
        };
    };
    h.on_exec = wrap(h.on_exec);
    h.on_learned = wrap(h.on_learned);
    h.on_watch = wrap(h.on_watch);
    h.on_audit_lost = wrap(h.on_audit_lost);
    int64_t last_check = now_ms();
    while (!stop()) {
        int wait = cfg_.flush_ms;
        if (in_txn_)
            wait = static_cast<int>(
                std::max<int64_t>(0, batch_started_ms_ + cfg_.flush_ms - now_ms()));
        if (store_retry_.failing())
            wait = static_cast<int>(std::min<int64_t>(wait, store_retry_.remaining(now_ms())));
        handler_failed = false;
        auto got = events_->poll_events(h, wait, cfg_.batch);
        if (!got) {
            if (handler_failed && !module_gone(got.error())) {
                if (auto r = store_failed(got.error(), "storing events"); !r)
                    return r;
                continue;
            }
            if (in_txn_)
                (void)store_->rollback();
            in_txn_ = false;
            return with_context(got.error(), "storing events");
        }
        if (store_retry_.due(now_ms()))
            if (auto r = store_retry(); !r)
                return r;
        if (in_txn_ && (batch_n_ >= cfg_.batch || now_ms() - batch_started_ms_ >= cfg_.flush_ms))
            if (auto r = or_store_failed(flush(), "committing events"); !r)
                return r;
        if (store_retry_.failing())
            continue;  // nothing below writes until the retry succeeds
        if (audit_replay_due_)
            if (auto r = or_store_failed(audit_replay(false), "storing replayed audit events"); !r)
                return r;
        if (learning_gap_ && now_ms() - last_resync_ms_ >= kGapResyncMs) {
            learning_gap_ = false;
            if (auto r = or_store_failed(resync(false), "resync"); !r)
                return r;
        }
        if (auto r = or_store_failed(upkeep(), "store upkeep"); !r)
            return r;
        if (store_retry_.failing())
            continue;
        if (resync_req() || resync_retry_.due(now_ms()))
            if (auto r = or_store_failed(resync(false), "resync"); !r)
                return r;
        if (now_ms() - last_check >= cfg_.status_ms) {
            last_check = now_ms();
            // The module may be gone (unloaded): its events would stop.
            auto st = requests_->status();
            if (!st && module_gone(st.error()))
                return with_context(st.error(), "the module stopped answering");
            // Any other failure is retried; while a retry is pending, it
            // is the retry that reports.
            if (!st) {
                if (auto r = resync_retry_.pending()
                                 ? Result<void>()
                                 : request_failed("reading the status", st.error());
                    !r)
                    return r;
                continue;
            }
            auto ws = requests_->watches();
            if (!ws) {
                if (module_gone(ws.error()))
                    return with_context(ws.error(), "the module stopped answering");
                if (auto r = resync_retry_.pending()
                                 ? Result<void>()
                                 : request_failed("reading the watches", ws.error());
                    !r)
                    return r;
                continue;
            }
            if (auto r = or_store_failed(flush(), "committing events"); !r)
                return r;
            if (store_retry_.failing())
                continue;
            if (auto r = or_store_failed(save_watches(ws.value()), "saving the watches"); !r)
                return r;
        }
    }
    if (store_retry_.failing()) {
        // Nothing was acknowledged since the failure: the module holds the
        // audit events for the next phd.
        log_(LOG_WARNING,
             "exiting with the store still failing; the module holds audit events "
             "after " +
                 std::to_string(audit_committed_) + " for the next start");
        return {};
    }
    if (auto r = in_txn_ ? record_unstored(unstored_.close()) : Result<void>(); !r)
        return r;
    if (auto r = flush(); !r)
        return r;
    log_anchor("at exit");
    return {};
}

Result<void> Daemon::or_store_failed(Result<void> r, const std::string &what) {
    if (r || module_gone(r.error()))
        return r;
    return store_failed(r.error(), what);
}

// Everything since the last commit is gone from the store.  Its audit
// events were not acknowledged, so the module still holds them; learned
// and exec events come back with the resync after the retry.
Result<void> Daemon::store_failed(const Error &e, const std::string &what) {
    if (in_txn_)
        (void)store_->rollback();
    in_txn_ = false;
    batch_n_ = 0;
    batch_watch_ = 0;
    audit_seen_ = std::max(audit_seen_, audit_next_ - 1);
    audit_next_ = audit_committed_ + 1;
    seq_ = SeqTracker(seq_committed_);
    unstored_ = UnstoredRanges();  // replayed again, and counted again if need be
    domains_stored_.clear();
    learning_gap_ = true;
    n_.store_failures++;
    int64_t wait = store_retry_.failed(now_ms());
    if (store_retry_.failures() <= 10 || store_retry_.failures() % 100 == 0)
        log_(LOG_WARNING, "store write failed, " + what + " (" + e.message + ", errno " +
                              std::to_string(e.code) +
                              "): nothing acknowledged after audit event " +
                              std::to_string(audit_committed_) + ", the module holds the rest; " +
                              "retrying in " + std::to_string(wait / 1000) + " s (failure " +
                              std::to_string(store_retry_.failures()) + " in a row)");
    return {};
}

Result<void> Daemon::store_retry() {
    if (store_retry_.give_up() && audit_seen_ > audit_committed_) {
        // Held long enough: the range received so far is recorded as lost
        // in a transaction of its own, so the acknowledgement moves past it.
        uint64_t first = audit_committed_ + 1, last = audit_seen_;
        Result<void> r = store_->begin();
        if (r)
            r = store_->put_audit_loss(inst_, first, last, "store write failure");
        if (r)
            r = store_->set_audit_seq(inst_, last);
        if (r)
            r = store_->commit();
        else
            (void)store_->rollback();
        if (!r)
            return store_failed(r.error(), "recording audit events given up as lost");
        n_.audit_lost += last - first + 1;
        audit_committed_ = last;
        audit_next_ = last + 1;
        log_(LOG_WARNING, "audit events " + std::to_string(first) + ".." + std::to_string(last) +
                              " lost (store write failure, after " +
                              std::to_string(store_retry_.failures()) + " failed writes in a row)");
        if (auto a = audit_ack(); !a)
            return a;
    }
    uint64_t failures = store_retry_.failures();
    store_retry_.retrying();
    auto r = audit_replay(false);
    if (!r) {
        if (module_gone(r.error()))
            return r;
        return store_failed(r.error(), "storing the held audit events");
    }
    if (store_retry_.failing())
        return {};
    store_retry_.succeeded();
    audit_seen_ = 0;
    log_(LOG_INFO, "store writable again after " + std::to_string(failures) +
                       " failed writes: stored every held audit event up to " +
                       std::to_string(audit_committed_));
    return {};
}

// Audit events not stored below the floor are loss, recorded by range.
Result<void> Daemon::record_unstored(std::optional<std::pair<uint64_t, uint64_t>> range) {
    if (!range)
        return {};
    if (auto r = in_batch(); !r)
        return r;
    n_.audit_lost += range->second - range->first + 1;
    return store_->put_audit_loss(inst_, range->first, range->second,
                                  "not stored: free space below phd's floor");
}

// The chain head in the log: a copy off the store, against which `ph
// verify --anchor POS:HASH` finds a rewritten chain (docs/store.md).
void Daemon::log_anchor(const char *why) {
    last_anchor_ms_ = now_ms();
    auto h = store_->chain_head();
    if (!h || h.value().pos == 0)
        return;
    log_(LOG_INFO, std::string("audit chain head ") + why + ": " + std::to_string(h.value().pos) +
                       ":" + to_hex(h.value().hash));
}

Result<void> Daemon::upkeep() {
    const UpkeepConfig &u = cfg_.upkeep;
    int64_t now = now_ms();
    // The floor is checked after every poll (statvfs is cheap), so that no
    // more than one batch is stored past it.
    if (u.min_free) {
        auto free_bytes = cfg_.free_space(cfg_.db);
        if (!free_bytes) {
            if (now - last_upkeep_ms_ >= u.interval_ms)
                log_(LOG_WARNING, "cannot check free space: " + free_bytes.error().message);
        } else {
            auto mib = [](uint64_t b) { return std::to_string(b >> 20) + " MiB"; };
            // Near the floor the WAL (checkpointed only every 256 MiB
            // otherwise) is copied back and truncated, at most every 250 ms,
            // so that what is still stored does not fill the filesystem.
            if (free_bytes.value() < 2 * guard_.floor() && now - last_checkpoint_ms_ >= 250) {
                last_checkpoint_ms_ = now;
                if (auto r = flush(); !r)
                    return with_context(r.error(), "committing events");
                if (auto r = store_->checkpoint(); !r)
                    log_(LOG_WARNING, "checkpoint failed: " + r.error().message);
                else if (auto again = cfg_.free_space(cfg_.db); again)
                    free_bytes = again;
            }
            switch (guard_.update(free_bytes.value())) {
                case SpaceGuard::kStopped:
                    log_(LOG_WARNING, "store full: " + mib(free_bytes.value()) + " free for " +
                                          cfg_.db + ", below the floor of " + mib(guard_.floor()) +
                                          "; not storing audit events (counted, recorded as "
                                          "lost) until " +
                                          mib(guard_.resume_at()) + " are free");
                    break;
                case SpaceGuard::kResumed: {
                    if (auto r = record_unstored(unstored_.close()); !r)
                        return r;
                    log_(LOG_INFO, "store has room again (" + mib(free_bytes.value()) +
                                       " free): storing audit events; " +
                                       std::to_string(n_.unstored) +
                                       " were not stored so far, recorded as lost");
                    break;
                }
                case SpaceGuard::kNone: break;
            }
        }
    }
    if (!prune_more_ && now - last_upkeep_ms_ < u.interval_ms)
        return {};
    last_upkeep_ms_ = now;
    if (u.retention.any()) {
        if (auto r = flush(); !r)
            return with_context(r.error(), "committing events");
        auto p = store_->prune(u.retention, sql_now_ns(), u.prune_rows);
        if (!p) {
            prune_more_ = false;
            log_(LOG_WARNING, "pruning failed: " + p.error().message);
        } else {
            n_.pruned += p.value().rows;
            pruned_run_ += p.value().rows;
            prune_more_ = p.value().more;
            if (pruned_run_ && !prune_more_) {
                log_(LOG_INFO, "pruned " + std::to_string(pruned_run_) + " audit rows (" +
                                   p.value().reason + ")");
                pruned_run_ = 0;
                log_anchor("after pruning");
            }
        }
    }
    if (last_anchor_ms_ == 0)
        log_anchor("at start");
    else if (now - last_anchor_ms_ >= cfg_.anchor_ms)
        log_anchor("hourly");
    return {};
}

}  // namespace ph::daemon
