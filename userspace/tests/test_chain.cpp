// Unit tests for the hash chain over the audit rows and for retention
// (store/chain.cpp, store/retention.cpp): rows edited, deleted or inserted
// with SQLite directly are named; pruning keeps the rest verifiable.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "linux/phtrack.h"
#include "store.hpp"

namespace {

class ChainTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ph-chain-test.XXXXXX";
        const char *d = mkdtemp(tmpl);
        ASSERT_NE(d, nullptr);
        dir_ = d;
        path_ = dir_ + "/ph.db";
        open();
    }
    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    void open() {
        store_.reset();
        auto s = ph::Store::open(path_, true);
        ASSERT_TRUE(s.ok()) << s.error().message;
        store_.emplace(std::move(s.value()));
        ph::Status st;
        st.module_version = "0.1.0";
        st.kernel_release = "6.1.0-test";
        st.loaded_ns = 1;
        auto inst = store_->instance(st);
        ASSERT_TRUE(inst.ok());
        inst_ = inst.value();
    }
    // `n` writes, one second apart from `t0_s`, on three files, in batches
    // of `batch` (rows are chained in key order within a batch).
    void store_rows(int n, uint64_t t0_s = 1, uint64_t seq0 = 1, int batch = 25) {
        ASSERT_TRUE(store_->begin().ok());
        for (int i = 0; i < n; ++i) {
            ph::WatchEvent ev;
            ev.seq = seq0 + static_cast<uint64_t>(i);
            ev.time_ns = (t0_s + static_cast<uint64_t>(i)) * 1000000000ULL;
            ev.pid = ev.tgid = 100 + static_cast<uint32_t>(i);
            ev.uid = i % 2 ? 65534 : 0;
            ev.comm = "sh";
            ev.op = PHTRACK_OP_WRITE;
            ev.path = "/etc/f" + std::to_string(i % 3);
            ASSERT_TRUE(store_->put_watch_event(inst_, ev).ok());
            if (i % batch == batch - 1) {
                ASSERT_TRUE(store_->commit().ok());
                ASSERT_TRUE(store_->begin().ok());
            }
        }
        ASSERT_TRUE(store_->commit().ok());
    }
    void raw(const std::string &sql) {
        sqlite3 *db = nullptr;
        ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
        char *err = nullptr;
        int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
        std::string msg = err ? err : "";
        sqlite3_free(err);
        sqlite3_close(db);
        ASSERT_EQ(rc, SQLITE_OK) << msg;
    }
    // A migrated store: its chain verifies with the same head, and `ph who`
    // of @path gives the answer it gave before.
    void expect_migrated(const ph::ChainHead &head, const std::string &path,
                         const std::string &before) {
        ph::ChainReport r = verify();
        EXPECT_TRUE(r.ok());
        EXPECT_EQ(r.head.pos, head.pos);
        EXPECT_EQ(r.head.hash, head.hash);
        EXPECT_EQ(who_text(path), before);
    }
    // Every field of a who answer, as text, to compare two answers.
    std::string who_text(const std::string &path, std::optional<uint64_t> since_s = {},
                         size_t limit = 50) {
        ph::WhoQuery q;
        q.path = path;
        q.limit = limit;
        if (since_s)
            q.since_ns = *since_s * 1000000000ULL;
        auto w = store_->who(q);
        EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().message);
        if (!w.ok())
            return "";
        const ph::WhoSummary &s = w.value();
        std::string t = std::to_string(s.total) + " " + std::to_string(s.changes) + " " +
                        std::to_string(s.first_ns) + " " + std::to_string(s.last_ns) + "\n";
        for (const ph::WhoGroup &g : s.by)
            t += g.domain + "|" + g.comm + "|" + std::to_string(g.uid) + "|" +
                 std::to_string(g.count) + "|" + std::to_string(g.changes) + "|" +
                 std::to_string(g.last_ns) + "\n";
        for (const ph::WhoRow &r : s.rows)
            t += std::to_string(r.time_ns) + " " + std::to_string(r.seq) + " " + r.path + " " +
                 r.path2 + " " + std::to_string(r.op) + " " + std::to_string(r.pid) + " " +
                 std::to_string(r.uid) + " " + r.comm + "\n";
        return t;
    }
    // Writes with renames (a second object) and a denied one, `n` of them.
    void store_mixed(int n, uint64_t t0_s, uint64_t seq0) {
        ASSERT_TRUE(store_->begin().ok());
        for (int i = 0; i < n; ++i) {
            ph::WatchEvent ev;
            ev.seq = seq0 + static_cast<uint64_t>(i);
            ev.time_ns = (t0_s + static_cast<uint64_t>(i / 2)) * 1000000000ULL;
            ev.pid = ev.tgid = 100 + static_cast<uint32_t>(i % 7);
            ev.uid = i % 3 ? 65534 : 0;
            ev.comm = i % 5 ? "sh" : "sed";
            ev.op = i % 4 == 0   ? PHTRACK_OP_RENAME
                    : i % 4 == 1 ? PHTRACK_OP_READ
                                 : PHTRACK_OP_WRITE;
            ev.path = "/etc/d" + std::to_string(i % 2) + "/f" + std::to_string(i % 5);
            if (ev.op == PHTRACK_OP_RENAME)
                ev.path2 = "/etc/d0/f" + std::to_string((i + 1) % 5);
            ev.result = i % 11 ? 0 : -1;
            ASSERT_TRUE(store_->put_watch_event(inst_, ev).ok());
            if (i % 40 == 39) {
                ASSERT_TRUE(store_->commit().ok());
                ASSERT_TRUE(store_->begin().ok());
            }
        }
        ASSERT_TRUE(store_->commit().ok());
    }
    int64_t raw_int(const std::string &sql) {
        sqlite3 *db = nullptr;
        int64_t v = -1;
        if (sqlite3_open(path_.c_str(), &db) == SQLITE_OK) {
            sqlite3_stmt *st = nullptr;
            if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
                sqlite3_step(st) == SQLITE_ROW)
                v = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
        sqlite3_close(db);
        return v;
    }
    ph::ChainReport verify() {
        auto r = store_->verify();
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? r.value() : ph::ChainReport{};
    }

    std::string dir_, path_;
    std::optional<ph::Store> store_;
    int64_t inst_ = 0;
};

TEST_F(ChainTest, AnUntouchedStoreVerifies) {
    store_rows(100);
    ph::ChainReport r = verify();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.rows, 100u);
    EXPECT_EQ(r.first_pos, 1);
    EXPECT_EQ(r.last_pos, 100);
    EXPECT_EQ(r.head.pos, 100);
    EXPECT_EQ(r.head.hash, r.computed_head);
}

TEST_F(ChainTest, AnEventStoredTwiceTakesOnePosition) {
    store_rows(10);
    store_rows(10);  // the same events again: ignored
    ph::ChainReport r = verify();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.rows, 10u);
    EXPECT_EQ(r.head.pos, 10);
}

TEST_F(ChainTest, AnEditedRowIsNamed) {
    store_rows(100);
    raw("UPDATE audit SET uid = 4242 WHERE chain = 37");
    ph::ChainReport r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kChanged);
    EXPECT_EQ(r.problems[0].pos, 37);
    EXPECT_NE(r.problems[0].row.find("uid 4242"), std::string::npos) << r.problems[0].row;
    EXPECT_EQ(r.problems.size(), 1u);  // the rows after it still follow its stored hash
}

TEST_F(ChainTest, AnEditedPathTextIsNamed) {
    store_rows(9);
    raw("UPDATE paths SET path = '/etc/other' WHERE path = '/etc/f1'");
    ph::ChainReport r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kChanged);
    EXPECT_NE(r.problems[0].row.find("/etc/other"), std::string::npos);
    EXPECT_EQ(r.problems.size(), 3u);  // every row on that path
}

TEST_F(ChainTest, ADeletedRowIsNamed) {
    store_rows(100);
    raw("DELETE FROM audit WHERE chain = 50");
    ph::ChainReport r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kDeleted);
    EXPECT_EQ(r.problems[0].pos, 50);
    EXPECT_EQ(r.problems[0].last_pos, 50);
}

TEST_F(ChainTest, DeletedNewestRowsAreNamed) {
    store_rows(100);
    raw("DELETE FROM audit WHERE chain > 97");
    ph::ChainReport r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kDeleted);
    EXPECT_EQ(r.problems[0].pos, 98);
    EXPECT_EQ(r.problems[0].last_pos, 100);
}

TEST_F(ChainTest, AnInsertedRowIsNamed) {
    store_rows(20);
    raw("INSERT INTO audit (path, ts_ns, instance, seq, path2, op, pid, tgid, ppid, uid, euid, "
        "gid, comm, domain, watch_id, result) SELECT path, ts_ns + 1, instance, 999, path2, op, "
        "pid, tgid, ppid, 0, euid, gid, comm, domain, watch_id, result FROM audit "
        "WHERE chain = 5");
    ph::ChainReport r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kInserted);
    EXPECT_NE(r.problems[0].row.find("seq 999"), std::string::npos) << r.problems[0].row;
}

TEST_F(ChainTest, ARowInsertedWithAForgedPositionIsNamed) {
    store_rows(20);
    raw("INSERT INTO audit (path, ts_ns, instance, seq, op, pid, tgid, ppid, uid, euid, gid, "
        "comm, watch_id, result, chain, hash) SELECT path, ts_ns + 1, instance, 998, op, pid, "
        "tgid, ppid, uid, euid, gid, comm, watch_id, result, 21, hash FROM audit WHERE chain = 20");
    ph::ChainReport r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kChanged);
    EXPECT_EQ(r.problems[0].pos, 21);
}

TEST_F(ChainTest, PruningByAgeRecordsARangeAndStillVerifies) {
    store_rows(100, 1, 1, 1);  // ts 1 .. 100 s, one row per batch: chained in time order
    ph::RetentionPolicy p;
    p.keep_ns = 60ULL * 1000000000ULL;
    uint64_t now = 100ULL * 1000000000ULL;  // keeps ts >= 40 s
    uint64_t pruned = 0;
    for (int i = 0; i < 10; ++i) {
        auto r = store_->prune(p, now, 16);
        ASSERT_TRUE(r.ok()) << r.error().message;
        pruned += r.value().rows;
        if (r.value().rows) {
            EXPECT_EQ(r.value().reason, "age");
        }
        if (!r.value().more)
            break;
    }
    EXPECT_EQ(pruned, 39u);
    ph::ChainReport r = verify();
    EXPECT_TRUE(r.ok()) << (r.problems.empty() ? "" : r.problems[0].detail);
    EXPECT_EQ(r.rows, 61u);
    EXPECT_EQ(r.pruned_rows, 39u);
    EXPECT_EQ(r.first_pos, 40);
    auto st = store_->stats();
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(st.value().pruned_rows, 39u);
    EXPECT_EQ(st.value().audit_events, 61u);  // the retained rows
    // Directory totals (from dirstats) count the retained rows only.
    ph::WhoQuery q;
    q.path = "/etc/";
    auto who = store_->who(q);
    ASSERT_TRUE(who.ok());
    EXPECT_EQ(who.value().total, 61u);
    q.path = "/etc/f0";
    who = store_->who(q);
    ASSERT_TRUE(who.ok());
    EXPECT_EQ(who.value().total, 21u);  // i = 39, 42, ..., 99
    // The anchor of the pruned range is the hash the next row follows.
    auto at = store_->chain_hash_at(39);
    ASSERT_TRUE(at.ok() && at.value().has_value());
    // New rows chain on; an edit after pruning is still found.
    store_rows(10, 200, 1000);
    raw("UPDATE audit SET pid = 1 WHERE chain = 45");
    r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].pos, 45);
}

TEST_F(ChainTest, PruningByAgeStopsAtTheFirstRowToKeepInChainOrder) {
    store_rows(100);  // batches of 25 rows, each chained by path, then time
    ph::RetentionPolicy p;
    p.keep_ns = 60ULL * 1000000000ULL;
    auto r = store_->prune(p, 100ULL * 1000000000ULL, 1000);
    ASSERT_TRUE(r.ok());
    // All of the first batch (ts 1..25) and the rows of the second before
    // its first row to keep; no row newer than the cutoff.
    EXPECT_GE(r.value().rows, 25u);
    EXPECT_LT(r.value().rows, 39u);
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt *q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM audit WHERE ts_ns >= 40000000000", -1,
                                 &q, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(q, 0), 61);
    sqlite3_finalize(q);
    sqlite3_close(db);
    EXPECT_TRUE(verify().ok());
}

TEST_F(ChainTest, PruningBySizeBoundsThePagesInUse) {
    store_rows(2000);
    auto before = store_->used_bytes();
    ASSERT_TRUE(before.ok());
    ph::RetentionPolicy p;
    p.max_bytes = before.value() / 2;
    for (int i = 0; i < 200; ++i) {
        auto r = store_->prune(p, 0, 100);
        ASSERT_TRUE(r.ok()) << r.error().message;
        if (r.value().rows == 0)
            break;
        EXPECT_EQ(r.value().reason, "size");
    }
    auto after = store_->used_bytes();
    ASSERT_TRUE(after.ok());
    EXPECT_LE(after.value(), p.max_bytes);
    ph::ChainReport r = verify();
    EXPECT_TRUE(r.ok());
    EXPECT_GT(r.pruned_rows, 0u);
    EXPECT_EQ(r.rows + r.pruned_rows, 2000u);
}

TEST_F(ChainTest, DeletingPrunedRecordsIsFound) {
    store_rows(50);
    ph::RetentionPolicy p;
    p.keep_ns = 10ULL * 1000000000ULL;
    ASSERT_TRUE(store_->prune(p, 50ULL * 1000000000ULL, 10).ok());
    ASSERT_TRUE(store_->prune(p, 50ULL * 1000000000ULL, 10).ok());
    raw("DELETE FROM pruned WHERE first_pos = 1");
    ph::ChainReport r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kPrunedRange);
}

// Back to schema 7: the audit_seq index, no instances.stored_seq (step 8
// replaces the one with the other).
#define PH_TO_SCHEMA7                                   \
    "CREATE INDEX audit_seq ON audit (instance, seq); " \
    "ALTER TABLE instances DROP COLUMN stored_seq; "
const char *const kToSchema7 = PH_TO_SCHEMA7 "PRAGMA user_version = 7;";

// Back to schema 5: the audit table clustered by (path, ts_ns, instance,
// seq), no partitions (step 6).
const char *const kToSchema5 = PH_TO_SCHEMA7
    "CREATE TABLE audit5 (path INTEGER NOT NULL REFERENCES paths (id), ts_ns INTEGER NOT NULL, "
    "instance INTEGER NOT NULL REFERENCES instances (id), seq INTEGER NOT NULL, "
    "path2 INTEGER REFERENCES paths (id), op INTEGER NOT NULL, pid INTEGER NOT NULL, "
    "tgid INTEGER NOT NULL, ppid INTEGER NOT NULL, uid INTEGER NOT NULL, euid INTEGER NOT NULL, "
    "gid INTEGER NOT NULL, comm INTEGER NOT NULL REFERENCES comms (id), "
    "domain INTEGER REFERENCES domains (id), watch_id INTEGER NOT NULL, result INTEGER NOT NULL, "
    "chain INTEGER, hash BLOB, kind INTEGER NOT NULL DEFAULT 0, entry TEXT, "
    "PRIMARY KEY (path, ts_ns, instance, seq)) WITHOUT ROWID; "
    "INSERT INTO audit5 SELECT path, ts_ns, instance, seq, path2, op, pid, tgid, ppid, uid, euid, "
    "gid, comm, domain, watch_id, result, chain, hash, kind, entry FROM audit; "
    "DROP TABLE audit; DROP TABLE parts; ALTER TABLE audit5 RENAME TO audit; "
    "CREATE INDEX audit_path2 ON audit (path2, ts_ns) WHERE path2 IS NOT NULL; "
    "CREATE UNIQUE INDEX audit_chain ON audit (chain); "
    "CREATE INDEX audit_violations ON audit (ts_ns) WHERE kind != 0; "
    "PRAGMA user_version = 5;";

TEST_F(ChainTest, AStep5StoreMigratesToAppendOrderAndAnswersTheSame) {
    store_mixed(500, 1000, 1);
    const std::string queries[][2] = {{"/etc/d0/f1", ""},   {"/etc/d0/f2", ""},
                                      {"/etc/d1/", ""},     {"/etc/", ""},
                                      {"/etc/d0/", "1100"}, {"/etc/d1/f3", "1050"}};
    auto answers = [&] {
        std::vector<std::string> out;
        for (const auto &q : queries)
            out.push_back(who_text(
                q[0], q[1].empty() ? std::nullopt : std::optional<uint64_t>(std::stoull(q[1])),
                q[1].empty() ? 50 : 0));
        return out;
    };
    std::vector<std::string> before = answers();
    ph::ChainHead head = verify().head;
    store_.reset();
    raw(kToSchema5);
    ASSERT_EQ(raw_int("PRAGMA user_version"), 5);
    open();  // migrates
    EXPECT_EQ(raw_int("PRAGMA user_version"), ph::Store::schema_version());
    EXPECT_EQ(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'audit' AND "
                      "sql LIKE '%WITHOUT ROWID%'"),
              0);
    EXPECT_EQ(raw_int("SELECT count(*) FROM audit"), 500);
    ph::ChainReport r = verify();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.rows, 500u);
    EXPECT_EQ(r.head.pos, head.pos);
    EXPECT_EQ(r.head.hash, head.hash);
    EXPECT_EQ(answers(), before);
    EXPECT_EQ(who_text("/etc/d0/f1").substr(0, 3), "75 ");  // 50 + 25 renames onto it
    // New rows follow the migrated ones in the chain; an event stored again
    // is still one row.
    store_mixed(100, 2000, 501);
    store_mixed(100, 2000, 501);
    r = verify();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.rows, 600u);
    EXPECT_EQ(r.head.pos, 600);
}

TEST_F(ChainTest, WhoReadsEveryPartition) {
    // Positions from 65,501 on: the first 35 rows go to partition 0, the
    // rest to partition 1 (a raw head, so this store does not verify; who
    // does not need it to).
    store_.reset();
    raw("UPDATE chain SET head_pos = 65500 WHERE id = 1");
    open();
    store_mixed(200, 1000, 1);
    EXPECT_EQ(raw_int("SELECT count(*) FROM audit WHERE part = 0"), 35);
    EXPECT_EQ(raw_int("SELECT count(*) FROM audit WHERE part = 1"), 165);
    EXPECT_EQ(raw_int("SELECT count(*) FROM parts"), 2);
    // A time filter scans every path of the directory in every partition.
    std::string all = who_text("/etc/", 1000, 0);
    EXPECT_EQ(all.substr(0, 4), "200 ");
    EXPECT_EQ(
        std::count(all.begin(), all.end(), '\n') - std::count(all.begin(), all.end(), '|') / 5,
        1 + 200);
    // f1 of d0: 20 rows as the first object, 10 renames onto it.
    EXPECT_EQ(who_text("/etc/d0/f1").substr(0, 3), "30 ");
    EXPECT_EQ(who_text("/etc/d1/f3", 1090, 0).substr(0, 2), "2 ");
    std::string newest = who_text("/etc/d1/f3", std::nullopt, 1);
    EXPECT_NE(newest.find("\n1096000000000 194 /etc/d1/f3"), std::string::npos) << newest;
}

TEST_F(ChainTest, TheMigrationChainsRowsStoredBefore) {
    store_rows(30);
    store_.reset();
    // Back to schema 1: no chain (and no loss kinds, step 3, no marks, step
    // 4, no violation columns, step 5, no partitions, step 6).
    raw(kToSchema5);
    raw("DROP TABLE acl_seen; DROP TABLE marks; "
        "DROP INDEX audit_violations; ALTER TABLE audit DROP COLUMN kind; "
        "ALTER TABLE audit DROP COLUMN entry; "
        "DROP INDEX audit_chain; ALTER TABLE audit DROP COLUMN chain; "
        "ALTER TABLE audit DROP COLUMN hash; DROP TABLE chain; DROP TABLE pruned; "
        "ALTER TABLE loss DROP COLUMN kind; ALTER TABLE instances DROP COLUMN audit_seq; "
        "PRAGMA user_version = 1");
    open();
    ph::ChainReport r = verify();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.rows, 30u);
    store_rows(5, 100, 100);
    r = verify();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.rows, 35u);
    // Reopening does not chain a row inserted by hand meanwhile.
    store_.reset();
    raw("INSERT INTO audit (path, ts_ns, instance, seq, op, pid, tgid, ppid, uid, euid, gid, "
        "comm, watch_id, result) SELECT path, 7, instance, 7, op, pid, tgid, ppid, uid, euid, "
        "gid, comm, watch_id, result FROM audit WHERE chain = 1");
    open();
    r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kInserted);
}

// Back to schema 6: the UNIQUE indexes audit_event and audit_chain (step 7
// replaces them).
const char *const kToSchema6 = PH_TO_SCHEMA7
    "DROP INDEX audit_seq; DROP INDEX audit_chain; "
    "CREATE UNIQUE INDEX audit_chain ON audit (chain); "
    "CREATE UNIQUE INDEX audit_event ON audit (instance, seq, path, ts_ns); "
    "PRAGMA user_version = 6;";

TEST_F(ChainTest, AStep6StoreMigratesWithoutUniqueIndexesAndStaysValid) {
    store_mixed(300, 1000, 1);
    std::string before = who_text("/etc/d0/f1");
    ph::ChainHead head = verify().head;
    store_.reset();
    raw(kToSchema6);
    open();  // migrates
    EXPECT_EQ(raw_int("PRAGMA user_version"), ph::Store::schema_version());
    EXPECT_EQ(raw_int("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
                      "tbl_name = 'audit' AND sql LIKE '%UNIQUE%'"),
              0);
    EXPECT_EQ(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'audit_seq'"), 0);
    EXPECT_EQ(raw_int("SELECT count(*) FROM audit"), 300);
    expect_migrated(head, "/etc/d0/f1", before);
    // Events stored again, before and inside one batch, stay one row each.
    store_mixed(300, 1000, 1);
    store_mixed(50, 2000, 301);
    ASSERT_TRUE(store_->begin().ok());
    for (int k = 0; k < 2; ++k) {
        ph::WatchEvent ev;
        ev.seq = 400;
        ev.time_ns = 3000ULL * 1000000000ULL;
        ev.comm = "sh";
        ev.op = PHTRACK_OP_WRITE;
        ev.path = "/etc/d1/f1";
        ASSERT_TRUE(store_->put_watch_event(inst_, ev).ok());
    }
    ASSERT_TRUE(store_->commit().ok());
    EXPECT_EQ(raw_int("SELECT count(*) FROM audit"), 351);
    ph::ChainReport r = verify();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.head.pos, 351);
}

TEST_F(ChainTest, AStep7StoreMigratesWithoutTheSeqIndexAndStaysValid) {
    store_mixed(300, 1000, 1);
    std::string before = who_text("/etc/d0/f1");
    ph::ChainHead head = verify().head;
    store_.reset();
    raw(kToSchema7);
    ASSERT_EQ(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'audit_seq'"), 1);
    open();  // migrates
    EXPECT_EQ(raw_int("PRAGMA user_version"), ph::Store::schema_version());
    EXPECT_EQ(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'audit_seq'"), 0);
    EXPECT_EQ(raw_int("SELECT stored_seq FROM instances WHERE id = " + std::to_string(inst_)),
              raw_int("SELECT max(seq) FROM audit"));
    EXPECT_EQ(raw_int("SELECT count(*) FROM audit"), 300);
    expect_migrated(head, "/etc/d0/f1", before);
    // Events stored before the migration, stored again, and new ones after
    // them: only the new ones are added.
    store_mixed(300, 1000, 1);
    store_mixed(50, 2000, 301);
    store_mixed(50, 2000, 301);
    EXPECT_EQ(raw_int("SELECT count(*) FROM audit"), 350);
    EXPECT_EQ(raw_int("SELECT stored_seq FROM instances WHERE id = " + std::to_string(inst_)),
              raw_int("SELECT max(seq) FROM audit"));
    ph::ChainReport r = verify();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.head.pos, 350);
}

TEST_F(ChainTest, AnEventStoredAgainPastTheWritersBufferIsStillOneRow) {
    // More rows than the writer buffers in one transaction: the copies in
    // its second part are found among the first part's rows, not flushed
    // to instances.stored_seq yet.
    ASSERT_TRUE(store_->begin().ok());
    for (int k = 0; k < 2; ++k)
        for (uint64_t i = 1; i <= 70000; ++i) {
            ph::WatchEvent ev;
            ev.seq = i;
            ev.time_ns = (1000 + i) * 1000000ULL;
            ev.comm = "sh";
            ev.op = PHTRACK_OP_READ;
            ev.path = "/etc/d" + std::to_string(i % 7) + "/f" + std::to_string(i % 5);
            ASSERT_TRUE(store_->put_watch_event(inst_, ev).ok());
        }
    ASSERT_TRUE(store_->commit().ok());
    EXPECT_EQ(raw_int("SELECT count(*) FROM audit"), 70000);
    EXPECT_EQ(raw_int("SELECT stored_seq FROM instances WHERE id = " + std::to_string(inst_)),
              70000);
}

TEST_F(ChainTest, AnEditedPartsTableOrPartitionIsNamed) {
    store_rows(40, 100);
    ASSERT_TRUE(verify().ok());
    // A narrower time range would make `who --since` skip the partition.
    raw("UPDATE parts SET first_ns = first_ns + 5000000000 WHERE part = 0");
    ph::ChainReport r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kParts);
    EXPECT_EQ(r.problems[0].pos, 1);
    EXPECT_NE(r.problems[0].detail.find("partition 0"), std::string::npos) << r.problems[0].detail;
    raw("DELETE FROM parts");
    r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kParts);
    EXPECT_NE(r.problems[0].detail.find("no row in the parts table"), std::string::npos);
    // A wider range (as pruning leaves) is fine.
    raw("INSERT INTO parts (part, first_ns, last_ns) VALUES (0, 0, 9000000000000)");
    EXPECT_TRUE(verify().ok());
    // A row moved to another partition.
    raw("UPDATE audit SET part = 7 WHERE chain = 3");
    r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problems[0].kind, ph::ChainProblem::kParts);
    EXPECT_EQ(r.problems[0].pos, 3);
}

}  // namespace
