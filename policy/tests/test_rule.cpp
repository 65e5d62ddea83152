// Tests for the shared policy code: transition rules (policy/ph_rule.c).
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

// The policy headers carry their own extern "C" guards; they must not be wrapped in another
// extern "C" block because they include C library headers that are C++-aware.
#include "ph_pattern.h"
#include "ph_rule.h"

namespace {

std::string Format(const ph_tr_rule *r) {
    size_t need = ph_tr_rule_format(r, nullptr, 0);
    std::string out(need + 1, '\0');
    EXPECT_EQ(ph_tr_rule_format(r, out.data(), out.size()), need);
    out.resize(need);
    return out;
}

// Owns one parsed rule.
struct Rule {
    ph_tr_rule *r = nullptr;
    int ret = 0;
    const char *err = nullptr;
    explicit Rule(std::string_view line) {
        ret = ph_tr_parse_line(line.data(), line.size(), &r, &err);
    }
    ~Rule() { ph_tr_rule_free(r); }
    Rule(const Rule &) = delete;
    Rule &operator=(const Rule &) = delete;
};

// Owns a policy.
struct Policy {
    ph_tr_policy p;
    unsigned int bad_line = 12345;
    const char *err = nullptr;
    Policy() { ph_tr_policy_init(&p); }
    ~Policy() { ph_tr_policy_free(&p); }
    Policy(const Policy &) = delete;
    Policy &operator=(const Policy &) = delete;
    int Parse(std::string_view text) {
        return ph_tr_policy_parse(&p, text.data(), text.size(), &bad_line, &err);
    }
    ph_tr_type Decide(std::string_view domain, std::string_view program) const {
        return ph_tr_decide(&p, domain.data(), domain.size(), program.data(), program.size());
    }
    std::vector<std::string> Lines() const {
        std::vector<std::string> v;
        for (const ph_tr_rule *r = p.head; r; r = r->next) {
            v.push_back(Format(r));
        }
        return v;
    }
};

// ---------------------------------------------------------------------------
// Transition rules: parsing

TEST(PolicyRule, TypeNames) {
    EXPECT_STREQ(ph_tr_type_name(PH_TR_NO_RESET), "no_reset_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_RESET), "reset_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_NO_INITIALIZE), "no_initialize_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_INITIALIZE), "initialize_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_NO_KEEP), "no_keep_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_KEEP), "keep_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_NONE), "none");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_AGGREGATOR), "aggregator");
    EXPECT_STREQ(ph_tr_type_name(static_cast<ph_tr_type>(8)), "unknown");
}

TEST(PolicyRule, EveryKeyword) {
    const std::pair<const char *, ph_tr_type> kw[] = {
        {"no_reset_domain", PH_TR_NO_RESET},
        {"reset_domain", PH_TR_RESET},
        {"no_initialize_domain", PH_TR_NO_INITIALIZE},
        {"initialize_domain", PH_TR_INITIALIZE},
        {"no_keep_domain", PH_TR_NO_KEEP},
        {"keep_domain", PH_TR_KEEP},
    };
    for (auto &[name, type] : kw) {
        std::string line = std::string(name) + " /usr/sbin/httpd";
        Rule r(line);
        ASSERT_EQ(r.ret, 0) << line;
        ASSERT_NE(r.r, nullptr);
        EXPECT_EQ(r.r->type, type);
        EXPECT_EQ(r.err, nullptr);
        EXPECT_EQ(Format(r.r), line + " from any");
    }
}

// ---------------------------------------------------------------------------
// aggregator PATTERN NAME

TEST(PolicyRule, Aggregator) {
    Rule r("aggregator   /etc/rc\\?.d/\\?\\+\\+cron\t/etc/init.d/cron  ");
    ASSERT_EQ(r.ret, 0) << r.err;
    ASSERT_NE(r.r, nullptr);
    EXPECT_EQ(r.r->type, PH_TR_AGGREGATOR);
    EXPECT_STREQ(r.r->program, "/etc/rc\\?.d/\\?\\+\\+cron");
    EXPECT_STREQ(r.r->name, "/etc/init.d/cron");
    EXPECT_EQ(r.r->name_len, 16u);
    EXPECT_EQ(r.r->from, nullptr);
    EXPECT_EQ(Format(r.r), "aggregator /etc/rc\\?.d/\\?\\+\\+cron /etc/init.d/cron");
}

TEST(PolicyRule, AggregatorErrors) {
    const char *bad[] = {
        "aggregator",                          // no pattern
        "aggregator /usr/bin/vi",              // no name
        "aggregator any /usr/bin/editor",      // "any" is no pattern here
        "aggregator /usr/bin/vi editor",       // relative name
        "aggregator /usr/bin/vi /usr/\\*",     // a name with a wildcard
        "aggregator /usr/bin/vi /e from any",  // extra words
        "aggregator /usr/bin/\\ /e",           // invalid pattern
    };
    for (const char *line : bad) {
        Rule r(line);
        EXPECT_EQ(r.ret, -EINVAL) << line;
        EXPECT_EQ(r.r, nullptr) << line;
        EXPECT_NE(r.err, nullptr) << line;
    }
}

// TOMOYO's init_policy writes "aggregator proc:/self/exe /proc/self/exe": kept, and it never
// matches a program name (those are absolute).
TEST(PolicyRule, AggregatorNotAbsolute) {
    Policy p;
    ASSERT_EQ(p.Parse("aggregator proc:/self/exe /proc/self/exe\n"), 0) << p.err;
    size_t len = 0;
    EXPECT_EQ(ph_tr_aggregate(&p.p, "/proc/self/exe", 14, &len), nullptr);
    EXPECT_EQ(p.Lines(), (std::vector<std::string>{"aggregator proc:/self/exe /proc/self/exe"}));
}

TEST(PolicyRule, AggregateFirstMatchWins) {
    Policy p;
    ASSERT_EQ(p.Parse("aggregator /usr/bin/vim\\* /usr/bin/vim\n"
                      "aggregator /usr/bin/vi\\* /usr/bin/editor\n"
                      "initialize_domain /usr/bin/editor from any\n"),
              0)
        << p.err;
    size_t len = 99;
    const char *n = ph_tr_aggregate(&p.p, "/usr/bin/vim.basic", 18, &len);
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(std::string(n, len), "/usr/bin/vim");
    n = ph_tr_aggregate(&p.p, "/usr/bin/view", 13, &len);
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(std::string(n, len), "/usr/bin/editor");
    EXPECT_EQ(ph_tr_aggregate(&p.p, "/usr/bin/nano", 13, &len), nullptr);
    EXPECT_EQ(len, 0u);
    // An aggregator is no transition control: decisions see only the other rules, and
    // they see the aggregated name.
    EXPECT_EQ(p.Decide("<kernel> /bin/sh", "/usr/bin/view"), PH_TR_NONE);
    EXPECT_EQ(p.Decide("<kernel> /bin/sh", "/usr/bin/editor"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Lines(), (std::vector<std::string>{"aggregator /usr/bin/vim\\* /usr/bin/vim",
                                                   "aggregator /usr/bin/vi\\* /usr/bin/editor",
                                                   "initialize_domain /usr/bin/editor from any"}));
}

TEST(PolicyRule, ProgramOnly) {
    Rule r("initialize_domain /usr/sbin/httpd");
    ASSERT_EQ(r.ret, 0);
    ASSERT_NE(r.r, nullptr);
    EXPECT_STREQ(r.r->program, "/usr/sbin/httpd");
    EXPECT_EQ(r.r->program_len, 15u);
    EXPECT_EQ(r.r->from, nullptr);
    EXPECT_EQ(r.r->from_len, 0u);
    EXPECT_FALSE(r.r->from_is_domain);
    EXPECT_EQ(r.r->next, nullptr);
}

TEST(PolicyRule, FromAny) {
    Rule r("reset_domain /bin/su from any");
    ASSERT_EQ(r.ret, 0);
    EXPECT_EQ(r.r->from, nullptr);
    EXPECT_EQ(Format(r.r), "reset_domain /bin/su from any");
}

TEST(PolicyRule, FromDomain) {
    Rule r("keep_domain any from <kernel> /usr/sbin/sshd");
    ASSERT_EQ(r.ret, 0);
    ASSERT_NE(r.r, nullptr);
    EXPECT_EQ(r.r->program, nullptr);
    EXPECT_STREQ(r.r->from, "<kernel> /usr/sbin/sshd");
    EXPECT_EQ(r.r->from_len, 23u);
    EXPECT_TRUE(r.r->from_is_domain);
    EXPECT_EQ(Format(r.r), "keep_domain any from <kernel> /usr/sbin/sshd");
}

TEST(PolicyRule, FromKernelOnly) {
    Rule r("initialize_domain /sbin/init from <kernel>");
    ASSERT_EQ(r.ret, 0);
    EXPECT_STREQ(r.r->from, "<kernel>");
    EXPECT_TRUE(r.r->from_is_domain);
}

TEST(PolicyRule, FromProgram) {
    Rule r("no_initialize_domain /bin/ls from /bin/\\*sh");
    ASSERT_EQ(r.ret, 0);
    EXPECT_STREQ(r.r->program, "/bin/ls");
    EXPECT_STREQ(r.r->from, "/bin/\\*sh");
    EXPECT_FALSE(r.r->from_is_domain);
}

TEST(PolicyRule, WhitespaceCollapses) {
    Rule r("\t  keep_domain \t any   from   <kernel>   /usr/sbin/sshd \t /bin/bash  \r");
    ASSERT_EQ(r.ret, 0);
    ASSERT_NE(r.r, nullptr);
    EXPECT_STREQ(r.r->from, "<kernel> /usr/sbin/sshd /bin/bash");
    EXPECT_EQ(Format(r.r), "keep_domain any from <kernel> /usr/sbin/sshd /bin/bash");
}

TEST(PolicyRule, BlankAndComments) {
    for (const char *line :
         {"", "   ", "\t\r", "#", "# keep_domain any", "   #x y z", "#keep_domain /bin/ls"}) {
        Rule r(line);
        EXPECT_EQ(r.ret, 0) << line;
        EXPECT_EQ(r.r, nullptr) << line;
        EXPECT_EQ(r.err, nullptr) << line;
    }
    ph_tr_rule *out = reinterpret_cast<ph_tr_rule *>(1);
    EXPECT_EQ(ph_tr_parse_line(nullptr, 0, &out, nullptr), 0);
    EXPECT_EQ(out, nullptr);
}

TEST(PolicyRule, NotNulTerminated) {
    std::string text = "keep_domain /bin/lsXXXX";
    ph_tr_rule *r = nullptr;
    ASSERT_EQ(ph_tr_parse_line(text.data(), 19, &r, nullptr), 0);
    ASSERT_NE(r, nullptr);
    EXPECT_STREQ(r->program, "/bin/ls");
    ph_tr_rule_free(r);
}

TEST(PolicyRule, Errors) {
    const std::pair<const char *, int> bad[] = {
        {"initialise_domain /bin/ls", -EINVAL},              // unknown keyword
        {"KEEP_DOMAIN /bin/ls", -EINVAL},                    // keywords are case-sensitive
        {"keep_domain", -EINVAL},                            // missing program
        {"keep_domain bin/bash", -EINVAL},                   // relative path
        {"keep_domain ./bin/bash", -EINVAL},                 // relative path
        {"keep_domain /bin/\\q", -EINVAL},                   // bad escape
        {"keep_domain /bin/a\\101", -EINVAL},                // non-canonical escape
        {"keep_domain /bin/bash from", -EINVAL},             // nothing after from
        {"keep_domain /bin/bash from   ", -EINVAL},          // nothing after from
        {"keep_domain /bin/bash to /bin/sh", -EINVAL},       // not 'from'
        {"keep_domain /bin/bash /bin/sh", -EINVAL},          // not 'from'
        {"keep_domain any", -EINVAL},                        // both any
        {"keep_domain any from any", -EINVAL},               // both any
        {"keep_domain /a from /b extra", -EINVAL},           // trailing word
        {"keep_domain /a from any extra", -EINVAL},          // trailing word
        {"keep_domain /a from <kernel> relative", -EINVAL},  // bad domain word
        {"keep_domain /a from <kernel> /x/\\*", -EINVAL},    // wildcard in domain
        {"keep_domain /a from kernel", -EINVAL},             // neither domain nor path
        {"keep_domain /a from <kernel>/x", -EINVAL},         // neither domain nor path
        {"keep_domain /a from b/c", -EINVAL},                // relative from
        {"keep_domain /usr/\\{\\*\\}", -EINVAL},             // invalid pattern
    };
    for (auto &[line, err] : bad) {
        Rule r(line);
        EXPECT_EQ(r.ret, err) << line;
        EXPECT_EQ(r.r, nullptr) << line;
        ASSERT_NE(r.err, nullptr) << line;
        EXPECT_GT(strlen(r.err), 0u) << line;
    }
    Rule unknown("frobnicate /bin/ls");
    EXPECT_STREQ(unknown.err, "unknown keyword");
    Rule dangling("keep_domain /bin/bash from");
    EXPECT_STREQ(dangling.err, "missing domain or program after 'from'");
}

TEST(PolicyRule, NameTooLong) {
    std::string name = "/" + std::string(PH_NAME_MAX_LEN, 'a');
    Rule r("keep_domain " + name);
    EXPECT_EQ(r.ret, -ENAMETOOLONG);
    EXPECT_EQ(r.r, nullptr);
}

TEST(PolicyRule, FormatTruncatesLikeSnprintf) {
    Rule r("keep_domain any from <kernel> /usr/sbin/sshd");
    ASSERT_EQ(r.ret, 0);
    char buf[12];
    memset(buf, 'Z', sizeof(buf));
    EXPECT_EQ(ph_tr_rule_format(r.r, buf, sizeof(buf)), 44u);
    EXPECT_STREQ(buf, "keep_domain");
    EXPECT_EQ(ph_tr_rule_format(r.r, nullptr, 0), 44u);
}

TEST(PolicyRule, FormatRoundTrip) {
    for (const char *line :
         {"initialize_domain /usr/sbin/httpd", "  no_keep_domain  /bin/\\*  from  /usr/bin/\\@sh ",
          "keep_domain any from <kernel>   /a\\040b /c", "reset_domain /bin/su from any",
          "no_reset_domain any from /usr/\\{\\*\\}/bin/x"}) {
        Rule a(line);
        ASSERT_EQ(a.ret, 0) << line;
        std::string text = Format(a.r);
        Rule b(text);
        ASSERT_EQ(b.ret, 0) << text;
        EXPECT_EQ(Format(b.r), text);
        EXPECT_EQ(a.r->type, b.r->type);
        EXPECT_EQ(a.r->from_is_domain, b.r->from_is_domain);
    }
}

// ---------------------------------------------------------------------------
// Whole policies

TEST(PolicyParse, MultipleLines) {
    Policy p;
    ASSERT_EQ(p.Parse("# exception policy\n"
                      "initialize_domain /usr/sbin/httpd\n"
                      "\n"
                      "keep_domain any from <kernel> /usr/sbin/sshd\r\n"
                      "no_keep_domain /bin/su from <kernel> /usr/sbin/sshd"),
              0);
    EXPECT_EQ(p.bad_line, 0u);
    EXPECT_EQ(p.err, nullptr);
    EXPECT_EQ(p.p.count, 3u);
    EXPECT_EQ(p.Lines(), (std::vector<std::string>{
                             "initialize_domain /usr/sbin/httpd from any",
                             "keep_domain any from <kernel> /usr/sbin/sshd",
                             "no_keep_domain /bin/su from <kernel> /usr/sbin/sshd",
                         }));
}

TEST(PolicyParse, EmptyText) {
    Policy p;
    EXPECT_EQ(p.Parse(""), 0);
    EXPECT_EQ(p.Parse("\n\n# nothing\n"), 0);
    EXPECT_EQ(p.p.count, 0u);
    EXPECT_EQ(p.p.head, nullptr);
    EXPECT_EQ(p.p.tail, &p.p.head);
    EXPECT_EQ(ph_tr_policy_parse(&p.p, nullptr, 0, nullptr, nullptr), 0);
}

TEST(PolicyParse, AllOrNothing) {
    Policy p;
    ASSERT_EQ(p.Parse("reset_domain /bin/su\n"), 0);
    ASSERT_EQ(p.p.count, 1u);
    EXPECT_EQ(p.Parse("initialize_domain /a\n"
                      "# comment\n"
                      "keep_domain relative/path\n"
                      "initialize_domain /b\n"),
              -EINVAL);
    EXPECT_EQ(p.bad_line, 3u);
    ASSERT_NE(p.err, nullptr);
    EXPECT_EQ(p.p.count, 1u);
    EXPECT_EQ(p.Lines(), std::vector<std::string>{"reset_domain /bin/su from any"});
    // The policy still appends correctly afterwards.
    ASSERT_EQ(p.Parse("initialize_domain /a\ninitialize_domain /b"), 0);
    EXPECT_EQ(p.p.count, 3u);
    EXPECT_EQ(p.Lines().back(), "initialize_domain /b from any");
}

TEST(PolicyParse, BadLineNumbers) {
    const std::pair<const char *, unsigned int> cases[] = {
        {"bogus", 1},
        {"\n\nkeep_domain /a from", 3},
        {"keep_domain /a\nkeep_domain /b\nkeep_domain /c\nkeep_domain any\n", 4},
        {"keep_domain /a\n\n\n\n\nfoo\n", 6},
        {"# x\r\nkeep_domain /a from <kernel> x\r\n", 2},
    };
    for (auto &[text, line] : cases) {
        Policy p;
        EXPECT_EQ(p.Parse(text), -EINVAL) << text;
        EXPECT_EQ(p.bad_line, line) << text;
        EXPECT_EQ(p.p.count, 0u) << text;
        EXPECT_EQ(p.p.head, nullptr) << text;
        EXPECT_NE(p.err, nullptr) << text;
    }
}

TEST(PolicyParse, FreeResets) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain /a\nkeep_domain /b\n"), 0);
    ph_tr_policy_free(&p.p);
    EXPECT_EQ(p.p.count, 0u);
    EXPECT_EQ(p.p.head, nullptr);
    EXPECT_EQ(p.p.tail, &p.p.head);
    ASSERT_EQ(p.Parse("keep_domain /c\n"), 0);
    EXPECT_EQ(p.p.count, 1u);
}

// ---------------------------------------------------------------------------
// Transition decisions

constexpr const char *kInit = "<kernel> /sbin/init";
constexpr const char *kSshd = "<kernel> /sbin/init /usr/sbin/sshd";
constexpr const char *kBash = "<kernel> /sbin/init /usr/sbin/sshd /bin/bash";

TEST(PolicyDecide, EmptyPolicy) {
    Policy p;
    EXPECT_EQ(p.Decide(kInit, "/bin/ls"), PH_TR_NONE);
    EXPECT_EQ(ph_tr_decide(nullptr, "<kernel>", 8, "/bin/ls", 7), PH_TR_NONE);
}

TEST(PolicyDecide, Initialize) {
    Policy p;
    ASSERT_EQ(p.Parse("initialize_domain /usr/sbin/httpd"), 0);
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/httpd"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide(kBash, "/usr/sbin/httpd"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/httpd2"), PH_TR_NONE);
}

TEST(PolicyDecide, Reset) {
    Policy p;
    ASSERT_EQ(p.Parse("reset_domain /bin/\\*sh"), 0);
    EXPECT_EQ(p.Decide(kSshd, "/bin/bash"), PH_TR_RESET);
    EXPECT_EQ(p.Decide(kSshd, "/bin/ls"), PH_TR_NONE);
}

TEST(PolicyDecide, KeepFromDomainIsExact) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain any from <kernel> /sbin/init /usr/sbin/sshd"), 0);
    EXPECT_EQ(p.Decide(kSshd, "/bin/bash"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide(kSshd, "/usr/bin/anything"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide(kBash, "/bin/ls"), PH_TR_NONE);
    EXPECT_EQ(p.Decide(kInit, "/bin/ls"), PH_TR_NONE);
    EXPECT_EQ(p.Decide("<kernel> /sbin/init /usr/sbin/sshd2", "/bin/ls"), PH_TR_NONE);
}

TEST(PolicyDecide, FromProgramMatchesLastWord) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain /bin/ls from /bin/bash"), 0);
    EXPECT_EQ(p.Decide(kBash, "/bin/ls"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide("<kernel> /bin/bash /usr/bin/x", "/bin/ls"), PH_TR_NONE);
    EXPECT_EQ(p.Decide(kBash, "/bin/cat"), PH_TR_NONE);
    EXPECT_EQ(p.Decide("<kernel>", "/bin/ls"), PH_TR_NONE);
}

TEST(PolicyDecide, FromProgramPattern) {
    Policy p;
    ASSERT_EQ(p.Parse("initialize_domain any from /usr/\\{\\*\\}/\\*sh"), 0);
    EXPECT_EQ(p.Decide("<kernel> /usr/local/bin/zsh", "/bin/true"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide("<kernel> /usr/bin/sh", "/bin/true"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide("<kernel> /bin/sh", "/bin/true"), PH_TR_NONE);
}

TEST(PolicyDecide, NoResetCancelsResetOnly) {
    Policy p;
    ASSERT_EQ(p.Parse("reset_domain /bin/su\n"
                      "no_reset_domain /bin/su from <kernel> /sbin/init\n"),
              0);
    EXPECT_EQ(p.Decide(kInit, "/bin/su"), PH_TR_NONE);
    EXPECT_EQ(p.Decide(kSshd, "/bin/su"), PH_TR_RESET);
    // With no_reset matching, later types are still looked at.
    ASSERT_EQ(p.Parse("initialize_domain /bin/su"), 0);
    EXPECT_EQ(p.Decide(kInit, "/bin/su"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide(kSshd, "/bin/su"), PH_TR_RESET);
}

TEST(PolicyDecide, NoInitializeCancelsInitializeOnly) {
    Policy p;
    ASSERT_EQ(p.Parse("initialize_domain /usr/sbin/httpd\n"
                      "no_initialize_domain /usr/sbin/httpd from /usr/sbin/httpd\n"),
              0);
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/httpd"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide("<kernel> /usr/sbin/httpd", "/usr/sbin/httpd"), PH_TR_NONE);
    ASSERT_EQ(p.Parse("keep_domain any from <kernel> /usr/sbin/httpd"), 0);
    EXPECT_EQ(p.Decide("<kernel> /usr/sbin/httpd", "/usr/sbin/httpd"), PH_TR_KEEP);
}

TEST(PolicyDecide, NoKeepCancelsKeep) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain any from <kernel> /usr/sbin/sshd\n"
                      "no_keep_domain /bin/su from <kernel> /usr/sbin/sshd\n"),
              0);
    EXPECT_EQ(p.Decide("<kernel> /usr/sbin/sshd", "/bin/bash"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide("<kernel> /usr/sbin/sshd", "/bin/su"), PH_TR_NONE);
}

TEST(PolicyDecide, Precedence) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain any from <kernel> /sbin/init\n"
                      "initialize_domain /usr/sbin/\\*\n"
                      "reset_domain /usr/sbin/reset\n"),
              0);
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/reset"), PH_TR_RESET);       // reset beats the others
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/httpd"), PH_TR_INITIALIZE);  // initialize beats keep
    EXPECT_EQ(p.Decide(kInit, "/bin/ls"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide(kSshd, "/bin/ls"), PH_TR_NONE);
}

TEST(PolicyDecide, AllNegativesTogether) {
    Policy p;
    ASSERT_EQ(p.Parse("reset_domain /x\n"
                      "initialize_domain /x\n"
                      "keep_domain /x\n"
                      "no_reset_domain /x\n"
                      "no_initialize_domain /x\n"),
              0);
    EXPECT_EQ(p.Decide(kInit, "/x"), PH_TR_KEEP);
    ASSERT_EQ(p.Parse("no_keep_domain /x\n"), 0);
    EXPECT_EQ(p.Decide(kInit, "/x"), PH_TR_NONE);
    EXPECT_EQ(p.Decide(kInit, "/y"), PH_TR_NONE);
}

TEST(PolicyDecide, NegativeOrderInFileDoesNotMatter) {
    Policy a, b;
    ASSERT_EQ(a.Parse("no_initialize_domain /x from /p\ninitialize_domain /x\n"), 0);
    ASSERT_EQ(b.Parse("initialize_domain /x\nno_initialize_domain /x from /p\n"), 0);
    for (Policy *p : {&a, &b}) {
        EXPECT_EQ(p->Decide("<kernel> /p", "/x"), PH_TR_NONE);
        EXPECT_EQ(p->Decide("<kernel> /q", "/x"), PH_TR_INITIALIZE);
    }
}

TEST(PolicyDecide, EscapedNamesAndInvalidInput) {
    Policy p;
    ASSERT_EQ(p.Parse("initialize_domain /opt/my\\040app/bin/\\*\n"), 0);
    EXPECT_EQ(p.Decide(kInit, "/opt/my\\040app/bin/run"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide(kInit, "/opt/my app/bin/run"), PH_TR_NONE);  // not escaped
    EXPECT_EQ(ph_tr_decide(&p.p, nullptr, 5, nullptr, 7), PH_TR_NONE);
}

// ---------------------------------------------------------------------------
// The example policy shipped in policy/examples/ stays valid.

TEST(PolicyExample, ExceptionPolicyParses) {
    std::ifstream in(PH_POLICY_EXAMPLES "/exception_policy.conf");
    ASSERT_TRUE(in) << PH_POLICY_EXAMPLES "/exception_policy.conf";
    std::stringstream text;
    text << in.rdbuf();
    Policy p;
    ASSERT_EQ(p.Parse(text.str()), 0) << "line " << p.bad_line << ": " << (p.err ? p.err : "");
    EXPECT_GT(p.p.count, 0u);
    EXPECT_EQ(p.Decide("<kernel> /sbin/init /bin/sh", "/usr/sbin/sshd"), PH_TR_INITIALIZE);
}

}  // namespace
