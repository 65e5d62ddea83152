// ph-editpolicy-fixture: write a store for ph-editpolicy's tests and
// benchmark through the Store API, deterministically.
//   --demo FILE        the domains, learned entries and a few watched accesses
//                      of the demo VM's sample boot (tests/vm/workload: rc,
//                      cron, httpd, syslog), as the module learns them
//   --big N M FILE     N domains (a tree of fan-out 8 under <kernel>) and M
//                      entries spread over them, for the benchmark
// Not installed.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "linux/phtrack.h"
#include "store.hpp"

namespace {

constexpr uint64_t kLoadedNs = 1764547200ULL * 1000000000ULL;  // 2025-12-01T00:00:00Z

uint32_t bit(int b) {
    return 1U << b;
}

struct Writer {
    ph::Store store;
    int64_t inst = 0;
    std::vector<ph::Domain> domains;

    uint32_t add_domain(const std::string &name) {
        ph::Domain d;
        d.id = static_cast<uint32_t>(domains.size() + 1);
        d.name = name;
        size_t sp = name.rfind(' ');
        if (sp != std::string::npos) {
            std::string parent = name.substr(0, sp);
            for (const auto &p : domains)
                if (p.name == parent) {
                    d.has_parent = true;
                    d.parent_id = p.id;
                    d.depth = p.depth + 1;
                }
            d.target = name.substr(sp + 1);
        }
        d.created_ns = kLoadedNs + d.id * 1000000ULL;
        check(store.put_domain(inst, d), "domain");
        domains.push_back(d);
        return d.id;
    }
    void add_path(uint32_t dom, uint32_t type, uint32_t perm, const std::string &path,
                  uint64_t num = 0) {
        ph::AclEntry e;
        e.domain_id = dom;
        e.type = type;
        e.perm = perm;
        e.str[0] = path;
        e.num[0] = num;
        check(store.put_acl(inst, e), "entry");
    }
    static void check(const ph::Result<void> &r, const char *what) {
        if (!r) {
            fprintf(stderr, "ph-editpolicy-fixture: %s: %s\n", what, r.error().message.c_str());
            exit(1);
        }
    }
};

ph::Store open_fresh(const std::string &path) {
    for (const char *suffix : {"", "-wal", "-shm"}) remove((path + suffix).c_str());
    auto s = ph::Store::open(path, true);
    if (!s) {
        fprintf(stderr, "ph-editpolicy-fixture: %s\n", s.error().message.c_str());
        exit(1);
    }
    return std::move(s.value());
}

int64_t begin(Writer &w, uint32_t mode) {
    ph::Status st;
    st.module_version = "0.1.0";
    st.kernel_release = "6.12.117+deb12-amd64";
    st.loaded_ns = kLoadedNs;
    st.mode = mode;
    auto inst = w.store.instance(st);
    if (!inst) {
        fprintf(stderr, "ph-editpolicy-fixture: %s\n", inst.error().message.c_str());
        exit(1);
    }
    return inst.value();
}

int demo(const std::string &path) {
    Writer w{open_fresh(path), 0, {}};
    w.inst = begin(w, PHTRACK_MODE_LEARNING);
    Writer::check(w.store.begin(), "begin");
    const uint32_t R = bit(PHTRACK_PERM_READ), X = bit(PHTRACK_PERM_EXECUTE),
                   W = bit(PHTRACK_PERM_WRITE), G = bit(PHTRACK_PERM_GETATTR);
    const uint32_t P = PHTRACK_ACLT_PATH, N = PHTRACK_ACLT_PATH_NUMBER;
    const std::string k = "<kernel>", init = k + " /sbin/init", rc = init + " /etc/rc.d/rc";
    uint32_t dk = w.add_domain(k);
    w.add_path(dk, P, X | R, "/sbin/init");
    uint32_t di = w.add_domain(init);
    w.add_path(di, P, R, "/etc/inittab");
    w.add_path(di, P, X | R, "/etc/rc.d/rc");
    w.add_path(di, P, X | R, "/lib/phtrack/boot-check");
    uint32_t drc = w.add_domain(rc);
    for (const char *s : {"cron", "httpd", "syslog"})
        w.add_path(drc, P, X | R | G, std::string("/etc/rc.d/init.d/") + s);
    w.add_path(drc, P, R, "/etc/rc.d/rc");
    const std::string cron = rc + " /etc/rc.d/init.d/cron", crond = cron + " /usr/sbin/crond";
    uint32_t dc = w.add_domain(cron);
    w.add_path(dc, P, X | R, "/usr/sbin/crond");
    uint32_t dcd = w.add_domain(crond);
    w.add_path(dcd, P, X | R, "/bin/mkdir");
    w.add_path(dcd, P, X | R, "/bin/sleep");
    w.add_path(dcd, P, X | R | G, "/etc/cron.daily/backup");
    w.add_path(dcd, N, bit(PHTRACK_PERM_MKDIR), "/var/spool/cron/", 0755);
    const std::string backup = crond + " /etc/cron.daily/backup";
    uint32_t db = w.add_domain(backup);
    w.add_path(db, P, X | R, "/bin/tar");
    w.add_path(db, P, X | R, "/usr/libexec/backup/verify");
    w.add_path(db, N, bit(PHTRACK_PERM_MKDIR), "/var/backups/", 0755);
    uint32_t dtar = w.add_domain(backup + " /bin/tar");
    w.add_path(dtar, P, R | G, "/etc/\\*");
    w.add_path(dtar, P, R | G, "/etc/httpd/httpd.conf");
    w.add_path(dtar, P, R | G, "/etc/inittab");
    w.add_path(dtar, P, W, "/var/backups/etc.tar");
    w.add_path(dtar, N, bit(PHTRACK_PERM_CREATE), "/var/backups/etc.tar", 0644);
    uint32_t dv = w.add_domain(backup + " /usr/libexec/backup/verify");
    w.add_path(dv, P, X | R, "/bin/tar");
    w.add_path(dv, P, X | R, "/usr/bin/wc");
    w.add_path(dv, P, W, "/var/backups/etc.tar.count");
    uint32_t dvt = w.add_domain(backup + " /usr/libexec/backup/verify /bin/tar");
    w.add_path(dvt, P, R, "/var/backups/etc.tar");
    w.add_domain(backup + " /usr/libexec/backup/verify /usr/bin/wc");
    const std::string hinit = rc + " /etc/rc.d/init.d/httpd", httpd = hinit + " /usr/sbin/httpd";
    uint32_t dh = w.add_domain(hinit);
    w.add_path(dh, P, X | R, "/usr/sbin/httpd");
    uint32_t dhd = w.add_domain(httpd);
    w.add_path(dhd, P, X | R, "/bin/cat");
    w.add_path(dhd, P, X | R, "/bin/mkdir");
    w.add_path(dhd, P, X | R, "/bin/sleep");
    w.add_path(dhd, P, X | R, "/usr/lib/cgi-bin/status");
    w.add_path(dhd, P, R, "/opt/httpd/bin/httpd-2.4");
    w.add_path(dhd, P, W, "/var/www/status.txt");
    w.add_path(dhd, N, bit(PHTRACK_PERM_CREATE), "/var/www/status.txt", 0644);
    w.add_path(dhd, N, bit(PHTRACK_PERM_MKDIR), "/var/www/", 0755);
    uint32_t dcat = w.add_domain(httpd + " /bin/cat");
    w.add_path(dcat, P, R, "/etc/httpd/httpd.conf");
    w.add_domain(httpd + " /bin/mkdir");
    w.add_domain(httpd + " /bin/sleep");
    const std::string cgi = httpd + " /usr/lib/cgi-bin/status";
    uint32_t dcgi = w.add_domain(cgi);
    w.add_path(dcgi, P, X | R, "/bin/date");
    w.add_path(dcgi, P, X | R, "/bin/uname");
    w.add_domain(cgi + " /bin/date");
    w.add_domain(cgi + " /bin/uname");
    const std::string slog = rc + " /etc/rc.d/init.d/syslog";
    uint32_t ds = w.add_domain(slog);
    w.add_path(ds, P, X | R, "/sbin/syslogd");
    w.add_path(ds, P, X | R, "/usr/bin/logger");
    uint32_t dsd = w.add_domain(slog + " /sbin/syslogd");
    w.add_path(dsd, P, W, "/var/log/messages");
    w.add_path(dsd, PHTRACK_ACLT_UNIX, bit(PHTRACK_PERM_BIND), "/dev/log");
    w.add_domain(slog + " /usr/bin/logger");
    w.add_domain(init + " /lib/phtrack/boot-check");
    // Watched accesses of the resident processes: the store's only record
    // of tasks, which the process view shows offline.
    struct Task {
        uint32_t pid, ppid;
        const char *comm;
        uint32_t dom;
        const char *path;
    } tasks[] = {
        {1, 0, "init", di, "/etc/inittab"},
        {212, 1, "rc", drc, "/etc/rc.d/init.d/httpd"},
        {230, 1, "crond", dcd, "/etc/cron.daily/backup"},
        {260, 1, "httpd", dhd, "/etc/httpd/httpd.conf"},
        {268, 260, "sleep", dhd, "/var/www/status.txt"},
        {301, 1, "syslogd", dsd, "/var/log/messages"},
    };
    uint64_t seq = 0;
    for (const Task &t : tasks) {
        ph::WatchEvent ev;
        ev.seq = ++seq;
        ev.time_ns = kLoadedNs + 5000000000ULL + seq * 1000000ULL;
        ev.pid = ev.tgid = t.pid;
        ev.ppid = t.ppid;
        ev.comm = t.comm;
        ev.domain_id = t.dom;
        ev.watch_id = 1;
        ev.op = PHTRACK_OP_READ;
        ev.path = t.path;
        Writer::check(w.store.put_watch_event(w.inst, ev), "watch event");
    }
    Writer::check(w.store.set_last_seq(w.inst, seq), "last seq");
    Writer::check(w.store.commit(), "commit");
    return 0;
}

int big(size_t ndom, size_t nent, const std::string &path) {
    Writer w{open_fresh(path), 0, {}};
    w.inst = begin(w, PHTRACK_MODE_LEARNING);
    Writer::check(w.store.begin(), "begin");
    // Domain i's parent is (i - 1) / 8: a tree of fan-out 8, names unique.
    std::vector<std::string> names(ndom);
    for (size_t i = 0; i < ndom; ++i) {
        ph::Domain d;
        d.id = static_cast<uint32_t>(i + 1);
        if (i == 0) {
            d.name = "<kernel>";
        } else {
            size_t p = (i - 1) / 8;
            d.name = names[p] + " /usr/bin/prog" + std::to_string(i);
            d.has_parent = true;
            d.parent_id = static_cast<uint32_t>(p + 1);
            d.depth = static_cast<uint32_t>(std::count(d.name.begin(), d.name.end(), ' '));
        }
        names[i] = d.name;
        d.created_ns = kLoadedNs + i;
        Writer::check(w.store.put_domain(w.inst, d), "domain");
    }
    for (size_t k = 0; k < nent; ++k) {
        ph::AclEntry e;
        e.domain_id = static_cast<uint32_t>(k % ndom + 1);
        e.type = PHTRACK_ACLT_PATH;
        e.perm = bit(PHTRACK_PERM_READ) | (k % 3 ? 0 : bit(PHTRACK_PERM_WRITE));
        e.str[0] = "/srv/data/dir" + std::to_string(k % 97) + "/file" + std::to_string(k);
        Writer::check(w.store.put_acl(w.inst, e), "entry");
        if (k % 100000 == 99999) {
            Writer::check(w.store.commit(), "commit");
            Writer::check(w.store.begin(), "begin");
        }
    }
    Writer::check(w.store.commit(), "commit");
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    std::vector<std::string_view> a(argv + 1, argv + argc);
    if (a.size() == 2 && a[0] == "--demo")
        return demo(std::string(a[1]));
    if (a.size() == 4 && a[0] == "--big")
        return big(std::strtoul(std::string(a[1]).c_str(), nullptr, 10),
                   std::strtoul(std::string(a[2]).c_str(), nullptr, 10), std::string(a[3]));
    fprintf(stderr, "usage: ph-editpolicy-fixture --demo FILE | --big DOMAINS ENTRIES FILE\n");
    return 2;
}
