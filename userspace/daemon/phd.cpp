// phd: the phtrack daemon.  Stores the module's domains, learned entries
// and watch events in SQLite; see phd(8).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "daemon.hpp"
#include "notify.hpp"

namespace {

constexpr const char *kVersion = "0.1.0";

constexpr const char *kUsage =
    "Usage: phd [--foreground] [--db FILE] [--batch N] [--flush-ms MS] [--pidfile FILE]\n"
    "           [--keep AGE] [--max-size SIZE] [--min-free SIZE]\n"
    "\n"
    "Store phtrack's domains, learned entries and watch events in SQLite.\n"
    "At start phd re-reads the module's domains and learned entries, so\n"
    "nothing learned while it was down is lost, and asks the module for every\n"
    "watch event it holds after the last one stored; it acknowledges watch\n"
    "events only once their commit is on disk.  Loss is recorded by kind\n"
    "(ph status, ph --db FILE status).\n"
    "\n"
    "Options:\n"
    "  -f, --foreground  stay in the foreground and log to standard error\n"
    "  --db FILE         database (default /var/lib/phtrack/ph.db, mode 0600)\n"
    "  --batch N         most events per transaction (default 65536)\n"
    "  --flush-ms MS     longest an event waits for its commit (default 200)\n"
    "  --pidfile FILE    write the pid there once ready\n"
    "  --keep AGE        prune audit rows older than AGE (90d, 12h, 30m, 45s)\n"
    "  --max-size SIZE   prune the oldest audit rows while the store's pages in\n"
    "                    use exceed SIZE (512M, 2G, 1T; powers of 1024)\n"
    "  --min-free SIZE   below SIZE free on the store's filesystem, store no audit\n"
    "                    events (recorded as lost) until it is back (default 64M;\n"
    "                    0: no floor)\n"
    "  -h, --help        this help\n"
    "  -V, --version     the version\n"
    "\n"
    "Signals: TERM/INT commit and exit; HUP re-reads the module's state.\n"
    "Exit status: 0 after TERM/INT, 1 on an error (logged), 2 on bad usage.\n";

std::atomic<bool> g_stop{false};
std::atomic<bool> g_resync{false};
bool g_foreground = false;

void on_signal(int sig) {
    if (sig == SIGHUP)
        g_resync = true;
    else
        g_stop = true;
}

void log_line(int prio, const std::string &msg) {
    if (g_foreground) {
        fprintf(stderr, "phd: %s\n", msg.c_str());
        fflush(stderr);
    } else {
        syslog(prio, "%s", msg.c_str());
    }
}

bool parse_num(std::string_view s, long &out, long lo, long hi) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size() && out >= lo && out <= hi;
}

int usage_error(const std::string &msg) {
    fprintf(stderr, "phd: %s\nTry 'phd --help'.\n", msg.c_str());
    return 2;
}

// Go to the background before anything is opened (an SQLite connection
// must not cross a fork).  The original process waits on a pipe for the
// daemon's verdict, so a start-up error still reaches the terminal with a
// non-zero exit status.  Returns the pipe's write end in the daemon, or -1
// on failure; the original process never returns.
int daemonize() {
    int p[2];
    if (pipe(p) < 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0) {
        close(p[1]);
        std::string msg;
        char buf[512];
        ssize_t n;
        while ((n = read(p[0], buf, sizeof(buf))) > 0) msg.append(buf, static_cast<size_t>(n));
        if (msg == "ok")
            _exit(0);
        fprintf(stderr, "phd: %s\n", msg.empty() ? "the daemon died while starting" : msg.c_str());
        _exit(1);
    }
    close(p[0]);
    if (setsid() < 0)
        return -1;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0)
        _exit(0);
    umask(077);
    if (chdir("/") < 0)
        return -1;
    int fd = open("/dev/null", O_RDWR);
    if (fd < 0)
        return -1;
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2)
        close(fd);
    return p[1];
}

// Tell the waiting original process how the start went.
void report_start(int fd, const std::string &msg) {
    if (fd < 0)
        return;
    (void)!write(fd, msg.data(), msg.size());
    close(fd);
}

}  // namespace

int main(int argc, char **argv) {
    try {
        ph::daemon::Config cfg;
        std::string pidfile;
        for (int i = 1; i < argc; ++i) {
            std::string_view a = argv[i];
            auto next = [&](const char *what) -> const char * {
                if (i + 1 >= argc)
                    return nullptr;
                (void)what;
                return argv[++i];
            };
            long n = 0;
            if (a == "-f" || a == "--foreground") {
                g_foreground = true;
            } else if (a == "-h" || a == "--help") {
                fputs(kUsage, stdout);
                return 0;
            } else if (a == "-V" || a == "--version") {
                printf("phd %s\n", kVersion);
                return 0;
            } else if (a == "--db") {
                const char *v = next("--db");
                if (!v || !*v)
                    return usage_error("--db needs a file");
                cfg.db = v;
            } else if (a == "--pidfile") {
                const char *v = next("--pidfile");
                if (!v || !*v)
                    return usage_error("--pidfile needs a file");
                pidfile = v;
            } else if (a == "--batch") {
                const char *v = next("--batch");
                if (!v || !parse_num(v, n, 1, 1000000))
                    return usage_error("--batch takes a number from 1 to 1000000");
                cfg.batch = static_cast<size_t>(n);
            } else if (a == "--flush-ms") {
                const char *v = next("--flush-ms");
                if (!v || !parse_num(v, n, 1, 60000))
                    return usage_error("--flush-ms takes a number from 1 to 60000");
                cfg.flush_ms = static_cast<int>(n);
            } else if (a == "--keep") {
                const char *v = next("--keep");
                auto d = v ? ph::daemon::parse_duration(v) : std::nullopt;
                if (!d || *d == 0)
                    return usage_error("--keep takes an age such as 90d, 12h, 30m or 45s");
                cfg.upkeep.retention.keep_ns = *d;
            } else if (a == "--max-size" || a == "--min-free") {
                const char *v = next("--max-size");
                auto b = v ? ph::daemon::parse_size(v) : std::nullopt;
                if (!b || (a == "--max-size" && *b < (1ULL << 20)))
                    return usage_error(std::string(a) +
                                       " takes a size such as 64M or 2G (--max-size: at least "
                                       "1M)");
                (a == "--max-size" ? cfg.upkeep.retention.max_bytes : cfg.upkeep.min_free) = *b;
            } else {
                return usage_error("unknown argument '" + std::string(a) + "'");
            }
        }
        if (!g_foreground)
            openlog("phd", LOG_PID, LOG_DAEMON);

        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;  // no SA_RESTART: poll() returns on a signal
        sigaction(SIGTERM, &sa, nullptr);
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGHUP, &sa, nullptr);
        signal(SIGPIPE, SIG_IGN);

        int start_fd = -1;
        if (!g_foreground) {
            start_fd = daemonize();
            if (start_fd < 0) {
                fprintf(stderr, "phd: cannot go to the background: %s\n", strerror(errno));
                return 1;
            }
        }
        ph::daemon::Daemon d(cfg, log_line);
        if (auto r = d.start(); !r) {
            if (start_fd >= 0)
                report_start(start_fd, r.error().message);
            else
                fprintf(stderr, "phd: %s\n", r.error().message.c_str());
            return 1;
        }
        if (!pidfile.empty()) {
            FILE *f = fopen(pidfile.c_str(), "w");
            if (f) {
                fprintf(f, "%d\n", static_cast<int>(getpid()));
                fclose(f);
            } else {
                log_line(LOG_WARNING, "cannot write " + pidfile + ": " + strerror(errno));
            }
        }
        // Type=notify: ready once the store is open and the module's
        // state re-read; the watchdog is pinged from the event loop, so a
        // loop that stops turning is restarted by systemd.
        ph::daemon::Notifier notifier;
        if (auto nr = notifier.send("READY=1\nSTATUS=storing events in " + cfg.db); !nr)
            log_line(LOG_WARNING, nr.error().message);
        report_start(start_fd, "ok");
        std::string limits;
        if (cfg.upkeep.retention.keep_ns)
            limits += ", keeping audit rows for " +
                      std::to_string(cfg.upkeep.retention.keep_ns / 1000000000ULL) + " s";
        if (cfg.upkeep.retention.max_bytes)
            limits += ", at most " + std::to_string(cfg.upkeep.retention.max_bytes >> 20) + " MiB";
        limits += cfg.upkeep.min_free
                      ? ", free-space floor " + std::to_string(cfg.upkeep.min_free >> 20) + " MiB"
                      : ", no free-space floor";
        log_line(LOG_INFO,
                 "ready: storing events in " + cfg.db + limits +
                     (notifier.watchdog_ms() > 0
                          ? ", watchdog every " + std::to_string(notifier.watchdog_ms() / 2) + " ms"
                          : ""));
        bool ping_warned = false;
        auto r = d.run(
            [&] {
                if (auto pr = notifier.ping_if_due(); !pr && !ping_warned) {
                    ping_warned = true;
                    log_line(LOG_WARNING, pr.error().message);
                }
                return g_stop.load();
            },
            [] { return g_resync.exchange(false); });
        (void)notifier.send("STOPPING=1\nSTATUS=storing the final state");
        const auto &n = d.counters();
        log_line(LOG_INFO, "stored " + std::to_string(n.stored) + " events (" +
                               std::to_string(n.watch_events) + " watch), learning events missed " +
                               std::to_string(n.lost) + ", audit events lost " +
                               std::to_string(n.audit_lost) + ", audit replays " +
                               std::to_string(n.replays) + ", acknowledgements " +
                               std::to_string(n.acks) + ", malformed " +
                               std::to_string(n.malformed) + ", failed requests " +
                               std::to_string(n.failed_requests) + ", commits " +
                               std::to_string(n.commits) + ", not stored (floor) " +
                               std::to_string(n.unstored) + ", pruned " + std::to_string(n.pruned) +
                               ", failed store writes " + std::to_string(n.store_failures));
        if (!pidfile.empty())
            unlink(pidfile.c_str());
        if (!r) {
            log_line(LOG_ERR, r.error().message);
            return 1;
        }
        return 0;
    } catch (const std::exception &e) {
        fprintf(stderr, "phd: internal error: %s\n", e.what());
        return 1;
    }
}
