// Unit tests for watch events and watch lists on fabricated and malformed
// messages, for operation names, and for the shared C watch matcher.
#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "linux/phtrack.h"
#include "ph_pattern.h"
#include "proto.hpp"

namespace {

class Msg {
  public:
    explicit Msg(uint8_t cmd, uint8_t version = PHTRACK_GENL_VERSION) : buf_(8192, 0) {
        nlh_ = mnl_nlmsg_put_header(buf_.data());
        nlh_->nlmsg_type = 0x20;
        auto *g = static_cast<genlmsghdr *>(mnl_nlmsg_put_extra_header(nlh_, sizeof(genlmsghdr)));
        g->cmd = cmd;
        g->version = version;
    }
    nlmsghdr *nlh() { return nlh_; }
    size_t len() const { return nlh_->nlmsg_len; }

  private:
    std::vector<char> buf_;
    nlmsghdr *nlh_;
};

// A watch event as the kernel builds it; `skip` leaves one attribute out.
void put_watch_event(nlmsghdr *nlh, int skip = -1) {
    auto want = [&](int a) { return a != skip; };
    if (want(PHTRACK_A_AUDIT_SEQ))
        mnl_attr_put_u64(nlh, PHTRACK_A_AUDIT_SEQ, 42);
    mnl_attr_put_u64(nlh, PHTRACK_A_TIME_NS, 1700000000000000001ULL);
    mnl_attr_put_u32(nlh, PHTRACK_A_PID, 100);
    mnl_attr_put_u32(nlh, PHTRACK_A_TGID, 99);
    mnl_attr_put_u32(nlh, PHTRACK_A_UID, 1000);
    mnl_attr_put_strz(nlh, PHTRACK_A_COMM, "vi");
    mnl_attr_put_u32(nlh, PHTRACK_A_PPID, 1);
    mnl_attr_put_u32(nlh, PHTRACK_A_EUID, 0);
    mnl_attr_put_u32(nlh, PHTRACK_A_GID, 1000);
    if (want(PHTRACK_A_DOMAIN_ID))
        mnl_attr_put_u32(nlh, PHTRACK_A_DOMAIN_ID, 7);
    mnl_attr_put_u32(nlh, PHTRACK_A_WATCH_ID, 3);
    if (want(PHTRACK_A_OP))
        mnl_attr_put_u32(nlh, PHTRACK_A_OP, PHTRACK_OP_RENAME);
    mnl_attr_put_u32(nlh, PHTRACK_A_RESULT, static_cast<uint32_t>(-EPERM));
    if (want(PHTRACK_A_PATH))
        mnl_attr_put_strz(nlh, PHTRACK_A_PATH, "/etc/foobar.tmp");
    mnl_attr_put_strz(nlh, PHTRACK_A_PATH2, "/etc/foobar");
}

TEST(DecodeWatchEvent, Full) {
    Msg m(PHTRACK_CMD_EVENT_WATCH);
    put_watch_event(m.nlh());
    auto r = ph::decode_watch_event(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto &ev = r.value();
    EXPECT_EQ(ev.seq, 42u);
    EXPECT_EQ(ev.time_ns, 1700000000000000001ULL);
    EXPECT_EQ(ev.pid, 100u);
    EXPECT_EQ(ev.tgid, 99u);
    EXPECT_EQ(ev.ppid, 1u);
    EXPECT_EQ(ev.uid, 1000u);
    EXPECT_EQ(ev.euid, 0u);
    EXPECT_EQ(ev.gid, 1000u);
    EXPECT_EQ(ev.comm, "vi");
    EXPECT_EQ(ev.domain_id, 7u);
    EXPECT_EQ(ev.watch_id, 3u);
    EXPECT_EQ(ev.op, static_cast<uint32_t>(PHTRACK_OP_RENAME));
    EXPECT_EQ(ev.path, "/etc/foobar.tmp");
    EXPECT_EQ(ev.path2, "/etc/foobar");
    EXPECT_EQ(ev.result, -EPERM);
}

TEST(DecodeWatchEvent, MissingRequiredAttributes) {
    for (int skip : {PHTRACK_A_AUDIT_SEQ, PHTRACK_A_DOMAIN_ID, PHTRACK_A_OP, PHTRACK_A_PATH}) {
        Msg m(PHTRACK_CMD_EVENT_WATCH);
        put_watch_event(m.nlh(), skip);
        auto r = ph::decode_watch_event(m.nlh(), m.len());
        ASSERT_FALSE(r.ok()) << "attribute " << skip;
        EXPECT_EQ(r.error().code, EBADMSG);
    }
}

// A watch event is an audit event: the number of the other events' sequence
// is not its number, and does not stand in for the audit one.
TEST(DecodeWatchEvent, NumberedByTheAuditSequence) {
    Msg m(PHTRACK_CMD_EVENT_WATCH);
    put_watch_event(m.nlh(), PHTRACK_A_AUDIT_SEQ);
    mnl_attr_put_u64(m.nlh(), PHTRACK_A_SEQ, 7);
    EXPECT_FALSE(ph::decode_watch_event(m.nlh(), m.len()).ok());
    mnl_attr_put_u64(m.nlh(), PHTRACK_A_AUDIT_SEQ, 9);
    auto r = ph::decode_watch_event(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().seq, 9u);
}

TEST(DecodeAuditLost, RangeAndReason) {
    Msg m(PHTRACK_CMD_AUDIT_LOST);
    mnl_attr_put_u64(m.nlh(), PHTRACK_A_LOST_FIRST, 5);
    mnl_attr_put_u64(m.nlh(), PHTRACK_A_LOST_LAST, 9);
    mnl_attr_put_u32(m.nlh(), PHTRACK_A_LOST_REASON, PHTRACK_AUDIT_LOSS_DROPPED);
    auto r = ph::decode_audit_lost(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().first, 5u);
    EXPECT_EQ(r.value().last, 9u);
    EXPECT_EQ(r.value().count(), 5u);
    EXPECT_EQ(r.value().reason, static_cast<uint32_t>(PHTRACK_AUDIT_LOSS_DROPPED));
    for (size_t len = 0; len < m.len(); len += 3)
        EXPECT_FALSE(ph::decode_audit_lost(m.nlh(), len).ok()) << len;
}

TEST(DecodeAuditLost, RefusesBadRanges) {
    struct Case {
        uint64_t first, last;
        bool reason;
    };
    for (Case c : {Case{9, 5, true}, Case{0, 3, true}, Case{1, 1, false}}) {
        Msg m(PHTRACK_CMD_AUDIT_LOST);
        mnl_attr_put_u64(m.nlh(), PHTRACK_A_LOST_FIRST, c.first);
        mnl_attr_put_u64(m.nlh(), PHTRACK_A_LOST_LAST, c.last);
        if (c.reason)
            mnl_attr_put_u32(m.nlh(), PHTRACK_A_LOST_REASON, PHTRACK_AUDIT_LOSS_ACKED);
        auto r = ph::decode_audit_lost(m.nlh(), m.len());
        ASSERT_FALSE(r.ok()) << c.first << ".." << c.last;
        EXPECT_EQ(r.error().code, EBADMSG);
    }
    Msg wrong(PHTRACK_CMD_EVENT_WATCH);
    mnl_attr_put_u64(wrong.nlh(), PHTRACK_A_LOST_FIRST, 1);
    mnl_attr_put_u64(wrong.nlh(), PHTRACK_A_LOST_LAST, 1);
    mnl_attr_put_u32(wrong.nlh(), PHTRACK_A_LOST_REASON, PHTRACK_AUDIT_LOSS_ACKED);
    EXPECT_FALSE(ph::decode_audit_lost(wrong.nlh(), wrong.len()).ok());
}

TEST(DecodeWatchEvent, WrongTypesAndValues) {
    {
        Msg m(PHTRACK_CMD_EVENT_WATCH);
        put_watch_event(m.nlh());
        mnl_attr_put_u16(m.nlh(), PHTRACK_A_PPID, 5);  // u16 where u32 belongs
        EXPECT_FALSE(ph::decode_watch_event(m.nlh(), m.len()).ok());
    }
    {
        Msg m(PHTRACK_CMD_EVENT_WATCH);
        put_watch_event(m.nlh(), PHTRACK_A_OP);
        mnl_attr_put_u32(m.nlh(), PHTRACK_A_OP, PHTRACK_OP_MAX + 1);
        auto r = ph::decode_watch_event(m.nlh(), m.len());
        ASSERT_FALSE(r.ok());
        EXPECT_NE(r.error().message.find("unknown operation"), std::string::npos);
    }
    {
        Msg m(PHTRACK_CMD_EVENT_WATCH);
        put_watch_event(m.nlh(), PHTRACK_A_PATH);
        // A string attribute without its NUL terminator.
        mnl_attr_put(m.nlh(), PHTRACK_A_PATH, 4, "/etc");
        EXPECT_FALSE(ph::decode_watch_event(m.nlh(), m.len()).ok());
    }
}

TEST(DecodeWatchEvent, TruncatedAndForeign) {
    Msg m(PHTRACK_CMD_EVENT_WATCH);
    put_watch_event(m.nlh());
    // Every truncation of the buffer is refused, none crashes.
    for (size_t len = 0; len < m.len(); len += 3)
        EXPECT_FALSE(ph::decode_watch_event(m.nlh(), len).ok()) << len;
    Msg wrong_cmd(PHTRACK_CMD_EVENT_LEARNED);
    put_watch_event(wrong_cmd.nlh());
    EXPECT_FALSE(ph::decode_watch_event(wrong_cmd.nlh(), wrong_cmd.len()).ok());
    Msg wrong_version(PHTRACK_CMD_EVENT_WATCH, PHTRACK_GENL_VERSION + 1);
    put_watch_event(wrong_version.nlh());
    auto r = ph::decode_watch_event(wrong_version.nlh(), wrong_version.len());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, EPROTO);
}

TEST(DecodeWatchEvent, AttributeLengthBeyondMessage) {
    Msg m(PHTRACK_CMD_EVENT_WATCH);
    put_watch_event(m.nlh());
    // Corrupt the last attribute's length so it runs past the message.
    auto *last = reinterpret_cast<nlattr *>(reinterpret_cast<char *>(m.nlh()) + m.len() -
                                            MNL_ALIGN(sizeof(nlattr) + sizeof("/etc/foobar")));
    ASSERT_EQ(mnl_attr_get_type(last), PHTRACK_A_PATH2);
    last->nla_len = 200;
    EXPECT_FALSE(ph::decode_watch_event(m.nlh(), m.len()).ok());
}

TEST(DecodeWatches, ListAndMalformed) {
    Msg m(PHTRACK_CMD_WATCH_GET);
    for (uint32_t id : {1u, 2u}) {
        nlattr *n = mnl_attr_nest_start(m.nlh(), PHTRACK_A_WATCH);
        mnl_attr_put_u32(m.nlh(), PHTRACK_WATCH_ID, id);
        mnl_attr_put_strz(m.nlh(), PHTRACK_WATCH_PATTERN, id == 1 ? "/etc/foobar" : "/etc/ssh/");
        mnl_attr_put_u32(m.nlh(), PHTRACK_WATCH_OPS, PHTRACK_OPS_CHANGE);
        mnl_attr_nest_end(m.nlh(), n);
    }
    auto r = ph::decode_watches(m.nlh(), m.len(), PHTRACK_CMD_WATCH_GET);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r.value().size(), 2u);
    EXPECT_EQ(r.value()[1].id, 2u);
    EXPECT_EQ(r.value()[1].pattern, "/etc/ssh/");
    EXPECT_EQ(r.value()[0].ops, static_cast<uint32_t>(PHTRACK_OPS_CHANGE));

    Msg empty(PHTRACK_CMD_WATCH_GET);
    auto e = ph::decode_watches(empty.nlh(), empty.len(), PHTRACK_CMD_WATCH_GET);
    ASSERT_TRUE(e.ok());
    EXPECT_TRUE(e.value().empty());

    Msg bad(PHTRACK_CMD_WATCH_GET);
    nlattr *n = mnl_attr_nest_start(bad.nlh(), PHTRACK_A_WATCH);
    mnl_attr_put_u32(bad.nlh(), PHTRACK_WATCH_ID, 1);  // no pattern, no ops
    mnl_attr_nest_end(bad.nlh(), n);
    EXPECT_FALSE(ph::decode_watches(bad.nlh(), bad.len(), PHTRACK_CMD_WATCH_GET).ok());
}

TEST(Ops, NamesRoundTrip) {
    for (uint32_t op = 0; op <= PHTRACK_OP_MAX; ++op)
        EXPECT_EQ(ph::parse_op(ph::op_name(op)), static_cast<int>(op));
    EXPECT_EQ(ph::op_name(PHTRACK_OP_MAX + 1), "?");
    EXPECT_EQ(ph::parse_op("frobnicate"), -1);
    auto m = ph::parse_ops("write,unlink");
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m.value(), (1U << PHTRACK_OP_WRITE) | (1U << PHTRACK_OP_UNLINK));
    EXPECT_EQ(ph::format_ops(m.value()), "write,unlink");
    EXPECT_EQ(ph::parse_ops("change").value(), static_cast<uint32_t>(PHTRACK_OPS_CHANGE));
    EXPECT_EQ(ph::format_ops(PHTRACK_OPS_ALL), "all");
    auto bad = ph::parse_ops("read,bogus");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("bogus"), std::string::npos);
    EXPECT_FALSE(ph::parse_ops("").ok());
    EXPECT_FALSE(ph::parse_ops(",").ok());
}

bool wm(const char *pat, const char *name) {
    return ph_watch_match(pat, strlen(pat), name, strlen(name));
}

TEST(WatchMatch, FileDirectoryAndPattern) {
    EXPECT_TRUE(wm("/etc/foobar", "/etc/foobar"));
    EXPECT_FALSE(wm("/etc/foobar", "/etc/foobar2"));
    EXPECT_FALSE(wm("/etc/foobar", "/etc/foo"));
    EXPECT_TRUE(wm("/etc/ssh/", "/etc/ssh/"));
    EXPECT_TRUE(wm("/etc/ssh/", "/etc/ssh/sshd_config"));
    EXPECT_TRUE(wm("/etc/ssh/", "/etc/ssh/a/b/c"));
    EXPECT_FALSE(wm("/etc/ssh/", "/etc/ssh"));
    EXPECT_FALSE(wm("/etc/ssh/", "/etc/sshd"));
    EXPECT_TRUE(wm("/etc/\\*.conf", "/etc/resolv.conf"));
    EXPECT_FALSE(wm("/etc/\\*.conf", "/etc/x/resolv.conf"));
    EXPECT_TRUE(wm("/etc/\\{\\*\\}/\\*.conf", "/etc/a/b/x.conf"));
    EXPECT_TRUE(wm("/tmp/f\\$", "/tmp/f12"));
    EXPECT_FALSE(wm("/tmp/f\\$", "/tmp/fx"));
}

TEST(WatchMatch, Validity) {
    auto valid = [](const char *p) { return ph_watch_valid(p, strlen(p)); };
    EXPECT_TRUE(valid("/etc/foobar"));
    EXPECT_TRUE(valid("/etc/"));
    EXPECT_TRUE(valid("/etc/\\*.conf"));
    EXPECT_FALSE(valid("etc/foobar"));
    EXPECT_FALSE(valid(""));
    EXPECT_FALSE(valid("/etc/foo bar"));  // spaces must be escaped (\040)
    EXPECT_FALSE(valid("/etc/\\q"));
    EXPECT_FALSE(ph_watch_valid(nullptr, 0));
}

// The names the module learns as one pattern (policy/ph_pattern.c, used by
// kernel/acl.c): each pattern matches the names it stands for.
TEST(NameGeneralize, PipesAndPseudoTerminals) {
    auto gen = [](const char *n) -> std::string {
        size_t glen = 0;
        const char *g = ph_name_generalize(n, strlen(n), &glen);
        if (!g)
            return "(none)";
        EXPECT_TRUE(ph_path_match(g, glen, n, strlen(n))) << n;
        return std::string(g, glen);
    };
    EXPECT_EQ(gen("pipe:[4242]"), "pipe:[\\$]");
    EXPECT_EQ(gen("pipe:[0]"), "pipe:[\\$]");
    EXPECT_EQ(gen("devpts:/3"), "devpts:/\\$");
    EXPECT_EQ(gen("devpts:/12345"), "devpts:/\\$");
    EXPECT_EQ(gen("pipe:[]"), "(none)");
    EXPECT_EQ(gen("pipe:[12a]"), "(none)");
    EXPECT_EQ(gen("pipe:[12"), "(none)");
    EXPECT_EQ(gen("pipe:[\\$]"), "(none)");  // already the pattern
    EXPECT_EQ(gen("devpts:/ptmx"), "(none)");
    EXPECT_EQ(gen("devpts:/"), "(none)");
    EXPECT_EQ(gen("devpts:/3/x"), "(none)");
    EXPECT_EQ(gen("socket:[family=1:type=1:protocol=0]"), "(none)");
    EXPECT_EQ(gen("/tmp/pipe:[12]"), "(none)");
}

}  // namespace
