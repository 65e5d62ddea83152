// Unit tests for phd's sd_notify client (daemon/notify.hpp): the messages
// reach a datagram socket named by $NOTIFY_SOCKET, and the watchdog
// interval follows $WATCHDOG_USEC and $WATCHDOG_PID.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "notify.hpp"

using ph::daemon::Notifier;

namespace {

// A bound datagram socket standing in for systemd's notification socket.
class FakeSystemd {
  public:
    FakeSystemd() {
        char dir[] = "/tmp/ph-notify-XXXXXX";
        EXPECT_NE(mkdtemp(dir), nullptr);
        dir_ = dir;
        path_ = dir_ + "/notify";
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        strncpy(sa.sun_path, path_.c_str(), sizeof(sa.sun_path) - 1);
        EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr *>(&sa), sizeof(sa)), 0);
        setenv("NOTIFY_SOCKET", path_.c_str(), 1);
    }
    ~FakeSystemd() {
        unsetenv("NOTIFY_SOCKET");
        unsetenv("WATCHDOG_USEC");
        unsetenv("WATCHDOG_PID");
        close(fd_);
        unlink(path_.c_str());
        rmdir(dir_.c_str());
    }
    // The next message, or "" when none is waiting.
    std::string next() {
        char buf[512];
        ssize_t n = recv(fd_, buf, sizeof(buf), MSG_DONTWAIT);
        return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
    }

  private:
    std::string dir_, path_;
    int fd_ = -1;
};

}  // namespace

TEST(Notifier, WithoutSocketDoesNothing) {
    unsetenv("NOTIFY_SOCKET");
    Notifier n;
    EXPECT_FALSE(n.enabled());
    EXPECT_TRUE(n.send("READY=1").ok());
    EXPECT_EQ(n.watchdog_ms(), 0);
}

TEST(Notifier, SendsReadyAndStatus) {
    FakeSystemd sd;
    Notifier n;
    ASSERT_TRUE(n.enabled());
    ASSERT_TRUE(n.send("READY=1\nSTATUS=storing").ok());
    EXPECT_EQ(sd.next(), "READY=1\nSTATUS=storing");
    EXPECT_EQ(sd.next(), "");
}

TEST(Notifier, WatchdogPingsAtHalfTheInterval) {
    FakeSystemd sd;
    setenv("WATCHDOG_USEC", "60000000", 1);
    setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
    Notifier n;
    EXPECT_EQ(n.watchdog_ms(), 60000);
    ASSERT_TRUE(n.ping_if_due().ok());
    EXPECT_EQ(sd.next(), "WATCHDOG=1");
    // The next ping is 30 s away.
    ASSERT_TRUE(n.ping_if_due().ok());
    EXPECT_EQ(sd.next(), "");
}

TEST(Notifier, WatchdogForAnotherPidIsIgnored) {
    FakeSystemd sd;
    setenv("WATCHDOG_USEC", "60000000", 1);
    setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
    Notifier n;
    EXPECT_EQ(n.watchdog_ms(), 0);
    ASSERT_TRUE(n.ping_if_due().ok());
    EXPECT_EQ(sd.next(), "");
}

TEST(Notifier, RelativeOrOverlongPathsAreRefused) {
    setenv("NOTIFY_SOCKET", "relative/path", 1);
    EXPECT_FALSE(Notifier().enabled());
    setenv("NOTIFY_SOCKET", std::string(200, '/').c_str(), 1);
    EXPECT_FALSE(Notifier().enabled());
    unsetenv("NOTIFY_SOCKET");
}
