// ph-synth: write synthetic watch events into a store through the Store
// API, for tools/bench-who.sh.  About 20,000 paths under /etc, /var, /usr
// and /home with a skewed popularity, /etc/foobar receiving 1% of the rows
// and /etc/rarely-touched one row per million, 50 domains with their comms
// and uids, timestamps spread evenly over the last 30 days.  Deterministic
// for a given --rows.
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
    fprintf(stderr, "Usage: ph-synth --db FILE [--rows N] [--batch N]\n");
    return 2;
}

int fail(const char *what, const ph::Error &e) {
    fprintf(stderr, "ph-synth: %s: %s\n", what, e.message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char **argv) {
    std::string db;
    uint64_t rows = 1000000, batch = 100000;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--db" && i + 1 < argc)
            db = argv[++i];
        else if (a == "--rows" && i + 1 < argc)
            rows = strtoull(argv[++i], nullptr, 10);
        else if (a == "--batch" && i + 1 < argc)
            batch = strtoull(argv[++i], nullptr, 10);
        else
            return usage();
    }
    if (db.empty() || !rows || !batch)
        return usage();
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

    std::vector<Dom> doms = make_domains();
    std::vector<std::string> paths = make_paths();
    if (auto r = s.begin(); !r)
        return fail("begin", r.error());
    for (const Dom &d : doms)
        if (auto r = s.put_domain(inst.value(), d.d); !r)
            return fail("put_domain", r.error());
    if (auto r = s.commit(); !r)
        return fail("commit", r.error());

    Rng rng;
    uint64_t step = kSpanNs / rows;
    uint64_t seq0 = last.value();
    double t0 = mono_s(), in_commit = 0;
    ph::WatchEvent ev;
    for (uint64_t i = 0; i < rows; ++i) {
        if (i % batch == 0)
            if (auto r = s.begin(); !r)
                return fail("begin", r.error());
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
