// Unit tests for the lists written once: the status counters expanded from
// linux/phtrack_counters.h, the sequence-gap helper shared by phd and ph events,
// and ph's command table and command line.
#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "commands.hpp"
#include "linux/phtrack.h"
#include "proto.hpp"
#include "seq.hpp"

namespace {

// Every line of the uapi list, as the list itself spells it.
struct ListLine {
    int num;
    std::string key, label;
};
const std::vector<ListLine> kList = {
#define PHTRACK_COUNTER(NAME, key, label) ListLine{PHTRACK_CTR_##NAME, #key, label},
#include "linux/phtrack_counters.h"
#undef PHTRACK_COUNTER
};

// The wire numbers are the protocol: the list is numbered by place, so a line
// inserted or removed in the middle would renumber every later counter.
TEST(Counters, WireNumbersNeverChange) {
    EXPECT_EQ(PHTRACK_CTR_EVENTS_EMITTED, 1);
    EXPECT_EQ(PHTRACK_CTR_REQUESTS, 6);
    EXPECT_EQ(PHTRACK_CTR_PAD, 7);
    EXPECT_EQ(PHTRACK_CTR_TASKS, 8);
    EXPECT_EQ(PHTRACK_CTR_CAN_DENY, 19);
    EXPECT_EQ(PHTRACK_CTR_KNOWN_REPEATS, 21);
}

TEST(Counters, TableCoversEveryCounterOfTheList) {
    ASSERT_EQ(std::size(ph::kCounters), kList.size());
    std::set<int> attrs;
    std::set<std::string> keys;
    ph::Counters probe;
    std::set<const uint64_t *> fields;  // distinct members of one Counters
    for (size_t i = 0; i < kList.size(); ++i) {
        const ph::CounterInfo &c = ph::kCounters[i];
        EXPECT_EQ(c.attr, kList[i].num);
        EXPECT_EQ(c.key, kList[i].key);
        EXPECT_EQ(c.label, kList[i].label);
        EXPECT_FALSE(c.label.empty());
        attrs.insert(c.attr);
        keys.insert(std::string(c.key));
        fields.insert(&(probe.*c.field));
    }
    EXPECT_EQ(attrs.size(), kList.size());
    EXPECT_EQ(keys.size(), kList.size());
    EXPECT_EQ(fields.size(), kList.size());
    // Every attribute number up to the last is a counter, except the pad.
    for (int a = 1; a <= PHTRACK_CTR_MAX; ++a)
        EXPECT_EQ(attrs.count(a), a == PHTRACK_CTR_PAD ? 0u : 1u) << "attribute " << a;
    // Each field is one u64 of struct Counters: nothing else lives there.
    EXPECT_EQ(sizeof(ph::Counters), kList.size() * sizeof(uint64_t));
}

TEST(Counters, CanDenyIsTheOnlyFlag) {
    for (const ph::CounterInfo &c : ph::kCounters) EXPECT_EQ(c.flag, c.key == "can_deny") << c.key;
}

TEST(Counters, DecoderFillsEveryField) {
    std::vector<char> buf(8192, 0);
    nlmsghdr *nlh = mnl_nlmsg_put_header(buf.data());
    nlh->nlmsg_type = 0x20;
    auto *g = static_cast<genlmsghdr *>(mnl_nlmsg_put_extra_header(nlh, sizeof(genlmsghdr)));
    g->cmd = PHTRACK_CMD_STATUS_GET;
    g->version = PHTRACK_GENL_VERSION;
    mnl_attr_put_strz(nlh, PHTRACK_A_MODULE_VERSION, "0.1.0");
    mnl_attr_put_u32(nlh, PHTRACK_A_PROTO_VERSION, PHTRACK_GENL_VERSION);
    mnl_attr_put_u32(nlh, PHTRACK_A_MODE, PHTRACK_MODE_LEARNING);
    nlattr *n = mnl_attr_nest_start(nlh, PHTRACK_A_COUNTERS);
    for (const ph::CounterInfo &c : ph::kCounters) mnl_attr_put_u64(nlh, c.attr, 1000 + c.attr);
    mnl_attr_put_u64(nlh, PHTRACK_CTR_MAX + 1, 7);  // a newer counter: skipped
    mnl_attr_nest_end(nlh, n);
    auto r = ph::decode_status(nlh, nlh->nlmsg_len);
    ASSERT_TRUE(r.ok()) << r.error().message;
    for (const ph::CounterInfo &c : ph::kCounters)
        EXPECT_EQ(r.value().counters.*c.field, 1000u + c.attr) << c.key;
}

TEST(SeqTracker, KnownStartCountsEventsMissedBeforeTheFirst) {
    ph::SeqTracker t(0);
    EXPECT_FALSE(t.next(1));
    EXPECT_FALSE(t.next(2));
    auto gap = t.next(6);
    ASSERT_TRUE(gap);
    EXPECT_EQ(gap->first, 3u);
    EXPECT_EQ(gap->last, 5u);
    EXPECT_EQ(gap->count(), 3u);
    EXPECT_EQ(t.last(), 6u);

    ph::SeqTracker fresh(0);
    auto first = fresh.next(4);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->first, 1u);
    EXPECT_EQ(first->count(), 3u);

    ph::SeqTracker resumed(100);
    EXPECT_FALSE(resumed.next(101));
    ASSERT_TRUE(resumed.next(110));
}

TEST(SeqTracker, UnknownStartBeginsAtTheFirstEvent) {
    ph::SeqTracker t;
    EXPECT_FALSE(t.next(500));
    EXPECT_FALSE(t.next(501));
    auto gap = t.next(503);
    ASSERT_TRUE(gap);
    EXPECT_EQ(gap->first, 502u);
    EXPECT_EQ(gap->count(), 1u);
}

TEST(SeqTracker, OldOrRepeatedNumbersAreNoGap) {
    ph::SeqTracker t(10);
    EXPECT_FALSE(t.next(10));
    EXPECT_FALSE(t.next(3));
    EXPECT_EQ(t.last(), 10u);
    EXPECT_FALSE(t.next(11));
}

using ph::cli::Invocation;
using ph::cli::parse_command_line;

TEST(CommandLine, GlobalOptionsBeforeOrAfterTheCommand) {
    for (const auto &argv : std::vector<std::vector<std::string>>{
             {"--json", "who", "/etc/foobar"},
             {"who", "/etc/foobar", "--json"},
             {"who", "--json", "/etc/foobar"},
         }) {
        Invocation inv = parse_command_line(argv);
        EXPECT_EQ(inv.action, Invocation::kRun);
        EXPECT_TRUE(inv.opt.json);
        EXPECT_EQ(inv.args, (std::vector<std::string>{"who", "/etc/foobar"}));
    }
    Invocation a = parse_command_line({"who", "/etc/", "--db", "/tmp/x.db", "--limit", "3"});
    EXPECT_EQ(a.action, Invocation::kRun);
    EXPECT_EQ(a.opt.db, "/tmp/x.db");
    EXPECT_EQ(a.args, (std::vector<std::string>{"who", "/etc/", "--limit", "3"}));
    Invocation b = parse_command_line({"status", "--db=/tmp/y.db"});
    EXPECT_EQ(b.opt.db, "/tmp/y.db");
    EXPECT_EQ(b.args, (std::vector<std::string>{"status"}));
    Invocation v =
        parse_command_line({"verify", "--anchor", "7:ab", "--db", "/tmp/z.db", "--json"});
    EXPECT_EQ(v.action, Invocation::kRun);
    EXPECT_TRUE(v.opt.json);
    EXPECT_EQ(v.opt.db, "/tmp/z.db");
    EXPECT_EQ(v.args, (std::vector<std::string>{"verify", "--anchor", "7:ab"}));
}

TEST(CommandLine, DoubleDashEndsOptions) {
    Invocation inv = parse_command_line({"--json", "who", "--", "--json", "--db"});
    EXPECT_EQ(inv.action, Invocation::kRun);
    EXPECT_TRUE(inv.opt.json);
    EXPECT_TRUE(inv.opt.db.empty());
    EXPECT_EQ(inv.args, (std::vector<std::string>{"who", "--json", "--db"}));
    Invocation lead = parse_command_line({"--", "status"});
    EXPECT_EQ(lead.action, Invocation::kRun);
    EXPECT_EQ(lead.args, (std::vector<std::string>{"status"}));
}

TEST(CommandLine, HelpVersionAndErrors) {
    EXPECT_EQ(parse_command_line({"--help"}).action, Invocation::kHelp);
    EXPECT_EQ(parse_command_line({"-V", "status"}).action, Invocation::kVersion);
    // After the command, --help is the command's help, wherever it is;
    // after --, it is an argument.
    Invocation w = parse_command_line({"who", "/etc/passwd", "--help"});
    EXPECT_EQ(w.action, Invocation::kHelp);
    EXPECT_EQ(w.args, (std::vector<std::string>{"who"}));
    Invocation lit = parse_command_line({"who", "--", "--help"});
    EXPECT_EQ(lit.action, Invocation::kRun);
    EXPECT_EQ(lit.args, (std::vector<std::string>{"who", "--help"}));
    std::string who = ph::cli::command_usage_text(*ph::cli::find_command("who"));
    EXPECT_NE(who.find("\n  who PATH"), std::string::npos) << who;
    EXPECT_EQ(who.find("\n  status"), std::string::npos) << who;
    Invocation bad = parse_command_line({"--bogus", "status"});
    EXPECT_EQ(bad.action, Invocation::kUsageError);
    EXPECT_NE(bad.error.find("--bogus"), std::string::npos);
    EXPECT_EQ(parse_command_line({"status", "--db"}).action, Invocation::kUsageError);
    Invocation none = parse_command_line({"--json"});
    EXPECT_EQ(none.action, Invocation::kUsageError);
    EXPECT_TRUE(none.error.empty());  // the usage text is the message
}

TEST(CommandTable, NamesAreUniqueAndAllInTheHelp) {
    std::set<std::string_view> names;
    std::string help = ph::cli::usage_text();
    for (const ph::cli::Command &c : ph::cli::commands()) {
        EXPECT_TRUE(names.insert(c.name).second) << c.name;
        EXPECT_NE(c.run, nullptr);
        EXPECT_EQ(ph::cli::find_command(c.name), &c);
        EXPECT_NE(help.find("\n  " + std::string(c.name)), std::string::npos) << c.name;
        EXPECT_EQ(c.usage.back(), '\n') << c.name;
    }
    EXPECT_EQ(ph::cli::find_command("no-such-command"), nullptr);
    for (size_t at = 0, nl; (nl = help.find('\n', at)) != std::string::npos; at = nl + 1)
        EXPECT_LE(nl - at, 80u) << help.substr(at, nl - at);
}

TEST(CommandTable, DbRefusesWhatNeedsTheModule) {
    ph::cli::Options db;
    db.db = "/tmp/none.db";
    auto refused = [&](std::vector<std::string> args) {
        const ph::cli::Command *c = ph::cli::find_command(args[0]);
        return c && ph::cli::refuse_db(*c, db, args) == 2;
    };
    EXPECT_TRUE(refused({"mode"}));
    EXPECT_TRUE(refused({"pstree"}));
    EXPECT_TRUE(refused({"domain-of", "1"}));
    EXPECT_TRUE(refused({"events"}));
    EXPECT_TRUE(refused({"watch", "list"}));
    EXPECT_TRUE(refused({"policy", "show"}));
    EXPECT_TRUE(refused({"policy", "load", "f"}));
    EXPECT_FALSE(refused({"policy", "check", "f"}));
    EXPECT_FALSE(refused({"status"}));
    EXPECT_FALSE(refused({"who", "/etc/"}));
    EXPECT_FALSE(refused({"check"}));
    EXPECT_FALSE(refused({"profile", "export", "x"}));
    ph::cli::Options live;
    const ph::cli::Command *mode = ph::cli::find_command("mode");
    ASSERT_NE(mode, nullptr);
    EXPECT_EQ(ph::cli::refuse_db(*mode, live, {"mode"}), -1);
}

}  // namespace
