#include <gtest/gtest.h>

#include "linux/phtrack.h"
#include "profile.hpp"

namespace {

ph::Domain dom(uint32_t id, std::string name) {
    ph::Domain d;
    d.id = id;
    d.name = std::move(name);
    return d;
}

ph::AclEntry read_entry(uint32_t dom_id, std::string path) {
    ph::AclEntry e;
    e.domain_id = dom_id;
    e.type = PHTRACK_ACLT_PATH;
    e.perm = 1u << PHTRACK_PERM_READ;
    e.str[0] = std::move(path);
    return e;
}

TEST(Profile, SubtreeOfAProgramAndRoundTrip) {
    std::vector<ph::Domain> ds = {dom(0, "<kernel>"), dom(1, "<kernel> /sbin/init"),
                                  dom(2, "<kernel> /sbin/init /usr/sbin/httpd"),
                                  dom(3, "<kernel> /sbin/init /usr/sbin/httpd /bin/cat"),
                                  dom(4, "<kernel> /sbin/init /usr/sbin/httpdx")};
    std::vector<ph::AclEntry> es = {read_entry(2, "/etc/httpd.conf"), read_entry(3, "/var/www/x"),
                                    read_entry(4, "/secret"), read_entry(1, "/etc/inittab")};
    auto p = ph::cli::build_profile(ds, es, "/usr/sbin/httpd");
    ASSERT_EQ(p.domains.size(), 2u);
    std::string text = ph::cli::render_profile(p);
    EXPECT_EQ(text,
              "/usr/sbin/httpd\n  file read /etc/httpd.conf\n\n"
              "/usr/sbin/httpd /bin/cat\n  file read /var/www/x\n\n");
    auto back = ph::cli::parse_profile("# header\n\n" + text);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value().domains, p.domains);
}

TEST(Profile, AServiceStartedFromTwoPlacesMerges) {
    std::vector<ph::Domain> ds = {dom(1, "<kernel> /sbin/init /etc/rc /usr/sbin/httpd"),
                                  dom(2, "<kernel> /bin/sh /usr/sbin/httpd")};
    std::vector<ph::AclEntry> es = {read_entry(1, "/a"), read_entry(2, "/b")};
    auto p = ph::cli::build_profile(ds, es, "/usr/sbin/httpd");
    ASSERT_EQ(p.domains.size(), 1u);
    EXPECT_EQ(p.domains["/usr/sbin/httpd"].size(), 2u);
    EXPECT_EQ(p.roots.size(), 2u);
}

TEST(Profile, DiffShowsAddedRemovedDomainsAndEntries) {
    ph::cli::Profile a, b;
    a.domains["<kernel> /x"] = {"file read /a", "file read /b"};
    a.domains["<kernel> /x /old"] = {};
    b.domains["<kernel> /x"] = {"file read /b", "file read /c"};
    b.domains["<kernel> /x /new"] = {"misc env PATH"};
    size_t n = 0;
    std::string d = ph::cli::diff_profiles(a, b, &n);
    EXPECT_EQ(d,
              "  <kernel> /x\n  - file read /a\n  + file read /c\n"
              "+ <kernel> /x /new\n  + misc env PATH\n"
              "- <kernel> /x /old\n");
    EXPECT_EQ(n, 6u);
    EXPECT_EQ(ph::cli::diff_profiles(a, a, &n), "");
    EXPECT_EQ(n, 0u);
}

TEST(Profile, ParseRejectsGarbage) {
    EXPECT_FALSE(ph::cli::parse_profile("<kernel> /x\nnot indented\n").ok());
}

}  // namespace
