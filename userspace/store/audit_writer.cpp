// phstore's audit writer (audit_writer.hpp).
#include "audit_writer.hpp"

#include <algorithm>

namespace ph::store {

using sql::as_i64;
using sql::time_i64;

namespace {

// Interned ids cached by a writer; the caches are dropped past this size.
constexpr size_t kCacheMax = 200000;
// Audit rows buffered by a writer before they are inserted in key order.
constexpr size_t kRowBufferMax = 131072;

}  // namespace

void AuditWriter::drop_caches() {
    paths_.clear();
    comms_.clear();
    kdomain_ids_.clear();
    pending_dirs_.clear();
    pending_paths_.clear();
    pending_events_.clear();
    pending_parts_.clear();
    pending_rows_.clear();
    newest_seq_.clear();
    texts_.clear();
    head_.reset();
    head_dirty_ = false;
}

// Write the batch's aggregates (dirstats, paths.last_ns, instance
// event counts).
Result<void> AuditWriter::flush() {
    if (auto r = write_rows(); !r)
        return r;
    if (!pending_dirs_.empty()) {
        auto q = stmt(db_, kDirstatAdd);
        if (!q)
            return q.error();
        for (const auto &[k, a] : pending_dirs_.sorted()) {  // in key order too
            q.value().bind(1, k.dir).bind(2, int64_t{k.op}).bind(3, k.domain);
            q.value().bind(4, k.comm).bind(5, int64_t{k.uid}).bind(6, a.count);
            q.value().bind(7, a.first).bind(8, a.last);
            if (auto r = q.value().run(); !r)
                return r;
            q.value().reset();
        }
    }
    for (PathInfo *pi : pending_paths_) {
        if (auto r = run2(kPathLast, pi->id, pi->pending_last); !r)
            return r;
        pi->dirty = false;
    }
    for (const InstanceAdds &e : pending_events_) {
        auto q = stmt(db_, kInstanceEvents);
        if (!q)
            return q.error();
        if (auto r = q.value().bind(1, e.inst).bind(2, e.rows).bind(3, e.newest).run(); !r)
            return r;
    }
    if (head_dirty_) {
        if (auto r = write_head(db_, *head_); !r)
            return r;
        head_dirty_ = false;
    }
    pending_dirs_.clear();
    pending_paths_.clear();
    pending_events_.clear();
    return {};
}

// The newest sequence number stored of `inst` (INT64_MIN: none) before
// the rows being inserted: instances.stored_seq (as of the last flush) or
// the newest of the rows inserted since, read once per write_rows().
Result<int64_t *> AuditWriter::newest_seq(int64_t inst) {
    for (auto &[i, seq] : newest_seq_)
        if (i == inst)
            return &seq;
    auto q = stmt(db_, kSeqMax);
    if (!q)
        return q.error();
    auto r = q.value().bind(1, inst).next();
    if (!r)
        return r.error();
    int64_t seq = r.value() && !q.value().is_null(0) ? q.value().i64(0) : INT64_MIN;
    for (const InstanceAdds &e : pending_events_)
        if (e.inst == inst)
            seq = std::max(seq, e.newest);
    newest_seq_.emplace_back(inst, seq);
    return &newest_seq_.back().second;
}

// Whether `r` is stored already: only a row at or below its instance's
// newest sequence number can be, and only those are looked up.
Result<bool> AuditWriter::stored(const Row &r, int64_t newest) {
    if (r.seq > newest)
        return false;
    auto q = stmt(db_, kSeqHas);
    if (!q)
        return q.error();
    return q.value().bind(1, r.inst).bind(2, r.seq).bind(3, r.path).bind(4, r.ts).next();
}

// Run a cached statement with two integer parameters.
Result<void> AuditWriter::run2(Q which, int64_t a, int64_t b) {
    auto q = stmt(db_, which);
    if (!q)
        return q.error();
    return q.value().bind(1, a).bind(2, b).run();
}

// The row id of `text` in paths or comms (by `get`), inserted (by `put`)
// when missing.
Result<int64_t> AuditWriter::lookup_or_insert(Q get, Q put, std::string_view text) {
    auto g = stmt(db_, get);
    if (!g)
        return g.error();
    auto r = g.value().bind(1, text).next();
    if (!r)
        return r.error();
    if (r.value())
        return g.value().i64(0);
    auto p = stmt(db_, put);
    if (!p)
        return p.error();
    if (auto w = p.value().bind(1, text).run(); !w)
        return w.error();
    return db_.last_insert_rowid();
}

Result<AuditWriter::PathInfo *> AuditWriter::path_info(std::string_view p) {
    if (auto it = paths_.find(p); it != paths_.end())
        return &it->second;
    auto id = lookup_or_insert(kPathGet, kPathPut, p);
    if (!id)
        return id.error();
    auto it = paths_.emplace(std::string(p), PathInfo{}).first;
    it->second.id = id.value();
    it->second.text = it->first;
    return &it->second;
}

Result<std::pair<int64_t, std::string_view>> AuditWriter::comm_id(std::string_view c) {
    auto it = comms_.find(c);
    if (it == comms_.end()) {
        auto id = lookup_or_insert(kCommGet, kCommPut, c);
        if (!id)
            return id.error();
        it = comms_.emplace(std::string(c), id.value()).first;
    }
    return std::pair<int64_t, std::string_view>(it->second, it->first);
}

// Ids of every prefix of `p` that ends in "/" (p itself included when it
// is a directory): the directories whose dirstats count an event on p.
Result<const std::vector<int64_t> *> AuditWriter::dirs(PathInfo &pi, std::string_view p) {
    if (!pi.dirs_known) {
        std::vector<int64_t> v;
        for (size_t i = 0; i < p.size(); ++i) {
            if (p[i] != '/')
                continue;
            auto d = path_info(p.substr(0, i + 1));  // `pi` stays valid: node-based map
            if (!d)
                return d.error();
            v.push_back(d.value()->id);
        }
        pi.dirs = std::move(v);
        pi.dirs_known = true;
    }
    return &pi.dirs;
}

// The domains row of a module domain id in an instance, if recorded.
Result<std::optional<int64_t>> AuditWriter::kdomain(int64_t inst, uint32_t kid) {
    auto key = std::make_pair(inst, kid);
    if (auto it = kdomain_ids_.find(key); it != kdomain_ids_.end())
        return std::optional<int64_t>(it->second);
    auto q = stmt(db_, kKdomainGet);
    if (!q)
        return q.error();
    auto r = q.value().bind(1, inst).bind(2, int64_t{kid}).next();
    if (!r)
        return r.error();
    if (!r.value())
        return std::optional<int64_t>();
    int64_t id = q.value().i64(0);
    kdomain_ids_[key] = id;
    return std::optional<int64_t>(id);
}

Result<void> AuditWriter::put(int64_t inst, const WatchEvent &ev) {
    if (paths_.size() > kCacheMax || comms_.size() > kCacheMax) {
        if (auto r = flush(); !r)  // pending_paths_ points into the cache
            return r;
        paths_.clear();
        comms_.clear();
    }
    auto dom = kdomain(inst, ev.domain_id);
    if (!dom)
        return dom.error();
    auto p = path_info(ev.path);
    if (!p)
        return p.error();
    PathInfo *p2 = nullptr;
    if (!ev.path2.empty()) {
        auto r = path_info(ev.path2);
        if (!r)
            return r.error();
        p2 = r.value();
    }
    auto c = comm_id(ev.comm);
    if (!c)
        return c.error();
    for (PathInfo *pi : {p.value(), p2})
        if (pi)
            if (auto ds = dirs(*pi, pi == p2 ? ev.path2 : ev.path); !ds)
                return ds.error();
    pending_rows_.push_back(Row{p.value()->id,
                                time_i64(ev.time_ns),
                                inst,
                                as_i64(ev.seq),
                                c.value().first,
                                p2 ? std::optional<int64_t>(p2->id) : std::nullopt,
                                dom.value(),
                                ev.op,
                                ev.pid,
                                ev.tgid,
                                ev.ppid,
                                ev.uid,
                                ev.euid,
                                ev.gid,
                                ev.watch_id,
                                ev.result,
                                p.value(),
                                p2,
                                c.value().second,
                                ev.kind,
                                ev.entry});
    if (pending_rows_.size() >= kRowBufferMax)
        return write_rows();
    return {};
}

// Insert the buffered audit rows, and count the new ones (a row stored
// before is ignored) in the batch's aggregates.
Result<void> AuditWriter::write_rows() {
    if (pending_rows_.empty())
        return {};
    // Sorted by key and buffer index (small entries, not whole rows).
    order_.clear();
    order_.reserve(pending_rows_.size());
    for (size_t i = 0; i < pending_rows_.size(); ++i) {
        const Row &r = pending_rows_[i];
        order_.push_back(RowKey{r.path, r.ts, r.inst, r.seq, i});
    }
    std::sort(order_.begin(), order_.end(), [](const RowKey &a, const RowKey &b) {
        return std::tie(a.path, a.ts, a.inst, a.seq) < std::tie(b.path, b.ts, b.inst, b.seq);
    });
    auto q = stmt(db_, kAuditPut);
    if (!q)
        return q.error();
    sql::Query &a = q.value();
    if (!head_) {
        auto h = read_head(db_);
        if (!h)
            return h.error();
        head_ = h.value();
    }
    ChainFields f;
    const Row *prev = nullptr;
    for (const RowKey &k : order_) {
        const Row &r = pending_rows_[k.index];
        // Each new row takes the next chain position; one stored before
        // (by an earlier batch: looked up; by this one: the row before it
        // in key order) is skipped and takes none.
        if (prev && std::tie(prev->path, prev->ts, prev->inst, prev->seq) ==
                        std::tie(r.path, r.ts, r.inst, r.seq))
            continue;
        auto newest = newest_seq(r.inst);
        if (!newest)
            return newest.error();
        auto dup = stored(r, *newest.value());
        if (!dup)
            return dup.error();
        if (dup.value())
            continue;
        prev = &r;
        f.path = r.p->text;
        f.path2 = r.p2 ? std::optional<std::string_view>(r.p2->text) : std::nullopt;
        f.comm = r.comm_text;
        f.domain.reset();
        if (r.domain) {
            auto d = texts_.domain(*r.domain);
            if (!d)
                return d.error();
            f.domain = d.value();
        }
        f.ts = r.ts;
        f.inst = r.inst;
        f.seq = r.seq;
        f.op = r.op;
        f.pid = r.pid;
        f.tgid = r.tgid;
        f.ppid = r.ppid;
        f.uid = r.uid;
        f.euid = r.euid;
        f.gid = r.gid;
        f.watch_id = r.watch_id;
        f.result = r.result;
        f.kind = r.kind;
        f.entry = r.kind ? std::optional<std::string_view>(r.entry) : std::nullopt;
        int64_t pos = head_->pos + 1;
        Digest h = chain_hash(head_->hash, pos, f);
        int64_t part = pos >> kPartBits;
        a.bind(17, pos).bind_blob(18, h.data(), h.size()).bind(21, part);
        a.bind(1, r.path).bind(2, r.ts).bind(3, r.inst).bind(4, r.seq).bind(5, r.path2);
        a.bind(6, int64_t{r.op}).bind(7, int64_t{r.pid}).bind(8, int64_t{r.tgid});
        a.bind(9, int64_t{r.ppid}).bind(10, int64_t{r.uid}).bind(11, int64_t{r.euid});
        a.bind(12, int64_t{r.gid}).bind(13, r.comm).bind(14, r.domain);
        a.bind(15, int64_t{r.watch_id}).bind(16, int64_t{r.result}).bind(19, int64_t{r.kind});
        if (r.kind)
            a.bind(20, std::string_view(r.entry));
        else
            a.bind(20, std::optional<int64_t>());
        if (auto w = a.run(); !w)
            return w;
        a.reset();
        head_ = ChainHead{pos, h};
        head_dirty_ = true;
        count(r);
        if (pending_parts_.empty() || pending_parts_.back().part != part)
            pending_parts_.push_back(PartSpan{part, r.ts, r.ts});
        PartSpan &span = pending_parts_.back();
        span.first = std::min(span.first, r.ts);
        span.last = std::max(span.last, r.ts);
    }
    // The partitions' time ranges now, not at flush: the next rows' lookup
    // of a stored copy (kSeqHas) finds these rows through them.
    for (const PartSpan &p : pending_parts_) {
        auto q = stmt(db_, kPartPut);
        if (!q)
            return q.error();
        if (auto r = q.value().bind(1, p.part).bind(2, p.first).bind(3, p.last).run(); !r)
            return r;
    }
    pending_parts_.clear();
    pending_rows_.clear();
    newest_seq_.clear();  // read again for the next rows
    return {};
}

// Add a new audit row to the aggregates: every directory above either
// object counts it once; each object's newest event; its instance's rows.
void AuditWriter::count(const Row &r) {
    DirKey k{0, r.domain.value_or(0), r.comm, r.op, r.uid};
    // A violation is not an access to a watched object: no directory counts it.
    const std::vector<int64_t> none;
    for (int64_t d : r.kind ? none : r.p->dirs) {
        k.dir = d;
        pending_dirs_[k].add(r.ts);
    }
    if (r.p2 && !r.kind)
        for (int64_t d : r.p2->dirs) {
            if (std::find(r.p->dirs.begin(), r.p->dirs.end(), d) != r.p->dirs.end())
                continue;
            k.dir = d;
            pending_dirs_[k].add(r.ts);
        }
    for (PathInfo *pi : {r.p, r.p2}) {
        if (!pi)
            continue;
        if (!pi->dirty) {
            pi->dirty = true;
            pi->pending_last = r.ts;
            pending_paths_.push_back(pi);
        }
        pi->pending_last = std::max(pi->pending_last, r.ts);
    }
    auto n = std::find_if(pending_events_.begin(), pending_events_.end(),
                          [&](const InstanceAdds &e) { return e.inst == r.inst; });
    if (n == pending_events_.end()) {
        pending_events_.push_back(InstanceAdds{r.inst, 1, r.seq});
    } else {
        ++n->rows;
        n->newest = std::max(n->newest, r.seq);
    }
}

}  // namespace ph::store
