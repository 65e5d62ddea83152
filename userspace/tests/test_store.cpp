// Unit tests for the SQLite store (userspace/store) and the who query.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "linux/phtrack.h"
#include "store.hpp"
#include "util.hpp"

namespace {

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
  public:
    TempDir() {
        char tmpl[] = "/tmp/ph-store-test.XXXXXX";
        const char *d = mkdtemp(tmpl);
        EXPECT_NE(d, nullptr);
        path_ = d ? d : "/tmp";
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    std::string file(const std::string &name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

mode_t mode_of(const std::string &path) {
    struct stat st {};
    EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
}

bool exists(const std::string &path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

// Run SQL on a file directly with SQLite (for foreign and tampered files).
void raw_sql(const std::string &path, const std::string &sql) {
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char *err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << msg;
}

int64_t raw_int(const std::string &path, const std::string &sql) {
    sqlite3 *db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt *s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK);
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

ph::Store open_rw(const std::string &path) {
    auto s = ph::Store::open(path, true);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return std::move(s.value());
}

ph::Status status(uint64_t loaded_ns, std::string release = "6.1.0-test") {
    ph::Status st;
    st.module_version = "0.1.0";
    st.kernel_release = std::move(release);
    st.loaded_ns = loaded_ns;
    st.mode = PHTRACK_MODE_LEARNING;
    return st;
}

ph::Domain domain(uint32_t id, std::string name, std::optional<uint32_t> parent = std::nullopt,
                  uint32_t flags = 0) {
    ph::Domain d;
    d.id = id;
    d.name = std::move(name);
    d.has_parent = parent.has_value();
    d.parent_id = parent.value_or(0);
    d.flags = flags;
    d.depth = static_cast<uint32_t>(std::count(d.name.begin(), d.name.end(), ' '));
    d.created_ns = 1000 + id;
    return d;
}

ph::AclEntry read_entry(uint32_t dom, std::string path, uint32_t perm) {
    ph::AclEntry e;
    e.domain_id = dom;
    e.type = PHTRACK_ACLT_PATH;
    e.perm = perm;
    e.str[0] = std::move(path);
    return e;
}

template <class T>
T ok(ph::Result<T> r) {
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return std::move(r.value());
}

void ok(const ph::Result<void> &r) {
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
}

std::string error_of(const ph::Result<ph::Store> &r) {
    EXPECT_FALSE(r.ok());
    return r.ok() ? "" : r.error().message;
}

TEST(Store, CreatesTheSchemaWithPrivateModes) {
    TempDir t;
    std::string path = t.file("sub/dir/ph.db");
    {
        auto s = open_rw(path);
        EXPECT_EQ(ok(s.stats()).schema_version, ph::Store::schema_version());
    }
    EXPECT_EQ(mode_of(path), 0600u);
    EXPECT_EQ(mode_of(t.file("sub/dir")), 0700u);
    EXPECT_EQ(mode_of(t.file("sub")), 0700u);
    EXPECT_EQ(raw_int(path, "PRAGMA user_version"), ph::Store::schema_version());
    EXPECT_EQ(raw_int(path, "PRAGMA application_id"), 0x50485452);
    EXPECT_EQ(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit'"), 1);
}

TEST(Store, ForcesMode0600OnAnExistingFileAndMigratesAnEmptyOne) {
    TempDir t;
    std::string path = t.file("ph.db");
    { std::ofstream(path).flush(); }
    chmod(path.c_str(), 0644);
    auto ro = ph::Store::open(path, false);
    EXPECT_NE(error_of(ro).find("schema version 0 is older"), std::string::npos);
    {
        auto s = open_rw(path);
        EXPECT_EQ(ok(s.stats()).schema_version, ph::Store::schema_version());
    }
    EXPECT_EQ(mode_of(path), 0600u);
    EXPECT_EQ(raw_int(path, "PRAGMA user_version"), ph::Store::schema_version());
}

// phd gives a module instance the stored watches only until a resync of
// it is stored: a first start that failed before that must not count.
TEST(Store, AnInstanceIsResyncedOnceItHasDomains) {
    TempDir t;
    auto s = open_rw(t.file("ph.db"));
    int64_t inst = ok(s.instance(status(1)));
    EXPECT_FALSE(ok(s.instance_resynced(inst)));
    ok(s.put_domain(inst, domain(0, "<kernel>")));
    EXPECT_TRUE(ok(s.instance_resynced(inst)));
    int64_t other = ok(s.instance(status(2)));
    EXPECT_FALSE(ok(s.instance_resynced(other)));
}

TEST(Store, ReopensWhatItWrote) {
    TempDir t;
    std::string path = t.file("ph.db");
    {
        auto s = open_rw(path);
        int64_t inst = ok(s.instance(status(1)));
        ok(s.put_domain(inst, domain(0, "<kernel>")));
        ok(s.set_last_seq(inst, 42));
    }
    for (bool writable : {true, false}) {
        auto s = ph::Store::open(path, writable);
        ASSERT_TRUE(s.ok()) << s.error().message;
        auto st = ok(s.value().stats());
        EXPECT_EQ(st.instances, 1u);
        EXPECT_EQ(st.domains, 1u);
        EXPECT_EQ(st.last_seq, 42u);
        EXPECT_EQ(st.kernel_release, "6.1.0-test");
        EXPECT_EQ(st.module_version, "0.1.0");
        EXPECT_EQ(st.loaded_ns, 1u);
        EXPECT_EQ(st.mode, static_cast<uint32_t>(PHTRACK_MODE_LEARNING));
    }
}

TEST(Store, RefusesAForeignDatabase) {
    TempDir t;
    std::string path = t.file("other.db");
    raw_sql(path, "CREATE TABLE t (x); PRAGMA application_id = 1234;");
    for (bool writable : {true, false}) {
        std::string msg = error_of(ph::Store::open(path, writable));
        EXPECT_NE(msg.find("not a phtrack store"), std::string::npos) << msg;
        EXPECT_EQ(msg.rfind(path, 0), 0u) << msg;
    }
    // Without an application_id, tables still make it someone else's.
    std::string plain = t.file("plain.db");
    raw_sql(plain, "CREATE TABLE t (x);");
    EXPECT_NE(error_of(ph::Store::open(plain, true)).find("not a phtrack store"),
              std::string::npos);
    EXPECT_EQ(raw_int(plain, "PRAGMA user_version"), 0);
}

TEST(Store, RefusesAFileThatIsNotADatabase) {
    TempDir t;
    std::string path = t.file("garbage.db");
    {
        std::ofstream f(path);
        for (int i = 0; i < 200; ++i) f << "this is not a database, just text\n";
    }
    for (bool writable : {true, false}) {
        std::string msg = error_of(ph::Store::open(path, writable));
        EXPECT_EQ(msg, path + ": file is not a database");
    }
}

TEST(Store, RefusesANewerSchema) {
    TempDir t;
    std::string path = t.file("ph.db");
    { open_rw(path); }
    raw_sql(path, "PRAGMA user_version = 99;");
    for (bool writable : {true, false}) {
        std::string msg = error_of(ph::Store::open(path, writable));
        EXPECT_EQ(msg, path + ": schema version 99 is newer than this phtrack supports (" +
                           std::to_string(ph::Store::schema_version()) + ")");
    }
}

TEST(Store, ReadOnlyOpenNeverCreatesAFile) {
    TempDir t;
    std::string path = t.file("missing/ph.db");
    auto s = ph::Store::open(path, false);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ENOENT);
    EXPECT_FALSE(exists(path));
    EXPECT_FALSE(exists(t.file("missing")));
}

TEST(Store, ReadOnlyOpenLeavesNoFilesBehind) {
    TempDir t;
    std::string path = t.file("we?ird#na%me.db");
    {
        auto s = open_rw(path);
        ok(s.instance(status(1)));
    }
    ASSERT_FALSE(exists(path + "-wal"));
    {
        auto s = ph::Store::open(path, false);
        ASSERT_TRUE(s.ok()) << s.error().message;
        EXPECT_EQ(ok(s.value().stats()).instances, 1u);
    }
    EXPECT_FALSE(exists(path + "-wal"));
    EXPECT_FALSE(exists(path + "-shm"));
}

TEST(Store, ReadersSeeCommittedBatchesOfARunningWriter) {
    TempDir t;
    std::string path = t.file("ph.db");
    auto w = open_rw(path);
    int64_t inst = ok(w.instance(status(1)));
    ok(w.put_domain(inst, domain(0, "<kernel>")));
    ok(w.begin());
    ok(w.put_domain(inst, domain(1, "<kernel> /sbin/init", 0)));
    auto r = ph::Store::open(path, false);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(ok(r.value().stats()).domains, 1u);  // the batch is not committed
    ok(w.commit());
    EXPECT_EQ(ok(r.value().stats()).domains, 2u);
}

TEST(Store, WritesToAReadOnlyStoreFailCleanly) {
    TempDir t;
    std::string path = t.file("ph.db");
    { open_rw(path); }
    auto s = ph::Store::open(path, false);
    ASSERT_TRUE(s.ok());
    auto inst = s.value().instance(status(1));
    ASSERT_FALSE(inst.ok());
    EXPECT_EQ(inst.error().code, EROFS);
    EXPECT_FALSE(s.value().put_domain(1, domain(0, "<kernel>")).ok());
    EXPECT_FALSE(s.value().begin().ok());
    EXPECT_FALSE(s.value().set_watches({}).ok());
    // Reads still work.
    EXPECT_EQ(ok(s.value().stats()).instances, 0u);
    EXPECT_EQ(ok(s.value().integrity_check()), "ok");
}

TEST(Store, InstancesAreFoundByLoadTimeAndRelease) {
    TempDir t;
    auto s = open_rw(t.file("ph.db"));
    int64_t a = ok(s.instance(status(100)));
    EXPECT_EQ(ok(s.instance(status(100))), a);
    EXPECT_NE(ok(s.instance(status(200))), a);
    EXPECT_NE(ok(s.instance(status(100, "6.12.0"))), a);
    EXPECT_EQ(ok(s.stats()).instances, 3u);
}

TEST(Store, DomainsAndEntriesMerge) {
    TempDir t;
    auto s = open_rw(t.file("ph.db"));
    int64_t inst = ok(s.instance(status(1)));
    ok(s.put_domain(inst, domain(0, "<kernel>")));
    ok(s.put_domain(inst, domain(1, "<kernel> /sbin/init", 0)));
    auto partial = domain(1, "<kernel> /sbin/init", std::nullopt, PHTRACK_DOMAIN_F_QUOTA);
    partial.depth = 0;  // an event's nest with the id and name only
    partial.created_ns = 0;
    ok(s.put_domain(inst, partial));
    ok(s.put_acl(inst, read_entry(1, "/etc/passwd", 1u << PHTRACK_PERM_READ)));
    ok(s.put_acl(inst, read_entry(1, "/etc/passwd", 1u << PHTRACK_PERM_GETATTR)));
    ok(s.put_acl(inst, read_entry(1, "/etc/passwd", 1u << PHTRACK_PERM_READ)));
    ok(s.put_acl(inst, read_entry(1, "/etc/group", 1u << PHTRACK_PERM_READ)));
    auto e = s.put_acl(inst, read_entry(7, "/x", 1));
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, ENOENT);

    auto snap = ok(s.snapshot());
    ASSERT_EQ(snap.domains.size(), 2u);
    ASSERT_EQ(snap.entries.size(), 2u);
    const ph::Domain &init = snap.domains[1];
    EXPECT_EQ(init.name, "<kernel> /sbin/init");
    EXPECT_TRUE(init.quota());
    EXPECT_EQ(init.depth, 1u);
    EXPECT_EQ(init.created_ns, 1001u);
    EXPECT_EQ(init.acl_count, 2u);
    EXPECT_TRUE(init.has_parent);
    EXPECT_EQ(init.parent_id, snap.domains[0].id);
    EXPECT_FALSE(snap.domains[0].has_parent);
    EXPECT_EQ(snap.entries[0].domain_id, init.id);
    EXPECT_EQ(snap.entries[0].perm, (1u << PHTRACK_PERM_READ) | (1u << PHTRACK_PERM_GETATTR));
    EXPECT_EQ(ph::format_acl(snap.entries[0]), "file read/getattr /etc/passwd");
    EXPECT_EQ(ok(s.stats()).acl_entries, 2u);
}

TEST(Store, MarksCutEntriesToTheirEpochs) {
    TempDir t;
    auto s = open_rw(t.file("ph.db"));
    int64_t inst = ok(s.instance(status(1)));
    ok(s.put_domain(inst, domain(0, "<kernel>")));
    ok(s.put_domain(inst, domain(1, "<kernel> /usr/sbin/svc", 0)));
    const uint32_t r = 1u << PHTRACK_PERM_READ, w = 1u << PHTRACK_PERM_WRITE;
    // Epoch 0: old and both are used; a resync's entry has no report.
    ok(s.put_acl(inst, read_entry(1, "/old", r), ph::AclReport{0, 100}));
    ok(s.put_acl(inst, read_entry(1, "/both", r), ph::AclReport{0, 110}));
    ok(s.put_acl(inst, read_entry(1, "/resync", r)));
    ok(s.put_mark(ph::Mark{"a", inst, 1, 200}));
    // Epoch 1: both is reported again (known), new is learned, both gains write.
    ok(s.put_acl(inst, read_entry(1, "/both", r), ph::AclReport{1, 210}));
    ok(s.put_acl(inst, read_entry(1, "/new", r), ph::AclReport{1, 220}));
    ok(s.put_acl(inst, read_entry(1, "/both", w), ph::AclReport{1, 230}));
    ok(s.put_mark(ph::Mark{"b", inst, 2, 300}));
    // Epoch 2: only old; its event time is before b's on purpose: epochs decide.
    ok(s.put_acl(inst, read_entry(1, "/old", r), ph::AclReport{2, 290}));
    auto dup = s.put_mark(ph::Mark{"a", inst, 3, 400});
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, EEXIST);

    auto marks = ok(s.marks());
    ASSERT_EQ(marks.size(), 2u);
    EXPECT_EQ(marks[0].name, "a");
    EXPECT_EQ(marks[1].epoch, 2u);
    EXPECT_EQ(ok(s.mark("b")).time_ns, 300u);
    EXPECT_EQ(s.mark("c").error().code, ENOENT);

    auto lines = [](const ph::Snapshot &snap) {
        std::vector<std::string> v;
        for (const auto &e : snap.entries) v.push_back(ph::format_acl(e));
        std::sort(v.begin(), v.end());
        return v;
    };
    ph::Mark a = ok(s.mark("a")), b = ok(s.mark("b"));
    auto since_a = ok(s.snapshot_window(&a, nullptr));
    EXPECT_EQ(since_a.domains.size(), 2u);
    EXPECT_EQ(lines(since_a), (std::vector<std::string>{"file read /new", "file read /old",
                                                        "file read/write /both"}));
    EXPECT_EQ(lines(ok(s.snapshot_window(&a, &b))),
              (std::vector<std::string>{"file read /new", "file read/write /both"}));
    EXPECT_EQ(lines(ok(s.snapshot_window(&b, nullptr))),
              (std::vector<std::string>{"file read /old"}));
    // No bound: every reported entry, not the unreported resync one.
    EXPECT_EQ(lines(ok(s.snapshot_window(nullptr, &a))),
              (std::vector<std::string>{"file read /both", "file read /old"}));

    // After a module reload (another instance), reports are placed by time.
    int64_t inst2 = ok(s.instance(status(2)));
    ok(s.put_domain(inst2, domain(5, "<kernel> /usr/sbin/svc")));
    ok(s.put_acl(inst2, read_entry(5, "/later", r), ph::AclReport{0, 500}));
    EXPECT_EQ(lines(ok(s.snapshot_window(&b, nullptr))),
              (std::vector<std::string>{"file read /later", "file read /old"}));
    EXPECT_EQ(lines(ok(s.snapshot_window(&a, &b))),
              (std::vector<std::string>{"file read /new", "file read/write /both"}));
}

TEST(Store, EntriesKeepEveryField) {
    TempDir t;
    auto s = open_rw(t.file("ph.db"));
    int64_t inst = ok(s.instance(status(1)));
    ok(s.put_domain(inst, domain(3, "<kernel>")));
    ph::AclEntry e;
    e.domain_id = 3;
    e.type = PHTRACK_ACLT_MOUNT;
    e.sub = 2;
    e.perm = 1;
    e.num[0] = 0xffffffffffffffffULL;  // all 64 bits survive
    e.num[1] = 8;
    e.num[2] = 1;
    e.str[0] = "/dev/sda1";
    e.str[1] = "/mnt/";
    e.str[2] = "ext4";
    ok(s.put_acl(inst, e));
    auto snap = ok(s.snapshot());
    ASSERT_EQ(snap.entries.size(), 1u);
    const ph::AclEntry &g = snap.entries[0];
    EXPECT_EQ(std::tie(g.type, g.sub, g.perm), std::tie(e.type, e.sub, e.perm));
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(g.num[i], e.num[i]);
        EXPECT_EQ(g.str[i], e.str[i]);
    }
}

TEST(Store, KernelIdsMapPerInstance) {
    TempDir t;
    auto s = open_rw(t.file("ph.db"));
    int64_t a = ok(s.instance(status(1)));
    int64_t b = ok(s.instance(status(2)));
    ok(s.put_domain(a, domain(0, "<kernel>")));
    ok(s.put_domain(a, domain(5, "<kernel> /usr/sbin/sshd", 0)));
    ok(s.put_domain(b, domain(0, "<kernel>")));
    ok(s.put_domain(b, domain(9, "<kernel> /usr/sbin/sshd", 0)));
    ok(s.put_domain(b, domain(5, "<kernel> /usr/sbin/cron", 0)));
    ok(s.put_acl(a, read_entry(5, "/etc/ssh/sshd_config", 2)));
    ok(s.put_acl(b, read_entry(9, "/etc/ssh/sshd_config", 4)));
    ok(s.put_acl(b, read_entry(5, "/etc/crontab", 2)));
    EXPECT_FALSE(s.put_acl(a, read_entry(9, "/x", 2)).ok());  // 9 is b's id only

    auto snap = ok(s.snapshot());
    ASSERT_EQ(snap.domains.size(), 3u);
    std::map<uint32_t, std::string> names;
    for (const auto &d : snap.domains) names[d.id] = d.name;
    std::map<std::string, std::string> acl;
    for (const auto &e : snap.entries) acl[names.at(e.domain_id)] += ph::format_acl(e) + ";";
    EXPECT_EQ(acl["<kernel> /usr/sbin/sshd"], "file read/write /etc/ssh/sshd_config;");
    EXPECT_EQ(acl["<kernel> /usr/sbin/cron"], "file read /etc/crontab;");
    for (const auto &d : snap.domains)
        if (d.name != "<kernel>") {
            ASSERT_TRUE(d.has_parent);
            EXPECT_EQ(names.at(d.parent_id), "<kernel>");
        }
}

TEST(Store, LossLastSeqAndWatches) {
    TempDir t;
    auto s = open_rw(t.file("ph.db"));
    int64_t inst = ok(s.instance(status(1)));
    EXPECT_EQ(ok(s.last_seq(inst)), 0u);
    ok(s.set_last_seq(inst, 17));
    EXPECT_EQ(ok(s.last_seq(inst)), 17u);
    EXPECT_FALSE(s.last_seq(inst + 100).ok());
    ok(s.put_loss(inst, 5, 9, "queue overflow"));
    ok(s.put_loss(inst, 12, 12, "socket overflow"));
    EXPECT_FALSE(s.put_loss(inst, 9, 5, "backwards").ok());
    ok(s.set_watches({{1, "/etc/", 6}, {2, "/var/log/x", 4}}));
    ok(s.set_watches({{3, "/etc/shadow", 4}, {4, "/home/", PHTRACK_OPS_CHANGE}}));
    auto ws = ok(s.watches());
    ASSERT_EQ(ws.size(), 2u);
    EXPECT_EQ(ws[0].id, 3u);
    EXPECT_EQ(ws[0].pattern, "/etc/shadow");
    EXPECT_EQ(ws[1].ops, static_cast<uint32_t>(PHTRACK_OPS_CHANGE));
    auto st = ok(s.stats());
    EXPECT_EQ(st.loss_ranges, 2u);
    EXPECT_EQ(st.lost_events, 6u);
    EXPECT_EQ(st.watches, 2u);
    EXPECT_EQ(st.last_seq, 17u);
    EXPECT_EQ(ok(s.integrity_check()), "ok");
}

// Audit loss is gone for good, learning loss is restored by a resync: the
// store keeps the two apart, and each instance's audit resume point.
TEST(Store, LossByKindAndAuditSeq) {
    TempDir t;
    auto s = open_rw(t.file("ph.db"));
    int64_t inst = ok(s.instance(status(1)));
    EXPECT_EQ(ok(s.audit_seq(inst)), 0u);
    ok(s.set_audit_seq(inst, 1234));
    EXPECT_EQ(ok(s.audit_seq(inst)), 1234u);
    EXPECT_FALSE(s.audit_seq(inst + 100).ok());
    EXPECT_FALSE(s.set_audit_seq(inst + 100, 1).ok());
    ok(s.put_loss(inst, 5, 9, "not received (queue or socket overflow)"));
    ok(s.put_audit_loss(inst, 100, 199, "phd down past the buffer"));
    ok(s.put_audit_loss(inst, 300, 300, "buffer overflow"));
    EXPECT_FALSE(s.put_audit_loss(inst, 9, 5, "backwards").ok());
    auto st = ok(s.stats());
    EXPECT_EQ(st.loss_ranges, 3u);
    EXPECT_EQ(st.lost_events, 106u);
    EXPECT_EQ(st.audit_loss_ranges, 2u);
    EXPECT_EQ(st.audit_lost, 101u);
    EXPECT_EQ(st.learning_loss_ranges, 1u);
    EXPECT_EQ(st.learning_missed, 5u);
    EXPECT_EQ(st.mixed_loss_ranges, 0u);
    EXPECT_EQ(st.audit_seq, 1234u);
    ASSERT_EQ(st.audit_losses.size(), 2u);
    EXPECT_EQ(st.audit_losses[0].first_seq, 300u);  // newest first
    EXPECT_EQ(st.audit_losses[0].reason, "buffer overflow");
    EXPECT_EQ(st.audit_losses[1].first_seq, 100u);
    EXPECT_EQ(st.audit_losses[1].last_seq, 199u);
    EXPECT_EQ(st.audit_losses[1].count, 100u);
    EXPECT_EQ(st.audit_losses[1].instance, inst);
    EXPECT_EQ(st.audit_losses[1].kind, ph::LossKind::Audit);
    EXPECT_EQ(ph::loss_kind_name(ph::LossKind::Learning), "learning");
}

// ---- who --------------------------------------------------------------------

constexpr uint32_t kInit = 1, kSshd = 2, kBash = 3, kCron = 4;
constexpr uint64_t kT0 = 1700000000ULL * 1000000000ULL;

class Who : public ::testing::Test {
  protected:
    void SetUp() override {
        store_.emplace(open_rw(dir_.file("ph.db")));
        inst_ = ok(s().instance(status(1)));
        ok(s().put_domain(inst_, domain(0, "<kernel>")));
        ok(s().put_domain(inst_, domain(kInit, "<kernel> /sbin/init", 0)));
        ok(s().put_domain(inst_, domain(kSshd, "<kernel> /sbin/init /usr/sbin/sshd", kInit)));
        ok(s().put_domain(inst_,
                          domain(kBash, "<kernel> /sbin/init /usr/sbin/sshd /bin/bash", kSshd)));
        ok(s().put_domain(inst_, domain(kCron, "<kernel> /sbin/init /usr/sbin/cron", kInit)));
    }
    ph::Store &s() { return *store_; }

    ph::WatchEvent event(uint64_t t, const std::string &path, uint32_t op, uint32_t dom,
                         const std::string &comm = "vi", uint32_t uid = 0) {
        ph::WatchEvent ev;
        ev.seq = ++seq_;
        ev.time_ns = kT0 + t;
        ev.path = path;
        ev.op = op;
        ev.domain_id = dom;
        ev.comm = comm;
        ev.uid = uid;
        ev.euid = uid;
        ev.gid = uid + 1;
        ev.pid = 100 + static_cast<uint32_t>(seq_);
        ev.tgid = ev.pid;
        ev.ppid = 1;
        ev.watch_id = 1;
        return ev;
    }
    void put(const ph::WatchEvent &ev) { ok(s().put_watch_event(inst_, ev)); }

    ph::WhoSummary who(ph::WhoQuery q) { return ok(s().who(q)); }
    ph::WhoSummary who(const std::string &path) {
        ph::WhoQuery q;
        q.path = path;
        return who(q);
    }

    TempDir dir_;
    std::optional<ph::Store> store_;
    int64_t inst_ = 0;
    uint64_t seq_ = 0;
};

TEST_F(Who, CountsGroupsAndNewestRows) {
    put(event(10, "/etc/foobar", PHTRACK_OP_READ, kBash, "cat", 1000));
    put(event(20, "/etc/foobar", PHTRACK_OP_WRITE, kBash, "vi", 1000));
    put(event(30, "/etc/foobar", PHTRACK_OP_WRITE, kBash, "vi", 1000));
    put(event(40, "/etc/foobar", PHTRACK_OP_GETATTR, kCron, "cron", 0));
    put(event(50, "/etc/other", PHTRACK_OP_WRITE, kCron, "cron", 0));
    auto w = who("/etc/foobar");
    EXPECT_EQ(w.total, 4u);
    EXPECT_EQ(w.changes, 2u);
    EXPECT_EQ(w.first_ns, kT0 + 10);
    EXPECT_EQ(w.last_ns, kT0 + 40);
    ASSERT_EQ(w.by.size(), 3u);
    EXPECT_EQ(w.by[0].comm, "vi");
    EXPECT_EQ(w.by[0].count, 2u);
    EXPECT_EQ(w.by[0].changes, 2u);
    EXPECT_EQ(w.by[0].uid, 1000u);
    EXPECT_EQ(w.by[0].last_ns, kT0 + 30);
    EXPECT_EQ(w.by[0].domain, "<kernel> /sbin/init /usr/sbin/sshd /bin/bash");
    EXPECT_EQ(w.by[1].comm, "cron");  // ties: the most recent first
    EXPECT_EQ(w.by[2].comm, "cat");
    ASSERT_EQ(w.rows.size(), 4u);
    EXPECT_EQ(w.rows[0].time_ns, kT0 + 40);
    EXPECT_EQ(w.rows[3].time_ns, kT0 + 10);
    const ph::WhoRow &r = w.rows[1];
    EXPECT_EQ(r.path, "/etc/foobar");
    EXPECT_EQ(r.op, static_cast<uint32_t>(PHTRACK_OP_WRITE));
    EXPECT_EQ(r.comm, "vi");
    EXPECT_EQ(r.uid, 1000u);
    EXPECT_EQ(r.gid, 1001u);
    EXPECT_EQ(r.seq, 3u);
    EXPECT_EQ(r.pid, 103u);
    EXPECT_EQ(r.domain, "<kernel> /sbin/init /usr/sbin/sshd /bin/bash");

    EXPECT_EQ(who("/etc/nothing").total, 0u);
    EXPECT_TRUE(who("/etc/nothing").rows.empty());
    EXPECT_EQ(ok(s().stats()).audit_events, 5u);
}

TEST_F(Who, FiltersByOperationTimeAndDomain) {
    put(event(10, "/etc/foobar", PHTRACK_OP_READ, kBash));
    put(event(20, "/etc/foobar", PHTRACK_OP_WRITE, kSshd));
    put(event(30, "/etc/foobar", PHTRACK_OP_UNLINK, kCron));
    put(event(40, "/etc/foobar", PHTRACK_OP_WRITE, kInit));
    ph::WhoQuery q;
    q.path = "/etc/foobar";
    q.ops = 1u << PHTRACK_OP_WRITE;
    EXPECT_EQ(who(q).total, 2u);
    q.ops = PHTRACK_OPS_CHANGE;
    EXPECT_EQ(who(q).total, 3u);
    q.ops = 0;
    q.since_ns = kT0 + 20;
    q.until_ns = kT0 + 30;  // both inclusive
    auto w = who(q);
    EXPECT_EQ(w.total, 2u);
    EXPECT_EQ(w.first_ns, kT0 + 20);
    EXPECT_EQ(w.last_ns, kT0 + 30);
    q.since_ns.reset();
    q.until_ns.reset();
    q.domain = "<kernel> /sbin/init /usr/sbin/sshd";
    EXPECT_EQ(who(q).total, 1u);
    q.domain_subtree = true;
    EXPECT_EQ(who(q).total, 2u);
    q.domain = "<kernel> /sbin/init";
    EXPECT_EQ(who(q).total, 4u);
    q.domain = "<kernel> /sbin/ini";  // a name prefix is not a parent
    EXPECT_EQ(who(q).total, 0u);
    q.domain = "<kernel> /no/such";
    EXPECT_EQ(who(q).total, 0u);
}

TEST_F(Who, LimitKeepsTheNewest) {
    for (uint64_t i = 0; i < 30; ++i) put(event(1000 - i * 10, "/etc/foobar", 1, kBash));
    ph::WhoQuery q;
    q.path = "/etc/foobar";
    q.limit = 5;
    auto w = who(q);
    EXPECT_EQ(w.total, 30u);
    ASSERT_EQ(w.rows.size(), 5u);
    for (size_t i = 0; i < 5; ++i) EXPECT_EQ(w.rows[i].time_ns, kT0 + 1000 - i * 10);
    q.limit = 0;
    EXPECT_EQ(who(q).rows.size(), 30u);
    q.path = "/etc/";
    q.limit = 3;
    w = who(q);
    EXPECT_EQ(w.total, 30u);
    ASSERT_EQ(w.rows.size(), 3u);
    EXPECT_EQ(w.rows[2].time_ns, kT0 + 980);
}

TEST_F(Who, DirectoriesCoverEverythingBelowThem) {
    put(event(10, "/etc/foobar", PHTRACK_OP_READ, kBash));
    put(event(20, "/etc/ssh/sshd_config", PHTRACK_OP_WRITE, kSshd));
    put(event(30, "/etc/ssh/", PHTRACK_OP_MKDIR, kSshd));
    put(event(40, "/etcetera/x", PHTRACK_OP_READ, kSshd));
    put(event(50, "/etc", PHTRACK_OP_GETATTR, kSshd));
    put(event(60, "/var/log/syslog", PHTRACK_OP_APPEND, 99));  // unknown domain id
    ph::WhoQuery q;
    for (bool scan : {false, true}) {  // from dirstats, or scanning (a time filter)
        if (scan)
            q.since_ns = kT0;
        q.path = "/etc/";
        auto w = who(q);
        EXPECT_EQ(w.total, 3u) << scan;
        EXPECT_EQ(w.changes, 2u) << scan;
        EXPECT_EQ(w.first_ns, kT0 + 10);
        EXPECT_EQ(w.last_ns, kT0 + 30);
        ASSERT_EQ(w.rows.size(), 3u);
        EXPECT_EQ(w.rows[0].path, "/etc/ssh/");
        EXPECT_EQ(w.rows[2].path, "/etc/foobar");
        q.path = "/etc/ssh/";
        EXPECT_EQ(who(q).total, 2u) << scan;
        q.path = "/";
        EXPECT_EQ(who(q).total, 6u) << scan;
        q.path = "/var/";
        w = who(q);
        ASSERT_EQ(w.total, 1u) << scan;
        EXPECT_EQ(w.rows[0].domain, "");
        ASSERT_EQ(w.by.size(), 1u);
        EXPECT_EQ(w.by[0].domain, "");
        q.path = "/nothing/";
        EXPECT_EQ(who(q).total, 0u) << scan;
    }
}

TEST_F(Who, SecondObjectsCountOnce) {
    // sed -i: write a temporary file, then rename it over the real one.
    auto ev = event(10, "/etc/sedAbc", PHTRACK_OP_RENAME, kBash);
    ev.path2 = "/etc/foobar";
    put(ev);
    auto mv = event(20, "/tmp/x", PHTRACK_OP_RENAME, kBash);
    mv.path2 = "/etc/foobar";
    put(mv);
    put(event(30, "/etc/foobar", PHTRACK_OP_READ, kBash));
    auto w = who("/etc/foobar");
    EXPECT_EQ(w.total, 3u);
    EXPECT_EQ(w.changes, 2u);
    ASSERT_EQ(w.rows.size(), 3u);
    EXPECT_EQ(w.rows[2].path, "/etc/sedAbc");
    EXPECT_EQ(w.rows[2].path2, "/etc/foobar");
    EXPECT_EQ(who("/etc/sedAbc").total, 1u);
    ph::WhoQuery q;
    q.path = "/etc/";
    for (bool scan : {false, true}) {
        if (scan)
            q.since_ns = 0;
        EXPECT_EQ(who(q).total, 3u) << scan;  // the rename inside /etc once
        q.path = "/tmp/";
        EXPECT_EQ(who(q).total, 1u) << scan;
        q.path = "/etc/";
    }
}

TEST_F(Who, TheSameEventTwiceIsOneRow) {
    auto ev = event(10, "/etc/foobar", PHTRACK_OP_WRITE, kBash);
    put(ev);
    put(ev);
    EXPECT_EQ(who("/etc/foobar").total, 1u);
    EXPECT_EQ(who("/etc/").total, 1u);
    EXPECT_EQ(ok(s().stats()).audit_events, 1u);
}

TEST_F(Who, BatchesSeeTheirRowsAndRollBackCleanly) {
    ok(s().begin());
    put(event(10, "/etc/foobar", PHTRACK_OP_WRITE, kBash));
    put(event(20, "/etc/new/file", PHTRACK_OP_WRITE, kBash));
    EXPECT_EQ(who("/etc/").total, 2u);  // uncommitted, same connection
    ok(s().rollback());
    EXPECT_EQ(who("/etc/").total, 0u);
    EXPECT_EQ(ok(s().stats()).audit_events, 0u);
    // Ids interned in the rolled-back batch must not be reused.
    ok(s().begin());
    put(event(30, "/etc/new/file", PHTRACK_OP_READ, kBash));
    ok(s().commit());
    auto w = who("/etc/new/");
    EXPECT_EQ(w.total, 1u);
    ASSERT_EQ(w.rows.size(), 1u);
    EXPECT_EQ(w.rows[0].path, "/etc/new/file");
    EXPECT_FALSE(s().commit().ok());  // no batch open
    EXPECT_EQ(ok(s().integrity_check()), "ok");
}

// Files this process writes may not grow past `bytes` while it lives (a
// full filesystem or a quota, as SQLite sees them: short writes).
class FileSizeLimit {
  public:
    explicit FileSizeLimit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &saved_);
        old_ = signal(SIGXFSZ, SIG_IGN);
        rlimit l = saved_;
        l.rlim_cur = bytes;
        EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &l), 0);
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &saved_);
        signal(SIGXFSZ, old_);
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;

  private:
    rlimit saved_{};
    sighandler_t old_ = SIG_DFL;
};

off_t file_size(const std::string &path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? st.st_size : 0;
}

// A batch the filesystem cannot take (phd's "store write failure") fails
// as a whole: nothing of it is stored, the store stays intact and its chain
// verifies, and the same batch stored again once there is room is stored
// exactly once.  A small loss record may still fit where the batch did not.
TEST_F(Who, ABatchTheFilesystemCannotTakeFailsWholeAndIsStoredByTheRetry) {
    ok(s().begin());
    for (int i = 0; i < 10; ++i) put(event(i, "/etc/foobar", PHTRACK_OP_READ, kBash));
    ok(s().commit());
    std::vector<ph::WatchEvent> batch;
    for (int i = 0; i < 1500; ++i)
        batch.push_back(event(100 + i, "/var/tmp/" + std::string(200, 'x') + std::to_string(i),
                              PHTRACK_OP_READ, kBash, "reader", 65534));
    std::string db = dir_.file("ph.db");
    bool failed = false;
    {
        FileSizeLimit lim(
            static_cast<rlim_t>(std::max(file_size(db), file_size(db + "-wal")) + 64 * 1024));
        ok(s().begin());
        for (const auto &ev : batch)
            if (!s().put_watch_event(inst_, ev).ok()) {
                failed = true;
                break;
            }
        if (!failed) {
            auto c = s().commit();
            failed = !c.ok();
            if (failed) {
                EXPECT_TRUE(c.error().code == ENOSPC || c.error().code == EIO) << c.error().message;
            }
        } else {
            (void)s().rollback();
        }
        EXPECT_TRUE(failed) << "the batch fit under the limit: the test proves nothing";
        // What still fits: a record that a range of audit events is lost.
        ok(s().put_audit_loss(inst_, 9000, 9099, "store write failure"));
    }
    EXPECT_EQ(ok(s().stats()).audit_events, 10u);
    EXPECT_EQ(who("/var/tmp/").total, 0u);
    EXPECT_EQ(ok(s().integrity_check()), "ok");
    auto st = ok(s().stats());
    ASSERT_EQ(st.audit_losses.size(), 1u);
    EXPECT_EQ(st.audit_losses[0].reason, "store write failure");
    EXPECT_EQ(st.audit_lost, 100u);
    // With room again, the batch is stored (as phd's retry stores what the
    // module still holds), once.
    ok(s().begin());
    for (const auto &ev : batch) put(ev);
    ok(s().commit());
    EXPECT_EQ(who("/var/tmp/").total, batch.size());
    EXPECT_EQ(ok(s().stats()).audit_events, 10u + batch.size());
    auto v = ok(s().verify());
    EXPECT_TRUE(v.ok());
    EXPECT_EQ(v.rows, 10u + batch.size());
    EXPECT_EQ(ok(s().integrity_check()), "ok");
}

// The directory summary from dirstats and the scan of the rows agree with a
// brute-force count on random data.
TEST_F(Who, DirectorySummaryMatchesBruteForce) {
    std::mt19937 rng(7);
    const std::vector<std::string> paths = {"/etc/a",  "/etc/b/c", "/etc/b/",   "/etc/b/d/e",
                                            "/etc2/x", "/var/a",   "/etc/b/dd", "/etc/"};
    const uint32_t doms[] = {kInit, kSshd, kBash, kCron, 77};
    std::vector<ph::WatchEvent> evs;
    ok(s().begin());
    for (int i = 0; i < 3000; ++i) {
        auto ev = event(static_cast<uint64_t>(rng() % 100000), paths[rng() % paths.size()],
                        rng() % (PHTRACK_OP_MAX + 1), doms[rng() % 5], i % 3 ? "vi" : "cat",
                        static_cast<uint32_t>(rng() % 3));
        if (ev.op == PHTRACK_OP_RENAME)
            ev.path2 = paths[rng() % paths.size()];
        put(ev);
        evs.push_back(ev);
        if (i % 1000 == 999) {
            ok(s().commit());
            ok(s().begin());
        }
    }
    ok(s().commit());
    auto under = [](const std::string &p, const std::string &dir) { return p.rfind(dir, 0) == 0; };
    for (const std::string dir : {"/etc/", "/etc/b/", "/"}) {
        for (uint32_t ops :
             {0u, 1u << PHTRACK_OP_READ, static_cast<uint32_t>(PHTRACK_OPS_CHANGE)}) {
            uint64_t total = 0, changes = 0;
            std::map<std::tuple<std::string, uint32_t>, uint64_t> groups;
            for (const auto &ev : evs) {
                if (!under(ev.path, dir) && !(ev.path2.size() && under(ev.path2, dir)))
                    continue;
                if (ops && !((ops >> ev.op) & 1))
                    continue;
                ++total;
                changes += (PHTRACK_OPS_CHANGE >> ev.op) & 1;
                groups[{ev.comm, ev.uid}]++;
            }
            for (bool scan : {false, true}) {
                ph::WhoQuery q;
                q.path = dir;
                q.ops = ops;
                if (scan)
                    q.until_ns = kT0 + 1000000;
                auto w = who(q);
                EXPECT_EQ(w.total, total) << dir << " " << ops << " " << scan;
                EXPECT_EQ(w.changes, changes) << dir << " " << ops << " " << scan;
                std::map<std::tuple<std::string, uint32_t>, uint64_t> got;
                for (const auto &g : w.by) got[{g.comm, g.uid}] += g.count;
                EXPECT_EQ(got, groups) << dir;
                ASSERT_EQ(w.rows.size(), std::min<uint64_t>(total, 50));
                for (size_t i = 1; i < w.rows.size(); ++i)
                    EXPECT_GE(w.rows[i - 1].time_ns, w.rows[i].time_ns);
            }
        }
    }
}

TEST(WhoTime, ParsesIsoAndRelativeTimes) {
    uint64_t now = 1790000000ULL * 1000000000ULL;
    EXPECT_EQ(ph::cli::parse_time_arg("2026-11-23T10:00:00Z", now), 1795428000ULL * 1000000000ULL);
    EXPECT_EQ(ph::cli::parse_time_arg("2026-11-23T10:00:00", now), 1795428000ULL * 1000000000ULL);
    EXPECT_EQ(ph::cli::parse_time_arg("2026-11-23T10:00Z", now), 1795428000ULL * 1000000000ULL);
    EXPECT_EQ(ph::cli::parse_time_arg("2026-11-23", now), 1795392000ULL * 1000000000ULL);
    EXPECT_EQ(ph::cli::parse_time_arg("45s", now), now - 45ULL * 1000000000ULL);
    EXPECT_EQ(ph::cli::parse_time_arg("10m", now), now - 600ULL * 1000000000ULL);
    EXPECT_EQ(ph::cli::parse_time_arg("2h", now), now - 7200ULL * 1000000000ULL);
    EXPECT_EQ(ph::cli::parse_time_arg("3d", now), now - 3ULL * 86400 * 1000000000ULL);
    EXPECT_EQ(ph::cli::parse_time_arg("99999d", now), 0u);
    for (const char *bad : {"", "d", "10", "10x", "2026-02-30", "2026-11-23T25:00", "2026-1-2",
                            "2026-11-23T10:00:00Zjunk", "-5m"})
        EXPECT_FALSE(ph::cli::parse_time_arg(bad, now).has_value()) << bad;
    EXPECT_EQ(ph::cli::format_time_ns(1795428000ULL * 1000000000ULL + 5),
              "2026-11-23T10:00:00.000000005Z");
}

}  // namespace
