// Unit tests for the netlink decoder, on fabricated and malformed messages.
#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <cstring>
#include <vector>

#include "linux/phtrack.h"
#include "proto.hpp"

namespace {

// Builds a phtrack message the way the kernel does.
class MsgBuilder {
  public:
    explicit MsgBuilder(uint8_t cmd = PHTRACK_CMD_STATUS_GET,
                        uint8_t version = PHTRACK_GENL_VERSION)
        : buf_(8192, 0) {
        nlh_ = mnl_nlmsg_put_header(buf_.data());
        nlh_->nlmsg_type = 0x20;
        auto *g = static_cast<genlmsghdr *>(mnl_nlmsg_put_extra_header(nlh_, sizeof(genlmsghdr)));
        g->cmd = cmd;
        g->version = version;
    }
    MsgBuilder &full_status() {
        mnl_attr_put_strz(nlh_, PHTRACK_A_MODULE_VERSION, "0.1.0");
        mnl_attr_put_u32(nlh_, PHTRACK_A_PROTO_VERSION, PHTRACK_GENL_VERSION);
        mnl_attr_put_strz(nlh_, PHTRACK_A_KERNEL_RELEASE, "6.1.0-56-amd64");
        mnl_attr_put_u32(nlh_, PHTRACK_A_MODE, PHTRACK_MODE_LEARNING);
        mnl_attr_put_u64(nlh_, PHTRACK_A_LOADED_NS, 1700000000123456789ULL);
        nlattr *n = mnl_attr_nest_start(nlh_, PHTRACK_A_COUNTERS);
        mnl_attr_put_u64(nlh_, PHTRACK_CTR_EVENTS_EMITTED, 10);
        mnl_attr_put_u64(nlh_, PHTRACK_CTR_EVENTS_DROPPED, 2);
        mnl_attr_put_u64(nlh_, PHTRACK_CTR_DOMAINS, 7);
        mnl_attr_put_u64(nlh_, PHTRACK_CTR_MEM_BYTES, 4096);
        mnl_attr_nest_end(nlh_, n);
        return *this;
    }
    nlmsghdr *nlh() { return nlh_; }
    size_t len() const { return nlh_->nlmsg_len; }

  private:
    std::vector<char> buf_;
    nlmsghdr *nlh_;
};

TEST(DecodeStatus, FullReply) {
    MsgBuilder m;
    m.full_status();
    auto r = ph::decode_status(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
    const ph::Status &s = r.value();
    EXPECT_EQ(s.module_version, "0.1.0");
    EXPECT_EQ(s.proto_version, static_cast<uint32_t>(PHTRACK_GENL_VERSION));
    EXPECT_EQ(s.kernel_release, "6.1.0-56-amd64");
    EXPECT_EQ(s.mode, static_cast<uint32_t>(PHTRACK_MODE_LEARNING));
    EXPECT_EQ(s.loaded_ns, 1700000000123456789ULL);
    EXPECT_EQ(s.counters.events_emitted, 10u);
    EXPECT_EQ(s.counters.events_dropped, 2u);
    EXPECT_EQ(s.counters.domains, 7u);
    EXPECT_EQ(s.counters.mem_bytes, 4096u);
    EXPECT_EQ(s.counters.acl_entries, 0u);
}

TEST(DecodeStatus, UnknownAttributesAreSkipped) {
    MsgBuilder m;
    m.full_status();
    mnl_attr_put_u32(m.nlh(), 200, 5);
    auto r = ph::decode_status(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
}

TEST(DecodeStatus, MissingRequiredAttribute) {
    MsgBuilder m;
    mnl_attr_put_strz(m.nlh(), PHTRACK_A_MODULE_VERSION, "0.1.0");
    auto r = ph::decode_status(m.nlh(), m.len());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, EBADMSG);
}

TEST(DecodeStatus, WrongVersionIsRefused) {
    MsgBuilder m(PHTRACK_CMD_STATUS_GET, PHTRACK_GENL_VERSION + 1);
    m.full_status();
    auto r = ph::decode_status(m.nlh(), m.len());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, EPROTO);
    EXPECT_NE(r.error().message.find("version"), std::string::npos);
}

TEST(DecodeStatus, WrongCommandIsRefused) {
    MsgBuilder m(PHTRACK_CMD_MODE_SET);
    m.full_status();
    EXPECT_FALSE(ph::decode_status(m.nlh(), m.len()).ok());
}

TEST(DecodeStatus, WrongAttributeTypeIsRefused) {
    MsgBuilder m;
    mnl_attr_put_strz(m.nlh(), PHTRACK_A_MODULE_VERSION, "0.1.0");
    mnl_attr_put_u32(m.nlh(), PHTRACK_A_PROTO_VERSION, 1);
    mnl_attr_put_u8(m.nlh(), PHTRACK_A_MODE, 1);  // u8 where u32 is due
    auto r = ph::decode_status(m.nlh(), m.len());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, EBADMSG);
}

TEST(DecodeStatus, StringWithoutTerminatorIsRefused) {
    MsgBuilder m;
    m.full_status();
    mnl_attr_put(m.nlh(), PHTRACK_A_KERNEL_RELEASE, 4, "abcd");
    EXPECT_FALSE(ph::decode_status(m.nlh(), m.len()).ok());
}

TEST(DecodeStatus, MalformedCounterIsRefused) {
    MsgBuilder m;
    m.full_status();
    nlattr *n = mnl_attr_nest_start(m.nlh(), PHTRACK_A_COUNTERS);
    mnl_attr_put_u16(m.nlh(), PHTRACK_CTR_DOMAINS, 3);
    mnl_attr_nest_end(m.nlh(), n);
    EXPECT_FALSE(ph::decode_status(m.nlh(), m.len()).ok());
}

TEST(DecodeStatus, TruncatedMessageIsRefused) {
    MsgBuilder m;
    m.full_status();
    // Claim more bytes than the buffer holds.
    EXPECT_FALSE(ph::decode_status(m.nlh(), m.len() - 1).ok());
    // Cut the message inside its last attribute.
    m.nlh()->nlmsg_len -= 6;
    EXPECT_FALSE(ph::decode_status(m.nlh(), m.len()).ok());
    // Too short for a generic netlink header.
    m.nlh()->nlmsg_len = sizeof(nlmsghdr) + 1;
    EXPECT_FALSE(ph::decode_status(m.nlh(), m.len()).ok());
    EXPECT_FALSE(ph::decode_status(m.nlh(), 3).ok());
}

TEST(DecodeStatus, AttributeLengthOverrunIsRefused) {
    MsgBuilder m;
    m.full_status();
    // Corrupt the first attribute's length to run past the message.
    auto *a = static_cast<nlattr *>(mnl_nlmsg_get_payload_offset(m.nlh(), sizeof(genlmsghdr)));
    a->nla_len = 0xfff0;
    EXPECT_FALSE(ph::decode_status(m.nlh(), m.len()).ok());
}

TEST(DecodeDomain, PerDomainMode) {
    MsgBuilder m(PHTRACK_CMD_DOMAIN_GET);
    nlattr *n = mnl_attr_nest_start(m.nlh(), PHTRACK_A_DOMAIN);
    mnl_attr_put_u32(m.nlh(), PHTRACK_DOM_ID, 4);
    mnl_attr_put_strz(m.nlh(), PHTRACK_DOM_NAME, "<kernel> /sbin/init");
    mnl_attr_put_u32(m.nlh(), PHTRACK_DOM_MODE, PHTRACK_MODE_ENFORCING);
    mnl_attr_put_u32(m.nlh(), PHTRACK_DOM_OWN_MODE, 1);
    mnl_attr_nest_end(m.nlh(), n);
    auto r = ph::decode_domain_msg(m.nlh(), m.len(), PHTRACK_CMD_DOMAIN_GET);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r.value().has_mode);
    EXPECT_EQ(r.value().mode, static_cast<uint32_t>(PHTRACK_MODE_ENFORCING));
    EXPECT_TRUE(r.value().own_mode);

    // An older module reports no mode: has_mode stays false.
    MsgBuilder old(PHTRACK_CMD_DOMAIN_GET);
    n = mnl_attr_nest_start(old.nlh(), PHTRACK_A_DOMAIN);
    mnl_attr_put_u32(old.nlh(), PHTRACK_DOM_ID, 0);
    mnl_attr_put_strz(old.nlh(), PHTRACK_DOM_NAME, "<kernel>");
    mnl_attr_nest_end(old.nlh(), n);
    auto o = ph::decode_domain_msg(old.nlh(), old.len(), PHTRACK_CMD_DOMAIN_GET);
    ASSERT_TRUE(o.ok()) << o.error().message;
    EXPECT_FALSE(o.value().has_mode);
    EXPECT_FALSE(o.value().own_mode);
}

TEST(DecodeDomainCount, ReplyAndMalformed) {
    MsgBuilder m(PHTRACK_CMD_DOMAIN_MODE_SET);
    mnl_attr_put_u32(m.nlh(), PHTRACK_A_DOMAIN_COUNT, 3);
    auto r = ph::decode_domain_count(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value(), 3u);
    MsgBuilder none(PHTRACK_CMD_DOMAIN_MODE_SET);
    EXPECT_FALSE(ph::decode_domain_count(none.nlh(), none.len()).ok());
    MsgBuilder bad(PHTRACK_CMD_DOMAIN_MODE_SET);
    mnl_attr_put_u64(bad.nlh(), PHTRACK_A_DOMAIN_COUNT, 3);
    EXPECT_FALSE(ph::decode_domain_count(bad.nlh(), bad.len()).ok());
    MsgBuilder wrong(PHTRACK_CMD_STATUS_GET);
    mnl_attr_put_u32(wrong.nlh(), PHTRACK_A_DOMAIN_COUNT, 3);
    EXPECT_FALSE(ph::decode_domain_count(wrong.nlh(), wrong.len()).ok());
}

TEST(DecodeMark, ReplyAndMalformed) {
    MsgBuilder m(PHTRACK_CMD_MARK);
    mnl_attr_put_u32(m.nlh(), PHTRACK_A_MARK_EPOCH, 2);
    mnl_attr_put_u64(m.nlh(), PHTRACK_A_TIME_NS, 1700000000000000000ULL);
    auto r = ph::decode_mark_reply(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().epoch, 2u);
    EXPECT_EQ(r.value().time_ns, 1700000000000000000ULL);
    MsgBuilder no_time(PHTRACK_CMD_MARK);
    mnl_attr_put_u32(no_time.nlh(), PHTRACK_A_MARK_EPOCH, 2);
    EXPECT_FALSE(ph::decode_mark_reply(no_time.nlh(), no_time.len()).ok());
    MsgBuilder wrong(PHTRACK_CMD_STATUS_GET);
    mnl_attr_put_u32(wrong.nlh(), PHTRACK_A_MARK_EPOCH, 2);
    mnl_attr_put_u64(wrong.nlh(), PHTRACK_A_TIME_NS, 1);
    EXPECT_FALSE(ph::decode_mark_reply(wrong.nlh(), wrong.len()).ok());
}

TEST(Modes, NamesAndParsing) {
    EXPECT_EQ(ph::mode_name(PHTRACK_MODE_DISABLED), "disabled");
    EXPECT_EQ(ph::mode_name(PHTRACK_MODE_ENFORCING), "enforcing");
    EXPECT_EQ(ph::mode_name(99), "unknown");
    EXPECT_EQ(ph::parse_mode("permissive"), PHTRACK_MODE_PERMISSIVE);
    EXPECT_EQ(ph::parse_mode("1"), PHTRACK_MODE_LEARNING);
    EXPECT_EQ(ph::parse_mode("4"), -1);
    EXPECT_EQ(ph::parse_mode("learn"), -1);
    EXPECT_EQ(ph::parse_mode(""), -1);
    EXPECT_EQ(ph::parse_mode("1x"), -1);
}

}  // namespace
