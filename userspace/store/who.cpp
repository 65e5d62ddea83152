// phstore's who query engine (who.hpp): which tasks accessed a path, or
// anything below a directory, from the audit rows and the dirstats
// aggregates.
#include "who.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "linux/phtrack.h"
#include "statements.hpp"

namespace ph::store {

using sql::as_u64;
using sql::time_i64;

namespace {

bool is_change(uint32_t op) {
    return op < 32 && ((PHTRACK_OPS_CHANGE >> op) & 1U);
}

// One matching audit row, with strings still as ids (0: none).
struct Hit {
    int64_t ts = 0, inst = 0, seq = 0, path = 0, path2 = 0, comm = 0, domain = 0;
    uint32_t op = 0, pid = 0, tgid = 0, ppid = 0, uid = 0, euid = 0, gid = 0;
    int32_t result = 0;
};
bool newer(const Hit &a, const Hit &b) {
    return std::tie(a.ts, a.inst, a.seq, a.path) > std::tie(b.ts, b.inst, b.seq, b.path);
}

// The newest `limit` hits (every hit when limit is 0).
class TopK {
  public:
    explicit TopK(size_t limit) : limit_(limit) {}
    bool full() const { return limit_ && heap_.size() >= limit_; }
    /// Could a hit at time `ts` still be kept?
    bool wants_time(int64_t ts) const { return !full() || ts >= heap_.front().ts; }
    void offer(const Hit &h) {
        if (!full()) {
            heap_.push_back(h);
            std::push_heap(heap_.begin(), heap_.end(), newer);  // front: the oldest kept
        } else if (newer(h, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), newer);
            heap_.back() = h;
            std::push_heap(heap_.begin(), heap_.end(), newer);
        }
    }
    std::vector<Hit> newest_first() {
        std::sort(heap_.begin(), heap_.end(), newer);
        return std::move(heap_);
    }

  private:
    size_t limit_;
    std::vector<Hit> heap_;
};

struct GroupKey {
    int64_t domain, comm;
    uint32_t uid;
    bool operator==(const GroupKey &) const = default;
};
// The writer's DirKeyHash of DirKey{domain, 0, comm, 0, uid}.
struct GroupKeyHash {
    size_t operator()(const GroupKey &k) const {
        uint64_t h = static_cast<uint64_t>(k.domain) * 0x9e3779b97f4a7c15ULL;
        h ^= 0x7f4a7c15ULL + (h << 6) + (h >> 2);
        h ^= static_cast<uint64_t>(k.comm) + 0x2545f491ULL + (h << 6) + (h >> 2);
        h ^= uint64_t{k.uid} + (h << 6) + (h >> 2);
        return static_cast<size_t>(h);
    }
};
struct GroupAgg {
    uint64_t count = 0, changes = 0;
    int64_t last = 0;
};

// Totals and the (domain, comm, uid) groups of the matching events.
struct Tally {
    uint64_t total = 0, changes = 0;
    int64_t first = sql::kMaxI64, last = 0;
    std::unordered_map<GroupKey, GroupAgg, GroupKeyHash> groups;

    void add(uint32_t op, int64_t domain, int64_t comm, uint32_t uid, uint64_t n, int64_t first_ts,
             int64_t last_ts) {
        uint64_t ch = is_change(op) ? n : 0;
        total += n;
        changes += ch;
        first = std::min(first, first_ts);
        last = std::max(last, last_ts);
        GroupAgg &g = groups[GroupKey{domain, comm, uid}];
        g.count += n;
        g.changes += ch;
        g.last = std::max(g.last, last_ts);
    }
};

struct Filter {
    int64_t lo = 0, hi = sql::kMaxI64;
    uint32_t ops = 0;
    bool any_domain = true;
    std::unordered_set<int64_t> domains;
    bool match(uint32_t op, int64_t domain) const {
        return (!ops || (op < 32 && ((ops >> op) & 1U))) && (any_domain || domains.count(domain));
    }
};

// Call fn(query, ts, op, domain) for every row of the scan `which`
// about path `id` in partition `part` that matches `f`.  A row
// found by its second object is skipped when its first object is a
// target: that scan counts it.  With `top`, the scan stops once no
// older row could enter it.
template <class Fn>
Result<void> each_match(sql::Db &db, Q which, int64_t id, int64_t part, const Filter &f,
                        const std::unordered_set<int64_t> &targets, const TopK *top, Fn &&fn) {
    auto q = stmt(db, which);
    if (!q)
        return q.error();
    sql::Query &s = q.value();
    s.bind(1, id).bind(2, f.lo).bind(3, f.hi).bind(4, part);
    bool second = which == kTallyPath2 || which == kScanPath2;
    for (;;) {
        auto r = s.next();
        if (!r)
            return r.error();
        if (!r.value())
            return {};
        int64_t ts = s.i64(cTs);
        if (top && !top->wants_time(ts))
            return {};
        uint32_t op = s.u32(cOp);
        int64_t domain = s.is_null(cDomain) ? 0 : s.i64(cDomain);
        if (!f.match(op, domain) || (second && targets.count(s.i64(cPath))))
            continue;
        fn(s, ts, op, domain);
    }
}

// Text of a row id in paths, comms or domains, looked up once per who.
Result<std::string> name_of(sql::Db &db, Q which, int64_t id,
                            std::unordered_map<int64_t, std::string> &memo) {
    if (id == 0)
        return std::string();
    if (auto it = memo.find(id); it != memo.end())
        return it->second;
    auto q = stmt(db, which);
    if (!q)
        return q.error();
    auto r = q.value().bind(1, id).next();
    if (!r)
        return r.error();
    std::string s = r.value() ? q.value().text(0) : std::string();
    memo.emplace(id, s);
    return s;
}

// Resolves the domain filter; false when no domain matches.
Result<bool> who_filter(sql::Db &db, const WhoQuery &wq, Filter &f) {
    f.lo = wq.since_ns ? time_i64(*wq.since_ns) : 0;
    f.hi = wq.until_ns ? time_i64(*wq.until_ns) : sql::kMaxI64;
    f.ops = wq.ops;
    if (wq.domain.empty())
        return true;
    f.any_domain = false;
    auto q = db.prepare(wq.domain_subtree
                            ? "SELECT id FROM domains WHERE name = ?1 OR (name >= ?2 AND name < ?3)"
                            : "SELECT id FROM domains WHERE name = ?1");
    if (!q)
        return q.error();
    q.value().bind(1, wq.domain);
    if (wq.domain_subtree)  // descendants: "NAME " followed by more programs
        q.value().bind(2, wq.domain + " ").bind(3, wq.domain + "!");
    for (;;) {
        auto r = q.value().next();
        if (!r)
            return r.error();
        if (!r.value())
            break;
        f.domains.insert(q.value().i64(0));
    }
    return !f.domains.empty();
}

// The audit partitions (chain position >> kPartBits) with rows in the
// filter's time range, newest first, with the newest time of each.
Result<std::vector<std::pair<int64_t, int64_t>>> who_parts(sql::Db &db, const Filter &f) {
    std::vector<std::pair<int64_t, int64_t>> out;
    auto q = db.prepare(
        "SELECT part, last_ns FROM parts WHERE last_ns >= ?1 AND first_ns <= ?2 "
        "ORDER BY part DESC");
    if (!q)
        return q.error();
    q.value().bind(1, f.lo).bind(2, f.hi);
    for (;;) {
        auto r = q.value().next();
        if (!r)
            return r.error();
        if (!r.value())
            return out;
        out.emplace_back(q.value().i64(0), q.value().i64(1));
    }
}

// The paths a who query covers, with their newest event, newest first:
// the path itself, or for "DIR/" every path in [DIR/, DIR0).
Result<std::vector<std::pair<int64_t, int64_t>>> who_targets(sql::Db &db, const std::string &p) {
    std::vector<std::pair<int64_t, int64_t>> out;
    bool dir = p.back() == '/';
    auto q = db.prepare(dir ? "SELECT id, last_ns FROM paths WHERE path >= ?1 AND path < ?2 "
                              "AND last_ns > 0 ORDER BY last_ns DESC"
                            : "SELECT id, last_ns FROM paths WHERE path = ?1");
    if (!q)
        return q.error();
    q.value().bind(1, p);
    if (dir)  // '0' is the byte after '/'
        q.value().bind(2, p.substr(0, p.size() - 1) + "0");
    for (;;) {
        auto r = q.value().next();
        if (!r)
            return r.error();
        if (!r.value())
            return out;
        out.emplace_back(q.value().i64(0), q.value().i64(1));
    }
}

Result<WhoSummary> who_resolve(sql::Db &db, const Tally &t, std::vector<Hit> hits) {
    WhoSummary s;
    s.total = t.total;
    s.changes = t.changes;
    if (t.total) {
        s.first_ns = as_u64(t.first);
        s.last_ns = as_u64(t.last);
    }
    std::unordered_map<int64_t, std::string> paths, comms, domains;
    auto name = [&](Q which, int64_t id, std::string &out) -> Result<void> {
        auto &memo = which == kPathText ? paths : which == kCommText ? comms : domains;
        auto r = name_of(db, which, id, memo);
        if (!r)
            return r.error();
        out = std::move(r.value());
        return {};
    };
    for (const auto &[k, g] : t.groups) {
        WhoGroup w;
        w.uid = k.uid;
        w.count = g.count;
        w.changes = g.changes;
        w.last_ns = as_u64(g.last);
        if (auto r = name(kDomainName, k.domain, w.domain); !r)
            return r.error();
        if (auto r = name(kCommText, k.comm, w.comm); !r)
            return r.error();
        s.by.push_back(std::move(w));
    }
    std::sort(s.by.begin(), s.by.end(), [](const WhoGroup &a, const WhoGroup &b) {
        return std::tie(b.count, b.last_ns, a.domain, a.comm, a.uid) <
               std::tie(a.count, a.last_ns, b.domain, b.comm, b.uid);
    });
    for (const Hit &h : hits) {
        WhoRow w;
        w.time_ns = as_u64(h.ts);
        w.seq = as_u64(h.seq);
        w.op = h.op;
        w.pid = h.pid;
        w.tgid = h.tgid;
        w.ppid = h.ppid;
        w.uid = h.uid;
        w.euid = h.euid;
        w.gid = h.gid;
        w.result = h.result;
        for (auto [which, id, out] :
             {std::tuple{kPathText, h.path, &w.path}, std::tuple{kPathText, h.path2, &w.path2},
              std::tuple{kCommText, h.comm, &w.comm}, std::tuple{kDomainName, h.domain, &w.domain}})
            if (auto r = name(which, id, *out); !r)
                return r.error();
        s.rows.push_back(std::move(w));
    }
    return s;
}

}  // namespace

Result<WhoSummary> who(sql::Db &db, const WhoQuery &wq) {
    if (wq.path.empty())
        return Error{EINVAL, "who: an empty path"};
    Filter f;
    auto any = who_filter(db, wq, f);
    if (!any)
        return any.error();
    Tally tally;
    TopK top(wq.limit);
    if (!any.value() || f.lo > f.hi)
        return who_resolve(db, tally, {});
    auto tg = who_targets(db, wq.path);
    if (!tg)
        return tg.error();
    const auto &targets = tg.value();
    auto pt = who_parts(db, f);
    if (!pt)
        return pt.error();
    const auto &parts = pt.value();
    std::unordered_set<int64_t> ids;
    for (const auto &t : targets) ids.insert(t.first);

    // A directory without a time filter is summed from dirstats, and only
    // the newest rows are read; anything else scans the matching rows.
    bool dir = wq.path.back() == '/';
    bool from_dirstats = dir && !wq.since_ns && !wq.until_ns;
    if (from_dirstats) {
        auto q = db.prepare(
            "SELECT ds.op, ds.domain, ds.comm, ds.uid, ds.count, ds.first_ns, ds.last_ns "
            "FROM dirstats ds JOIN paths p ON p.id = ds.dir WHERE p.path = ?1");
        if (!q)
            return q.error();
        sql::Query &s = q.value();
        s.bind(1, wq.path);
        for (;;) {
            auto r = s.next();
            if (!r)
                return r.error();
            if (!r.value())
                break;
            uint32_t op = s.u32(0);
            int64_t domain = s.i64(1);
            if (f.match(op, domain))
                tally.add(op, domain, s.i64(2), s.u32(3), as_u64(s.i64(4)), s.i64(5), s.i64(6));
        }
    }
    auto count = [&](sql::Query &s, int64_t ts, uint32_t op, int64_t domain) {
        tally.add(op, domain, s.i64(cComm), s.u32(cUid), 1, ts, ts);
    };
    auto keep = [&](sql::Query &s, int64_t ts, uint32_t op, int64_t domain) {
        Hit h;
        h.ts = ts;
        h.op = op;
        h.domain = domain;
        h.comm = s.i64(cComm);
        h.uid = s.u32(cUid);
        h.path = s.i64(cPath);
        h.inst = s.i64(cInst);
        h.seq = s.i64(cSeq);
        h.path2 = s.is_null(cPath2) ? 0 : s.i64(cPath2);
        h.pid = s.u32(cPid);
        h.tgid = s.u32(cTgid);
        h.ppid = s.u32(cPpid);
        h.euid = s.u32(cEuid);
        h.gid = s.u32(cGid);
        h.result = static_cast<int32_t>(s.i64(cResult));
        top.offer(h);
    };
    if (!from_dirstats)
        for (const auto &target : targets)
            for (const auto &part : parts)
                for (Q which : {kTallyPath, kTallyPath2}) {
                    auto r =
                        each_match(db, which, target.first, part.first, f, ids, nullptr, count);
                    if (!r)
                        return r.error();
                }
    for (const auto &[id, last] : targets) {
        if (!top.wants_time(last))
            break;  // targets come newest first: none further can enter
        for (const auto &[part, part_last] : parts) {
            if (!top.wants_time(part_last))
                continue;  // nothing in it is new enough (later ones may be)
            for (Q which : {kScanPath, kScanPath2})
                if (auto r = each_match(db, which, id, part, f, ids, &top, keep); !r)
                    return r.error();
        }
    }
    return who_resolve(db, tally, top.newest_first());
}

}  // namespace ph::store
