// Tests for the shared policy code: domain names (policy/ph_domainname.c).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

// The policy headers carry their own extern "C" guards; they must not be wrapped in another
// extern "C" block because they include C library headers that are C++-aware.
#include "ph_domainname.h"

namespace {

// ---------------------------------------------------------------------------
// Domains

TEST(PolicyDomain, LastWord) {
    const char *w = nullptr;
    std::string d = "<kernel> /sbin/init /usr/sbin/sshd";
    EXPECT_EQ(ph_domain_last_word(d.data(), d.size(), &w), 14u);
    EXPECT_EQ(std::string(w, 14), "/usr/sbin/sshd");
    EXPECT_EQ(ph_domain_last_word("<kernel>", 8, &w), 8u);
    EXPECT_EQ(std::string(w, 8), "<kernel>");
    EXPECT_EQ(ph_domain_last_word("<kernel> ", 9, &w), 0u);
    EXPECT_EQ(ph_domain_last_word("", 0, &w), 0u);
    // Only the given length is looked at.
    EXPECT_EQ(ph_domain_last_word(d.data(), 19, &w), 10u);
    EXPECT_EQ(std::string(w, 10), "/sbin/init");
}

TEST(PolicyDomain, Valid) {
    auto v = [](std::string_view d) { return ph_domain_valid(d.data(), d.size()); };
    EXPECT_TRUE(v("<kernel>"));
    EXPECT_TRUE(v("<kernel> /sbin/init"));
    EXPECT_TRUE(v("<kernel> /sbin/init /bin/a\\040b"));
    EXPECT_FALSE(v("<kernel>  /sbin/init"));
    EXPECT_FALSE(v("<kernel> /sbin/init "));
    EXPECT_FALSE(v("<kernel> sbin/init"));
    EXPECT_FALSE(v("<kernel> /sbin/\\*"));
    EXPECT_FALSE(v("<kernel>/sbin/init"));
    EXPECT_FALSE(v("<kern"));
    EXPECT_FALSE(v("/sbin/init"));
}

}  // namespace
