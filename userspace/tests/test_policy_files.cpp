// Unit tests for ph policy save and load (cli/policy_files.hpp): the checks
// name the file and the line, and save -> load -> save gives the same bytes.
#include <gtest/gtest.h>

#include "linux/phtrack.h"
#include "policy_files.hpp"

using namespace ph;
using namespace ph::cli;

namespace {

Domain dom(uint32_t id, const std::string &name, uint32_t mode) {
    Domain d;
    d.id = id;
    d.name = name;
    d.has_mode = true;
    d.mode = mode;
    return d;
}

AclEntry entry(uint32_t domain, uint32_t type, uint32_t perm, const std::string &s0,
               uint64_t n0 = 0, uint32_t sub = 0) {
    AclEntry e;
    e.domain_id = domain;
    e.type = type;
    e.perm = perm;
    e.sub = sub;
    e.num[0] = n0;
    e.str[0] = s0;
    return e;
}

// What the module would hold after loading `c`: its lines, as the dump gives them.
std::vector<LoadedLine> as_loaded(const CheckedPolicy &c) {
    std::vector<LoadedLine> out;
    for (const auto &l : c.exception) out.push_back({PHTRACK_POLICY_FILE_EXCEPTION, l});
    for (const auto &l : c.domain) out.push_back({PHTRACK_POLICY_FILE_DOMAIN, l});
    return out;
}

SaveInput learned_state() {
    SaveInput in;
    in.domains = {dom(0, "<kernel>", 1), dom(1, "<kernel> /sbin/init", 1),
                  dom(2, "<kernel> /sbin/init /usr/sbin/nginx", 3)};
    in.entries = {
        entry(1, PHTRACK_ACLT_PATH, 1U << PHTRACK_PERM_READ | 1U << PHTRACK_PERM_GETATTR,
              "/etc/passwd"),
        entry(2, PHTRACK_ACLT_PATH_NUMBER, 1U << PHTRACK_PERM_IOCTL, "/dev/null", 0x5401,
              PHTRACK_RADIX_HEX),
        entry(2, PHTRACK_ACLT_CAP, 1, "net_bind_service"),
        entry(2, PHTRACK_ACLT_INET, 1U << PHTRACK_PERM_SEND | 1U << PHTRACK_PERM_RECV, "127.0.0.1",
              53, PHTRACK_SOCK_DGRAM),
    };
    in.transitions = {"initialize_domain /usr/sbin/nginx from any"};
    return in;
}

}  // namespace

TEST(PolicyFiles, SaveWritesTomoyoSyntaxAndMarksExtensions) {
    SavedPolicy s = build_saved_policy(learned_state());
    EXPECT_EQ(s.domain_policy,
              "<kernel>\nuse_profile 1\n\n\n"
              "<kernel> /sbin/init\nuse_profile 1\n\nfile read/getattr /etc/passwd\n\n"
              "<kernel> /sbin/init /usr/sbin/nginx\nuse_profile 3\n\n"
              "file ioctl /dev/null 0x5401\n"
              "network inet dgram send 127.0.0.1 53\n"
              "# phtrack extensions (AKARI/TOMOYO 1.8 syntax; TOMOYO 2.6 lacks them)\n"
              "capability net_bind_service\n"
              "network inet dgram recv 127.0.0.1 53\n\n");
    EXPECT_EQ(s.exception_policy, "initialize_domain /usr/sbin/nginx from any\n");
    EXPECT_EQ(s.profile.rfind("PROFILE_VERSION=20150505\n", 0), 0u);
    EXPECT_NE(s.profile.find("3-CONFIG={ mode=enforcing "), std::string::npos);
    EXPECT_NE(s.manager.find("# no manager"), std::string::npos);
}

TEST(PolicyFiles, ManagerListSavedAndCheckedInOrder) {
    SaveInput in = learned_state();
    in.managers = {"<kernel> /sbin/init /usr/sbin/sshd /usr/bin/bash", "/usr/sbin/ph"};
    SavedPolicy s = build_saved_policy(in);
    EXPECT_EQ(s.manager, "<kernel> /sbin/init /usr/sbin/sshd /usr/bin/bash\n/usr/sbin/ph\n");
    auto checked = check_policy({{"manager.conf", PolicyKind::kManager, s.manager}});
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(checked.value().manager, in.managers);
    EXPECT_EQ(checked.value().manager_lines, 2u);
    EXPECT_FALSE(check_policy({{"manager.conf", PolicyKind::kManager, "/usr/bin/a b\n"}}).ok());
}

TEST(PolicyFiles, SaveLoadSaveIsByteIdentical) {
    SaveInput in = learned_state();
    SavedPolicy first = build_saved_policy(in);
    auto checked =
        check_policy({{"exception_policy.conf", PolicyKind::kException, first.exception_policy},
                      {"domain_policy.conf", PolicyKind::kDomain, first.domain_policy},
                      {"profile.conf", PolicyKind::kProfile, first.profile},
                      {"manager.conf", PolicyKind::kManager, first.manager}});
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    // After the load: the same domains, the learned entries still there, the
    // loaded lines beside them.
    in.loaded = as_loaded(checked.value());
    SavedPolicy second = build_saved_policy(in);
    EXPECT_EQ(second.domain_policy, first.domain_policy);
    EXPECT_EQ(second.exception_policy, first.exception_policy);
    // A fresh module (nothing learned) given the saved files saves them back.
    SaveInput fresh;
    fresh.domains = in.domains;
    fresh.loaded = in.loaded;
    fresh.transitions = in.transitions;
    EXPECT_EQ(build_saved_policy(fresh).domain_policy, first.domain_policy);
}

TEST(PolicyFiles, ChecksNameFileAndLine) {
    auto r = check_policy({{"d.conf", PolicyKind::kDomain,
                            "<kernel>\nuse_profile 1\n\nfile read /x\nfile bogus /y\n"}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("d.conf:5: ", 0), 0u) << r.error().message;
    r = check_policy({{"d.conf", PolicyKind::kDomain, "<kernel>\nuse_profile 4\n"}});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("d.conf:2: use_profile"), std::string::npos);
    r = check_policy({{"d.conf", PolicyKind::kDomain, "file read /x\n"}});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("before the first domain header"), std::string::npos);
    r = check_policy({{"e.conf", PolicyKind::kException, "path_group A /x\nfrobnicate /y\n"}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("e.conf:2: ", 0), 0u) << r.error().message;
    r = check_policy({{"p.conf", PolicyKind::kProfile,
                       "PROFILE_VERSION=20150505\n3-CONFIG={ mode=learning }\n"}});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("p.conf:2: "), std::string::npos);
}

TEST(PolicyFiles, GroupsOfTheExceptionPolicyAndDeleteLines) {
    auto r = check_policy({{"d", PolicyKind::kDomain,
                            "<kernel> /a\nuse_group 0\nfile read @WEB\n"
                            "delete file read  /tmp/x\\*\n"},
                           {"e", PolicyKind::kException,
                            "# groups\npath_group WEB /var/www/\\*\n"
                            "acl_group 0 file getattr /\\{\\*\\}/\\*\n"
                            "number_group TTY 0x5401-0x5414\n"}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto &c = r.value();
    EXPECT_TRUE(c.has_domain && c.has_exception);
    EXPECT_EQ(c.exception, (std::vector<std::string>{"path_group WEB /var/www/\\*",
                                                     "acl_group 0 file getattr /\\{\\*\\}/\\*",
                                                     "number_group TTY 0x5401-0x5414"}));
    EXPECT_EQ(c.domain, (std::vector<std::string>{"<kernel> /a", "use_group 0", "file read @WEB",
                                                  "delete file read /tmp/x\\*"}));
    auto bad = check_policy({{"d", PolicyKind::kDomain, "<kernel> /a\nfile read @NOPE\n"}});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("d:2: unknown path_group"), std::string::npos);
}

TEST(PolicyFiles, KindByNameOrContent) {
    EXPECT_EQ(policy_kind("/x/domain_policy.conf", ""), PolicyKind::kDomain);
    EXPECT_EQ(policy_kind("/x/manager.conf", ""), PolicyKind::kManager);
    EXPECT_EQ(policy_kind("-", "\n# c\n<kernel> /a\n"), PolicyKind::kDomain);
    EXPECT_EQ(policy_kind("-", "PROFILE_VERSION=20150505\n"), PolicyKind::kProfile);
    EXPECT_EQ(policy_kind("/dev/null", ""), PolicyKind::kException);
}

// accept (like recv) is not TOMOYO 2.6: a learned listen/accept is split into
// its listen line and an extension line, so tomoyo-loadpolicy keeps listen.
TEST(PolicyFiles, AcceptIsAnExtension) {
    SaveInput in;
    in.domains = {dom(0, "<kernel>", 1)};
    in.entries = {
        entry(0, PHTRACK_ACLT_INET, 1U << PHTRACK_PERM_LISTEN | 1U << PHTRACK_PERM_ACCEPT,
              "0.0.0.0", 22, PHTRACK_SOCK_STREAM),
        entry(0, PHTRACK_ACLT_UNIX, 1U << PHTRACK_PERM_ACCEPT, "/run/x.sock", 0,
              PHTRACK_SOCK_STREAM),
    };
    EXPECT_EQ(build_saved_policy(in).domain_policy,
              "<kernel>\nuse_profile 1\n\n"
              "network inet stream listen 0.0.0.0 22\n"
              "# phtrack extensions (AKARI/TOMOYO 1.8 syntax; TOMOYO 2.6 lacks them)\n"
              "network inet stream accept 0.0.0.0 22\n"
              "network unix stream accept /run/x.sock\n\n");
}

// With a list for refusals, a bad line is left out and listed (a refused
// domain header takes its lines with it), as tomoyo-loadpolicy skips what
// TOMOYO refuses; the rest is checked as usual.
TEST(PolicyFiles, SkipRefusedListsEveryBadLine) {
    std::vector<RefusedLine> refused;
    auto r = check_policy(
        {{"d", PolicyKind::kDomain,
          "<kernel> /a\nuse_profile 1\nfile read /x\n"
          "file execute /bin/ls exec.realpath=\"/bin/ls\"\n"
          "<kernel> relative\nfile read /y\n"
          "<kernel> /b\nfile read /z\n"},
         {"e", PolicyKind::kException,
          "path_group G /x\naggregator /etc/rc\\?.d/\\?\\+\\+cron /etc/init.d/cron\n"},
         {"p", PolicyKind::kProfile, "PROFILE_VERSION=20150505\n3-CONFIG={ mode=learning }\n"}},
        &refused);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().exception,
              (std::vector<std::string>{"path_group G /x",
                                        "aggregator /etc/rc\\?.d/\\?\\+\\+cron /etc/init.d/cron"}));
    EXPECT_EQ(r.value().domain,
              (std::vector<std::string>{"<kernel> /a", "use_profile 1", "file read /x",
                                        "<kernel> /b", "file read /z"}));
    ASSERT_EQ(refused.size(), 4u);
    EXPECT_EQ(refused[0].where, "p:2");
    EXPECT_NE(refused[0].why.find("profile 3 is mode=enforcing"), std::string::npos);
    EXPECT_EQ(refused[1].where, "d:4");
    EXPECT_EQ(refused[1].why, "conditions (WORD=VALUE) are not supported");
    EXPECT_EQ(refused[2].where, "d:5");
    EXPECT_EQ(refused[3].where, "d:6");
    EXPECT_EQ(refused[3].why, "in a refused domain");
    // Without the list, the first bad line is the error: an aggregator's name
    // may not be a pattern (TOMOYO refuses it too).
    EXPECT_TRUE(check_policy({{"e", PolicyKind::kException, "aggregator /a /b\n"}}).ok());
    EXPECT_FALSE(check_policy({{"e", PolicyKind::kException, "aggregator /a /b\\*\n"}}).ok());
}

TEST(PolicyFiles, SavePatternizedMergesPerBootNames) {
    // ph policy save --patternize: two pipes and two of journald's stream
    // files of one boot become one entry each, the same as the next boot's
    // names would; the loaded lines and the exact save are untouched.
    SaveInput in = learned_state();
    in.entries.push_back(entry(2, PHTRACK_ACLT_PATH, 1U << PHTRACK_PERM_GETATTR, "pipe:[4242]"));
    in.entries.push_back(entry(2, PHTRACK_ACLT_PATH, 1U << PHTRACK_PERM_GETATTR, "pipe:[17]"));
    in.entries.push_back(entry(1, PHTRACK_ACLT_PATH, 1U << PHTRACK_PERM_READ,
                               "/run/systemd/journal/streams/8:1234"));
    in.entries.push_back(
        entry(1, PHTRACK_ACLT_PATH, 1U << PHTRACK_PERM_READ, "/run/systemd/journal/streams/8:99"));
    std::string exact = build_saved_policy(in).domain_policy;
    EXPECT_NE(exact.find("file getattr pipe:[4242]\n"), std::string::npos);
    in.rules = &Patternizer::defaults();
    std::string general = build_saved_policy(in).domain_policy;
    EXPECT_EQ(general.find("pipe:[4242]"), std::string::npos);
    EXPECT_NE(general.find("file getattr pipe:[\\$]\n"), std::string::npos);
    EXPECT_NE(general.find("file read /run/systemd/journal/streams/\\$:\\$\n"), std::string::npos);
    EXPECT_EQ(general.find("/run/systemd/journal/streams/8:"), std::string::npos);
    EXPECT_NE(general.find("file read/getattr /etc/passwd\n"), std::string::npos);
}
