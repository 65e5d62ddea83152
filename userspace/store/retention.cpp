// phstore's retention (retention.hpp).
#include "retention.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "chain.hpp"
#include "statements.hpp"

namespace ph::store {

namespace {

// What the rows at chain positions first..last added to the aggregates
// (dirstats, instances.events), taken back off before they are deleted.
class Unaggregate {
  public:
    explicit Unaggregate(sql::Db &db) : db_(db), texts_(db) {}

    Result<void> rows(int64_t first, int64_t last) {
        auto q = db_.prepare(
            "SELECT path, path2, op, coalesce(domain, 0), comm, uid, instance, kind FROM audit "
            "WHERE chain BETWEEN ?1 AND ?2");
        if (!q)
            return q.error();
        q.value().bind(1, first).bind(2, last);
        for (sql::Query &s = q.value();;) {
            auto r = s.next();
            if (!r)
                return r.error();
            if (!r.value())
                return {};
            inst_counts_[s.i64(6)]++;
            if (s.i64(7) != 0)
                continue;  // a violation: counted in no directory
            auto d1 = dirs(s.i64(0));
            if (!d1)
                return d1.error();
            std::vector<int64_t> ds = d1.value();
            if (!s.is_null(1)) {
                auto d2 = dirs(s.i64(1));
                if (!d2)
                    return d2.error();
                for (int64_t d : d2.value())
                    if (std::find(ds.begin(), ds.end(), d) == ds.end())
                        ds.push_back(d);
            }
            for (int64_t d : ds) dir_counts_[{d, s.i64(2), s.i64(3), s.i64(4), s.i64(5)}]++;
        }
    }

    Result<void> write() {
        auto u = db_.prepare(
            "UPDATE dirstats SET count = count - ?6 WHERE dir = ?1 AND op = ?2 AND domain = ?3 "
            "AND comm = ?4 AND uid = ?5");
        if (!u)
            return u.error();
        for (const auto &[k, n] : dir_counts_) {
            sql::Query &s = u.value();
            s.bind(1, std::get<0>(k)).bind(2, std::get<1>(k)).bind(3, std::get<2>(k));
            s.bind(4, std::get<3>(k)).bind(5, std::get<4>(k)).bind(6, n);
            if (auto r = s.run(); !r)
                return r;
            s.reset();
        }
        if (auto r = db_.exec("DELETE FROM dirstats WHERE count <= 0"); !r)
            return r;
        auto e = db_.prepare("UPDATE instances SET events = max(0, events - ?2) WHERE id = ?1");
        if (!e)
            return e.error();
        for (const auto &[inst, n] : inst_counts_) {
            if (auto r = e.value().bind(1, inst).bind(2, n).run(); !r)
                return r;
            e.value().reset();
        }
        return {};
    }

  private:
    // The paths ids of every prefix of the path `id` that ends in "/", as
    // the audit writer counted them.
    Result<std::vector<int64_t>> dirs(int64_t id) {
        if (auto it = dirs_.find(id); it != dirs_.end())
            return it->second;
        auto text = texts_.path(id);
        if (!text)
            return text.error();
        std::string p(text.value());
        std::vector<int64_t> out;
        for (size_t i = 0; i < p.size(); ++i) {
            if (p[i] != '/')
                continue;
            auto q = stmt(db_, kPathGet);
            if (!q)
                return q.error();
            auto r = q.value().bind(1, std::string_view(p).substr(0, i + 1)).next();
            if (!r)
                return r.error();
            if (r.value())
                out.push_back(q.value().i64(0));
        }
        dirs_.emplace(id, out);
        return out;
    }

    sql::Db &db_;
    TextCache texts_;
    std::unordered_map<int64_t, std::vector<int64_t>> dirs_;
    std::map<std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t>, int64_t> dir_counts_;
    std::map<int64_t, int64_t> inst_counts_;
};

}  // namespace

Result<uint64_t> used_bytes(sql::Db &db) {
    auto pages = db.scalar("PRAGMA page_count");
    if (!pages)
        return pages.error();
    auto free_pages = db.scalar("PRAGMA freelist_count");
    if (!free_pages)
        return free_pages.error();
    auto size = db.scalar("PRAGMA page_size");
    if (!size)
        return size.error();
    return static_cast<uint64_t>(std::max<int64_t>(0, pages.value() - free_pages.value())) *
           static_cast<uint64_t>(size.value());
}

Result<PruneResult> prune_step(sql::Db &db, const RetentionPolicy &p, uint64_t now_ns,
                               size_t max_rows) {
    PruneResult out;
    if (!p.any() || max_rows == 0)
        return out;
    auto base = db.scalar("SELECT coalesce(max(last_pos), 0) FROM pruned");
    if (!base)
        return base.error();
    auto head = db.scalar("SELECT head_pos FROM chain WHERE id = 1");
    if (!head)
        return head.error();
    int64_t alive = head.value() - base.value();
    if (alive <= 0)
        return out;

    // By size: as many rows as the excess holds at the store's mean bytes
    // per row (the excess is re-measured at the next step).
    size_t by_size = 0;
    if (p.max_bytes) {
        auto used = used_bytes(db);
        if (!used)
            return used.error();
        if (used.value() > p.max_bytes) {
            uint64_t per_row = std::max<uint64_t>(1, used.value() / static_cast<uint64_t>(alive));
            by_size = static_cast<size_t>(
                std::min<uint64_t>(max_rows, (used.value() - p.max_bytes) / per_row + 1));
        }
    }

    struct Old {
        int64_t pos, ts;
        Digest hash;
    };
    std::vector<Old> rows;
    {
        auto q = db.prepare(
            "SELECT chain, ts_ns, hash FROM audit WHERE chain > ?1 ORDER BY chain LIMIT ?2");
        if (!q)
            return q.error();
        q.value().bind(1, base.value()).bind(2, static_cast<int64_t>(max_rows));
        for (;;) {
            auto r = q.value().next();
            if (!r)
                return r.error();
            if (!r.value())
                break;
            Old o{q.value().i64(0), q.value().i64(1), {}};
            auto b = q.value().blob(2);
            if (b.size() == o.hash.size())
                memcpy(o.hash.data(), b.data(), b.size());
            rows.push_back(o);
        }
    }
    // By age: the oldest rows in chain order, up to the first one kept.
    size_t by_age = 0;
    if (p.keep_ns && now_ns > p.keep_ns) {
        auto cutoff = static_cast<int64_t>(now_ns - p.keep_ns);
        while (by_age < rows.size() && rows[by_age].ts < cutoff) ++by_age;
    }
    size_t n = std::min(rows.size(), std::max(by_age, by_size));
    if (n == 0)
        return out;
    out.reason = by_size >= by_age ? "size" : "age";
    out.first_pos = rows.front().pos;
    out.last_pos = rows[n - 1].pos;
    out.anchor = rows[n - 1].hash;
    int64_t first_ns = rows.front().ts, last_ns = rows.front().ts;
    for (size_t i = 0; i < n; ++i) {
        first_ns = std::min(first_ns, rows[i].ts);
        last_ns = std::max(last_ns, rows[i].ts);
    }
    Unaggregate un(db);
    if (auto r = un.rows(out.first_pos, out.last_pos); !r)
        return r.error();
    if (auto r = un.write(); !r)
        return r.error();
    auto d = db.prepare("DELETE FROM audit WHERE chain BETWEEN ?1 AND ?2");
    if (!d)
        return d.error();
    if (auto r = d.value().bind(1, out.first_pos).bind(2, out.last_pos).run(); !r)
        return r.error();
    out.rows = static_cast<uint64_t>(db.changes());
    // Partitions whose every position is pruned now (statements.hpp).
    auto dp = db.prepare("DELETE FROM parts WHERE part < ((?1 + 1) >> ?2)");
    if (!dp)
        return dp.error();
    if (auto r = dp.value().bind(1, out.last_pos).bind(2, int64_t{kPartBits}).run(); !r)
        return r.error();
    auto ins = db.prepare(
        "INSERT INTO pruned (first_pos, last_pos, count, first_ns, last_ns, reason, anchor, "
        "pruned_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!ins)
        return ins.error();
    sql::Query &i = ins.value();
    i.bind(1, out.first_pos).bind(2, out.last_pos).bind(3, static_cast<int64_t>(out.rows));
    i.bind(4, first_ns).bind(5, last_ns).bind(6, out.reason);
    i.bind_blob(7, out.anchor.data(), out.anchor.size()).bind(8, sql::time_i64(now_ns));
    if (auto r = i.run(); !r)
        return r.error();
    out.more = n == max_rows;
    return out;
}

}  // namespace ph::store
