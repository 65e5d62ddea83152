// phstore's schema and its migrations.  The schema and the reasons behind it
// are in docs/store.md; keep the two in step.
#include "schema.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>

#include "chain.hpp"

namespace ph::store {

namespace {

constexpr int32_t kApplicationId = 0x50485452;  // "PHTR"

// Ordered migration steps: step i takes the schema from version i to i + 1,
// in its own transaction: its SQL, then its C++ part, if any.  Never edit a
// released step; append a new one.
struct Migration {
    const char *sql;
    Result<void> (*after)(sql::Db &db);
};

// Step "chain": rows stored before the chain existed are chained in key
// order, once, here (later an unchained row is one inserted by hand).
Result<void> chain_existing_rows(sql::Db &db) {
    auto n = chain_unchained(db);
    if (!n)
        return n.error();
    return {};
}

constexpr Migration kMigrations[] = {
    // 1: the first schema.
    {R"sql(
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
     nullptr},
    // 2 (chain): the hash chain over the audit rows and the record of pruned
    // ranges (docs/store.md, "Hash chain" and "Retention").
    {R"sql(
ALTER TABLE audit ADD COLUMN chain INTEGER;
ALTER TABLE audit ADD COLUMN hash BLOB;
CREATE UNIQUE INDEX audit_chain ON audit (chain);
CREATE TABLE chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    head_pos INTEGER NOT NULL,
    head_hash BLOB NOT NULL
);
INSERT INTO chain (id, head_pos, head_hash) VALUES (1, 0, zeroblob(32));
CREATE TABLE pruned (
    id INTEGER PRIMARY KEY,
    first_pos INTEGER NOT NULL,
    last_pos INTEGER NOT NULL,
    count INTEGER NOT NULL,
    first_ns INTEGER NOT NULL,
    last_ns INTEGER NOT NULL,
    reason TEXT NOT NULL,
    anchor BLOB NOT NULL,
    pruned_ns INTEGER NOT NULL
);
)sql",
     chain_existing_rows},
    // 3: loss by kind ('learning': learned-entry and exec events, restored by
    // a resync; 'audit': audit events gone for good; 'events': rows of schema
    // 1, both kinds in one sequence), and the last audit event each instance
    // stored, the point phd acknowledges to the module.
    {R"sql(
ALTER TABLE loss ADD COLUMN kind TEXT NOT NULL DEFAULT 'events';
ALTER TABLE instances ADD COLUMN audit_seq INTEGER NOT NULL DEFAULT 0;
)sql",
     nullptr},
    // 4 (marks): named points in time (`ph mark`), each the start of a mark
    // epoch of one module instance, and for each learned entry the epochs
    // it was reported in, with the bits used, so that a profile can be cut
    // to the accesses between two marks (docs/store.md, "Marks").
    {R"sql(
CREATE TABLE marks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    instance INTEGER NOT NULL REFERENCES instances (id),
    epoch INTEGER NOT NULL,
    time_ns INTEGER NOT NULL
);
CREATE TABLE acl_seen (
    acl INTEGER NOT NULL REFERENCES acl (id),
    instance INTEGER NOT NULL REFERENCES instances (id),
    epoch INTEGER NOT NULL,
    perm INTEGER NOT NULL,
    time_ns INTEGER NOT NULL,
    PRIMARY KEY (acl, instance, epoch)
) WITHOUT ROWID;
CREATE INDEX acl_seen_time ON acl_seen (time_ns);
)sql",
     nullptr},
    // 5 (violations): audit rows of
    // violations (kind 1: an access outside a permissive or enforcing
    // domain's list, entry the missing entry in TOMOYO notation; kind 2: a
    // request refused to a non-manager).  Watch rows are kind 0.
    {R"sql(
ALTER TABLE audit ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN entry TEXT;
CREATE INDEX audit_violations ON audit (ts_ns) WHERE kind != 0;
)sql",
     nullptr},
    // 6 (append): the audit rows in insertion (chain) order in a rowid
    // table, so that a batch appends instead of dirtying a leaf per path;
    // `part` (chain position / 65536) leads the narrow covering indexes
    // `who` reads, so a batch's index entries land in one small partition
    // of them; `parts` holds each partition's time range; the same event
    // stored twice stays one row through audit_event (docs/store.md,
    // "audit").  Every row, chained or not, is copied, chained ones in chain
    // order (unchained ones, inserted by hand, first); hashes cover no
    // physical detail, so the chain stays valid.
    {R"sql(
CREATE TABLE audit_append (
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
    chain INTEGER,
    hash BLOB,
    kind INTEGER NOT NULL DEFAULT 0,
    entry TEXT,
    part INTEGER
);
INSERT INTO audit_append (path, ts_ns, instance, seq, path2, op, pid, tgid, ppid, uid, euid, gid,
    comm, domain, watch_id, result, chain, hash, kind, entry, part)
SELECT path, ts_ns, instance, seq, path2, op, pid, tgid, ppid, uid, euid, gid, comm, domain,
    watch_id, result, chain, hash, kind, entry, chain >> 16
FROM audit ORDER BY chain;
DROP TABLE audit;
ALTER TABLE audit_append RENAME TO audit;
CREATE UNIQUE INDEX audit_chain ON audit (chain);
CREATE UNIQUE INDEX audit_event ON audit (instance, seq, path, ts_ns);
CREATE INDEX audit_who ON audit (part, path, ts_ns, op, domain, comm, uid);
CREATE INDEX audit_who2 ON audit (part, path2, ts_ns, op, domain, comm, uid, path)
    WHERE path2 IS NOT NULL;
CREATE INDEX audit_violations ON audit (ts_ns) WHERE kind != 0;
CREATE TABLE parts (
    part INTEGER PRIMARY KEY,
    first_ns INTEGER NOT NULL,
    last_ns INTEGER NOT NULL
);
INSERT INTO parts (part, first_ns, last_ns)
SELECT part, min(ts_ns), max(ts_ns) FROM audit WHERE part IS NOT NULL GROUP BY part;
)sql",
     nullptr},
    // 7 (narrow): no UNIQUE index on the audit table.  A UNIQUE index costs
    // its insert a second B-tree descent (the conflict probe) per row; the
    // writer now finds an event stored twice itself, through audit_seq and
    // each instance's newest stored sequence number (only a row at or below
    // it can be a copy).  audit_chain stays, not UNIQUE: ph verify reports
    // a second row at a position as changed.  Rows, hashes and the chain
    // are untouched (docs/store.md, "audit").
    {R"sql(
DROP INDEX audit_event;
DROP INDEX audit_chain;
CREATE INDEX audit_chain ON audit (chain);
CREATE INDEX audit_seq ON audit (instance, seq);
)sql",
     nullptr},
    // 8 (seqless): no audit_seq index.  Rows go in in (path, time) order, so
    // its (instance, seq) entries went into the middle of the index, about
    // 0.85 s of CPU per million rows, the dearest of the table's indexes.
    // Each instance's newest stored sequence number is now a column,
    // `stored_seq` (NULL: none stored), which the writer raises as it
    // stores; a row at or below it is looked up through audit_who (its
    // path and time in the partitions whose time range holds it).  Rows,
    // hashes and the chain are untouched (docs/store.md, "audit").
    {R"sql(
ALTER TABLE instances ADD COLUMN stored_seq INTEGER;
UPDATE instances SET stored_seq = (SELECT max(seq) FROM audit WHERE audit.instance = instances.id);
DROP INDEX audit_seq;
)sql",
     nullptr},
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

}  // namespace

int schema_version() {
    return kSchemaVersion;
}

Result<void> check_schema(sql::Db &db, bool writable) {
    const std::string &path = db.path();
    // The first read of the header tells a database from anything else.
    auto app = db.scalar("PRAGMA application_id");
    if (!app)
        return app.error();
    auto ver = db.scalar("PRAGMA user_version");
    if (!ver)
        return ver.error();
    auto objects = db.scalar("SELECT count(*) FROM sqlite_schema");
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
    if (!writable && ver.value() < kSchemaVersion)
        return Error{EPROTO, path + ": schema version " + std::to_string(ver.value()) +
                                 " is older than this phtrack reads (" +
                                 std::to_string(kSchemaVersion) +
                                 "); phd upgrades it when it opens the store"};
    return {};
}

Result<void> migrate(sql::Db &db) {
    // 8 KiB pages for a new store (before WAL mode; a no-op on one with
    // tables): about 5% less CPU a row than 4 KiB, in fewer, shallower
    // B-tree pages (docs/store.md, "Write path").
    if (auto r = db.exec("PRAGMA page_size = 8192"); !r)
        return r;
    {
        auto mode = db.prepare("PRAGMA journal_mode = WAL");
        if (!mode)
            return mode.error();
        auto m = mode.value().next();
        if (!m)
            return m.error();
        if (!m.value() || mode.value().text(0) != "wal")
            return Error{EIO, db.path() + ": cannot switch to WAL journal mode"};
    }
    // A bigger WAL between checkpoints copies each hot page back once for
    // several batches.  synchronous=FULL: every commit reaches the disk
    // before it returns, so what phd acknowledges to the module is durable
    // (docs/store.md, "Durability").
    for (const char *sql : {"PRAGMA synchronous = FULL", "PRAGMA cache_size = -65536"})
        if (auto r = db.exec(sql); !r)
            return r;
    // The checkpoint interval is in pages: 256 MiB of them, whatever the
    // page size.
    auto page = db.scalar("PRAGMA page_size", 4096);
    if (!page)
        return page.error();
    std::string ckpt = "PRAGMA wal_autocheckpoint = " +
                       std::to_string((int64_t{256} << 20) / std::max<int64_t>(page.value(), 512));
    if (auto r = db.exec(ckpt.c_str()); !r)
        return r;

    // Migrations, each in its own transaction; the version is re-read under
    // the write lock in case another process migrated meanwhile.
    for (;;) {
        if (auto r = db.exec("BEGIN IMMEDIATE"); !r)
            return r;
        auto v = db.scalar("PRAGMA user_version");
        Result<void> step;
        if (!v) {
            step = v.error();
        } else if (v.value() >= kSchemaVersion) {
            return db.exec("COMMIT");
        } else {
            const Migration &m = kMigrations[v.value()];
            std::string sql = m.sql;
            sql += "PRAGMA user_version = " + std::to_string(v.value() + 1) + ";";
            sql += "PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
            step = db.exec(sql.c_str());
            if (step && m.after)
                step = m.after(db);
        }
        if (!step) {
            (void)db.exec("ROLLBACK");
            return Error{step.error().code, "migrating: " + step.error().message};
        }
        if (auto r = db.exec("COMMIT"); !r)
            return r;
    }
}

}  // namespace ph::store
