#include <gtest/gtest.h>

#include "tomoyo.hpp"

namespace {

using ph::cli::compare_policies;
using ph::cli::parse_domain_policy;

TEST(TomoyoCompare, ParsesAndNormalizesDomainPolicy) {
    auto m = parse_domain_policy(
        "<kernel>\nuse_profile 1\nuse_group 0\n\n"
        "file execute /sbin/init exec.realpath=\"/bin/busybox\" exec.argv[0]=\"/sbin/init\"\n\n"
        "<kernel> /sbin/init\nuse_profile 1\n\nfile read/write /dev/null\n"
        "network unix dgram bind/send /dev/log\nmisc env PATH\n");
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m["<kernel>"], std::set<std::string>{"file execute /sbin/init"});
    EXPECT_EQ(m["<kernel> /sbin/init"],
              (std::set<std::string>{"file read /dev/null", "file write /dev/null",
                                     "network unix dgram bind /dev/log",
                                     "network unix dgram send /dev/log", "misc env PATH"}));
}

TEST(TomoyoCompare, SocketNamesAreNotConditions) {
    // The kernel names a socket's inode socket:[family=1:type=1:protocol=0]
    // (a real-boot store has it); a '=' after a ':' or in a path is a name.
    auto m = parse_domain_policy(
        "<kernel> /usr/sbin/init\n"
        "file getattr socket:[family=1:type=1:protocol=0] task.uid=0\n"
        "file read /tmp/a=b path1.uid=0\n");
    EXPECT_EQ(m["<kernel> /usr/sbin/init"],
              (std::set<std::string>{"file getattr socket:[family=1:type=1:protocol=0]",
                                     "file read /tmp/a=b"}));
}

TEST(TomoyoCompare, PipesAndTerminalsAsTheModuleLearnsThem) {
    // TOMOYO learns each pipe's inode number; the module learns pipe:[\$].
    auto m = parse_domain_policy(
        "<kernel> /bin/tar\n"
        "file getattr pipe:[73]\nfile ioctl pipe:[74] 0x5401\nfile read/write devpts:/3\n"
        "file read devpts:/ptmx\n");
    EXPECT_EQ(m["<kernel> /bin/tar"],
              (std::set<std::string>{"file getattr pipe:[\\$]", "file ioctl pipe:[\\$] 0x5401",
                                     "file read devpts:/\\$", "file write devpts:/\\$",
                                     "file read devpts:/ptmx"}));
}

TEST(TomoyoCompare, ClassifiesDifferences) {
    ph::cli::PolicyMap ph = {
        {"<kernel>", {"file read /init"}},
        {"<kernel> /a",
         {"capability sys_boot", "network unix dgram recv /x", "file read /y", "file read /z"}}};
    ph::cli::PolicyMap to = {{"<kernel>", {}},
                             {"<kernel> /a", {"file read /y", "file write /w"}},
                             {"<kernel> /sbin/modprobe", {}}};
    auto d = compare_policies(ph, to);
    size_t unexplained = 0;
    for (const auto &x : d) unexplained += x.reason.empty();
    // Unexplained: "file write /w" (only TOMOYO) and "file read /z" (only phtrack).
    EXPECT_EQ(d.size(), 6u);
    EXPECT_EQ(unexplained, 2u);
}

}  // namespace
