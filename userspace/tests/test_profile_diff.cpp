// ph profile diff: both ways, per domain, keyed on objects (profile_diff.hpp).
#include <gtest/gtest.h>

#include "profile.hpp"
#include "profile_diff.hpp"

namespace {

using ph::cli::compare_profiles;
using ph::cli::DomainDiff;
using ph::cli::Profile;

Profile before() {
    Profile p;
    p.domains["/usr/sbin/svc"] = {"file read /etc/svc/svc.conf", "file read /etc/ssl/openssl.cnf",
                                  "file read /usr/lib/libsvc.so.\\$.\\$",
                                  "network inet stream bind 0.0.0.0 8000"};
    p.domains["/usr/sbin/svc /bin/sh"] = {"file execute /bin/sh"};
    return p;
}

TEST(ProfileDiff, SplitsPermissionsFromObjects) {
    auto k = ph::cli::split_entry("file read/write /etc/x");
    EXPECT_EQ(k.key, "file /etc/x");
    EXPECT_EQ(k.perms, (std::set<std::string>{"read", "write"}));
    EXPECT_EQ(k.objects, (std::vector<std::string>{"/etc/x"}));
    auto n = ph::cli::split_entry("network inet stream bind/listen 0.0.0.0 80");
    EXPECT_EQ(n.key, "network inet stream 0.0.0.0 80");
    EXPECT_EQ(n.perms, (std::set<std::string>{"bind", "listen"}));
    auto m = ph::cli::split_entry("misc env PATH");
    EXPECT_EQ(m.key, "misc env PATH");
    EXPECT_TRUE(m.perms.empty());
}

TEST(ProfileDiff, BothWaysAndWidened) {
    Profile a = before(), b = before();
    b.domains["/usr/sbin/svc"] = {"file read /etc/svc/svc.conf", "file read /etc/svc/extra.conf",
                                  "file read/write /usr/lib/libsvc.so.\\$.\\$",
                                  "network inet stream bind 0.0.0.0 8000",
                                  "network inet stream bind 0.0.0.0 8001"};
    b.domains.erase("/usr/sbin/svc /bin/sh");
    b.domains["/usr/sbin/svc /bin/cat"] = {"file read /etc/hosts"};
    auto d = compare_profiles(a, b);
    ASSERT_EQ(d.domains.size(), 3u);
    const DomainDiff &svc = d.domains[0];
    EXPECT_EQ(svc.name, "/usr/sbin/svc");
    EXPECT_EQ(svc.status, DomainDiff::kChanged);
    EXPECT_EQ(svc.added, (std::vector<std::string>{"file read /etc/svc/extra.conf",
                                                   "network inet stream bind 0.0.0.0 8001"}));
    EXPECT_EQ(svc.removed, (std::vector<std::string>{"file read /etc/ssl/openssl.cnf"}));
    ASSERT_EQ(svc.widened.size(), 1u);  // not a - and a +
    EXPECT_EQ(svc.widened[0].old_line, "file read /usr/lib/libsvc.so.\\$.\\$");
    EXPECT_EQ(svc.widened[0].new_line, "file read/write /usr/lib/libsvc.so.\\$.\\$");
    EXPECT_EQ(d.domains[1].name, "/usr/sbin/svc /bin/cat");
    EXPECT_EQ(d.domains[1].status, DomainDiff::kAdded);
    EXPECT_EQ(d.domains[2].status, DomainDiff::kRemoved);
    EXPECT_EQ(d.domains[2].removed, (std::vector<std::string>{"file execute /bin/sh"}));

    // The other way round: the mirror image, widened becomes narrowed.
    auto r = compare_profiles(b, a);
    ASSERT_EQ(r.domains.size(), 3u);
    EXPECT_EQ(r.domains[0].added, svc.removed);
    EXPECT_EQ(r.domains[0].removed, svc.added);
    ASSERT_EQ(r.domains[0].narrowed.size(), 1u);
    EXPECT_TRUE(r.domains[0].widened.empty());
    EXPECT_EQ(r.domains[1].status, DomainDiff::kRemoved);
    EXPECT_EQ(r.domains[2].status, DomainDiff::kAdded);

    size_t lines = 0;
    EXPECT_EQ(ph::cli::render_diff(d, &lines),
              "  /usr/sbin/svc\n"
              "  - file read /etc/ssl/openssl.cnf\n"
              "  + file read /etc/svc/extra.conf\n"
              "  + network inet stream bind 0.0.0.0 8001\n"
              "  ^ file read/write /usr/lib/libsvc.so.\\$.\\$ (was read)\n"
              "+ /usr/sbin/svc /bin/cat\n"
              "  + file read /etc/hosts\n"
              "- /usr/sbin/svc /bin/sh\n"
              "  - file execute /bin/sh\n");
    EXPECT_EQ(lines, 9u);
    EXPECT_TRUE(compare_profiles(a, a).empty());
}

TEST(ProfileDiff, MixedPermissionChangeIsChanged) {
    Profile a, b;
    a.domains["/x"] = {"file read/write /f"};
    b.domains["/x"] = {"file read/execute /f"};
    auto d = compare_profiles(a, b);
    ASSERT_EQ(d.domains.size(), 1u);
    ASSERT_EQ(d.domains[0].changed.size(), 1u);
    EXPECT_TRUE(d.domains[0].added.empty() && d.domains[0].removed.empty());
}

TEST(ProfileDiff, LineOrderAndSplitLinesDoNotMatter) {
    // TOMOYO writes one permission per line; the export joins them.
    Profile a, b;
    a.domains["/x"] = {"file read/write /f", "file getattr /g"};
    b.domains["/x"] = {"file getattr /g", "file write /f", "file read /f"};
    EXPECT_TRUE(compare_profiles(a, b).empty());
}

TEST(ProfileDiff, IgnoreLeavesMatchingObjectsOut) {
    Profile a = before(), b = before();
    b.domains["/usr/sbin/svc"].insert("file read /var/cache/svc/a1b2");
    b.domains["/usr/sbin/svc"].insert("file create /var/cache/svc/new 0600");
    EXPECT_EQ(compare_profiles(a, b).domains.size(), 1u);
    EXPECT_TRUE(compare_profiles(a, b, {"/var/cache/svc/\\*"}).empty());
    auto d = compare_profiles(a, b, {"/var/cache/svc/\\x\\x\\x\\x"});
    ASSERT_EQ(d.domains.size(), 1u);
    EXPECT_EQ(d.domains[0].added,
              (std::vector<std::string>{"file create /var/cache/svc/new 0600"}));
    EXPECT_TRUE(ph::cli::valid_ignore_pattern("/tmp/\\*"));
    EXPECT_FALSE(ph::cli::valid_ignore_pattern("tmp"));
}

TEST(ProfileDiff, JsonHasEveryField) {
    Profile a, b;
    a.domains["/x"] = {"file read /f", "file read /gone"};
    b.domains["/x"] = {"file read/write /f", "file read /new"};
    b.domains["/x /y"] = {};
    EXPECT_EQ(ph::cli::render_diff_json(compare_profiles(a, b)),
              "{\"changed\":true,\"domains_added\":1,\"domains_removed\":0,\"entries_changed\":3,"
              "\"domains\":[{\"name\":\"/x\",\"status\":\"changed\",\"added\":[\"file read /new\"],"
              "\"removed\":[\"file read /gone\"],\"widened\":[{\"entry\":\"file read/write /f\","
              "\"was\":\"file read /f\"}],\"narrowed\":[],\"changed\":[]},{\"name\":\"/x /y\","
              "\"status\":\"added\",\"added\":[],\"removed\":[],\"widened\":[],\"narrowed\":[],"
              "\"changed\":[]}]}");
    EXPECT_EQ(ph::cli::render_diff_json(compare_profiles(a, a)),
              "{\"changed\":false,\"domains_added\":0,\"domains_removed\":0,\"entries_changed\":0,"
              "\"domains\":[]}");
}

TEST(ProfileDiff, ReadsTomoyoDomainPolicies) {
    bool policy = false;
    auto p = ph::cli::parse_profile_or_policy(
        "<kernel> /sbin/init\nuse_profile 1\nuse_group 0\n\nfile read /etc/a\nfile write /etc/a\n"
        "<kernel> /sbin/init /bin/sh\nquota_exceeded\n",
        &policy);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_TRUE(policy);
    ASSERT_EQ(p.value().domains.size(), 2u);
    EXPECT_EQ(p.value().domains.at("<kernel> /sbin/init").size(), 2u);
    EXPECT_TRUE(p.value().domains.at("<kernel> /sbin/init /bin/sh").empty());
    Profile q;
    q.domains["<kernel> /sbin/init"] = {"file read/write /etc/a"};
    q.domains["<kernel> /sbin/init /bin/sh"] = {};
    EXPECT_TRUE(compare_profiles(p.value(), q).empty());
    auto e = ph::cli::parse_profile_or_policy("/usr/sbin/svc\n  file read /a\n", &policy);
    ASSERT_TRUE(e.ok());
    EXPECT_FALSE(policy);
    EXPECT_FALSE(ph::cli::parse_profile_or_policy("garbage\n").ok());
}

}  // namespace
