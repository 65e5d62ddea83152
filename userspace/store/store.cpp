// phstore: the SQLite store.  The schema and the reasons behind it are in
// docs/store.md; keep the two in step.
#include "store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "linux/phtrack.h"

namespace ph {

namespace {

constexpr int32_t kApplicationId = 0x50485452;  // "PHTR"
constexpr int64_t kMaxI64 = std::numeric_limits<int64_t>::max();
// Interned ids cached by a writer; the caches are dropped past this size.
constexpr size_t kCacheMax = 200000;
// Audit rows buffered by a writer before they are inserted in key order.
constexpr size_t kRowBufferMax = 131072;

// Ordered migration steps: step i takes the schema from version i to i + 1,
// in its own transaction.  Never edit a released step; append a new one.
constexpr const char *kMigrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE instances (
    id INTEGER PRIMARY KEY,
    loaded_ns INTEGER NOT NULL,
    kernel_release TEXT NOT NULL,
    module_version TEXT NOT NULL,
    mode INTEGER NOT NULL,
    first_seen_ns INTEGER NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    UNIQUE (loaded_ns, kernel_release)
);
CREATE TABLE domains (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    parent INTEGER REFERENCES domains (id),
    depth INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    created_ns INTEGER NOT NULL,
    target TEXT NOT NULL
);
CREATE TABLE kdomains (
    instance INTEGER NOT NULL REFERENCES instances (id),
    kid INTEGER NOT NULL,
    domain INTEGER NOT NULL REFERENCES domains (id),
    PRIMARY KEY (instance, kid)
) WITHOUT ROWID;
CREATE TABLE acl (
    id INTEGER PRIMARY KEY,
    domain INTEGER NOT NULL REFERENCES domains (id),
    type INTEGER NOT NULL,
    sub INTEGER NOT NULL,
    num0 INTEGER NOT NULL,
    num1 INTEGER NOT NULL,
    num2 INTEGER NOT NULL,
    str0 TEXT NOT NULL,
    str1 TEXT NOT NULL,
    str2 TEXT NOT NULL,
    perm INTEGER NOT NULL,
    first_ns INTEGER NOT NULL,
    UNIQUE (domain, type, sub, num0, num1, num2, str0, str1, str2)
);
CREATE TABLE paths (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    last_ns INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE comms (
    id INTEGER PRIMARY KEY,
    comm TEXT NOT NULL UNIQUE
);
CREATE TABLE audit (
    path INTEGER NOT NULL REFERENCES paths (id),
    ts_ns INTEGER NOT NULL,
    instance INTEGER NOT NULL REFERENCES instances (id),
    seq INTEGER NOT NULL,
    path2 INTEGER REFERENCES paths (id),
    op INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    tgid INTEGER NOT NULL,
    ppid INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    euid INTEGER NOT NULL,
    gid INTEGER NOT NULL,
    comm INTEGER NOT NULL REFERENCES comms (id),
    domain INTEGER REFERENCES domains (id),
    watch_id INTEGER NOT NULL,
    result INTEGER NOT NULL,
    PRIMARY KEY (path, ts_ns, instance, seq)
) WITHOUT ROWID;
CREATE INDEX audit_path2 ON audit (path2, ts_ns) WHERE path2 IS NOT NULL;
CREATE TABLE dirstats (
    dir INTEGER NOT NULL REFERENCES paths (id),
    op INTEGER NOT NULL,
    domain INTEGER NOT NULL,
    comm INTEGER NOT NULL REFERENCES comms (id),
    uid INTEGER NOT NULL,
    count INTEGER NOT NULL,
    first_ns INTEGER NOT NULL,
    last_ns INTEGER NOT NULL,
    PRIMARY KEY (dir, op, domain, comm, uid)
) WITHOUT ROWID;
CREATE TABLE loss (
    id INTEGER PRIMARY KEY,
    instance INTEGER NOT NULL REFERENCES instances (id),
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    count INTEGER NOT NULL,
    reason TEXT NOT NULL,
    detected_ns INTEGER NOT NULL
);
CREATE TABLE watches (
    id INTEGER PRIMARY KEY,
    pattern TEXT NOT NULL,
    ops INTEGER NOT NULL
);
)sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

// The statements a Store keeps prepared.
enum Q : size_t {
    kInstancePut,
    kKdomainGet,
    kKdomainPut,
    kDomainPut,
    kAclPut,
    kPathGet,
    kPathPut,
    kCommGet,
    kCommPut,
    kAuditPut,
    kDirstatAdd,
    kPathLast,
    kInstanceEvents,
    kTallyPath,
    kTallyPath2,
    kScanPath,
    kScanPath2,
    kPathText,
    kCommText,
    kDomainName,
    kNumQ
};

// Columns of the who scans: kTally* read the leading ones only (SQLite
// builds every selected column of every row: the fewer, the faster).
#define PH_LEAD_COLS "ts_ns, op, domain, comm, uid, path"
#define PH_FULL_COLS PH_LEAD_COLS ", instance, seq, path2, pid, tgid, ppid, euid, gid, result"
enum ScanCol {
    cTs,
    cOp,
    cDomain,
    cComm,
    cUid,
    cPath,
    cInst,  // kScan* only from here
    cSeq,
    cPath2,
    cPid,
    cTgid,
    cPpid,
    cEuid,
    cGid,
    cResult
};
#define PH_WHERE_PATH " FROM audit WHERE path = ?1 AND ts_ns BETWEEN ?2 AND ?3"
#define PH_WHERE_PATH2 \
    " FROM audit WHERE path2 = ?1 AND path2 IS NOT NULL AND ts_ns BETWEEN ?2 AND ?3"

constexpr const char *kSql[kNumQ] = {
    // kInstancePut
    "INSERT INTO instances (loaded_ns, kernel_release, module_version, mode, first_seen_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (loaded_ns, kernel_release) DO UPDATE SET "
    "module_version = excluded.module_version, mode = excluded.mode RETURNING id",
    // kKdomainGet
    "SELECT domain FROM kdomains WHERE instance = ?1 AND kid = ?2",
    // kKdomainPut
    "INSERT INTO kdomains (instance, kid, domain) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (instance, kid) DO UPDATE SET domain = excluded.domain",
    // kDomainPut
    "INSERT INTO domains (name, parent, depth, flags, created_ns, target) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (name) DO UPDATE SET "
    "parent = coalesce(excluded.parent, parent), depth = excluded.depth, "
    "flags = flags | excluded.flags, "
    "created_ns = CASE WHEN created_ns = 0 THEN excluded.created_ns ELSE created_ns END, "
    "target = CASE WHEN excluded.target <> '' THEN excluded.target ELSE target END "
    "RETURNING id",
    // kAclPut
    "INSERT INTO acl (domain, type, sub, num0, num1, num2, str0, str1, str2, perm, first_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT (domain, type, sub, num0, num1, num2, str0, str1, str2) "
    "DO UPDATE SET perm = perm | excluded.perm",
    // kPathGet
    "SELECT id FROM paths WHERE path = ?1",
    // kPathPut
    "INSERT INTO paths (path) VALUES (?1)",
    // kCommGet
    "SELECT id FROM comms WHERE comm = ?1",
    // kCommPut
    "INSERT INTO comms (comm) VALUES (?1)",
    // kAuditPut
    "INSERT OR IGNORE INTO audit (path, ts_ns, instance, seq, path2, op, pid, tgid, ppid, uid, "
    "euid, gid, comm, domain, watch_id, result) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    // kDirstatAdd
    "INSERT INTO dirstats (dir, op, domain, comm, uid, count, first_ns, last_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (dir, op, domain, comm, uid) DO UPDATE SET count = count + excluded.count, "
    "first_ns = min(first_ns, excluded.first_ns), last_ns = max(last_ns, excluded.last_ns)",
    // kPathLast
    "UPDATE paths SET last_ns = max(last_ns, ?2) WHERE id = ?1",
    // kInstanceEvents
    "UPDATE instances SET events = events + ?2 WHERE id = ?1",
    // kTallyPath: events on the path (as first object), in any order.
    "SELECT " PH_LEAD_COLS PH_WHERE_PATH,
    // kTallyPath2: events whose second object is the path.
    "SELECT " PH_LEAD_COLS PH_WHERE_PATH2,
    // kScanPath: newest first, in primary key order.
    "SELECT " PH_FULL_COLS PH_WHERE_PATH " ORDER BY ts_ns DESC, instance DESC, seq DESC",
    // kScanPath2
    "SELECT " PH_FULL_COLS PH_WHERE_PATH2 " ORDER BY ts_ns DESC",
    // kPathText
    "SELECT path FROM paths WHERE id = ?1",
    // kCommText
    "SELECT comm FROM comms WHERE id = ?1",
    // kDomainName
    "SELECT name FROM domains WHERE id = ?1",
};
#undef PH_LEAD_COLS
#undef PH_FULL_COLS
#undef PH_WHERE_PATH
#undef PH_WHERE_PATH2

struct DbCloser {
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
    void operator()(sqlite3_stmt *s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

int errno_of(int rc) {
    switch (rc & 0xff) {
        case SQLITE_READONLY: return EROFS;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return EBUSY;
        case SQLITE_NOMEM: return ENOMEM;
        case SQLITE_FULL: return ENOSPC;
        case SQLITE_PERM:
        case SQLITE_AUTH: return EACCES;
        case SQLITE_CANTOPEN: return ENOENT;
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
        case SQLITE_MISMATCH:
        case SQLITE_CONSTRAINT: return EINVAL;
        default: return EIO;
    }
}

Error sql_error(sqlite3 *db, int rc, const std::string &where) {
    return Error{errno_of(rc), where + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
}

// Unsigned values are stored as the int64 with the same bits; times are
// clamped instead, so that they keep their order.
int64_t as_i64(uint64_t v) {
    return static_cast<int64_t>(v);
}
uint64_t as_u64(int64_t v) {
    return static_cast<uint64_t>(v);
}
int64_t time_i64(uint64_t ns) {
    return static_cast<int64_t>(std::min<uint64_t>(ns, kMaxI64));
}

uint64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

bool is_change(uint32_t op) {
    return op < 32 && ((PHTRACK_OPS_CHANGE >> op) & 1U);
}

// One use of a prepared statement: binds, steps, reads columns, and resets
// the statement when it goes out of scope (a statement left mid-way would
// hold its read transaction open).  Owns the statement when it is ad hoc.
class Query {
  public:
    Query(sqlite3_stmt *s, const std::string *where, StmtPtr owned = {})
        : owned_(std::move(owned)), s_(s), where_(where) {}
    Query(Query &&o) noexcept
        : owned_(std::move(o.owned_)), s_(std::exchange(o.s_, nullptr)), where_(o.where_) {}
    Query &operator=(Query &&) = delete;
    Query(const Query &) = delete;
    Query &operator=(const Query &) = delete;
    ~Query() {
        if (s_) {
            sqlite3_reset(s_);
            sqlite3_clear_bindings(s_);
        }
    }

    Query &bind(int i, int64_t v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    Query &bind(int i, std::string_view v) {
        sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        return *this;
    }
    Query &bind(int i, std::optional<int64_t> v) {
        if (v)
            sqlite3_bind_int64(s_, i, *v);
        else
            sqlite3_bind_null(s_, i);
        return *this;
    }

    /// true: a row is ready; false: done.
    Result<bool> next() {
        int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        return sql_error(sqlite3_db_handle(s_), rc, *where_);
    }
    /// Make the statement ready to run again (bindings are kept).
    void reset() { sqlite3_reset(s_); }
    /// Step to the end, ignoring rows.
    Result<void> run() {
        for (;;) {
            auto r = next();
            if (!r)
                return r.error();
            if (!r.value())
                return {};
        }
    }

    int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
    uint32_t u32(int col) const { return static_cast<uint32_t>(sqlite3_column_int64(s_, col)); }
    bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
    std::string text(int col) const {
        const unsigned char *p = sqlite3_column_text(s_, col);
        return p ? std::string(reinterpret_cast<const char *>(p),
                               static_cast<size_t>(sqlite3_column_bytes(s_, col)))
                 : std::string();
    }

  private:
    StmtPtr owned_;
    sqlite3_stmt *s_;
    const std::string *where_;
};

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
    int64_t count = 0, first = kMaxI64, last = 0;
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
    void clear() {
        slots_.clear();
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

// ---- who: matching, grouping and the newest rows -------------------------

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
struct GroupKeyHash {
    size_t operator()(const GroupKey &k) const {
        return DirKeyHash()(DirKey{k.domain, 0, k.comm, 0, k.uid});
    }
};
struct GroupAgg {
    uint64_t count = 0, changes = 0;
    int64_t last = 0;
};

// Totals and the (domain, comm, uid) groups of the matching events.
struct Tally {
    uint64_t total = 0, changes = 0;
    int64_t first = kMaxI64, last = 0;
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
    int64_t lo = 0, hi = kMaxI64;
    uint32_t ops = 0;
    bool any_domain = true;
    std::unordered_set<int64_t> domains;
    bool match(uint32_t op, int64_t domain) const {
        return (!ops || (op < 32 && ((ops >> op) & 1U))) && (any_domain || domains.count(domain));
    }
};

}  // namespace

struct Store::Impl {
    std::string path;
    DbPtr db;
    bool writable = false;
    bool batch = false;  // inside begin() .. commit()/rollback()
    std::array<StmtPtr, kNumQ> stmts;

    // Writer caches, valid while no transaction of ours rolls back.
    struct PathInfo {
        int64_t id = 0;
        bool dirs_known = false;
        std::vector<int64_t> dirs;  // see dirs()
        bool dirty = false;         // on pending_paths
        int64_t pending_last = 0;   // the batch's newest event on the path
    };
    std::unordered_map<std::string, PathInfo, StrHash, std::equal_to<>> paths;
    std::unordered_map<std::string, int64_t, StrHash, std::equal_to<>> comms;
    std::map<std::pair<int64_t, uint32_t>, int64_t> kdomain_ids;
    // Aggregates of the batch's audit rows, written at commit.
    DirAggMap pending_dirs;
    std::vector<PathInfo *> pending_paths;                    // into `paths`
    std::vector<std::pair<int64_t, int64_t>> pending_events;  // instance, rows added
    // Audit rows not inserted yet: inserting a batch in primary key order
    // visits each B-tree leaf once, where arrival order would jump between
    // the leaves of every active path.
    struct Row {
        int64_t path, ts, inst, seq, comm;
        std::optional<int64_t> path2, domain;
        uint32_t op, pid, tgid, ppid, uid, euid, gid, watch_id;
        int32_t result;
        PathInfo *p, *p2;  // into `paths`, with their dirs known
    };
    std::vector<Row> pending_rows;

    Error err(int rc) const { return sql_error(db.get(), rc, path); }

    Result<void> exec(const char *sql) {
        int rc = sqlite3_exec(db.get(), sql, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK)
            return err(rc);
        return {};
    }

    Result<Query> cached(Q q) {
        StmtPtr &p = stmts[q];
        if (!p) {
            sqlite3_stmt *s = nullptr;
            int rc =
                sqlite3_prepare_v3(db.get(), kSql[q], -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
            if (rc != SQLITE_OK)
                return err(rc);
            p.reset(s);
        }
        return Query(p.get(), &path);
    }

    Result<Query> prepare(const char *sql) {
        sqlite3_stmt *s = nullptr;
        int rc = sqlite3_prepare_v2(db.get(), sql, -1, &s, nullptr);
        if (rc != SQLITE_OK)
            return err(rc);
        return Query(s, &path, StmtPtr(s));
    }

    /// The first column of the first row of `sql`, or `dflt` without rows.
    Result<int64_t> scalar(const char *sql, int64_t dflt = 0) {
        auto q = prepare(sql);
        if (!q)
            return q.error();
        auto r = q.value().next();
        if (!r)
            return r.error();
        return r.value() ? q.value().i64(0) : dflt;
    }

    Result<void> check_writable() const {
        if (!writable)
            return Error{EROFS, path + ": the store is open read-only"};
        return {};
    }

    void drop_caches() {
        paths.clear();
        comms.clear();
        kdomain_ids.clear();
        pending_dirs.clear();
        pending_paths.clear();
        pending_events.clear();
        pending_rows.clear();
    }

    Result<void> begin() {
        if (auto r = check_writable(); !r)
            return r;
        if (batch)
            return Error{EBUSY, path + ": a batch is already open"};
        if (auto r = exec("BEGIN IMMEDIATE"); !r)
            return r;
        batch = true;
        return {};
    }

    Result<void> commit() {
        if (!batch)
            return Error{EINVAL, path + ": commit without begin"};
        if (sqlite3_get_autocommit(db.get())) {
            // SQLite rolled the transaction back itself after an error.
            batch = false;
            drop_caches();
            return Error{EIO, path + ": the batch was rolled back after an earlier error"};
        }
        Result<void> r = flush();
        if (r)
            r = exec("COMMIT");
        if (!r) {
            (void)rollback();  // a half-written batch must not stay open
            return r;
        }
        batch = false;
        return {};
    }

    Result<void> rollback() {
        if (!batch)
            return Error{EINVAL, path + ": rollback without begin"};
        batch = false;
        drop_caches();  // ids interned in the batch are gone
        if (sqlite3_get_autocommit(db.get()))
            return {};
        return exec("ROLLBACK");
    }

    /// Run `f` inside the open batch, or in a transaction of its own.
    template <class F>
    auto write(F &&f) -> decltype(f()) {
        if (auto r = check_writable(); !r)
            return r.error();
        if (batch)
            return f();
        if (auto r = begin(); !r)
            return r.error();
        auto r = f();
        if (!r) {
            (void)rollback();
            return r;
        }
        if (auto c = commit(); !c)
            return c.error();  // rolled back
        return r;
    }

    /// Write the batch's aggregates (dirstats, paths.last_ns, instance
    /// event counts).
    Result<void> flush() {
        if (auto r = write_rows(); !r)
            return r;
        if (!pending_dirs.empty()) {
            auto q = cached(kDirstatAdd);
            if (!q)
                return q.error();
            for (const auto &[k, a] : pending_dirs.sorted()) {  // in key order too
                q.value().bind(1, k.dir).bind(2, int64_t{k.op}).bind(3, k.domain);
                q.value().bind(4, k.comm).bind(5, int64_t{k.uid}).bind(6, a.count);
                q.value().bind(7, a.first).bind(8, a.last);
                if (auto r = q.value().run(); !r)
                    return r;
                q.value().reset();
            }
        }
        for (PathInfo *pi : pending_paths) {
            if (auto r = run2(kPathLast, pi->id, pi->pending_last); !r)
                return r;
            pi->dirty = false;
        }
        for (const auto &[inst, n] : pending_events)
            if (auto r = run2(kInstanceEvents, inst, n); !r)
                return r;
        pending_dirs.clear();
        pending_paths.clear();
        pending_events.clear();
        return {};
    }

    /// Run a cached statement with two integer parameters.
    Result<void> run2(Q which, int64_t a, int64_t b) {
        auto q = cached(which);
        if (!q)
            return q.error();
        return q.value().bind(1, a).bind(2, b).run();
    }

    /// The row id of `text` in paths or comms (by `get`), inserted (by `put`)
    /// when missing.
    Result<int64_t> lookup_or_insert(Q get, Q put, std::string_view text) {
        auto g = cached(get);
        if (!g)
            return g.error();
        auto r = g.value().bind(1, text).next();
        if (!r)
            return r.error();
        if (r.value())
            return g.value().i64(0);
        auto p = cached(put);
        if (!p)
            return p.error();
        if (auto w = p.value().bind(1, text).run(); !w)
            return w.error();
        return sqlite3_last_insert_rowid(db.get());
    }

    Result<PathInfo *> path_info(std::string_view p) {
        if (auto it = paths.find(p); it != paths.end())
            return &it->second;
        auto id = lookup_or_insert(kPathGet, kPathPut, p);
        if (!id)
            return id.error();
        PathInfo &pi = paths[std::string(p)];
        pi.id = id.value();
        return &pi;
    }

    Result<int64_t> comm_id(std::string_view c) {
        if (auto it = comms.find(c); it != comms.end())
            return it->second;
        auto id = lookup_or_insert(kCommGet, kCommPut, c);
        if (id)
            comms.emplace(std::string(c), id.value());
        return id;
    }

    /// Ids of every prefix of `p` that ends in "/" (p itself included when it
    /// is a directory): the directories whose dirstats count an event on p.
    Result<const std::vector<int64_t> *> dirs(PathInfo &pi, std::string_view p) {
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

    /// The domains row of a module domain id in an instance, if recorded.
    Result<std::optional<int64_t>> kdomain(int64_t inst, uint32_t kid) {
        auto key = std::make_pair(inst, kid);
        if (auto it = kdomain_ids.find(key); it != kdomain_ids.end())
            return std::optional<int64_t>(it->second);
        auto q = cached(kKdomainGet);
        if (!q)
            return q.error();
        auto r = q.value().bind(1, inst).bind(2, int64_t{kid}).next();
        if (!r)
            return r.error();
        if (!r.value())
            return std::optional<int64_t>();
        int64_t id = q.value().i64(0);
        kdomain_ids[key] = id;
        return std::optional<int64_t>(id);
    }

    Result<void> put_event(int64_t inst, const WatchEvent &ev) {
        if (paths.size() > kCacheMax || comms.size() > kCacheMax) {
            if (auto r = flush(); !r)  // pending_paths points into the cache
                return r;
            paths.clear();
            comms.clear();
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
        pending_rows.push_back(Row{p.value()->id, time_i64(ev.time_ns), inst, as_i64(ev.seq),
                                   c.value(), p2 ? std::optional<int64_t>(p2->id) : std::nullopt,
                                   dom.value(), ev.op, ev.pid, ev.tgid, ev.ppid, ev.uid, ev.euid,
                                   ev.gid, ev.watch_id, ev.result, p.value(), p2});
        if (pending_rows.size() >= kRowBufferMax)
            return write_rows();
        return {};
    }

    /// Insert the buffered audit rows, and count the new ones (a row stored
    /// before is ignored) in the batch's aggregates.
    Result<void> write_rows() {
        if (pending_rows.empty())
            return {};
        std::sort(pending_rows.begin(), pending_rows.end(), [](const Row &a, const Row &b) {
            return std::tie(a.path, a.ts, a.inst, a.seq) < std::tie(b.path, b.ts, b.inst, b.seq);
        });
        auto q = cached(kAuditPut);
        if (!q)
            return q.error();
        Query &a = q.value();
        for (const Row &r : pending_rows) {
            a.bind(1, r.path).bind(2, r.ts).bind(3, r.inst).bind(4, r.seq).bind(5, r.path2);
            a.bind(6, int64_t{r.op}).bind(7, int64_t{r.pid}).bind(8, int64_t{r.tgid});
            a.bind(9, int64_t{r.ppid}).bind(10, int64_t{r.uid}).bind(11, int64_t{r.euid});
            a.bind(12, int64_t{r.gid}).bind(13, r.comm).bind(14, r.domain);
            a.bind(15, int64_t{r.watch_id}).bind(16, int64_t{r.result});
            if (auto w = a.run(); !w)
                return w;
            a.reset();
            if (sqlite3_changes(db.get()) == 1)
                count(r);
        }
        pending_rows.clear();
        return {};
    }

    /// Add a new audit row to the aggregates: every directory above either
    /// object counts it once; each object's newest event; its instance's rows.
    void count(const Row &r) {
        DirKey k{0, r.domain.value_or(0), r.comm, r.op, r.uid};
        for (int64_t d : r.p->dirs) {
            k.dir = d;
            pending_dirs[k].add(r.ts);
        }
        if (r.p2)
            for (int64_t d : r.p2->dirs) {
                if (std::find(r.p->dirs.begin(), r.p->dirs.end(), d) != r.p->dirs.end())
                    continue;
                k.dir = d;
                pending_dirs[k].add(r.ts);
            }
        for (PathInfo *pi : {r.p, r.p2}) {
            if (!pi)
                continue;
            if (!pi->dirty) {
                pi->dirty = true;
                pi->pending_last = r.ts;
                pending_paths.push_back(pi);
            }
            pi->pending_last = std::max(pi->pending_last, r.ts);
        }
        auto n = std::find_if(pending_events.begin(), pending_events.end(),
                              [&](const auto &e) { return e.first == r.inst; });
        if (n == pending_events.end())
            pending_events.emplace_back(r.inst, 1);
        else
            ++n->second;
    }

    // ---- who --------------------------------------------------------------

    /// Call fn(query, ts, op, domain) for every row of the scan `which`
    /// about path `id` that matches `f`.  A row
    /// found by its second object is skipped when its first object is a
    /// target: that scan counts it.  With `top`, the scan stops once no
    /// older row could enter it.
    template <class Fn>
    Result<void> each_match(Q which, int64_t id, const Filter &f,
                            const std::unordered_set<int64_t> &targets, const TopK *top, Fn &&fn) {
        auto q = cached(which);
        if (!q)
            return q.error();
        Query &s = q.value();
        s.bind(1, id).bind(2, f.lo).bind(3, f.hi);
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

    /// Text of a row id in paths, comms or domains, looked up once per who.
    Result<std::string> name_of(Q which, int64_t id,
                                std::unordered_map<int64_t, std::string> &memo) {
        if (id == 0)
            return std::string();
        if (auto it = memo.find(id); it != memo.end())
            return it->second;
        auto q = cached(which);
        if (!q)
            return q.error();
        auto r = q.value().bind(1, id).next();
        if (!r)
            return r.error();
        std::string s = r.value() ? q.value().text(0) : std::string();
        memo.emplace(id, s);
        return s;
    }

    Result<WhoSummary> who(const WhoQuery &wq);
    Result<bool> who_filter(const WhoQuery &wq, Filter &f);
    Result<std::vector<std::pair<int64_t, int64_t>>> who_targets(const std::string &p);
    Result<WhoSummary> who_resolve(const Tally &t, std::vector<Hit> hits);
};

// Resolves the domain filter; false when no domain matches.
Result<bool> Store::Impl::who_filter(const WhoQuery &wq, Filter &f) {
    f.lo = wq.since_ns ? time_i64(*wq.since_ns) : 0;
    f.hi = wq.until_ns ? time_i64(*wq.until_ns) : kMaxI64;
    f.ops = wq.ops;
    if (wq.domain.empty())
        return true;
    f.any_domain = false;
    auto q = prepare(wq.domain_subtree
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

// The paths a who query covers, with their newest event, newest first:
// the path itself, or for "DIR/" every path in [DIR/, DIR0).
Result<std::vector<std::pair<int64_t, int64_t>>> Store::Impl::who_targets(const std::string &p) {
    std::vector<std::pair<int64_t, int64_t>> out;
    bool dir = p.back() == '/';
    auto q = prepare(dir ? "SELECT id, last_ns FROM paths WHERE path >= ?1 AND path < ?2 "
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

Result<WhoSummary> Store::Impl::who(const WhoQuery &wq) {
    if (wq.path.empty())
        return Error{EINVAL, "who: an empty path"};
    if (batch) {
        if (auto r = flush(); !r)  // our own uncommitted rows count too
            return r.error();
    }
    Filter f;
    auto any = who_filter(wq, f);
    if (!any)
        return any.error();
    Tally tally;
    TopK top(wq.limit);
    if (!any.value() || f.lo > f.hi)
        return who_resolve(tally, {});
    auto tg = who_targets(wq.path);
    if (!tg)
        return tg.error();
    const auto &targets = tg.value();
    std::unordered_set<int64_t> ids;
    for (const auto &t : targets) ids.insert(t.first);

    // A directory without a time filter is summed from dirstats, and only
    // the newest rows are read; anything else scans the matching rows.
    bool dir = wq.path.back() == '/';
    bool from_dirstats = dir && !wq.since_ns && !wq.until_ns;
    if (from_dirstats) {
        auto q = prepare(
            "SELECT ds.op, ds.domain, ds.comm, ds.uid, ds.count, ds.first_ns, ds.last_ns "
            "FROM dirstats ds JOIN paths p ON p.id = ds.dir WHERE p.path = ?1");
        if (!q)
            return q.error();
        Query &s = q.value();
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
    auto count = [&](Query &s, int64_t ts, uint32_t op, int64_t domain) {
        tally.add(op, domain, s.i64(cComm), s.u32(cUid), 1, ts, ts);
    };
    auto keep = [&](Query &s, int64_t ts, uint32_t op, int64_t domain) {
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
            for (Q which : {kTallyPath, kTallyPath2})
                if (auto r = each_match(which, target.first, f, ids, nullptr, count); !r)
                    return r.error();
    for (const auto &[id, last] : targets) {
        if (!top.wants_time(last))
            break;  // targets come newest first: none further can enter
        for (Q which : {kScanPath, kScanPath2})
            if (auto r = each_match(which, id, f, ids, &top, keep); !r)
                return r.error();
    }
    return who_resolve(tally, top.newest_first());
}

Result<WhoSummary> Store::Impl::who_resolve(const Tally &t, std::vector<Hit> hits) {
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
        auto r = name_of(which, id, memo);
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

// ---- Store ------------------------------------------------------------------

namespace {

// mkdir -p with mode 0700 for the directories it creates.
Result<void> make_parent(const std::string &file) {
    size_t slash = file.rfind('/');
    if (slash == std::string::npos || slash == 0)
        return {};
    std::string dir = file.substr(0, slash);
    for (size_t i = 1; i <= dir.size(); ++i) {
        if (i < dir.size() && dir[i] != '/')
            continue;
        std::string part = dir.substr(0, i);
        if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST)
            return Error{errno, "cannot create " + part + ": " + strerror(errno)};
    }
    return {};
}

bool exists(const std::string &path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

// file:PATH?immutable=1, with the characters a URI path cannot hold escaped.
std::string immutable_uri(const std::string &path) {
    std::string uri = "file:";
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            char buf[4];
            snprintf(buf, sizeof(buf), "%%%02X", static_cast<unsigned char>(c));
            uri += buf;
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

// Create the file with mode 0600 when missing, and force 0600 on it.
Result<void> prepare_file(const std::string &path) {
    if (auto r = make_parent(path); !r)
        return r;
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return Error{errno, path + ": " + strerror(errno)};
    int rc = fchmod(fd, 0600);
    int e = errno;
    close(fd);
    if (rc != 0)
        return Error{e, path + ": cannot set mode 0600: " + strerror(e)};
    return {};
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store &&) noexcept = default;
Store &Store::operator=(Store &&) noexcept = default;
Store::~Store() = default;

int Store::schema_version() {
    return kSchemaVersion;
}

Result<Store> Store::open(const std::string &path, bool writable) {
    if (path.empty())
        return Error{EINVAL, "no store path given"};
    if (writable) {
        if (auto r = prepare_file(path); !r)
            return r.error();
    } else {
        struct stat st {};
        if (stat(path.c_str(), &st) != 0)
            return Error{errno, path + ": " + strerror(errno)};
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->writable = writable;
    sqlite3 *raw = nullptr;
    int flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
    std::string name = path;
    if (!writable && !exists(path + "-wal")) {
        // No writer, nothing left in a WAL: read the file as it is.  A plain
        // read-only open would create -wal and -shm files (or fail where it
        // cannot), and the file cannot change under a short-lived reader
        // before a writer's first checkpoint.
        name = immutable_uri(path);
        flags |= SQLITE_OPEN_URI;
    }
    int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
    impl->db.reset(raw);
    if (rc != SQLITE_OK)
        return impl->err(rc);
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
    Impl &s = *impl;

    // The first read of the header tells a database from anything else.
    auto app = s.scalar("PRAGMA application_id");
    if (!app)
        return app.error();
    auto ver = s.scalar("PRAGMA user_version");
    if (!ver)
        return ver.error();
    auto objects = s.scalar("SELECT count(*) FROM sqlite_schema");
    if (!objects)
        return objects.error();
    bool fresh = app.value() == 0 && ver.value() == 0 && objects.value() == 0;
    if (app.value() != kApplicationId && !fresh) {
        char buf[160];
        snprintf(buf, sizeof(buf),
                 ": not a phtrack store (SQLite application_id 0x%08x, phtrack's is 0x%08x)",
                 static_cast<unsigned>(app.value()), static_cast<unsigned>(kApplicationId));
        return Error{EINVAL, path + buf};
    }
    if (ver.value() > kSchemaVersion)
        return Error{EPROTO, path + ": schema version " + std::to_string(ver.value()) +
                                 " is newer than this phtrack supports (" +
                                 std::to_string(kSchemaVersion) + ")"};
    if (!writable) {
        if (ver.value() < kSchemaVersion)
            return Error{EPROTO, path + ": schema version " + std::to_string(ver.value()) +
                                     " is older than this phtrack reads (" +
                                     std::to_string(kSchemaVersion) +
                                     "); phd upgrades it when it opens the store"};
        return Store(std::move(impl));
    }

    {
        auto mode = s.prepare("PRAGMA journal_mode = WAL");
        if (!mode)
            return mode.error();
        auto m = mode.value().next();
        if (!m)
            return m.error();
        if (!m.value() || mode.value().text(0) != "wal")
            return Error{EIO, path + ": cannot switch to WAL journal mode"};
    }
    // A bigger WAL between checkpoints copies each hot page back once for
    // several batches.
    for (const char *sql : {"PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -65536",
                            "PRAGMA wal_autocheckpoint = 65536"})
        if (auto r = s.exec(sql); !r)
            return r.error();

    // Migrations, each in its own transaction; the version is re-read under
    // the write lock in case another process migrated meanwhile.
    for (;;) {
        if (auto r = s.exec("BEGIN IMMEDIATE"); !r)
            return r.error();
        auto v = s.scalar("PRAGMA user_version");
        Result<void> step;
        if (!v) {
            step = v.error();
        } else if (v.value() >= kSchemaVersion) {
            if (auto r = s.exec("COMMIT"); !r)
                return r.error();
            break;
        } else {
            std::string sql = kMigrations[v.value()];
            sql += "PRAGMA user_version = " + std::to_string(v.value() + 1) + ";";
            sql += "PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
            step = s.exec(sql.c_str());
        }
        if (!step) {
            (void)s.exec("ROLLBACK");
            return Error{step.error().code, "migrating: " + step.error().message};
        }
        if (auto r = s.exec("COMMIT"); !r)
            return r.error();
    }
    return Store(std::move(impl));
}

Result<int64_t> Store::instance(const Status &st) {
    return impl_->write([&]() -> Result<int64_t> {
        auto q = impl_->cached(kInstancePut);
        if (!q)
            return q.error();
        Query &s = q.value();
        s.bind(1, time_i64(st.loaded_ns)).bind(2, st.kernel_release).bind(3, st.module_version);
        s.bind(4, int64_t{st.mode}).bind(5, time_i64(now_ns()));
        auto r = s.next();
        if (!r)
            return r.error();
        if (!r.value())
            return Error{EIO, impl_->path + ": instance row not returned"};
        int64_t id = s.i64(0);
        if (auto d = s.run(); !d)
            return d.error();
        return id;
    });
}

Result<void> Store::begin() {
    return impl_->begin();
}
Result<void> Store::commit() {
    return impl_->commit();
}
Result<void> Store::rollback() {
    return impl_->rollback();
}

Result<void> Store::put_domain(int64_t inst, const Domain &d) {
    Impl &s = *impl_;
    return s.write([&]() -> Result<void> {
        std::optional<int64_t> parent;
        if (d.has_parent) {
            auto p = s.kdomain(inst, d.parent_id);
            if (!p)
                return p.error();
            parent = p.value();
        }
        auto q = s.cached(kDomainPut);
        if (!q)
            return q.error();
        Query &u = q.value();
        // The depth is the number of programs after <kernel>; a domain nest
        // that left it out (0) must not flatten the stored one.
        auto spaces = std::count(d.name.begin(), d.name.end(), ' ');
        int64_t depth = std::max<int64_t>(d.depth, spaces);
        u.bind(1, d.name).bind(2, parent).bind(3, depth).bind(4, int64_t{d.flags});
        u.bind(5, time_i64(d.created_ns)).bind(6, d.target);
        auto r = u.next();
        if (!r)
            return r.error();
        if (!r.value())
            return Error{EIO, s.path + ": domain row not returned"};
        int64_t id = u.i64(0);
        if (auto e = u.run(); !e)
            return e;
        auto k = s.cached(kKdomainPut);
        if (!k)
            return k.error();
        if (auto e = k.value().bind(1, inst).bind(2, int64_t{d.id}).bind(3, id).run(); !e)
            return e;
        s.kdomain_ids[{inst, d.id}] = id;
        return {};
    });
}

Result<void> Store::put_acl(int64_t inst, const AclEntry &e) {
    Impl &s = *impl_;
    return s.write([&]() -> Result<void> {
        auto dom = s.kdomain(inst, e.domain_id);
        if (!dom)
            return dom.error();
        if (!dom.value())
            return Error{ENOENT, s.path + ": domain id " + std::to_string(e.domain_id) +
                                     " of instance " + std::to_string(inst) + " is unknown"};
        auto q = s.cached(kAclPut);
        if (!q)
            return q.error();
        Query &a = q.value();
        a.bind(1, *dom.value()).bind(2, int64_t{e.type}).bind(3, int64_t{e.sub});
        for (int i = 0; i < 3; ++i) a.bind(4 + i, as_i64(e.num[i])).bind(7 + i, e.str[i]);
        a.bind(10, int64_t{e.perm}).bind(11, time_i64(now_ns()));
        return a.run();
    });
}

Result<void> Store::put_watch_event(int64_t inst, const WatchEvent &ev) {
    return impl_->write([&] { return impl_->put_event(inst, ev); });
}

Result<void> Store::put_loss(int64_t inst, uint64_t first_seq, uint64_t last_seq,
                             std::string_view reason) {
    Impl &s = *impl_;
    if (last_seq < first_seq)
        return Error{EINVAL, "loss range " + std::to_string(first_seq) + ".." +
                                 std::to_string(last_seq) + " is empty"};
    return s.write([&]() -> Result<void> {
        auto q = s.prepare(
            "INSERT INTO loss (instance, first_seq, last_seq, count, reason, detected_ns) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!q)
            return q.error();
        Query &l = q.value();
        l.bind(1, inst).bind(2, as_i64(first_seq)).bind(3, as_i64(last_seq));
        l.bind(4, as_i64(last_seq - first_seq + 1)).bind(5, reason).bind(6, time_i64(now_ns()));
        return l.run();
    });
}

Result<uint64_t> Store::last_seq(int64_t inst) {
    auto q = impl_->prepare("SELECT last_seq FROM instances WHERE id = ?1");
    if (!q)
        return q.error();
    auto r = q.value().bind(1, inst).next();
    if (!r)
        return r.error();
    if (!r.value())
        return Error{ENOENT, impl_->path + ": no instance " + std::to_string(inst)};
    return as_u64(q.value().i64(0));
}

Result<void> Store::set_last_seq(int64_t inst, uint64_t seq) {
    Impl &s = *impl_;
    return s.write([&]() -> Result<void> {
        auto q = s.prepare("UPDATE instances SET last_seq = ?2 WHERE id = ?1");
        if (!q)
            return q.error();
        if (auto r = q.value().bind(1, inst).bind(2, as_i64(seq)).run(); !r)
            return r;
        if (sqlite3_changes(s.db.get()) == 0)
            return Error{ENOENT, s.path + ": no instance " + std::to_string(inst)};
        return {};
    });
}

Result<void> Store::set_watches(const std::vector<Watch> &ws) {
    Impl &s = *impl_;
    return s.write([&]() -> Result<void> {
        if (auto r = s.exec("DELETE FROM watches"); !r)
            return r;
        auto q = s.prepare("INSERT INTO watches (id, pattern, ops) VALUES (?1, ?2, ?3)");
        if (!q)
            return q.error();
        for (const Watch &w : ws) {
            Query &i = q.value();
            if (auto r = i.bind(1, int64_t{w.id}).bind(2, w.pattern).bind(3, int64_t{w.ops}).run();
                !r)
                return r;
            i.reset();
        }
        return {};
    });
}

Result<std::vector<Watch>> Store::watches() {
    auto q = impl_->prepare("SELECT id, pattern, ops FROM watches ORDER BY id");
    if (!q)
        return q.error();
    std::vector<Watch> out;
    for (;;) {
        auto r = q.value().next();
        if (!r)
            return r.error();
        if (!r.value())
            return out;
        out.push_back(Watch{q.value().u32(0), q.value().text(1), q.value().u32(2)});
    }
}

namespace {

// A read transaction around several statements, unless one is already open.
class ReadTxn {
  public:
    explicit ReadTxn(sqlite3 *db)
        : db_(sqlite3_get_autocommit(db) &&
                      sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK
                  ? db
                  : nullptr) {}
    ~ReadTxn() {
        if (db_)
            sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    }
    ReadTxn(const ReadTxn &) = delete;
    ReadTxn &operator=(const ReadTxn &) = delete;

  private:
    sqlite3 *db_;
};

}  // namespace

Result<Snapshot> Store::snapshot() {
    ReadTxn txn(impl_->db.get());
    Snapshot snap;
    auto dq = impl_->prepare(
        "SELECT d.id, d.name, d.parent, d.flags, d.created_ns, d.depth, d.target, "
        "(SELECT count(*) FROM acl a WHERE a.domain = d.id) FROM domains d ORDER BY d.id");
    if (!dq)
        return dq.error();
    for (Query &q = dq.value();;) {
        auto r = q.next();
        if (!r)
            return r.error();
        if (!r.value())
            break;
        Domain d;
        d.id = q.u32(0);
        d.name = q.text(1);
        d.has_parent = !q.is_null(2);
        d.parent_id = d.has_parent ? q.u32(2) : 0;
        d.flags = q.u32(3);
        d.created_ns = as_u64(q.i64(4));
        d.depth = q.u32(5);
        d.target = q.text(6);
        d.acl_count = q.u32(7);
        snap.domains.push_back(std::move(d));
    }
    auto aq = impl_->prepare(
        "SELECT domain, type, sub, perm, num0, num1, num2, str0, str1, str2 FROM acl ORDER BY id");
    if (!aq)
        return aq.error();
    for (Query &q = aq.value();;) {
        auto r = q.next();
        if (!r)
            return r.error();
        if (!r.value())
            break;
        AclEntry e;
        e.domain_id = q.u32(0);
        e.type = q.u32(1);
        e.sub = q.u32(2);
        e.perm = q.u32(3);
        for (int i = 0; i < 3; ++i) {
            e.num[i] = as_u64(q.i64(4 + i));
            e.str[i] = q.text(7 + i);
        }
        snap.entries.push_back(std::move(e));
    }
    return snap;
}

Result<WhoSummary> Store::who(const WhoQuery &q) {
    ReadTxn txn(impl_->db.get());
    return impl_->who(q);
}

Result<StoreStats> Store::stats() {
    Impl &s = *impl_;
    if (s.batch) {
        if (auto r = s.flush(); !r)
            return r.error();
    }
    ReadTxn txn(s.db.get());
    auto q = s.prepare(
        "SELECT (SELECT count(*) FROM instances), (SELECT coalesce(sum(events), 0) FROM "
        "instances), (SELECT count(*) FROM domains), (SELECT count(*) FROM acl), "
        "(SELECT count(*) FROM loss), (SELECT coalesce(sum(count), 0) FROM loss), "
        "(SELECT count(*) FROM watches)");
    if (!q)
        return q.error();
    auto r = q.value().next();
    if (!r)
        return r.error();
    StoreStats st;
    st.schema_version = kSchemaVersion;
    uint64_t *cols[] = {&st.instances,   &st.audit_events, &st.domains, &st.acl_entries,
                        &st.loss_ranges, &st.lost_events,  &st.watches};
    for (int i = 0; i < static_cast<int>(std::size(cols)); ++i) *cols[i] = as_u64(q.value().i64(i));
    auto n = s.prepare(
        "SELECT last_seq, kernel_release, module_version, loaded_ns, mode FROM instances "
        "ORDER BY loaded_ns DESC, id DESC LIMIT 1");
    if (!n)
        return n.error();
    auto nr = n.value().next();
    if (!nr)
        return nr.error();
    if (nr.value()) {
        Query &i = n.value();
        st.last_seq = as_u64(i.i64(0));
        st.kernel_release = i.text(1);
        st.module_version = i.text(2);
        st.loaded_ns = as_u64(i.i64(3));
        st.mode = i.u32(4);
    }
    return st;
}

Result<std::string> Store::integrity_check() {
    auto q = impl_->prepare("PRAGMA integrity_check");
    if (!q)
        return q.error();
    std::string out;
    for (;;) {
        auto r = q.value().next();
        if (!r)
            return r.error();
        if (!r.value())
            return out;
        if (!out.empty())
            out += "\n";
        out += q.value().text(0);
    }
}

}  // namespace ph
