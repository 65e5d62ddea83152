// systemd's notification protocol; see notify.hpp.
#include "notify.hpp"

#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace ph::daemon {

namespace {

bool parse_u64(const char *s, uint64_t &out) {
    if (!s || !*s)
        return false;
    const char *end = s + strlen(s);
    auto [p, ec] = std::from_chars(s, end, out);
    return ec == std::errc() && p == end;
}

}  // namespace

Notifier::Notifier() {
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || (path[0] != '/' && path[0] != '@'))
        return;
    size_t len = strlen(path);
    if (len < 2 || len >= sizeof(addr_.sun_path))
        return;
    addr_.sun_family = AF_UNIX;
    memcpy(addr_.sun_path, path, len);
    if (addr_.sun_path[0] == '@')
        addr_.sun_path[0] = '\0';  // abstract namespace
    addr_len_ = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len);
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0)
        return;
    uint64_t usec = 0, pid = 0;
    if (parse_u64(getenv("WATCHDOG_USEC"), usec) && usec > 0) {
        // WATCHDOG_PID, when set, names the process the watchdog is for.
        const char *p = getenv("WATCHDOG_PID");
        if (!p || (parse_u64(p, pid) && pid == static_cast<uint64_t>(getpid())))
            watchdog_ms_ = usec < 2000 ? 1 : static_cast<int64_t>(usec / 1000);
    }
}

Notifier::~Notifier() {
    if (fd_ >= 0)
        close(fd_);
}

Result<void> Notifier::send(std::string_view msg) {
    if (fd_ < 0)
        return {};
    ssize_t n = sendto(fd_, msg.data(), msg.size(), MSG_NOSIGNAL,
                       reinterpret_cast<const sockaddr *>(&addr_), addr_len_);
    if (n < 0)
        return Error{errno, "notifying systemd: " + std::string(strerror(errno))};
    return {};
}

Result<void> Notifier::ping_if_due() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now_ms = static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
    if (fd_ < 0 || watchdog_ms_ == 0 || now_ms - last_ping_ms_ < watchdog_ms_ / 2)
        return {};
    last_ping_ms_ = now_ms;
    return send("WATCHDOG=1");
}

}  // namespace ph::daemon
