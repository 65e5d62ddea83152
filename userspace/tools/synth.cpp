// ph-synth: write synthetic watch events into a store through the Store
// API, for tools/bench-who.sh and tools/bench-store.sh; with --raw, the same
// events as plain SQLite rows instead (one table, no index, no chain, no
// aggregates, the same transactions and pragmas): bench-store's yardstick
// of the host's speed.  About 20,000 paths under /etc, /var, /usr
// and /home with a skewed popularity, /etc/foobar receiving 1% of the rows
// and /etc/rarely-touched one row per million, 50 domains with their comms
// and uids, timestamps spread evenly over the last 30 days.  Deterministic
// for a given --rows.
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "linux/phtrack.h"
#include "store.hpp"

namespace {

constexpr uint64_t kNsPerSec = 1000000000ULL;
constexpr uint64_t kSpanNs = 30ULL * 86400 * kNsPerSec;
constexpr size_t kPaths = 20000;

// xorshift64*: fast, deterministic.
struct Rng {
    uint64_t s = 0x9e3779b97f4a7c15ULL;
    uint64_t next() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 2685821657736338717ULL;
    }
    double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
    size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

double mono_s() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Dom {
    ph::Domain d;
    std::string comm;
    uint32_t uid;
};

// <kernel>, /sbin/init, 12 services, and what they run, 50 in all.
std::vector<Dom> make_domains() {
    const char *services[] = {"/usr/sbin/sshd",      "/usr/sbin/cron",    "/usr/sbin/nginx",
                              "/usr/sbin/rsyslogd",  "/usr/sbin/postfix", "/usr/bin/dockerd",
                              "/usr/sbin/cupsd",     "/usr/bin/python3",  "/usr/sbin/apache2",
                              "/usr/bin/containerd", "/usr/sbin/named",   "/usr/lib/snapd/snapd"};
    const char *children[] = {"/bin/bash", "/usr/bin/vi", "/usr/bin/apt-get"};
    const uint32_t uids[] = {0, 0, 0, 33, 1000, 1001, 108};
    std::vector<Dom> out;
    auto add = [&](const std::string &name, int parent, uint32_t depth) {
        Dom x;
        x.d.id = static_cast<uint32_t>(out.size());
        x.d.name = name;
        x.d.has_parent = parent >= 0;
        x.d.parent_id = parent >= 0 ? static_cast<uint32_t>(parent) : 0;
        x.d.depth = depth;
        size_t sp = name.rfind(' '), sl = name.rfind('/');
        x.comm = sl == std::string::npos || (sp != std::string::npos && sl < sp)
                     ? "swapper"
                     : name.substr(sl + 1, 15);
        x.uid = uids[out.size() % std::size(uids)];
        out.push_back(x);
        return static_cast<int>(out.size() - 1);
    };
    add("<kernel>", -1, 0);
    int init = add("<kernel> /sbin/init", 0, 1);
    for (const char *s : services) {
        std::string sname = "<kernel> /sbin/init " + std::string(s);
        int sid = add(sname, init, 2);
        for (const char *c : children) {
            if (out.size() >= 50)
                break;
            add(sname + " " + c, sid, 3);
        }
    }
    return out;
}

// Paths: TOP/DIR/SUB/FILE, a few levels deep like a real tree.
std::vector<std::string> make_paths() {
    const char *tops[] = {"/etc/", "/var/", "/usr/", "/home/"};
    const char *dirs[] = {"ssh",   "nginx", "apt",    "systemd", "log",   "lib",
                          "cache", "share", "local",  "alice",   "bob",   "carol",
                          "ssl",   "pam.d", "cron.d", "default", "spool", "opt"};
    const char *subs[] = {"conf.d", "sites", "keys", "units", "data", "tmp", "old", "misc"};
    std::vector<std::string> out;
    out.reserve(kPaths);
    for (size_t i = 0; out.size() < kPaths; ++i) {
        std::string p = tops[i % 4];
        p += dirs[(i / 4) % std::size(dirs)];
        p += "/";
        if (i % 3)
            p += std::string(subs[(i / 7) % std::size(subs)]) + "/";
        p += "file" + std::to_string(i) + (i % 2 ? ".conf" : ".dat");
        out.push_back(std::move(p));
    }
    return out;
}

uint32_t pick_op(Rng &r) {
    static const std::pair<uint32_t, int> weights[] = {
        {PHTRACK_OP_READ, 40},    {PHTRACK_OP_GETATTR, 25}, {PHTRACK_OP_WRITE, 8},
        {PHTRACK_OP_APPEND, 5},   {PHTRACK_OP_EXECUTE, 4},  {PHTRACK_OP_CREATE, 4},
        {PHTRACK_OP_UNLINK, 3},   {PHTRACK_OP_RENAME, 3},   {PHTRACK_OP_CHMOD, 3},
        {PHTRACK_OP_TRUNCATE, 2}, {PHTRACK_OP_CHOWN, 2},    {PHTRACK_OP_IOCTL, 1}};
    int total = 0;
    for (const auto &w : weights) total += w.second;
    int x = static_cast<int>(r.below(static_cast<size_t>(total)));
    for (const auto &w : weights) {
        if (x < w.second)
            return w.first;
        x -= w.second;
    }
    return PHTRACK_OP_READ;
}

int usage() {
    fprintf(stderr, "Usage: ph-synth --db FILE [--rows N] [--batch N] [--raw]\n");
    return 2;
}

int fail(const char *what, const ph::Error &e) {
    fprintf(stderr, "ph-synth: %s: %s\n", what, e.message.c_str());
    return 1;
}

// The synthetic event stream: event i of a run, deterministic.
struct Events {
    std::vector<Dom> doms = make_domains();
    std::vector<std::string> paths = make_paths();
    Rng rng;
    uint64_t start, step, seq0;
    void make(uint64_t i, ph::WatchEvent &ev) {
        ev.seq = seq0 + i + 1;
        ev.time_ns = start + i * step + (step > 1 ? rng.next() % step : 0);
        if (i % 1000000 == 500000) {
            ev.path = "/etc/rarely-touched";
        } else if (rng.below(100) == 0) {
            ev.path = "/etc/foobar";
        } else {
            double u = rng.unit();
            ev.path = paths[std::min(kPaths - 1, static_cast<size_t>(kPaths * std::pow(u, 1.5)))];
        }
        // Domains are skewed too: a few services do most of the work.
        const Dom &d = doms[std::min(doms.size() - 1,
                                     static_cast<size_t>(doms.size() * rng.unit() * rng.unit()))];
        ev.op = pick_op(rng);
        ev.path2 = ev.op == PHTRACK_OP_RENAME ? ev.path + ".dpkg-new" : "";
        ev.domain_id = d.d.id;
        ev.comm = d.comm;
        ev.uid = ev.euid = ev.gid = d.uid;
        ev.pid = ev.tgid = 1000 + static_cast<uint32_t>(rng.below(60000));
        ev.ppid = 1 + static_cast<uint32_t>(rng.below(1000));
        ev.watch_id = 1 + static_cast<uint32_t>(ev.path[1] % 4);
        ev.result = 0;
    }
};

struct SqliteClose {
    void operator()(sqlite3 *d) const { sqlite3_close_v2(d); }
};
struct StmtFinalize {
    void operator()(sqlite3_stmt *s) const { sqlite3_finalize(s); }
};

int raw_fail(sqlite3 *d, const char *what) {
    fprintf(stderr, "ph-synth: %s: %s\n", what, d ? sqlite3_errmsg(d) : "out of memory");
    return 1;
}

// --raw: the events as rows of one plain table, each field a column (the
// texts as text, a 32-byte blob for the hash), in the same transactions,
// with the store's pragmas (8 KiB pages, WAL, synchronous=FULL).
int write_raw(const std::string &file, uint64_t rows, uint64_t batch) {
    sqlite3 *raw = nullptr;
    int rc = sqlite3_open(file.c_str(), &raw);
    std::unique_ptr<sqlite3, SqliteClose> db(raw);
    if (rc != SQLITE_OK)
        return raw_fail(raw, "open");
    const char *setup =
        "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
        "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 32768; "
        "CREATE TABLE IF NOT EXISTS raw (path TEXT, ts_ns INTEGER, instance INTEGER, "
        "seq INTEGER, path2 TEXT, op INTEGER, pid INTEGER, tgid INTEGER, ppid INTEGER, "
        "uid INTEGER, euid INTEGER, gid INTEGER, comm TEXT, domain INTEGER, watch_id INTEGER, "
        "result INTEGER, hash BLOB)";
    if (sqlite3_exec(raw, setup, nullptr, nullptr, nullptr) != SQLITE_OK)
        return raw_fail(raw, "setup");
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(raw,
                           "INSERT INTO raw VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                           "?12, ?13, ?14, ?15, ?16, ?17)",
                           -1, &st, nullptr) != SQLITE_OK)
        return raw_fail(raw, "prepare");
    std::unique_ptr<sqlite3_stmt, StmtFinalize> ins(st);
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    Events gen;
    uint64_t end = static_cast<uint64_t>(now.tv_sec) * kNsPerSec;
    gen.start = end - kSpanNs;
    gen.step = kSpanNs / rows;
    gen.seq0 = 0;
    unsigned char hash[32] = {};
    ph::WatchEvent ev;
    double t0 = mono_s();
    for (uint64_t i = 0; i < rows; ++i) {
        if (i % batch == 0 && sqlite3_exec(raw, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
            return raw_fail(raw, "begin");
        gen.make(i, ev);
        memcpy(hash, &ev.seq, sizeof(ev.seq));  // some bytes of the row's own
        auto i64 = [&](int col, int64_t v) { sqlite3_bind_int64(st, col, v); };
        sqlite3_bind_text(st, 1, ev.path.data(), static_cast<int>(ev.path.size()), SQLITE_STATIC);
        i64(2, static_cast<int64_t>(ev.time_ns));
        i64(3, 1);
        i64(4, static_cast<int64_t>(ev.seq));
        if (ev.path2.empty())
            sqlite3_bind_null(st, 5);
        else
            sqlite3_bind_text(st, 5, ev.path2.data(), static_cast<int>(ev.path2.size()),
                              SQLITE_STATIC);
        i64(6, ev.op);
        i64(7, ev.pid);
        i64(8, ev.tgid);
        i64(9, ev.ppid);
        i64(10, ev.uid);
        i64(11, ev.euid);
        i64(12, ev.gid);
        sqlite3_bind_text(st, 13, ev.comm.data(), static_cast<int>(ev.comm.size()), SQLITE_STATIC);
        i64(14, ev.domain_id);
        i64(15, ev.watch_id);
        i64(16, ev.result);
        sqlite3_bind_blob(st, 17, hash, sizeof(hash), SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            return raw_fail(raw, "insert");
        sqlite3_reset(st);
        if (((i + 1) % batch == 0 || i + 1 == rows) &&
            sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
            return raw_fail(raw, "commit");
    }
    double secs = mono_s() - t0;
    printf("wrote %llu raw rows in %.1f s (%.0f rows/s)\n", static_cast<unsigned long long>(rows),
           secs, static_cast<double>(rows) / secs);
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    std::string db;
    uint64_t rows = 1000000, batch = 100000;
    bool raw = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--db" && i + 1 < argc)
            db = argv[++i];
        else if (a == "--rows" && i + 1 < argc)
            rows = strtoull(argv[++i], nullptr, 10);
        else if (a == "--batch" && i + 1 < argc)
            batch = strtoull(argv[++i], nullptr, 10);
        else if (a == "--raw")
            raw = true;
        else
            return usage();
    }
    if (db.empty() || !rows || !batch)
        return usage();
    if (raw)
        return write_raw(db, rows, batch);
    auto store = ph::Store::open(db, true);
    if (!store)
        return fail("open", store.error());
    ph::Store &s = store.value();

    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t end = static_cast<uint64_t>(now.tv_sec) * kNsPerSec;
    uint64_t start = end - kSpanNs;
    ph::Status st;
    st.module_version = "0.1.0";
    st.kernel_release = "synthetic";
    st.mode = PHTRACK_MODE_LEARNING;
    st.loaded_ns = start;
    auto inst = s.instance(st);
    if (!inst)
        return fail("instance", inst.error());
    auto last = s.last_seq(inst.value());
    if (!last)
        return fail("last_seq", last.error());

    Events gen;
    if (auto r = s.begin(); !r)
        return fail("begin", r.error());
    for (const Dom &d : gen.doms)
        if (auto r = s.put_domain(inst.value(), d.d); !r)
            return fail("put_domain", r.error());
    if (auto r = s.commit(); !r)
        return fail("commit", r.error());

    gen.start = start;
    gen.step = kSpanNs / rows;
    gen.seq0 = last.value();
    double t0 = mono_s(), in_commit = 0;
    ph::WatchEvent ev;
    for (uint64_t i = 0; i < rows; ++i) {
        if (i % batch == 0)
            if (auto r = s.begin(); !r)
                return fail("begin", r.error());
        gen.make(i, ev);
        if (auto r = s.put_watch_event(inst.value(), ev); !r)
            return fail("put_watch_event", r.error());
        if ((i + 1) % batch == 0 || i + 1 == rows) {
            if (auto r = s.set_last_seq(inst.value(), ev.seq); !r)
                return fail("set_last_seq", r.error());
            double c0 = mono_s();
            if (auto r = s.commit(); !r)
                return fail("commit", r.error());
            in_commit += mono_s() - c0;
        }
    }
    double secs = mono_s() - t0;
    printf("wrote %llu rows in %.1f s (%.0f rows/s; %.1f s of it in commits)\n",
           static_cast<unsigned long long>(rows), secs, static_cast<double>(rows) / secs,
           in_commit);
    return 0;
}
