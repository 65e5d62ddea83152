// phstore's hash chain over the audit rows (chain.hpp, docs/store.md).
#include "chain.hpp"

#include <algorithm>
#include <cstring>

#include "statements.hpp"

namespace ph::store {

namespace {

// Little-endian integers and length-prefixed texts, written at `p`
// (the buffer is sized for the whole row first: no per-byte appends).
char *put64(char *p, int64_t v) {
    auto u = static_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) *p++ = static_cast<char>(u >> (8 * i));
    return p;
}

// A text as its length and bytes; a NULL as length 2^32 - 1 and nothing.
char *put_text(char *p, std::optional<std::string_view> s) {
    uint32_t n = s ? static_cast<uint32_t>(s->size()) : 0xffffffffU;
    for (int i = 0; i < 4; ++i) *p++ = static_cast<char>(n >> (8 * i));
    if (s && !s->empty()) {
        memcpy(p, s->data(), s->size());
        p += s->size();
    }
    return p;
}

size_t text_size(std::optional<std::string_view> s) {
    return 4 + (s ? s->size() : 0);
}

Digest to_digest(std::string_view blob) {
    Digest d{};
    if (blob.size() == d.size())
        memcpy(d.data(), blob.data(), d.size());
    return d;
}

// The columns verify and the migration read, in this order.
#define PH_CHAIN_COLS_2                                                              \
    "path, ts_ns, instance, seq, path2, op, pid, tgid, ppid, uid, euid, gid, comm, " \
    "domain, watch_id, result, chain, hash"
// The kind and entry columns (violations) came later: the migration that
// chains the rows stored before the chain runs before they exist, and
// reads every row as a watch event, as all were then.
#define PH_CHAIN_COLS PH_CHAIN_COLS_2 ", kind, entry"
#define PH_CHAIN_COLS_MIGRATION PH_CHAIN_COLS_2 ", 0, NULL"
// verify also reads each row's partition (not hashed: a physical detail,
// but `ph who` finds rows by it).
#define PH_VERIFY_COLS PH_CHAIN_COLS ", part"
enum Col {
    kPathId,
    kTs,
    kInst,
    kSeq,
    kPath2Id,
    kOp,
    kPid,
    kTgid,
    kPpid,
    kUid,
    kEuid,
    kGid,
    kCommId,
    kDomainId,
    kWatchId,
    kResult,
    kChain,
    kHash,
    kKind,
    kEntry,
    kPart  // PH_VERIFY_COLS only
};

// The fields of the current row of `q`, with the texts from `t`; false
// when a text is missing (its row deleted or renumbered).
Result<bool> fields_of(sql::Query &q, TextCache &t, ChainFields &f) {
    auto p = t.path(q.i64(kPathId));
    auto c = t.comm(q.i64(kCommId));
    if (!p || !c)
        return false;
    f.path = p.value();
    f.comm = c.value();
    f.path2.reset();
    f.domain.reset();
    if (!q.is_null(kPath2Id)) {
        auto p2 = t.path(q.i64(kPath2Id));
        if (!p2)
            return false;
        f.path2 = p2.value();
    }
    if (!q.is_null(kDomainId)) {
        auto d = t.domain(q.i64(kDomainId));
        if (!d)
            return false;
        f.domain = d.value();
    }
    f.ts = q.i64(kTs);
    f.inst = q.i64(kInst);
    f.seq = q.i64(kSeq);
    f.op = q.i64(kOp);
    f.pid = q.i64(kPid);
    f.tgid = q.i64(kTgid);
    f.ppid = q.i64(kPpid);
    f.uid = q.i64(kUid);
    f.euid = q.i64(kEuid);
    f.gid = q.i64(kGid);
    f.watch_id = q.i64(kWatchId);
    f.result = q.i64(kResult);
    f.kind = q.i64(kKind);
    f.entry.reset();
    if (!q.is_null(kEntry))
        f.entry = q.blob(kEntry);
    return true;
}

ChainProblem problem(ChainProblem::Kind k, int64_t pos, std::string detail) {
    ChainProblem p{k, pos, pos, {}, std::move(detail)};
    return p;
}

// "instance I seq S, PATH, uid U, comm C, at NS" of the current row.
std::string describe(sql::Query &q, TextCache &t) {
    auto p = t.path(q.i64(kPathId));
    auto c = t.comm(q.i64(kCommId));
    return "instance " + std::to_string(q.i64(kInst)) + " seq " + std::to_string(q.i64(kSeq)) +
           ", " + (p ? std::string(p.value()) : "path #" + std::to_string(q.i64(kPathId))) +
           ", uid " + std::to_string(q.i64(kUid)) + ", comm " +
           (c ? std::string(c.value()) : "#" + std::to_string(q.i64(kCommId))) + ", ts_ns " +
           std::to_string(q.i64(kTs));
}

// The time span of the chained rows of each partition, gathered in the
// chain walk, against the parts table that `ph who` trusts to skip
// partitions: a row whose part column is not its chain position's, or a
// partition whose recorded range does not cover its rows, would hide rows
// from `who` (neither is in the hash: they are how rows are found).
class PartSpans {
  public:
    template <class Add>
    void add(sql::Query &q, int64_t pos, Add &add) {
        int64_t want = pos >> kPartBits, ts = q.i64(kTs);
        if (q.is_null(kPart) || q.i64(kPart) != want) {
            ChainProblem p = problem(
                ChainProblem::kParts, pos,
                "its partition column is " +
                    (q.is_null(kPart) ? std::string("NULL") : std::to_string(q.i64(kPart))) +
                    ", not " + std::to_string(want) + " (ph who would not find it)");
            add(std::move(p));
        }
        if (spans_.empty() || spans_.back().part != want)
            spans_.push_back(Span{want, pos, ts, ts});
        Span &s = spans_.back();
        s.first = std::min(s.first, ts);
        s.last = std::max(s.last, ts);
    }

    // Every partition with rows needs a parts row whose range covers them
    // (pruning may leave a wider one: its oldest rows went).
    template <class Add>
    Result<void> check(sql::Db &db, Add &add) {
        auto q = db.prepare("SELECT first_ns, last_ns FROM parts WHERE part = ?1");
        if (!q)
            return q.error();
        for (const Span &s : spans_) {
            sql::Query &g = q.value();
            auto r = g.bind(1, s.part).next();
            if (!r)
                return r.error();
            std::string range = std::to_string(s.first) + ".." + std::to_string(s.last);
            std::string part = "partition " + std::to_string(s.part) + " (rows from ts_ns " + range;
            if (!r.value())
                add(problem(ChainProblem::kParts, s.pos,
                            part + ") has no row in the parts table (ph who would skip it)"));
            else if (g.i64(0) > s.first || g.i64(1) < s.last)
                add(problem(ChainProblem::kParts, s.pos,
                            part + ") is recorded in the parts table as " +
                                std::to_string(g.i64(0)) + ".." + std::to_string(g.i64(1)) +
                                " (the table was edited; ph who would miss rows)"));
            g.reset();
        }
        return {};
    }

  private:
    struct Span {
        int64_t part, pos, first, last;  // pos: the partition's first chained row
    };
    std::vector<Span> spans_;
};

}  // namespace

Digest chain_hash(const Digest &prev, int64_t pos, const ChainFields &f) {
    const int64_t ints[] = {pos,    f.ts,  f.inst, f.seq, f.op,       f.pid,   f.tgid,
                            f.ppid, f.uid, f.euid, f.gid, f.watch_id, f.result};
    size_t n = prev.size() + sizeof(ints) + text_size(f.path) + text_size(f.path2) +
               text_size(f.comm) + text_size(f.domain);
    // A violation row also covers its kind and entry; a watch row (kind 0)
    // hashes as it did before the columns existed.
    if (f.kind != 0)
        n += 8 + text_size(f.entry);
    thread_local std::string b;
    b.resize(n);
    char *p = b.data();
    memcpy(p, prev.data(), prev.size());
    p += prev.size();
    for (int64_t v : ints) p = put64(p, v);
    p = put_text(p, f.path);
    p = put_text(p, f.path2);
    p = put_text(p, f.comm);
    p = put_text(p, f.domain);
    if (f.kind != 0) {
        p = put64(p, f.kind);
        p = put_text(p, f.entry);
    }
    return sha256(b);
}

Result<ChainHead> read_head(sql::Db &db) {
    auto q = db.prepare("SELECT head_pos, head_hash FROM chain WHERE id = 1");
    if (!q)
        return q.error();
    auto r = q.value().next();
    if (!r)
        return r.error();
    if (!r.value())
        return Error{EPROTO, db.path() + ": the chain table has no head row"};
    return ChainHead{q.value().i64(0), to_digest(q.value().blob(1))};
}

Result<void> write_head(sql::Db &db, const ChainHead &h) {
    auto q = db.prepare("UPDATE chain SET head_pos = ?1, head_hash = ?2 WHERE id = 1");
    if (!q)
        return q.error();
    return q.value().bind(1, h.pos).bind_blob(2, h.hash.data(), h.hash.size()).run();
}

void TextCache::clear() {
    paths_.clear();
    comms_.clear();
    domains_.clear();
}

Result<std::string_view> TextCache::get(std::unordered_map<int64_t, std::string> &m, Kind k,
                                        int64_t id) {
    if (auto it = m.find(id); it != m.end())
        return std::string_view(it->second);
    auto q = stmt(db_, k == kPath ? kPathText : k == kComm ? kCommText : kDomainName);
    if (!q)
        return q.error();
    auto r = q.value().bind(1, id).next();
    if (!r)
        return r.error();
    if (!r.value())
        return Error{ENOENT, "no row " + std::to_string(id)};
    if (m.size() > 200000)
        m.clear();
    return std::string_view(m.emplace(id, q.value().text(0)).first->second);
}

Result<int64_t> chain_unchained(sql::Db &db) {
    auto head = read_head(db);
    if (!head)
        return head.error();
    ChainHead h = head.value();
    TextCache texts(db);
    int64_t done = 0;
    // In pages by key, so that no statement reads the rows it updates.
    struct Key {
        int64_t path, ts, inst, seq;
        Digest hash;
        int64_t pos;
    };
    std::optional<Key> after;
    for (;;) {
        std::vector<Key> page;
        {
            auto q = db.prepare(after ? "SELECT " PH_CHAIN_COLS_MIGRATION
                                        " FROM audit WHERE chain IS NULL AND "
                                        "(path, ts_ns, instance, seq) > (?1, ?2, ?3, ?4) "
                                        "ORDER BY path, ts_ns, instance, seq LIMIT 10000"
                                      : "SELECT " PH_CHAIN_COLS_MIGRATION
                                        " FROM audit WHERE chain IS NULL "
                                        "ORDER BY path, ts_ns, instance, seq LIMIT 10000");
            if (!q)
                return q.error();
            if (after)
                q.value()
                    .bind(1, after->path)
                    .bind(2, after->ts)
                    .bind(3, after->inst)
                    .bind(4, after->seq);
            for (;;) {
                auto r = q.value().next();
                if (!r)
                    return r.error();
                if (!r.value())
                    break;
                ChainFields f;
                auto ok = fields_of(q.value(), texts, f);
                if (!ok)
                    return ok.error();
                if (!ok.value())
                    return Error{EPROTO, db.path() +
                                             ": an audit row refers to a missing path, "
                                             "comm or domain row"};
                h.pos++;
                h.hash = chain_hash(h.hash, h.pos, f);
                page.push_back(Key{q.value().i64(kPathId), q.value().i64(kTs), q.value().i64(kInst),
                                   q.value().i64(kSeq), h.hash, h.pos});
            }
        }
        if (page.empty())
            break;
        auto u = db.prepare(
            "UPDATE audit SET chain = ?5, hash = ?6 WHERE path = ?1 AND ts_ns = ?2 AND "
            "instance = ?3 AND seq = ?4");
        if (!u)
            return u.error();
        for (const Key &k : page) {
            sql::Query &s = u.value();
            s.bind(1, k.path).bind(2, k.ts).bind(3, k.inst).bind(4, k.seq).bind(5, k.pos);
            if (auto r = s.bind_blob(6, k.hash.data(), k.hash.size()).run(); !r)
                return r.error();
            s.reset();
        }
        done += static_cast<int64_t>(page.size());
        after = page.back();
    }
    if (auto r = write_head(db, h); !r)
        return r.error();
    return done;
}

Result<std::optional<Digest>> hash_at(sql::Db &db, int64_t pos) {
    auto q = db.prepare(
        "SELECT hash FROM audit WHERE chain = ?1 UNION ALL "
        "SELECT anchor FROM pruned WHERE last_pos = ?1 LIMIT 1");
    if (!q)
        return q.error();
    auto r = q.value().bind(1, pos).next();
    if (!r)
        return r.error();
    if (!r.value())
        return std::optional<Digest>();
    return std::optional<Digest>(to_digest(q.value().blob(0)));
}

Result<ChainReport> verify_chain(sql::Db &db, size_t max_listed) {
    sql::ReadTxn txn(db.get());
    ChainReport rep;
    auto add = [&](ChainProblem p) {
        if (rep.problems.size() < max_listed)
            rep.problems.push_back(std::move(p));
        else
            rep.more_problems++;
    };
    auto head = read_head(db);
    if (!head)
        return head.error();
    rep.head = head.value();

    // The pruned ranges must follow each other from position 1; the newest
    // one's anchor is the hash the first retained row follows.
    int64_t base = 0;
    Digest prev{};
    {
        auto q = db.prepare(
            "SELECT first_pos, last_pos, count, anchor FROM pruned ORDER BY "
            "first_pos");
        if (!q)
            return q.error();
        for (;;) {
            auto r = q.value().next();
            if (!r)
                return r.error();
            if (!r.value())
                break;
            int64_t first = q.value().i64(0), last = q.value().i64(1);
            if (first != base + 1)
                add(problem(ChainProblem::kPrunedRange, first,
                            "pruned range " + std::to_string(first) + ".." + std::to_string(last) +
                                " does not follow position " + std::to_string(base) +
                                " (rows were deleted before pruning, or a pruned range was "
                                "edited)"));
            rep.pruned_ranges++;
            rep.pruned_rows += static_cast<uint64_t>(q.value().i64(2));
            base = last;
            prev = to_digest(q.value().blob(3));
        }
    }

    TextCache texts(db);
    PartSpans spans;
    auto q = db.prepare("SELECT " PH_VERIFY_COLS
                        " FROM audit WHERE chain IS NOT NULL "
                        "ORDER BY chain");
    if (!q)
        return q.error();
    int64_t expect = base + 1;
    for (sql::Query &s = q.value();;) {
        auto r = s.next();
        if (!r)
            return r.error();
        if (!r.value())
            break;
        int64_t pos = s.i64(kChain);
        Digest stored = to_digest(s.blob(kHash));
        if (pos <= base) {
            ChainProblem p = problem(ChainProblem::kInserted, pos,
                                     "a row at a pruned position (inserted by hand)");
            p.row = describe(s, texts);
            add(std::move(p));
            continue;
        }
        rep.rows++;
        if (rep.rows == 1)
            rep.first_pos = pos;
        rep.last_pos = pos;
        if (pos > expect) {
            ChainProblem p = problem(ChainProblem::kDeleted, expect, "missing (deleted by hand)");
            p.last_pos = pos - 1;
            add(std::move(p));
        } else {
            ChainFields f;
            auto ok = fields_of(s, texts, f);
            if (!ok)
                return ok.error();
            if (!ok.value() || chain_hash(prev, pos, f) != stored) {
                ChainProblem p =
                    problem(ChainProblem::kChanged, pos,
                            ok.value() ? "its hash does not follow from the row and the one before "
                                         "(changed, or inserted by hand)"
                                       : "it refers to a path, comm or domain row that is gone");
                p.row = describe(s, texts);
                add(std::move(p));
            }
        }
        spans.add(s, pos, add);  // after the row's own finding, if any
        prev = stored;
        expect = pos + 1;
    }
    rep.computed_head = prev;
    if (auto r = spans.check(db, add); !r)
        return r.error();
    int64_t end = expect - 1;
    if (end < rep.head.pos) {
        ChainProblem p =
            problem(ChainProblem::kDeleted, end + 1, "missing: the newest rows (deleted by hand)");
        p.last_pos = rep.head.pos;
        add(std::move(p));
    } else if (end > rep.head.pos) {
        add(problem(
            ChainProblem::kInserted, rep.head.pos + 1,
            "rows past the recorded head " + std::to_string(rep.head.pos) + " (inserted by hand)"));
    } else if (end > 0 && prev != rep.head.hash) {
        add(problem(ChainProblem::kHead, end,
                    "the recorded head hash is not the newest row's (the chain table was "
                    "edited)"));
    }

    auto u = db.prepare("SELECT " PH_CHAIN_COLS " FROM audit WHERE chain IS NULL");
    if (!u)
        return u.error();
    for (sql::Query &s = u.value();;) {
        auto r = s.next();
        if (!r)
            return r.error();
        if (!r.value())
            break;
        ChainProblem p = problem(ChainProblem::kInserted, 0,
                                 "a row without a chain position (inserted by hand)");
        p.row = describe(s, texts);
        add(std::move(p));
    }
    return rep;
}

#undef PH_VERIFY_COLS
#undef PH_CHAIN_COLS
#undef PH_CHAIN_COLS_2
#undef PH_CHAIN_COLS_MIGRATION

}  // namespace ph::store
