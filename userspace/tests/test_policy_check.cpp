// Unit tests for ph policy check of a domain policy (cli/policy.hpp): the
// output of ph acl --all must parse back, and a forged header must not.
#include <gtest/gtest.h>

#include "policy.hpp"

using ph::cli::check_domain_policy;
using ph::cli::is_domain_policy;

TEST(PolicyCheck, DomainPolicyIsRecognized) {
    EXPECT_TRUE(is_domain_policy("# comment\n\n<kernel>\nuse_profile 0\n"));
    EXPECT_FALSE(is_domain_policy("initialize_domain /usr/sbin/sshd\n"));
    EXPECT_FALSE(is_domain_policy(""));
}

TEST(PolicyCheck, AclDumpParsesBack) {
    const std::string text =
        "<kernel>\nuse_profile 0\n\n"
        "file mount none /tmp/mnt x\\012<kernel>\\040/fake\\012file\\040write 0x0\n"
        "capability kill\n\n"
        "<kernel> /sbin/init /tmp/h/prog\\012<kernel>\\040/fake\\033[2J\\040x\n"
        "use_profile 0\n"
        "# quota reached: some accesses were not learned\n\n"
        "misc env nl\\012<kernel>\\040/fake\n"
        "network unix stream bind/listen /tmp/h/unix/esc\\033[2J\n";
    auto r = check_domain_policy("acl", text);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().domains, 2u);
    EXPECT_EQ(r.value().entries, 4u);
}

TEST(PolicyCheck, RefusesWhatAnUnescapedNameWouldForge) {
    struct Case {
        const char *text;
        const char *why;
    } cases[] = {
        {"<kernel>\nuse_profile 0\n<kernel>\n", "seen twice"},
        {"<kernel>\nfile read /a  b\n", "canonical"},
        {"<kernel>\nfile read /a\x1b[2J\n", "canonical"},
        {"<kernel>\nfile read /a\\101\n", "canonical"},
        {"<kernel>\nfrob /a\n", "not a domain policy entry"},
        {"<kernel>\nfile\n", "not a domain policy entry"},
        {"<kernel>\nuse_profile x\n", "use_profile"},
        {"<kernel>\nuse_profile 256\n", "use_profile"},
        {"<kernel> relative\n", "invalid domain name"},
        {"<kernel>\\040/fake\n", "invalid domain name"},
    };
    for (const auto &c : cases) {
        auto r = check_domain_policy("f", c.text);
        ASSERT_FALSE(r.ok()) << c.text;
        EXPECT_NE(r.error().message.find(c.why), std::string::npos) << r.error().message;
        EXPECT_EQ(r.error().message.find('\x1b'), std::string::npos) << "raw ESC in the error";
    }
    auto r = check_domain_policy("f", "file read /a\n");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("f:1: entry before the first domain header"),
              std::string::npos);
}
