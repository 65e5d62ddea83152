// systemd's notification protocol (sd_notify(3)), without libsystemd: one
// datagram per message to the AF_UNIX socket named by $NOTIFY_SOCKET.  Used
// by phd for Type=notify readiness, STATUS=, STOPPING=1 and the watchdog
// ping (WatchdogSec=, announced as $WATCHDOG_USEC and $WATCHDOG_PID).
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "result.hpp"

namespace ph::daemon {

class Notifier {
  public:
    /// Reads $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID; without a
    /// usable socket every call below does nothing and succeeds.
    Notifier();
    ~Notifier();
    Notifier(const Notifier &) = delete;
    Notifier &operator=(const Notifier &) = delete;

    bool enabled() const { return fd_ >= 0; }
    /// Sends one message ("READY=1", "STATUS=...", "STOPPING=1").
    Result<void> send(std::string_view msg);
    /// The watchdog interval in milliseconds, 0 without a watchdog.
    int64_t watchdog_ms() const { return watchdog_ms_; }
    /// Sends "WATCHDOG=1" when half the interval has passed since the last
    /// ping (CLOCK_MONOTONIC).
    Result<void> ping_if_due();

  private:
    int fd_ = -1;
    sockaddr_un addr_{};
    socklen_t addr_len_ = 0;
    int64_t watchdog_ms_ = 0;
    int64_t last_ping_ms_ = 0;
};

}  // namespace ph::daemon
