// Unit tests for learned-entry decoding and TOMOYO-notation formatting.
#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <vector>

#include "linux/phtrack.h"
#include "proto.hpp"

namespace {

struct Msg {
    std::vector<char> buf = std::vector<char>(8192, 0);
    nlmsghdr *nlh;
    explicit Msg(uint8_t cmd) {
        nlh = mnl_nlmsg_put_header(buf.data());
        nlh->nlmsg_type = 0x20;
        auto *g = static_cast<genlmsghdr *>(mnl_nlmsg_put_extra_header(nlh, sizeof(genlmsghdr)));
        g->cmd = cmd;
        g->version = PHTRACK_GENL_VERSION;
    }
    void acl(uint32_t type, uint32_t sub, uint32_t perm, uint64_t n0, const char *s0,
             const char *s1 = nullptr) {
        nlattr *n = mnl_attr_nest_start(nlh, PHTRACK_A_ACL);
        mnl_attr_put_u32(nlh, PHTRACK_ACL_TYPE, type);
        mnl_attr_put_u32(nlh, PHTRACK_ACL_SUB, sub);
        mnl_attr_put_u32(nlh, PHTRACK_ACL_PERM, perm);
        mnl_attr_put_u64(nlh, PHTRACK_ACL_NUM0, n0);
        mnl_attr_put_strz(nlh, PHTRACK_ACL_STR0, s0);
        if (s1)
            mnl_attr_put_strz(nlh, PHTRACK_ACL_STR1, s1);
        mnl_attr_nest_end(nlh, n);
    }
};

ph::AclEntry entry(uint32_t type, uint32_t sub, uint32_t perm, uint64_t n0, std::string s0,
                   std::string s1 = "", std::string s2 = "") {
    ph::AclEntry e;
    e.type = type;
    e.sub = sub;
    e.perm = perm;
    e.num[0] = n0;
    e.str[0] = std::move(s0);
    e.str[1] = std::move(s1);
    e.str[2] = std::move(s2);
    return e;
}

TEST(FormatAcl, PathPermissionsMergeInTomoyoOrder) {
    uint32_t perm =
        (1u << PHTRACK_PERM_GETATTR) | (1u << PHTRACK_PERM_READ) | (1u << PHTRACK_PERM_WRITE);
    EXPECT_EQ(ph::format_acl(entry(PHTRACK_ACLT_PATH, 0, perm, 0, "/x")),
              "file read/write/getattr /x");
}

TEST(FormatAcl, NumbersUseTheirRadix) {
    EXPECT_EQ(ph::format_acl(entry(PHTRACK_ACLT_PATH_NUMBER, PHTRACK_RADIX_OCTAL,
                                   1u << PHTRACK_PERM_CREATE, 0644, "/var/run/x.pid")),
              "file create /var/run/x.pid 0644");
    EXPECT_EQ(ph::format_acl(entry(PHTRACK_ACLT_PATH_NUMBER, PHTRACK_RADIX_HEX,
                                   1u << PHTRACK_PERM_IOCTL, 0x5401, "/dev/null")),
              "file ioctl /dev/null 0x5401");
    EXPECT_EQ(ph::format_acl(entry(PHTRACK_ACLT_PATH_NUMBER, PHTRACK_RADIX_DECIMAL,
                                   1u << PHTRACK_PERM_CHOWN, 1000, "/f")),
              "file chown /f 1000");
}

TEST(FormatAcl, DevicesPathPairsMountNetworkMisc) {
    auto dev = entry(PHTRACK_ACLT_MKDEV, 0, 1u << PHTRACK_PERM_MKCHAR, 0666, "/dev/null");
    dev.num[1] = 1;
    dev.num[2] = 3;
    EXPECT_EQ(ph::format_acl(dev), "file mkchar /dev/null 0666 1 3");
    EXPECT_EQ(
        ph::format_acl(entry(PHTRACK_ACLT_PATH2, 0, 1u << PHTRACK_PERM_RENAME, 0, "/a", "/b")),
        "file rename /a /b");
    EXPECT_EQ(ph::format_acl(entry(PHTRACK_ACLT_MOUNT, 0, 1, 0x1, "none", "/mnt/", "tmpfs")),
              "file mount none /mnt/ tmpfs 0x1");
    EXPECT_EQ(ph::format_acl(entry(PHTRACK_ACLT_INET, PHTRACK_SOCK_STREAM,
                                   (1u << PHTRACK_PERM_BIND) | (1u << PHTRACK_PERM_LISTEN), 8080,
                                   "127.0.0.1")),
              "network inet stream bind/listen 127.0.0.1 8080");
    EXPECT_EQ(ph::format_acl(entry(PHTRACK_ACLT_UNIX, PHTRACK_SOCK_DGRAM, 1u << PHTRACK_PERM_BIND,
                                   0, "/dev/log")),
              "network unix dgram bind /dev/log");
    EXPECT_EQ(ph::format_acl(entry(PHTRACK_ACLT_ENV, 0, 1, 0, "PATH")), "misc env PATH");
    EXPECT_EQ(ph::format_acl(entry(PHTRACK_ACLT_CAP, 0, 1, 0, "net_admin")),
              "capability net_admin");
}

TEST(DecodeAcl, DumpMessage) {
    Msg m(PHTRACK_CMD_ACL_GET);
    mnl_attr_put_u32(m.nlh, PHTRACK_A_DOMAIN_ID, 7);
    m.acl(PHTRACK_ACLT_PATH2, 0, 1u << PHTRACK_PERM_LINK, 0, "/a", "/b");
    auto r = ph::decode_acl_msg(m.nlh, m.nlh->nlmsg_len);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().domain_id, 7u);
    EXPECT_EQ(ph::format_acl(r.value()), "file link /a /b");
}

TEST(DecodeAcl, RejectsMissingDomainAndBadType) {
    Msg m(PHTRACK_CMD_ACL_GET);
    m.acl(PHTRACK_ACLT_PATH, 0, 1, 0, "/a");
    EXPECT_FALSE(ph::decode_acl_msg(m.nlh, m.nlh->nlmsg_len).ok());

    Msg m2(PHTRACK_CMD_ACL_GET);
    mnl_attr_put_u32(m2.nlh, PHTRACK_A_DOMAIN_ID, 1);
    m2.acl(999, 0, 1, 0, "/a");
    EXPECT_FALSE(ph::decode_acl_msg(m2.nlh, m2.nlh->nlmsg_len).ok());
}

TEST(DecodeAcl, LearnedEvent) {
    Msg m(PHTRACK_CMD_EVENT_LEARNED);
    mnl_attr_put_u64(m.nlh, PHTRACK_A_SEQ, 42);
    mnl_attr_put_u64(m.nlh, PHTRACK_A_TIME_NS, 5);
    mnl_attr_put_u32(m.nlh, PHTRACK_A_PID, 100);
    mnl_attr_put_strz(m.nlh, PHTRACK_A_COMM, "sshd");
    mnl_attr_put_u32(m.nlh, PHTRACK_A_DOMAIN_ID, 3);
    m.acl(PHTRACK_ACLT_ENV, 0, 1, 0, "LANG");
    auto r = ph::decode_learned_event(m.nlh, m.nlh->nlmsg_len);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().seq, 42u);
    EXPECT_EQ(r.value().comm, "sshd");
    EXPECT_EQ(r.value().entry.domain_id, 3u);
    EXPECT_EQ(ph::format_acl(r.value().entry), "misc env LANG");
    EXPECT_EQ(r.value().epoch, 0u);  // an event without a mark epoch: before any mark
    // Truncated inside the nest.
    m.nlh->nlmsg_len -= 8;
    EXPECT_FALSE(ph::decode_learned_event(m.nlh, m.nlh->nlmsg_len).ok());
}

TEST(DecodeAcl, LearnedEventCarriesItsMarkEpoch) {
    Msg m(PHTRACK_CMD_EVENT_LEARNED);
    mnl_attr_put_u64(m.nlh, PHTRACK_A_SEQ, 43);
    mnl_attr_put_u32(m.nlh, PHTRACK_A_DOMAIN_ID, 3);
    m.acl(PHTRACK_ACLT_PATH, 0, 1, 0, "/etc/hosts");
    mnl_attr_put_u32(m.nlh, PHTRACK_A_MARK_EPOCH, 7);
    auto r = ph::decode_learned_event(m.nlh, m.nlh->nlmsg_len);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().epoch, 7u);
    Msg bad(PHTRACK_CMD_EVENT_LEARNED);
    mnl_attr_put_u64(bad.nlh, PHTRACK_A_SEQ, 44);
    mnl_attr_put_u32(bad.nlh, PHTRACK_A_DOMAIN_ID, 3);
    bad.acl(PHTRACK_ACLT_PATH, 0, 1, 0, "/etc/hosts");
    mnl_attr_put_u64(bad.nlh, PHTRACK_A_MARK_EPOCH, 7);  // not a u32
    EXPECT_FALSE(ph::decode_learned_event(bad.nlh, bad.nlh->nlmsg_len).ok());
}

TEST(DomainOrder, ParentsBeforeChildrenTokenWise) {
    EXPECT_TRUE(ph::domain_less("<kernel>", "<kernel> /sbin/init"));
    EXPECT_TRUE(ph::domain_less("<kernel> /sbin/init /bin/sh", "<kernel> /sbin/init /bin/sh/x"));
    EXPECT_TRUE(ph::domain_less("<kernel> /a /z", "<kernel> /a-b"));
    EXPECT_FALSE(ph::domain_less("<kernel> /b", "<kernel> /a /c"));
}

}  // namespace
