// ph profile export --format tomoyo|dot (cli/profile.cpp, cli/profile_dot.cpp).
#include <gtest/gtest.h>

#include "profile.hpp"
#include "profile_diff.hpp"
#include "profile_dot.hpp"

namespace {

ph::cli::Profile sample() {
    ph::cli::Profile p;
    p.roots = {"<kernel> /sbin/init /usr/sbin/httpd"};
    p.domains["/usr/sbin/httpd"] = {"file read /etc/httpd.conf", "file read /usr/lib/libx.so.\\$"};
    p.domains["/usr/sbin/httpd /bin/cat"] = {"file read /var/www/\"q\""};
    p.domains["/usr/sbin/httpd /bin/sh"] = {};
    return p;
}

}  // namespace

TEST(ProfileFormats, TomoyoUsesFullNamesAndReadsBack) {
    std::string t = ph::cli::render_profile_tomoyo(sample());
    EXPECT_EQ(t,
              "<kernel> /sbin/init /usr/sbin/httpd\n"
              "file read /etc/httpd.conf\nfile read /usr/lib/libx.so.\\$\n\n"
              "<kernel> /sbin/init /usr/sbin/httpd /bin/cat\nfile read /var/www/\"q\"\n\n"
              "<kernel> /sbin/init /usr/sbin/httpd /bin/sh\n\n");
    // ph profile diff reads it as a TOMOYO domain policy.
    bool policy = false;
    auto back = ph::cli::parse_profile_or_policy(t, &policy);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(policy);
    EXPECT_EQ(back.value().domains.size(), 3u);
    EXPECT_EQ(back.value().domains["<kernel> /sbin/init /usr/sbin/httpd"].size(), 2u);
}

TEST(ProfileFormats, TomoyoRepeatsTheDomainsForEachRoot) {
    auto p = sample();
    p.roots.insert("<kernel> /bin/sh /usr/sbin/httpd");
    std::string t = ph::cli::render_profile_tomoyo(p);
    EXPECT_NE(t.find("<kernel> /bin/sh /usr/sbin/httpd /bin/cat\n"), std::string::npos);
    EXPECT_NE(t.find("<kernel> /sbin/init /usr/sbin/httpd /bin/cat\n"), std::string::npos);
}

TEST(ProfileFormats, DotHasDomainsEdgesAndEscapedAccesses) {
    std::string d = ph::cli::render_profile_dot(sample(), "/usr/sbin/httpd");
    EXPECT_EQ(d.rfind("digraph profile {\n", 0), 0u);
    EXPECT_EQ(d.substr(d.size() - 2), "}\n");
    // Tree order: httpd (d0), then cat (d1) and sh (d2), both run by httpd.
    EXPECT_NE(d.find("d0 [shape=box"), std::string::npos);
    EXPECT_NE(d.find("label=\"/usr/sbin/httpd\\n2 entries\""), std::string::npos);
    EXPECT_NE(d.find("label=\"/bin/cat\\n1 entry\""), std::string::npos);
    EXPECT_NE(d.find("  d0 -> d1;\n"), std::string::npos);
    EXPECT_NE(d.find("  d0 -> d2;\n"), std::string::npos);
    EXPECT_EQ(d.find("-> d0;"), std::string::npos);
    // Accesses: one left-justified line each; '\' and '"' escaped.
    EXPECT_NE(d.find("file read /etc/httpd.conf\\lfile read /usr/lib/libx.so.\\\\$\\l"),
              std::string::npos);
    EXPECT_NE(d.find("file read /var/www/\\\"q\\\"\\l"), std::string::npos);
    // A domain without accesses has no note.
    EXPECT_EQ(d.find("a2 ["), std::string::npos);
}

TEST(ProfileFormats, DotEscapeDropsControlCharacters) {
    EXPECT_EQ(ph::cli::dot_escape("a\"b\\c\nd\x7f"), "a\\\"b\\\\cd");
}

TEST(ProfileFormats, DiffDotColoursTheChangedDomains) {
    ph::cli::Profile a = sample(), b = sample();
    b.domains.erase("/usr/sbin/httpd /bin/sh");                                    // removed
    b.domains["/usr/sbin/httpd /bin/date"] = {"misc env TZ"};                      // added
    b.domains["/usr/sbin/httpd"].insert("network inet stream bind 127.0.0.1 80");  // changed
    auto d = ph::cli::compare_profiles(a, b);
    std::string g = ph::cli::render_diff_dot(a, b, d, "a -> b");
    // Tree order: httpd d0, cat d1, date d2, sh d3 (the removed one is drawn).
    EXPECT_NE(g.find("d0 [shape=box, style=filled, fillcolor=\"#f5e3b3\""), std::string::npos);
    EXPECT_NE(g.find("d1 [shape=box, style=filled, fillcolor=\"#dde8f5\""), std::string::npos);
    EXPECT_NE(g.find("d2 [shape=box, style=filled, fillcolor=\"#c8f0c8\""), std::string::npos);
    EXPECT_NE(g.find("d3 [shape=box, style=filled, fillcolor=\"#f5c8c8\""), std::string::npos);
    // Notes hold the changes only; an unchanged domain has none.
    EXPECT_NE(g.find("a0 [shape=note, label=\"+ network inet stream bind 127.0.0.1 80\\l\"]"),
              std::string::npos);
    EXPECT_EQ(g.find("a1 ["), std::string::npos);
    EXPECT_NE(g.find("a2 [shape=note, label=\"+ misc env TZ\\l\"]"), std::string::npos);
    EXPECT_NE(g.find("  d0 -> d3;\n"), std::string::npos);
}
