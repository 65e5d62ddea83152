// phstore's audit writer: watch events become audit rows, buffered and
// inserted in (path, time) order, with the aggregates a batch adds (dirstats,
// paths.last_ns, instances.events) written when the batch is flushed.  It
// also caches the ids it interns (paths, comms) and the store's row of each
// module domain id (kdomains), which put_domain and put_acl share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chain.hpp"
#include "proto.hpp"
#include "sqlite.hpp"
#include "statements.hpp"

namespace ph::store {

// Lookups by string_view in maps keyed by std::string.
struct StrHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

// Per-directory aggregate of audit rows, keyed as in the dirstats table.
struct DirKey {
    int64_t dir, domain, comm;
    uint32_t op, uid;
    bool operator==(const DirKey &) const = default;
};
struct DirKeyHash {
    size_t operator()(const DirKey &k) const {
        uint64_t h = static_cast<uint64_t>(k.dir) * 0x9e3779b97f4a7c15ULL;
        h ^= static_cast<uint64_t>(k.domain) + 0x7f4a7c15ULL + (h << 6) + (h >> 2);
        h ^= static_cast<uint64_t>(k.comm) + 0x2545f491ULL + (h << 6) + (h >> 2);
        h ^= (static_cast<uint64_t>(k.op) << 32 | k.uid) + (h << 6) + (h >> 2);
        return static_cast<size_t>(h);
    }
};
struct DirAgg {
    int64_t count = 0, first = sql::kMaxI64, last = 0;
    void add(int64_t ts) {
        ++count;
        first = std::min(first, ts);
        last = std::max(last, ts);
    }
};

// The batch's dirstats deltas: a flat open-addressing table (updated a few
// times per audit row, where node-based maps cost a cache miss per node).
class DirAggMap {
  public:
    DirAgg &operator[](const DirKey &k) {
        if ((used_ + 1) * 2 > slots_.size())
            grow();
        size_t mask = slots_.size() - 1;
        for (size_t i = DirKeyHash()(k) & mask;; i = (i + 1) & mask) {
            Slot &s = slots_[i];
            if (!s.used) {
                s = Slot{k, DirAgg{}, true};
                ++used_;
                return s.agg;
            }
            if (s.key == k)
                return s.agg;
        }
    }
    bool empty() const { return used_ == 0; }
    /// Empty, keeping the slots: the next batch fills as many again
    /// without growing the table step by step.
    void clear() {
        if (used_)
            for (Slot &s : slots_) s.used = false;
        used_ = 0;
    }
    /// The entries in primary key order of the dirstats table.
    std::vector<std::pair<DirKey, DirAgg>> sorted() const {
        std::vector<std::pair<DirKey, DirAgg>> out;
        out.reserve(used_);
        for (const Slot &s : slots_)
            if (s.used)
                out.emplace_back(s.key, s.agg);
        std::sort(out.begin(), out.end(), [](const auto &x, const auto &y) {
            const DirKey &a = x.first, &b = y.first;
            return std::tie(a.dir, a.op, a.domain, a.comm, a.uid) <
                   std::tie(b.dir, b.op, b.domain, b.comm, b.uid);
        });
        return out;
    }

  private:
    struct Slot {
        DirKey key{};
        DirAgg agg;
        bool used = false;
    };
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<size_t>(1024, old.size() * 2), Slot{});
        used_ = 0;
        for (const Slot &s : old)
            if (s.used)
                (*this)[s.key] = s.agg;
    }
    std::vector<Slot> slots_;
    size_t used_ = 0;
};

class AuditWriter {
  public:
    explicit AuditWriter(sql::Db &db) : db_(db), texts_(db) {}
    AuditWriter(const AuditWriter &) = delete;
    AuditWriter &operator=(const AuditWriter &) = delete;

    /// Buffer one audit row (inserted at flush(), or when the buffer is full).
    Result<void> put(int64_t inst, const WatchEvent &ev);
    /// Insert the buffered rows and write the batch's aggregates; inside the
    /// writer's open transaction.
    Result<void> flush();
    /// Forget every cached id and everything buffered: after a rollback,
    /// the ids interned in it are gone.
    void drop_caches();

    /// The domains row of a module domain id in an instance, if recorded.
    Result<std::optional<int64_t>> kdomain(int64_t inst, uint32_t kid);
    /// Remember the row put_domain stored for (inst, kid).
    void remember_kdomain(int64_t inst, uint32_t kid, int64_t id) {
        kdomain_ids_[{inst, kid}] = id;
    }

  private:
    // Writer caches, valid while no transaction of ours rolls back.
    struct PathInfo {
        int64_t id = 0;
        std::string_view text;  // the key of its entry in `paths_`
        bool dirs_known = false;
        std::vector<int64_t> dirs;  // see dirs()
        bool dirty = false;         // on pending_paths_
        int64_t pending_last = 0;   // the batch's newest event on the path
    };
    // Audit rows not inserted yet, inserted in (path, ts, instance, seq)
    // order: the table appends whatever the order, and in this one the
    // batch's entries of the who index (partition, path, ts, ...) go in in
    // key order too, visiting each of its leaves once.
    struct Row {
        int64_t path, ts, inst, seq, comm;
        std::optional<int64_t> path2, domain;
        uint32_t op, pid, tgid, ppid, uid, euid, gid, watch_id;
        int32_t result;
        PathInfo *p, *p2;            // into `paths_`, with their dirs known
        std::string_view comm_text;  // a key of `comms_`
        uint32_t kind;               // WatchEvent::kind
        std::string entry;           // violations: the entry (else empty)
    };

    Result<void> write_rows();
    Result<int64_t *> newest_seq(int64_t inst);
    Result<bool> stored(const Row &r, int64_t newest);
    void count(const Row &r);
    Result<void> run2(Q which, int64_t a, int64_t b);
    Result<int64_t> lookup_or_insert(Q get, Q put, std::string_view text);
    Result<PathInfo *> path_info(std::string_view p);
    Result<std::pair<int64_t, std::string_view>> comm_id(std::string_view c);
    Result<const std::vector<int64_t> *> dirs(PathInfo &pi, std::string_view p);

    sql::Db &db_;
    // The chain's head (chain.hpp), read at the first row of a batch and
    // written at flush when rows were added; domain names for the hashes.
    TextCache texts_;
    std::optional<ChainHead> head_;
    bool head_dirty_ = false;
    std::unordered_map<std::string, PathInfo, StrHash, std::equal_to<>> paths_;
    std::unordered_map<std::string, int64_t, StrHash, std::equal_to<>> comms_;
    std::map<std::pair<int64_t, uint32_t>, int64_t> kdomain_ids_;
    // Aggregates of the batch's audit rows, written at flush.
    DirAggMap pending_dirs_;
    std::vector<PathInfo *> pending_paths_;  // into `paths_`
    // Each instance's rows added and the newest sequence number among them
    // (instances.events and stored_seq).
    struct InstanceAdds {
        int64_t inst, rows, newest;
    };
    std::vector<InstanceAdds> pending_events_;
    // The time span of the batch's rows in each partition they went to
    // (chain order: at most a few, each once), for the parts table.
    struct PartSpan {
        int64_t part, first, last;
    };
    std::vector<PartSpan> pending_parts_;
    std::vector<Row> pending_rows_;
    struct RowKey {
        int64_t path, ts, inst, seq;
        size_t index;  // into pending_rows_
    };
    std::vector<RowKey> order_;  // pending_rows_ in key order, at write_rows()
    // Each instance's newest stored sequence number, this transaction.
    std::vector<std::pair<int64_t, int64_t>> newest_seq_;
};

}  // namespace ph::store
