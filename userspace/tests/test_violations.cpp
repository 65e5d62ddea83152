// Unit tests for violations: decoding the module's violation events,
// storing them in the chained trail, grouping them and proposing the
// missing entries as policy (ph violations --as-policy).
#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "linux/phtrack.h"
#include "patternize.hpp"
#include "proto.hpp"
#include "readiness.hpp"
#include "store.hpp"
#include "violation_groups.hpp"

namespace {

class Msg {
  public:
    explicit Msg(uint8_t cmd) : buf_(8192, 0) {
        nlh_ = mnl_nlmsg_put_header(buf_.data());
        nlh_->nlmsg_type = 0x20;
        auto *g = static_cast<genlmsghdr *>(mnl_nlmsg_put_extra_header(nlh_, sizeof(genlmsghdr)));
        g->cmd = cmd;
        g->version = PHTRACK_GENL_VERSION;
    }
    nlmsghdr *nlh() { return nlh_; }
    size_t len() const { return nlh_->nlmsg_len; }

  private:
    std::vector<char> buf_;
    nlmsghdr *nlh_;
};

// A violation event as the kernel builds it (event.c).
void put_actor(nlmsghdr *nlh, uint64_t seq) {
    mnl_attr_put_u64(nlh, PHTRACK_A_AUDIT_SEQ, seq);
    mnl_attr_put_u64(nlh, PHTRACK_A_TIME_NS, 1700000000000000001ULL);
    mnl_attr_put_u32(nlh, PHTRACK_A_PID, 4242);
    mnl_attr_put_u32(nlh, PHTRACK_A_TGID, 4242);
    mnl_attr_put_u32(nlh, PHTRACK_A_UID, 33);
    mnl_attr_put_strz(nlh, PHTRACK_A_COMM, "nginx");
    mnl_attr_put_u32(nlh, PHTRACK_A_PPID, 1);
    mnl_attr_put_u32(nlh, PHTRACK_A_EUID, 33);
    mnl_attr_put_u32(nlh, PHTRACK_A_GID, 33);
    mnl_attr_put_u32(nlh, PHTRACK_A_DOMAIN_ID, 7);
}

void put_access(nlmsghdr *nlh, uint32_t type, uint32_t perm, const char *s0, bool denied) {
    put_actor(nlh, 5);
    mnl_attr_put_u32(nlh, PHTRACK_A_RESULT, denied ? static_cast<uint32_t>(-EPERM) : 0);
    mnl_attr_put_u32(nlh, PHTRACK_A_VIOLATION_KIND, PHTRACK_VIOLATION_ACCESS);
    nlattr *nest = mnl_attr_nest_start(nlh, PHTRACK_A_ACL);
    mnl_attr_put_u32(nlh, PHTRACK_ACL_TYPE, type);
    mnl_attr_put_u32(nlh, PHTRACK_ACL_SUB, 0);
    mnl_attr_put_u32(nlh, PHTRACK_ACL_PERM, perm);
    for (int i = 0; i < 3; ++i) mnl_attr_put_u64(nlh, PHTRACK_ACL_NUM0 + i, 0);
    mnl_attr_put_strz(nlh, PHTRACK_ACL_STR0, s0);
    mnl_attr_nest_end(nlh, nest);
}

TEST(DecodeViolation, AnAccessCarriesWhoWhenAndTheMissingEntry) {
    Msg m(PHTRACK_CMD_EVENT_VIOLATION);
    put_access(m.nlh(), PHTRACK_ACLT_PATH, 1U << PHTRACK_PERM_READ, "/etc/shadow", true);
    auto r = ph::decode_violation_event(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto &ev = r.value();
    EXPECT_EQ(ev.kind, ph::kAuditViolation);
    EXPECT_EQ(ev.seq, 5u);
    EXPECT_EQ(ev.pid, 4242u);
    EXPECT_EQ(ev.uid, 33u);
    EXPECT_EQ(ev.time_ns, 1700000000000000001ULL);
    EXPECT_EQ(ev.comm, "nginx");
    EXPECT_EQ(ev.domain_id, 7u);
    EXPECT_EQ(ev.result, -EPERM);
    EXPECT_EQ(ev.entry, "file read /etc/shadow");
    EXPECT_EQ(ev.path, "/etc/shadow");
    EXPECT_EQ(ev.op, static_cast<uint32_t>(PHTRACK_OP_READ));
    EXPECT_EQ(ev.watch_id, 0u);
}

TEST(DecodeViolation, ANonFileEntryIsItsOwnObject) {
    Msg m(PHTRACK_CMD_EVENT_VIOLATION);
    put_access(m.nlh(), PHTRACK_ACLT_ENV, 1U << PHTRACK_PERM_USE, "LD_PRELOAD", false);
    auto r = ph::decode_violation_event(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().entry, "misc env LD_PRELOAD");
    EXPECT_EQ(r.value().op, ph::kNoOp);
    EXPECT_EQ(r.value().result, 0);
}

TEST(DecodeViolation, ARefusedRequestNamesIt) {
    Msg m(PHTRACK_CMD_EVENT_VIOLATION);
    put_actor(m.nlh(), 6);
    mnl_attr_put_u32(m.nlh(), PHTRACK_A_RESULT, static_cast<uint32_t>(-EPERM));
    mnl_attr_put_u32(m.nlh(), PHTRACK_A_VIOLATION_KIND, PHTRACK_VIOLATION_MANAGER);
    mnl_attr_put_u32(m.nlh(), PHTRACK_A_REQUEST_CMD, PHTRACK_CMD_MODE_SET);
    auto r = ph::decode_violation_event(m.nlh(), m.len());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().kind, ph::kAuditManager);
    EXPECT_EQ(r.value().entry, "request mode_set");
    EXPECT_EQ(r.value().path, "mode_set");
}

TEST(DecodeViolation, RefusesIncompleteOrAmbiguousEvents) {
    {
        Msg m(PHTRACK_CMD_EVENT_VIOLATION);  // an access without its entry
        put_actor(m.nlh(), 1);
        mnl_attr_put_u32(m.nlh(), PHTRACK_A_VIOLATION_KIND, PHTRACK_VIOLATION_ACCESS);
        EXPECT_EQ(ph::decode_violation_event(m.nlh(), m.len()).error().code, EBADMSG);
    }
    {
        Msg m(PHTRACK_CMD_EVENT_VIOLATION);  // two permission bits
        put_access(m.nlh(), PHTRACK_ACLT_PATH, 3, "/x", true);
        EXPECT_EQ(ph::decode_violation_event(m.nlh(), m.len()).error().code, EBADMSG);
    }
    {
        Msg m(PHTRACK_CMD_EVENT_VIOLATION);  // no kind
        put_actor(m.nlh(), 1);
        EXPECT_EQ(ph::decode_violation_event(m.nlh(), m.len()).error().code, EBADMSG);
    }
    {
        Msg m(PHTRACK_CMD_EVENT_WATCH);  // another command
        put_access(m.nlh(), PHTRACK_ACLT_PATH, 2, "/x", true);
        EXPECT_FALSE(ph::decode_violation_event(m.nlh(), m.len()).ok());
    }
}

ph::ViolationRow row(const std::string &domain, const std::string &entry, uint64_t t, uint32_t pid,
                     int32_t result = -EPERM, uint32_t kind = ph::kAuditViolation) {
    ph::ViolationRow r;
    r.domain = domain;
    r.entry = entry;
    r.time_ns = t;
    r.pid = pid;
    r.uid = 33;
    r.comm = "c" + std::to_string(pid);
    r.result = result;
    r.kind = kind;
    return r;
}

TEST(GroupViolations, CountsPerDomainEntryAndVerdictMostFirst) {
    const std::string a = "<kernel> /usr/sbin/nginx", b = "<kernel> /usr/sbin/sshd";
    std::vector<ph::ViolationRow> rows = {
        row(a, "file read /etc/shadow", 30, 3), row(b, "file read /etc/shadow", 10, 1),
        row(a, "file read /etc/shadow", 20, 2), row(a, "file read /etc/shadow", 40, 4, 0),
        row(a, "file execute /usr/bin/dash", 5, 9)};
    auto g = ph::cli::group_violations(rows);
    ASSERT_EQ(g.size(), 4u);
    EXPECT_EQ(g[0].domain, a);
    EXPECT_EQ(g[0].entry, "file read /etc/shadow");
    EXPECT_EQ(g[0].count, 2u);
    EXPECT_EQ(g[0].first_ns, 20u);
    EXPECT_EQ(g[0].last_ns, 30u);
    EXPECT_EQ(g[0].last_pid, 3u);
    EXPECT_EQ(g[0].last_comm, "c3");
    EXPECT_EQ(ph::cli::verdict_text(g[0].result), "denied");
    // Ones: tree order of domains, then entries.
    EXPECT_EQ(g[1].entry, "file execute /usr/bin/dash");
    EXPECT_EQ(g[2].domain, a);
    EXPECT_EQ(ph::cli::verdict_text(g[2].result), "allowed");
    EXPECT_EQ(g[3].domain, b);
}

TEST(ViolationsAsPolicy, PatternizedOncePerDomainInTreeOrder) {
    const std::string a = "<kernel> /usr/sbin/nginx", child = a + " /usr/bin/dash";
    std::vector<ph::ViolationRow> rows = {
        row(child, "file read /proc/123/status", 1, 1),
        row(child, "file read /proc/456/status", 2, 2),
        row(a, "file read /etc/shadow", 3, 3),
        row(a, "file read /etc/shadow", 4, 3, 0),
        row(a, "request mode_set", 5, 5, -EPERM, ph::kAuditManager),
        row("", "file read /lost", 6, 6)};
    std::string text = ph::cli::violations_as_policy(rows, ph::cli::Patternizer::defaults());
    EXPECT_EQ(text, a + "\nfile read /etc/shadow\n\n" + child + "\nfile read /proc/\\$/status\n\n");
    EXPECT_EQ(ph::cli::violations_as_policy({}, ph::cli::Patternizer::defaults()), "");
}

TEST(Ready, AVerdictForEachCase) {
    const uint64_t h = 3600ULL * 1000000000ULL, now = 100 * h;
    ph::DomainReadiness d;
    d.domain = "<kernel> /usr/sbin/nginx";
    d.created_ns = now - 48 * h;
    EXPECT_EQ(ph::cli::judge(d, now, 24 * h).text, "not ready: it has learned nothing");
    d.entries = 40;
    d.last_new_ns = now - 30 * h;
    auto v = ph::cli::judge(d, now, 24 * h);
    EXPECT_TRUE(v.ready);
    EXPECT_EQ(v.text, "ready: nothing new in the last 1d 0h of 2d 0h learning");
    d.new_in_period = 1;
    d.violations_in_period = 2;
    v = ph::cli::judge(d, now, 24 * h);
    EXPECT_FALSE(v.ready);
    EXPECT_EQ(v.text,
              "not ready: 1 new entry and 2 violations in the last 1d 0h would have been "
              "refused while enforcing");
    d.new_in_period = 0;
    d.violations_in_period = 0;
    d.created_ns = now - 2 * h;
    EXPECT_EQ(ph::cli::judge(d, now, 24 * h).text,
              "not ready: learning for only 2h 0m, less than 1d 0h");
    EXPECT_EQ(ph::cli::format_duration(59ULL * 1000000000ULL), "59s");
    EXPECT_EQ(ph::cli::type_class(PHTRACK_ACLT_ENV), "misc env");
}

class TempDir {
  public:
    TempDir() {
        char tmpl[] = "/tmp/ph-viol-test.XXXXXX";
        const char *d = mkdtemp(tmpl);
        EXPECT_NE(d, nullptr);
        path_ = d ? d : "/tmp";
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    std::string file(const std::string &name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

TEST(StoreViolations, StoredInTheChainedTrailAndQueried) {
    TempDir t;
    auto s = ph::Store::open(t.file("store.db"), true);
    ASSERT_TRUE(s.ok()) << s.error().message;
    ph::Store &st = s.value();
    ph::Status status;
    status.loaded_ns = 1;
    status.kernel_release = "6.1.0-test";
    status.module_version = "test";
    auto inst = st.instance(status);
    ASSERT_TRUE(inst.ok());
    ph::Domain d;
    d.id = 7;
    d.name = "<kernel> /usr/sbin/nginx";
    d.depth = 1;
    ASSERT_TRUE(st.put_domain(inst.value(), d).ok());
    ph::WatchEvent w;  // a watch event, kind 0: not a violation
    w.seq = 1;
    w.time_ns = 100;
    w.domain_id = 7;
    w.watch_id = 1;
    w.op = PHTRACK_OP_READ;
    w.path = "/etc/passwd";
    w.comm = "cat";
    ASSERT_TRUE(st.put_watch_event(inst.value(), w).ok());
    Msg m(PHTRACK_CMD_EVENT_VIOLATION);
    put_access(m.nlh(), PHTRACK_ACLT_PATH, 1U << PHTRACK_PERM_READ, "/etc/shadow", true);
    auto v = ph::decode_violation_event(m.nlh(), m.len());
    ASSERT_TRUE(v.ok());
    v.value().seq = 2;
    ASSERT_TRUE(st.put_watch_event(inst.value(), v.value()).ok());
    auto rows = st.violations(ph::ViolationQuery{});
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows.value().size(), 1u);
    const ph::ViolationRow &r = rows.value()[0];
    EXPECT_EQ(r.entry, "file read /etc/shadow");
    EXPECT_EQ(r.domain, d.name);
    EXPECT_EQ(r.pid, 4242u);
    EXPECT_EQ(r.uid, 33u);
    EXPECT_EQ(r.result, -EPERM);
    EXPECT_EQ(r.comm, "nginx");
    ph::ViolationQuery other;
    other.domain = "<kernel> /usr/sbin/sshd";
    EXPECT_TRUE(st.violations(other).value().empty());
    ph::ViolationQuery sub;
    sub.domain = "<kernel>";
    sub.domain_subtree = true;
    EXPECT_EQ(st.violations(sub).value().size(), 1u);
    ph::ViolationQuery later;
    later.since_ns = 1700000000000000002ULL;
    EXPECT_TRUE(st.violations(later).value().empty());
    // Both rows are in the chain, and the violation's entry is covered.
    auto rep = st.verify();
    ASSERT_TRUE(rep.ok()) << rep.error().message;
    EXPECT_EQ(rep.value().rows, 2u);
    EXPECT_TRUE(rep.value().problems.empty());
    // An edit of the violation's entry breaks the chain at that row.
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(t.file("store.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE audit SET entry = 'file read /etc/motd' WHERE kind = 1",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    ph::ReadinessQuery rq;
    rq.domain = "<kernel>";
    rq.subtree = true;
    auto rd = st.readiness(rq);
    ASSERT_TRUE(rd.ok()) << rd.error().message;
    ASSERT_EQ(rd.value().size(), 1u);
    EXPECT_EQ(rd.value()[0].violations_in_period, 1u);
    EXPECT_EQ(rd.value()[0].entries, 0u);
    auto again = st.verify();
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again.value().ok());
}

}  // namespace
