// phd: the phtrack daemon.  Stores the module's domains, learned entries
// and watch events in SQLite; see phd(8).
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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

namespace {

constexpr const char *kVersion = "0.1.0";

constexpr const char *kUsage =
    "Usage: phd [--foreground] [--db FILE] [--batch N] [--flush-ms MS] [--pidfile FILE]\n"
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

// systemd Type=notify readiness, without linking libsystemd.
void notify_ready() {
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || (path[0] != '/' && path[0] != '@') ||
        strlen(path) >= sizeof(sockaddr_un::sun_path))
        return;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    strncpy(sa.sun_path, path, sizeof(sa.sun_path) - 1);
    if (sa.sun_path[0] == '@')
        sa.sun_path[0] = '\0';
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + strlen(path));
    static const char msg[] = "READY=1";
    (void)sendto(fd, msg, sizeof(msg) - 1, 0, reinterpret_cast<sockaddr *>(&sa), len);
    close(fd);
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
        notify_ready();
        report_start(start_fd, "ok");
        log_line(LOG_INFO, "storing events in " + cfg.db);
        auto r = d.run([] { return g_stop.load(); }, [] { return g_resync.exchange(false); });
        const auto &n = d.counters();
        log_line(LOG_INFO,
                 "stored " + std::to_string(n.stored) + " events (" +
                     std::to_string(n.watch_events) + " watch), learning events missed " +
                     std::to_string(n.lost) + ", audit events lost " +
                     std::to_string(n.audit_lost) + ", audit replays " + std::to_string(n.replays) +
                     ", acknowledgements " + std::to_string(n.acks) + ", malformed " +
                     std::to_string(n.malformed) + ", failed requests " +
                     std::to_string(n.failed_requests) + ", commits " + std::to_string(n.commits));
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
