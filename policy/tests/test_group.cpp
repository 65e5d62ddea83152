// Tests for the shared policy code: groups, numbers and addresses (policy/ph_group.c).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "ph_cases.h"
#include "ph_group.h"

namespace {

struct Groups {
    ph_groups gs;
    Groups() { ph_groups_init(&gs); }
    ~Groups() { ph_groups_free(&gs); }
    Groups(const Groups &) = delete;
    Groups &operator=(const Groups &) = delete;
    int Parse(std::string_view text, unsigned int *bad = nullptr, const char **err = nullptr) {
        return ph_groups_parse(&gs, text.data(), text.size(), bad, err);
    }
};

std::string NumberText(const ph_number &n) {
    std::string s(ph_number_format(&n, nullptr, 0) + 1, '\0');
    s.resize(ph_number_format(&n, s.data(), s.size()));
    return s;
}

std::string AddrText(const ph_addr &a) {
    std::string s(ph_addr_format(&a, nullptr, 0) + 1, '\0');
    s.resize(ph_addr_format(&a, s.data(), s.size()));
    return s;
}

std::string MemberText(const ph_group *g, const ph_group_member *m) {
    std::string s(ph_group_member_format(g, m, nullptr, 0) + 1, '\0');
    s.resize(ph_group_member_format(g, m, s.data(), s.size()));
    return s;
}

TEST(PolicyNumber, SharedCases) {
    for (const ph_number_case &c : ph_number_cases) {
        ph_number n;
        int ret = ph_number_parse(c.text, strlen(c.text), &n);
        ASSERT_EQ(ret == 0, c.ok) << c.text;
        if (!c.ok) {
            EXPECT_EQ(ret, -EINVAL) << c.text;
            continue;
        }
        EXPECT_EQ(n.min, c.min) << c.text;
        EXPECT_EQ(n.max, c.max) << c.text;
        EXPECT_EQ(NumberText(n), c.canon) << c.text;
        // The canonical text reads back as the same range, in the same radixes.
        ph_number back;
        std::string t = NumberText(n);
        ASSERT_EQ(ph_number_parse(t.data(), t.size(), &back), 0) << t;
        EXPECT_EQ(NumberText(back), t);
        EXPECT_TRUE(ph_number_match(&n, c.min));
        EXPECT_TRUE(ph_number_match(&n, c.max));
        if (c.min > 0) {
            EXPECT_FALSE(ph_number_match(&n, c.min - 1));
        }
        if (c.max < ~0ULL) {
            EXPECT_FALSE(ph_number_match(&n, c.max + 1));
        }
    }
}

TEST(PolicyAddr, SharedCases) {
    for (const ph_addr_case &c : ph_addr_cases) {
        ph_addr a;
        int ret = ph_addr_parse(c.text, strlen(c.text), &a);
        ASSERT_EQ(ret == 0, c.ok) << c.text;
        if (!c.ok) {
            continue;
        }
        std::string t = AddrText(a);
        EXPECT_EQ(t, c.canon) << c.text;
        ph_addr back;
        ASSERT_EQ(ph_addr_parse(t.data(), t.size(), &back), 0) << t;
        EXPECT_EQ(memcmp(back.min, a.min, 16), 0) << t;
        EXPECT_EQ(memcmp(back.max, a.max, 16), 0) << t;
        EXPECT_EQ(back.ipv6, a.ipv6) << t;
        EXPECT_TRUE(ph_addr_match(&a, a.min, a.ipv6));
        EXPECT_TRUE(ph_addr_match(&a, a.max, a.ipv6));
        EXPECT_FALSE(ph_addr_match(&a, a.min, !a.ipv6));
    }
}

TEST(PolicyAddr, V4Bytes) {
    ph_addr a;
    ASSERT_EQ(ph_addr_parse("192.0.2.1", 9, &a), 0);
    EXPECT_FALSE(a.ipv6);
    EXPECT_EQ(a.min[0], 192);
    EXPECT_EQ(a.min[3], 1);
    ASSERT_EQ(ph_addr_parse("::ffff:192.0.2.1", 16, &a), 0);
    EXPECT_TRUE(a.ipv6);
    EXPECT_EQ(a.min[10], 0xff);
    EXPECT_EQ(a.min[12], 192);
    EXPECT_EQ(a.min[15], 1);
}

TEST(PolicyGroup, SharedCases) {
    Groups g;
    ASSERT_EQ(g.Parse(ph_group_case_policy), 0);
    for (const ph_group_case &c : ph_group_cases) {
        const ph_group *grp =
            ph_groups_find(&g.gs, static_cast<ph_group_type>(c.type), c.name, strlen(c.name));
        ASSERT_NE(grp, nullptr) << c.name;
        bool m = false;
        if (c.type == PH_GROUP_PATH) {
            m = ph_group_path_match(grp, c.value, strlen(c.value));
        } else if (c.type == PH_GROUP_NUMBER) {
            m = ph_group_number_match(grp, c.num);
        } else {
            ph_addr a;
            ASSERT_EQ(ph_addr_parse(c.value, strlen(c.value), &a), 0) << c.value;
            m = ph_group_addr_match(grp, a.min, a.ipv6);
        }
        EXPECT_EQ(m, c.match) << c.name << " " << (c.value ? c.value : std::to_string(c.num));
    }
}

TEST(PolicyGroup, MembersMergeAndFormat) {
    Groups g;
    ASSERT_EQ(g.Parse(ph_group_case_policy), 0);
    EXPECT_EQ(g.gs.members, 10U);
    const ph_group *web = ph_groups_find(&g.gs, PH_GROUP_PATH, "WEB", 3);
    ASSERT_NE(web, nullptr);
    EXPECT_EQ(web->count, 2U);
    EXPECT_EQ(MemberText(web, web->head), "path_group WEB /var/www/\\{\\*\\}/\\*.html");
    const ph_group *io = ph_groups_find(&g.gs, PH_GROUP_NUMBER, "IOCTL", 5);
    ASSERT_NE(io, nullptr);
    EXPECT_EQ(MemberText(io, io->head), "number_group IOCTL 0x5401-0x5414");
    const ph_group *lan = ph_groups_find(&g.gs, PH_GROUP_ADDRESS, "LAN", 3);
    ASSERT_NE(lan, nullptr);
    EXPECT_EQ(MemberText(lan, lan->head->next), "address_group LAN 10.0.0.1");
    // Same name, other type: a different group.
    EXPECT_NE(ph_groups_find(&g.gs, PH_GROUP_PATH, "MODES", 5),
              ph_groups_find(&g.gs, PH_GROUP_NUMBER, "MODES", 5));
    EXPECT_EQ(ph_groups_find(&g.gs, PH_GROUP_ADDRESS, "WEB", 3), nullptr);
    // A second parse appends to the existing groups.
    ASSERT_EQ(g.Parse("path_group WEB /srv/\\*.css\n"), 0);
    EXPECT_EQ(web->count, 3U);
    EXPECT_TRUE(ph_group_path_match(web, "/srv/a.css", 10));
    // Every member's text parses back to the same text.
    for (const ph_group *grp = g.gs.head; grp; grp = grp->next) {
        for (const ph_group_member *m = grp->head; m; m = m->next) {
            Groups again;
            std::string t = MemberText(grp, m);
            ASSERT_EQ(again.Parse(t), 0) << t;
            EXPECT_EQ(MemberText(again.gs.head, again.gs.head->head), t);
        }
    }
}

TEST(PolicyGroup, AllOrNothing) {
    Groups g;
    unsigned int bad = 0;
    const char *err = nullptr;
    EXPECT_EQ(g.Parse("path_group A /a\nnumber_group N 2-1\n", &bad, &err), -EINVAL);
    EXPECT_EQ(bad, 2U);
    EXPECT_STREQ(err, "invalid number or range");
    EXPECT_EQ(g.gs.head, nullptr);
    EXPECT_EQ(g.gs.members, 0U);
    for (const char *line : {
             "path_group A",               // no member
             "path_group A /a /b",         // extra word
             "path_group A\\* /a",         // wildcard in the name
             "path_group A /a\\q",         // bad pattern
             "address_group L 1.2.3.4.5",  // bad address
             "number_group N x",           // bad number
             "file read /etc/passwd",      // not a group line
         }) {
        EXPECT_EQ(g.Parse(line, &bad, &err), -EINVAL) << line;
        EXPECT_EQ(bad, 1U) << line;
        EXPECT_NE(err, nullptr) << line;
    }
    std::string longname(PH_GROUP_NAME_MAX + 1, 'n');
    EXPECT_EQ(g.Parse("path_group " + longname + " /a"), -ENAMETOOLONG);
    EXPECT_EQ(g.gs.head, nullptr);
    EXPECT_TRUE(ph_group_keyword("  number_group X 1", 18));
    EXPECT_FALSE(ph_group_keyword("keep_domain /a", 14));
}

TEST(PolicyGroup, Unions) {
    Groups g;
    ASSERT_EQ(g.Parse(ph_group_case_policy), 0);
    ph_name_union nu;
    ASSERT_EQ(ph_name_union_parse(&g.gs, "@WEB", 4, &nu), 0);
    EXPECT_TRUE(ph_name_union_match(&nu, "/srv/index.html", 15));
    EXPECT_EQ(ph_name_union_parse(&g.gs, "@NOPE", 5, &nu), -ENOENT);
    EXPECT_EQ(ph_name_union_parse(&g.gs, "@IOCTL", 6, &nu), -ENOENT);  // a number group
    ASSERT_EQ(ph_name_union_parse(&g.gs, "/etc/\\*", 7, &nu), 0);
    EXPECT_TRUE(ph_name_union_match(&nu, "/etc/passwd", 11));
    EXPECT_FALSE(ph_name_union_match(&nu, "/etc/a/b", 8));
    EXPECT_EQ(ph_name_union_parse(&g.gs, "/a b", 4, &nu), -EINVAL);
    ph_number_union num;
    ASSERT_EQ(ph_number_union_parse(&g.gs, "@IOCTL", 6, &num), 0);
    EXPECT_TRUE(ph_number_union_match(&num, 0x5410));
    EXPECT_FALSE(ph_number_union_match(&num, 0x5420));
    ASSERT_EQ(ph_number_union_parse(&g.gs, "0-0777", 6, &num), 0);
    EXPECT_TRUE(ph_number_union_match(&num, 0644));
    EXPECT_FALSE(ph_number_union_match(&num, 01000));
    EXPECT_EQ(ph_number_union_parse(&g.gs, "@WEB", 4, &num), -ENOENT);
    EXPECT_EQ(ph_number_union_parse(&g.gs, "12x", 3, &num), -EINVAL);
}

TEST(PolicyGroup, TooManyMembers) {
    Groups g;
    std::string text;
    for (int i = 0; i < PH_GROUP_MAX_MEMBERS; i++) {
        text += "number_group N " + std::to_string(i) + "\n";
    }
    ASSERT_EQ(g.Parse(text), 0);
    EXPECT_EQ(g.gs.members, static_cast<unsigned int>(PH_GROUP_MAX_MEMBERS));
    unsigned int bad = 0;
    EXPECT_EQ(g.Parse("\nnumber_group N 1\n", &bad), -E2BIG);
    EXPECT_EQ(bad, 2U);
    EXPECT_EQ(g.gs.members, static_cast<unsigned int>(PH_GROUP_MAX_MEMBERS));
}

}  // namespace
