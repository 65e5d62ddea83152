// Tests for the shared policy code: access lines (policy/ph_acl_rule.c).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "ph_acl_rule.h"
#include "ph_cases.h"

namespace {

struct Groups {
    ph_groups gs;
    Groups() {
        ph_groups_init(&gs);
        EXPECT_EQ(
            ph_groups_parse(&gs, ph_acl_case_groups, strlen(ph_acl_case_groups), nullptr, nullptr),
            0);
    }
    ~Groups() { ph_groups_free(&gs); }
    Groups(const Groups &) = delete;
    Groups &operator=(const Groups &) = delete;
};

struct Rule {
    ph_acl_rule *r = nullptr;
    ~Rule() { ph_acl_rule_free(r); }
};

TEST(PolicyAclRule, SharedCases) {
    Groups g;
    for (const ph_acl_case &c : ph_acl_cases) {
        Rule rule;
        const char *why = nullptr;
        int err = ph_acl_rule_parse(&g.gs, c.line, strlen(c.line), &rule.r, &why);
        if (!c.canon) {
            EXPECT_NE(err, 0) << c.line;
            EXPECT_NE(why, nullptr) << c.line;
            EXPECT_EQ(rule.r, nullptr);
            continue;
        }
        ASSERT_EQ(err, 0) << c.line << ": " << (why ? why : "");
        EXPECT_EQ(std::string(rule.r->text, rule.r->len), c.canon);
        EXPECT_EQ(rule.r->exact, c.exact) << c.line;
        ph_acl_access a{};
        a.type = c.type;
        a.sub = c.sub;
        a.num[0] = c.num0;
        a.str[0] = c.str0;
        a.len[0] = c.str0 ? strlen(c.str0) : 0;
        a.str[1] = c.str1;
        a.len[1] = c.str1 ? strlen(c.str1) : 0;
        EXPECT_EQ(ph_acl_rule_match(rule.r, &a, c.bit), c.match) << c.line << " ~ " << c.str0;
        // The canonical text parses to itself.
        Rule back;
        ASSERT_EQ(ph_acl_rule_parse(&g.gs, rule.r->text, rule.r->len, &back.r, nullptr), 0);
        EXPECT_EQ(std::string(back.r->text, back.r->len), c.canon);
    }
}

TEST(PolicyAclRule, ExactRuleHoldsItsAccess) {
    Groups g;
    for (const ph_acl_case &c : ph_acl_cases) {
        if (!c.canon || !c.exact)
            continue;
        Rule rule;
        ASSERT_EQ(ph_acl_rule_parse(&g.gs, c.line, strlen(c.line), &rule.r, nullptr), 0);
        ph_acl_access a;
        ph_acl_rule_access(rule.r, &a);
        for (unsigned bit = 0; bit < 32; ++bit)
            EXPECT_EQ(ph_acl_rule_match(rule.r, &a, bit), (rule.r->perm >> bit) & 1) << c.line;
    }
}

TEST(PolicyAclRule, Tomoyo26Forms) {
    Groups g;
    auto t26 = [&](std::string_view line) {
        Rule rule;
        EXPECT_EQ(ph_acl_rule_parse(&g.gs, line.data(), line.size(), &rule.r, nullptr), 0);
        return rule.r && ph_acl_rule_tomoyo26(rule.r);
    };
    EXPECT_TRUE(t26("file read /etc/passwd"));
    EXPECT_TRUE(t26("network inet dgram send 127.0.0.1 53"));
    EXPECT_FALSE(t26("network inet dgram send/recv 127.0.0.1 53"));
    EXPECT_FALSE(t26("capability sys_admin"));
}

TEST(PolicyAclRule, Keyword) {
    for (std::string_view s : {"file read /x", "network inet", "misc env A", "capability x"})
        EXPECT_TRUE(ph_acl_rule_keyword(s.data(), s.size())) << s;
    for (std::string_view s : {"", "  ", "use_profile 1", "files", "path_group A /x"})
        EXPECT_FALSE(ph_acl_rule_keyword(s.data(), s.size())) << s;
}

TEST(PolicyAclRule, LimitsAndErrors) {
    Groups g;
    Rule rule;
    std::string longline = "file read /" + std::string(PH_AR_LINE_MAX, 'a');
    EXPECT_EQ(ph_acl_rule_parse(&g.gs, longline.data(), longline.size(), &rule.r, nullptr),
              -ENAMETOOLONG);
    std::string many = "file mount a b c 0 d e f";
    const char *why = nullptr;
    EXPECT_EQ(ph_acl_rule_parse(&g.gs, many.data(), many.size(), &rule.r, &why), -EINVAL);
    EXPECT_NE(why, nullptr);
    std::string unknown = "file read @NOPE";
    EXPECT_EQ(ph_acl_rule_parse(&g.gs, unknown.data(), unknown.size(), &rule.r, nullptr), -ENOENT);
}

}  // namespace

// "delete LINE" (TOMOYO's way to remove a line): the offset of LINE, else 0.
TEST(PolicyAclRule, DeletePrefix) {
    auto off = [](std::string_view s) { return ph_acl_rule_delete(s.data(), s.size()); };
    EXPECT_EQ(off("delete file read /etc/passwd"), 7U);
    EXPECT_EQ(off("delete \t  file read /x"), 10U);
    EXPECT_EQ(off("delete path_group G /x"), 7U);
    EXPECT_EQ(off("file read /etc/passwd"), 0U);
    EXPECT_EQ(off("delete"), 0U);
    EXPECT_EQ(off("delete   "), 0U);
    EXPECT_EQ(off("deletefile read /x"), 0U);
    EXPECT_EQ(off("deleted file read /x"), 0U);
    EXPECT_EQ(off("Delete file read /x"), 0U);
    EXPECT_EQ(off(""), 0U);
    // What follows parses as the line itself.
    Groups g;
    std::string line = "delete file read/write /etc/x";
    size_t o = off(line);
    ASSERT_EQ(o, 7U);
    Rule rule;
    ASSERT_EQ(ph_acl_rule_parse(&g.gs, line.data() + o, line.size() - o, &rule.r, nullptr), 0);
    EXPECT_STREQ(rule.r->text, "file read/write /etc/x");
    Rule whole;
    EXPECT_NE(ph_acl_rule_parse(&g.gs, line.data(), line.size(), &whole.r, nullptr), 0);
}
