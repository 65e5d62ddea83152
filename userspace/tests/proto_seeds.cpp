// Writes the seed corpus of fuzz_proto: one valid message of every kind the
// decoders take, built the way the kernel builds them (as the unit tests in
// test_proto.cpp, test_acl.cpp and test_watch.cpp do), each prefixed by the
// byte that selects its decoder in fuzz_proto.cpp.
// Usage: proto_seeds DIR   (tools/fuzz.sh runs it before the fuzzer)
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "linux/phtrack.h"

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
    void actor() {
        mnl_attr_put_u64(nlh, PHTRACK_A_SEQ, 42);
        mnl_attr_put_u64(nlh, PHTRACK_A_TIME_NS, 1700000000000000001ULL);
        mnl_attr_put_u32(nlh, PHTRACK_A_PID, 100);
        mnl_attr_put_u32(nlh, PHTRACK_A_TGID, 99);
        mnl_attr_put_u32(nlh, PHTRACK_A_UID, 1000);
        mnl_attr_put_strz(nlh, PHTRACK_A_COMM, "ev\\033[2J\\012il");
    }
    void domain(uint16_t type, uint32_t id, const char *name) {
        nlattr *n = mnl_attr_nest_start(nlh, type);
        mnl_attr_put_u32(nlh, PHTRACK_DOM_ID, id);
        mnl_attr_put_strz(nlh, PHTRACK_DOM_NAME, name);
        if (id > 1)
            mnl_attr_put_u32(nlh, PHTRACK_DOM_PARENT_ID, id - 1);
        mnl_attr_put_u32(nlh, PHTRACK_DOM_FLAGS, 0);
        mnl_attr_put_u32(nlh, PHTRACK_DOM_TASKS, 2);
        mnl_attr_put_u64(nlh, PHTRACK_DOM_CREATED_NS, 1700000000000000000ULL);
        mnl_attr_put_u32(nlh, PHTRACK_DOM_DEPTH, id - 1);
        mnl_attr_put_u32(nlh, PHTRACK_DOM_ACL_COUNT, 3);
        mnl_attr_put_strz(nlh, PHTRACK_DOM_TARGET, "/usr/sbin/sshd");
        mnl_attr_nest_end(nlh, n);
    }
    void acl(uint32_t type, uint32_t perm, const char *s0, const char *s1, const char *s2) {
        nlattr *n = mnl_attr_nest_start(nlh, PHTRACK_A_ACL);
        mnl_attr_put_u32(nlh, PHTRACK_ACL_TYPE, type);
        mnl_attr_put_u32(nlh, PHTRACK_ACL_SUB, 0);
        mnl_attr_put_u32(nlh, PHTRACK_ACL_PERM, perm);
        mnl_attr_put_u64(nlh, PHTRACK_ACL_NUM0, 0644);
        mnl_attr_put_u64(nlh, PHTRACK_ACL_NUM1, 8);
        mnl_attr_put_u64(nlh, PHTRACK_ACL_NUM2, 1);
        if (s0)
            mnl_attr_put_strz(nlh, PHTRACK_ACL_STR0, s0);
        if (s1)
            mnl_attr_put_strz(nlh, PHTRACK_ACL_STR1, s1);
        if (s2)
            mnl_attr_put_strz(nlh, PHTRACK_ACL_STR2, s2);
        mnl_attr_nest_end(nlh, n);
    }
};

bool write_seed(const std::string &dir, const std::string &name, uint8_t which, const Msg &m) {
    std::string path = dir + "/" + name;
    FILE *f = fopen(path.c_str(), "wb");
    if (!f)
        return false;
    bool ok =
        fwrite(&which, 1, 1, f) == 1 && fwrite(m.nlh, 1, m.nlh->nlmsg_len, f) == m.nlh->nlmsg_len;
    return fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    bool ok = true;

    Msg st(PHTRACK_CMD_STATUS_GET);
    mnl_attr_put_strz(st.nlh, PHTRACK_A_MODULE_VERSION, "0.1.0");
    mnl_attr_put_u32(st.nlh, PHTRACK_A_PROTO_VERSION, PHTRACK_GENL_VERSION);
    mnl_attr_put_strz(st.nlh, PHTRACK_A_KERNEL_RELEASE, "6.1.0-56-amd64");
    mnl_attr_put_u32(st.nlh, PHTRACK_A_MODE, PHTRACK_MODE_LEARNING);
    mnl_attr_put_u64(st.nlh, PHTRACK_A_LOADED_NS, 1700000000123456789ULL);
    mnl_attr_put_strz(st.nlh, PHTRACK_A_BOOT_TRIGGER, "/sbin/init");
    nlattr *n = mnl_attr_nest_start(st.nlh, PHTRACK_A_COUNTERS);
    mnl_attr_put_u64(st.nlh, PHTRACK_CTR_EVENTS_EMITTED, 10);
    mnl_attr_put_u64(st.nlh, PHTRACK_CTR_DOMAINS, 7);
    mnl_attr_nest_end(st.nlh, n);
    ok &= write_seed(dir, "status", 0, st);

    Msg dom(PHTRACK_CMD_DOMAIN_GET);
    dom.domain(PHTRACK_A_DOMAIN, 2, "<kernel> /sbin/init /usr/sbin/sshd");
    ok &= write_seed(dir, "domain", 1, dom);
    Msg pid(PHTRACK_CMD_PID_DOMAIN_GET);
    pid.domain(PHTRACK_A_DOMAIN, 1, "<kernel> /bin/a\\040b");
    ok &= write_seed(dir, "pid_domain", 2, pid);

    Msg acl(PHTRACK_CMD_ACL_GET);
    mnl_attr_put_u32(acl.nlh, PHTRACK_A_DOMAIN_ID, 7);
    acl.acl(PHTRACK_ACLT_MOUNT, 1, "none", "/tmp/mnt", "x\\012<kernel>\\040/fake");
    ok &= write_seed(dir, "acl_mount", 3, acl);
    Msg acl2(PHTRACK_CMD_ACL_GET);
    mnl_attr_put_u32(acl2.nlh, PHTRACK_A_DOMAIN_ID, 3);
    acl2.acl(PHTRACK_ACLT_PATH2, 1, "/etc/a", "/etc/b", nullptr);
    ok &= write_seed(dir, "acl_path2", 3, acl2);

    Msg le(PHTRACK_CMD_EVENT_LEARNED);
    le.actor();
    mnl_attr_put_u32(le.nlh, PHTRACK_A_DOMAIN_ID, 3);
    le.acl(PHTRACK_ACLT_ENV, 1, "LANG", nullptr, nullptr);
    ok &= write_seed(dir, "learned", 4, le);

    Msg ex(PHTRACK_CMD_EVENT_EXEC);
    ex.actor();
    ex.domain(PHTRACK_A_FROM_DOMAIN, 1, "<kernel> /sbin/init");
    ex.domain(PHTRACK_A_DOMAIN, 2, "<kernel> /sbin/init /bin/sh");
    ok &= write_seed(dir, "exec", 5, ex);

    Msg we(PHTRACK_CMD_EVENT_WATCH);
    we.actor();
    mnl_attr_put_u64(we.nlh, PHTRACK_A_AUDIT_SEQ, 43);
    mnl_attr_put_u32(we.nlh, PHTRACK_A_PPID, 1);
    mnl_attr_put_u32(we.nlh, PHTRACK_A_EUID, 0);
    mnl_attr_put_u32(we.nlh, PHTRACK_A_GID, 1000);
    mnl_attr_put_u32(we.nlh, PHTRACK_A_DOMAIN_ID, 7);
    mnl_attr_put_u32(we.nlh, PHTRACK_A_WATCH_ID, 3);
    mnl_attr_put_u32(we.nlh, PHTRACK_A_OP, PHTRACK_OP_RENAME);
    mnl_attr_put_u32(we.nlh, PHTRACK_A_RESULT, 0);
    mnl_attr_put_strz(we.nlh, PHTRACK_A_PATH, "/etc/foobar.tmp");
    mnl_attr_put_strz(we.nlh, PHTRACK_A_PATH2, "/etc/foobar");
    ok &= write_seed(dir, "watch_event", 6, we);

    Msg wl(PHTRACK_CMD_WATCH_GET);
    for (uint32_t id : {1u, 2u}) {
        nlattr *w = mnl_attr_nest_start(wl.nlh, PHTRACK_A_WATCH);
        mnl_attr_put_u32(wl.nlh, PHTRACK_WATCH_ID, id);
        mnl_attr_put_strz(wl.nlh, PHTRACK_WATCH_PATTERN, id == 1 ? "/etc/foobar" : "/etc/ssh/");
        mnl_attr_put_u32(wl.nlh, PHTRACK_WATCH_OPS, PHTRACK_OPS_CHANGE);
        mnl_attr_nest_end(wl.nlh, w);
    }
    ok &= write_seed(dir, "watches", 7, wl);

    Msg pl(PHTRACK_CMD_POLICY_GET);
    mnl_attr_put_strz(pl.nlh, PHTRACK_A_POLICY_LINE, "initialize_domain /usr/sbin/sshd");
    mnl_attr_put_strz(pl.nlh, PHTRACK_A_POLICY_LINE, "keep_domain <kernel> /sbin/init");
    ok &= write_seed(dir, "policy", 8, pl);

    Msg al(PHTRACK_CMD_AUDIT_LOST);
    mnl_attr_put_u64(al.nlh, PHTRACK_A_LOST_FIRST, 5);
    mnl_attr_put_u64(al.nlh, PHTRACK_A_LOST_LAST, 9);
    mnl_attr_put_u32(al.nlh, PHTRACK_A_LOST_REASON, PHTRACK_AUDIT_LOSS_DROPPED);
    ok &= write_seed(dir, "audit_lost", 9, al);

    if (!ok) {
        perror(dir.c_str());
        return 1;
    }
    return 0;
}
