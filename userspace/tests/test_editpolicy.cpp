// ph-editpolicy's model driven by key sequences, with no terminal: the
// keys go through actions (send_keys), and the resulting state is asserted.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "actions.hpp"
#include "linux/phtrack.h"
#include "model/model.hpp"
#include "sources/dir_source.hpp"
#include "sources/store_source.hpp"
#include "violation_groups.hpp"

namespace ph::editpolicy {
namespace {

// A source whose data the test writes, and whose mode change can be refused.
const std::string kInit = "<kernel> /sbin/init";
const std::string kHttpd = kInit + " /etc/rc.d/init.d/httpd /usr/sbin/httpd";

class FakeSource : public DataSource {
  public:
    PolicyData data;
    bool settable = true;
    bool refuse = false;
    int loads = 0;
    Result<PolicyData> load() override {
        ++loads;
        return data;
    }
    bool can_set_mode() const override { return settable; }
    Result<void> set_mode(uint32_t mode) override {
        if (refuse)
            return Error{EPERM, "Operation not permitted"};
        data.mode = mode;
        return {};
    }
    // Per-domain modes, applied as the module does (each domain of a
    // subtree gets the mode as its own); `refuse_domain_mode_after` calls
    // succeed, then every call is refused (-1: never).
    bool domain_modes = true;
    int refuse_domain_mode_after = -1;
    std::vector<std::tuple<uint32_t, int, bool>> mode_calls;
    bool can_set_domain_mode() const override { return domain_modes; }
    Result<uint32_t> set_domain_mode(uint32_t id, int mode, bool subtree) override {
        if (refuse_domain_mode_after >= 0 &&
            static_cast<int>(mode_calls.size()) >= refuse_domain_mode_after)
            return Error{EPERM, "Operation not permitted"};
        mode_calls.emplace_back(id, mode, subtree);
        std::string top;
        for (const Domain &d : data.domains)
            if (d.id == id)
                top = d.name;
        if (top.empty())
            return Error{ENOENT, "No such file or directory"};
        uint32_t n = 0;
        for (Domain &d : data.domains) {
            if (d.name != top && !(subtree && d.name.rfind(top + " ", 0) == 0))
                continue;
            d.has_mode = true;
            d.own_mode = mode >= 0;
            d.mode = mode >= 0 ? static_cast<uint32_t>(mode) : data.mode;
            ++n;
        }
        return n;
    }
    // Policy edits: applied to `data` as the module would (a delete takes
    // the loaded line and the learned entry of the same text).
    bool editable = true;
    bool refuse_edit = false;
    std::vector<PolicyEdit> applied;
    std::string edit_refusal() const override {
        return editable ? "" : "this source cannot change the policy";
    }
    Result<WhoSummary> who(const std::string &path) override {
        WhoSummary w;
        if (path != "/etc/passwd")
            return w;
        WhoRow r;
        r.time_ns = 1764547205000000000ULL;
        r.path = path;
        r.op = PHTRACK_OP_READ;
        r.tgid = 260;
        r.comm = "httpd";
        r.domain = kHttpd;
        w.total = 1;
        w.rows.push_back(r);
        w.by.push_back({kHttpd, "httpd", 0, 1, 0, r.time_ns});
        return w;
    }
    Result<void> apply(const PolicyEdit &e) override {
        if (refuse_edit)
            return Error{EINVAL, "Invalid argument"};
        applied.push_back(e);
        uint32_t id = 0;
        for (const Domain &d : data.domains)
            if (d.name == e.domain)
                id = d.id;
        if (!id) {
            Domain d;
            d.id = 100 + static_cast<uint32_t>(data.domains.size());
            d.name = e.domain;
            data.domains.push_back(d);
            id = d.id;
        }
        for (const std::string &l : e.lines) {
            if (l.rfind("delete ", 0) != 0) {
                data.lines.push_back({id, l});
                continue;
            }
            std::string t = l.substr(7);
            std::erase_if(data.lines,
                          [&](const PolicyLine &x) { return x.domain_id == id && x.text == t; });
            std::erase_if(data.entries, [&](const AclEntry &x) {
                return x.domain_id == id && format_acl(x) == t;
            });
        }
        return {};
    }
};

Domain dom(uint32_t id, const std::string &name, uint32_t parent) {
    Domain d;
    d.id = id;
    d.name = name;
    d.has_parent = id != parent;
    d.parent_id = parent;
    size_t depth = 0;
    for (char c : name) depth += c == ' ';
    d.depth = static_cast<uint32_t>(depth);
    return d;
}

AclEntry path_entry(uint32_t domain, uint32_t perm, const std::string &path) {
    AclEntry e;
    e.domain_id = domain;
    e.type = PHTRACK_ACLT_PATH;
    e.perm = perm;
    e.str[0] = path;
    return e;
}

constexpr uint32_t kRead = 1U << PHTRACK_PERM_READ, kWrite = 1U << PHTRACK_PERM_WRITE;

// The demo's shape: init, an rc script, httpd with a CGI program, cron.
PolicyData demo() {
    PolicyData d;
    d.origin = "test";
    d.mode = PHTRACK_MODE_LEARNING;
    // Out of order on purpose: the model sorts into tree order.
    d.domains = {dom(5, kHttpd + " /usr/lib/cgi-bin/status", 4),
                 dom(1, "<kernel>", 1),
                 dom(2, kInit, 1),
                 dom(3, kInit + " /etc/rc.d/init.d/httpd", 2),
                 dom(4, kHttpd, 3),
                 dom(6, kInit + " /usr/sbin/crond", 2),
                 dom(7, "<kernel> /usr/sbin/sshd", 1),
                 dom(8, kInit + " /usr/sbin/sshd", 2),
                 dom(9, kInit + " /bin/bash", 2)};
    d.entries = {path_entry(4, kRead, "/etc/\\*"),
                 path_entry(4, kRead, "/etc/passwd"),
                 path_entry(4, kRead | kWrite, "/etc/motd"),
                 path_entry(4, kRead, "/etc/httpd/httpd.conf"),
                 path_entry(4, kRead | kWrite, "/var/www/status.txt"),
                 path_entry(4, kRead, "/var/www/status.txt"),
                 path_entry(2, kRead, "/etc/inittab")};
    d.has_exception = true;
    d.exception = {"initialize_domain /usr/sbin/sshd from any",
                   "keep_domain any from " + kInit + " /bin/bash"};
    d.processes = {{1, 0, "init", kInit}, {260, 1, "httpd", kHttpd}, {268, 260, "sleep", kHttpd}};
    d.process_note = "test";
    return d;
}

std::string cursor_domain(const Model &m) {
    return m.domains()[m.row(m.cursor()).ref].name;
}

struct Fixture : ::testing::Test {
    FakeSource src;
    Model m{src, false};
    void SetUp() override {
        src.data = demo();
        ASSERT_TRUE(m.load().ok());
        m.set_viewport(20, 80);
    }
};

TEST_F(Fixture, TreeInTreeOrderWithIndexProfileCountAndMarkers) {
    EXPECT_EQ(m.status(), "");
    ASSERT_EQ(m.row_count(), 9u);
    EXPECT_EQ(m.row(0).body, "<kernel>");
    EXPECT_EQ(cursor_domain(m), "<kernel>");
    // <kernel> /sbin/init, then its children; tree rows show the last word
    // indented by depth.
    EXPECT_EQ(m.row(1).body, "  /sbin/init");
    EXPECT_EQ(m.row(2).body, "    /bin/bash");
    EXPECT_NE(m.row(0).head.find("0: 1"), std::string::npos);  // index, profile
    size_t httpd = 0;
    for (size_t i = 0; i < m.row_count(); ++i)
        if (m.domains()[m.row(i).ref].name == kHttpd)
            httpd = i;
    EXPECT_NE(m.row(httpd).head.find(" 6 "), std::string::npos);  // six entries
    // sshd: initialized from <kernel> ('*'), unreachable under init ('!');
    // bash is kept ('#').
    for (size_t i = 0; i < m.row_count(); ++i) {
        const std::string &n = m.domains()[m.row(i).ref].name;
        if (n == "<kernel> /usr/sbin/sshd")
            EXPECT_EQ(m.row(i).marks, "*   ");
        else if (n == kInit + " /usr/sbin/sshd")
            EXPECT_EQ(m.row(i).marks, "  ! ");
        else if (n == kInit + " /bin/bash")
            EXPECT_EQ(m.row(i).marks, " #  ");
        else
            EXPECT_EQ(m.row(i).marks, "    ") << n;
    }
}

TEST_F(Fixture, FindFirstNextPrevious) {
    unsigned r = send_keys(m, "F httpd Enter");
    EXPECT_FALSE(r & kQuitNow);
    EXPECT_EQ(cursor_domain(m), kInit + " /etc/rc.d/init.d/httpd");
    send_keys(m, "N");
    EXPECT_EQ(cursor_domain(m), kHttpd);
    send_keys(m, "n");                                               // either case
    EXPECT_EQ(cursor_domain(m), kInit + " /etc/rc.d/init.d/httpd");  // wrapped
    send_keys(m, "P");
    EXPECT_EQ(cursor_domain(m), kHttpd);
    send_keys(m, "F nosuchthing Enter");
    EXPECT_EQ(cursor_domain(m), kHttpd);
    EXPECT_NE(m.status().find("not found"), std::string::npos);
}

TEST_F(Fixture, IncrementalSearchMovesPerKeyAndEscapeReturns) {
    send_keys(m, "Down");
    size_t origin = m.cursor();
    send_keys(m, "/ cr");
    ASSERT_TRUE(m.prompt());
    EXPECT_EQ(cursor_domain(m), kInit + " /usr/sbin/crond");
    send_keys(m, "BS BS htt");
    EXPECT_EQ(cursor_domain(m), kInit + " /etc/rc.d/init.d/httpd");
    send_keys(m, "Esc");
    EXPECT_FALSE(m.prompt());
    EXPECT_EQ(m.cursor(), origin);
    send_keys(m, "F3 sshd Enter");  // F3 is the same search
    EXPECT_EQ(cursor_domain(m), kInit + " /usr/sbin/sshd");
}

TEST_F(Fixture, LettersNeverFireInAPrompt) {
    unsigned r = send_keys(m, "F q@W Enter");
    EXPECT_FALSE(r & kQuitNow);
    EXPECT_EQ(m.screen(), Screen::kDomains);
    EXPECT_EQ(m.last_search(), "q@W");
    EXPECT_TRUE(send_keys(m, "q") & kQuitNow);
}

TEST_F(Fixture, SelectionAndInvert) {
    send_keys(m, "Space Space");
    EXPECT_EQ(m.cursor(), 2u);
    EXPECT_TRUE(m.selected(0));
    EXPECT_TRUE(m.selected(1));
    EXPECT_FALSE(m.selected(2));
    EXPECT_EQ(m.selection_count(), 2u);
    send_keys(m, "I");
    EXPECT_EQ(m.selection_count(), 7u);
    EXPECT_FALSE(m.selected(0));
}

TEST_F(Fixture, FilterKeepsMatchingRowsAndEscapeClears) {
    send_keys(m, "\\ sshd Enter");
    ASSERT_EQ(m.row_count(), 2u);
    EXPECT_EQ(m.filter(), "sshd");
    EXPECT_NE(m.row(0).body.find("sshd"), std::string::npos);
    EXPECT_NE(m.row(1).body.find("sshd"), std::string::npos);
    send_keys(m, "F4 Esc");  // F4 opens it with the text; Escape clears it
    EXPECT_EQ(m.filter(), "");
    EXPECT_EQ(m.row_count(), 9u);
}

TEST_F(Fixture, EnterOpensTheAclAndReturnsTabAndWindows) {
    send_keys(m, "F /usr/sbin/httpd Enter Enter");
    ASSERT_EQ(m.screen(), Screen::kAcl);
    EXPECT_EQ(m.domains()[m.acl_domain()].name, kHttpd);
    ASSERT_EQ(m.row_count(), 6u);
    // sorted; a backslash that is not \\ or \ooo is doubled (ph::term_safe)
    EXPECT_EQ(m.row(0).body, "file read /etc/\\*");
    EXPECT_NE(m.columns().find(kHttpd), std::string::npos);
    send_keys(m, "Enter");
    EXPECT_EQ(m.screen(), Screen::kDomains);
    EXPECT_EQ(cursor_domain(m), kHttpd);  // the cursor stayed
    send_keys(m, "Tab");
    EXPECT_EQ(m.screen(), Screen::kAcl);
    send_keys(m, "@");
    ASSERT_EQ(m.screen(), Screen::kProcesses);
    ASSERT_EQ(m.row_count(), 3u);
    EXPECT_EQ(m.row(0).body, "init  " + kInit);
    EXPECT_EQ(m.row(2).body, "    sleep  " + kHttpd);  // under httpd, under init
    send_keys(m, "@");
    EXPECT_EQ(m.screen(), Screen::kDomains);
    send_keys(m, "W Down Down Enter");
    EXPECT_EQ(m.screen(), Screen::kException);
    EXPECT_EQ(m.row_count(), 2u);
    send_keys(m, "W Home Down Down Down Enter");
    EXPECT_EQ(m.screen(), Screen::kStats);
    send_keys(m, "? Enter");
    EXPECT_EQ(m.screen(), Screen::kStats);
}

// The profiles and the manager list, last in the window list (W).
TEST_F(Fixture, ProfilesAndManagerListScreens) {
    send_keys(m, "W End Up Enter");
    ASSERT_EQ(m.screen(), Screen::kProfiles);
    // A store snapshot has no per-domain modes: counts are unknown, and said so.
    ASSERT_EQ(m.row_count(), 5u);
    EXPECT_EQ(m.row(1).body, "learning          -   (the default for new domains)");
    EXPECT_EQ(m.row(4).body_style, Style::kDim);
    for (Domain &d : src.data.domains) {
        d.has_mode = true;
        d.mode = d.name.rfind(kHttpd, 0) == 0 ? PHTRACK_MODE_ENFORCING : PHTRACK_MODE_LEARNING;
    }
    src.data.has_managers = true;
    src.data.managers = {"/usr/sbin/ph", "<kernel> /sbin/init /bin/bash"};
    src.data.managers_note = "(this process may manage)";
    ASSERT_TRUE(m.load().ok());
    ASSERT_EQ(m.screen(), Screen::kProfiles);
    ASSERT_EQ(m.row_count(), 4u);
    EXPECT_EQ(m.row(0).head, "       0  ");
    EXPECT_EQ(m.row(0).body, "disabled          0");
    EXPECT_EQ(m.row(1).body, "learning          7   (the default for new domains)");
    EXPECT_EQ(m.row(3).body, "enforcing         2");  // httpd and its child
    EXPECT_EQ(m.row(3).body_style, Style::kEnforcing);
    send_keys(m, "W End Enter");
    ASSERT_EQ(m.screen(), Screen::kManagers);
    ASSERT_EQ(m.row_count(), 2u);
    EXPECT_EQ(m.row(0).body, "/usr/sbin/ph");
    EXPECT_EQ(m.row(1).body, "<kernel> /sbin/init /bin/bash");
    EXPECT_NE(m.columns().find("(this process may manage)"), std::string::npos);
    // An empty list means anyone with CAP_SYS_ADMIN manages; no list at all is said too.
    src.data.managers.clear();
    ASSERT_TRUE(m.load().ok());
    ASSERT_EQ(m.row_count(), 1u);
    EXPECT_NE(m.row(0).body.find("CAP_SYS_ADMIN"), std::string::npos);
    src.data.has_managers = false;
    ASSERT_TRUE(m.load().ok());
    EXPECT_NE(m.row(0).body.find("holds no manager list"), std::string::npos);
}

TEST_F(Fixture, OptimiseSelectsWhatTheCursorsEntryCovers) {
    send_keys(m, "F /usr/sbin/httpd Enter Enter");
    ASSERT_EQ(m.row(m.cursor()).body, "file read /etc/\\*");
    send_keys(m, "O");
    // /etc/\* read covers read /etc/passwd and read /etc/httpd/httpd.conf?
    // No: \* does not cross '/'.  It covers /etc/passwd only; /etc/motd
    // asks for write too.
    EXPECT_EQ(m.selection_count(), 1u);
    for (size_t i = 0; i < m.row_count(); ++i)
        EXPECT_EQ(m.selected(i), m.row(i).body == "file read /etc/passwd") << m.row(i).body;
    // read/write of a file covers its read.
    ASSERT_TRUE(m.find_first("read/write /var/www"));
    send_keys(m, "O");
    EXPECT_EQ(m.selection_count(), 2u);
    for (size_t i = 0; i < m.row_count(); ++i) {
        if (m.row(i).body == "file read /var/www/status.txt") {
            EXPECT_TRUE(m.selected(i));
        }
    }
}

TEST_F(Fixture, ModeChangeAppliesAndRereads) {
    m.switch_to(Screen::kStats);
    send_keys(m, "S enforcing Enter");
    EXPECT_EQ(src.data.mode, PHTRACK_MODE_ENFORCING);
    EXPECT_EQ(m.data().mode, PHTRACK_MODE_ENFORCING);
    EXPECT_EQ(m.row(0).body_style, Style::kEnforcing);
    EXPECT_EQ(src.loads, 2);
    m.switch_to(Screen::kDomains);
    EXPECT_NE(m.row(0).head.find(": 3"), std::string::npos);
}

TEST_F(Fixture, RefusedModeChangeIsUndone) {
    src.refuse = true;
    m.switch_to(Screen::kStats);
    std::string before = m.row(0).body;
    send_keys(m, "S permissive Enter");
    EXPECT_EQ(m.data().mode, PHTRACK_MODE_LEARNING);
    EXPECT_EQ(m.row(0).body, before);
    EXPECT_NE(m.status().find("Operation not permitted"), std::string::npos);
    EXPECT_EQ(src.loads, 1);
    send_keys(m, "S nonsense Enter");
    EXPECT_NE(m.status().find("not a mode"), std::string::npos);
}

// The profile column of the row of domain `name`.
std::string profile_of(const Model &m, const std::string &name) {
    for (size_t i = 0; i < m.row_count(); ++i)
        if (m.domains()[m.row(i).ref].name == name) {
            const std::string &h = m.row(i).head;
            size_t c = h.find(": ");
            return c == std::string::npos ? "" : h.substr(c + 2, 1);
        }
    return "?";
}

TEST_F(Fixture, ModeOnASubtreeByKeys) {
    send_keys(m, "F rc.d/init.d/httpd Enter");
    ASSERT_EQ(cursor_domain(m), kInit + " /etc/rc.d/init.d/httpd");
    send_keys(m, "S enforcing Space subtree Enter");
    ASSERT_EQ(src.mode_calls.size(), 1u);
    EXPECT_EQ(src.mode_calls[0], std::make_tuple(3u, int{PHTRACK_MODE_ENFORCING}, true));
    EXPECT_EQ(src.loads, 2);  // read back
    // The subtree (rc script, httpd, its CGI) enforcing; the rest as before.
    EXPECT_EQ(profile_of(m, kInit + " /etc/rc.d/init.d/httpd"), "3");
    EXPECT_EQ(profile_of(m, kHttpd), "3");
    EXPECT_EQ(profile_of(m, kHttpd + " /usr/lib/cgi-bin/status"), "3");
    EXPECT_EQ(profile_of(m, kInit), "1");
    EXPECT_EQ(profile_of(m, kInit + " /usr/sbin/crond"), "1");
    EXPECT_NE(m.status().find("enforcing: 3 domains"), std::string::npos);
    // Back to the default, the one domain only.
    send_keys(m, "S default Enter");
    EXPECT_EQ(src.mode_calls.back(), std::make_tuple(3u, -1, false));
    EXPECT_EQ(profile_of(m, kInit + " /etc/rc.d/init.d/httpd"), "1");
    EXPECT_EQ(profile_of(m, kHttpd), "3");
}

TEST_F(Fixture, ModeOnTheSelectedDomains) {
    send_keys(m, "F crond Enter Space F sbin/sshd Enter Space");
    ASSERT_EQ(m.selection_count(), 2u);
    send_keys(m, "S permissive Enter");
    ASSERT_EQ(src.mode_calls.size(), 2u);
    EXPECT_EQ(profile_of(m, kInit + " /usr/sbin/crond"), "2");
    EXPECT_EQ(profile_of(m, kInit + " /usr/sbin/sshd"), "2");
    EXPECT_EQ(profile_of(m, "<kernel> /usr/sbin/sshd"), "1");
    EXPECT_EQ(profile_of(m, kHttpd), "1");
}

TEST_F(Fixture, RefusedDomainModeIsUndone) {
    src.refuse_domain_mode_after = 0;
    send_keys(m, "F crond Enter");
    std::vector<std::string> heads;
    for (size_t i = 0; i < m.row_count(); ++i) heads.push_back(m.row(i).head);
    send_keys(m, "S enforcing Space subtree Enter");
    for (size_t i = 0; i < m.row_count(); ++i) EXPECT_EQ(m.row(i).head, heads[i]);
    EXPECT_NE(m.status().find("Operation not permitted"), std::string::npos);
    EXPECT_EQ(src.loads, 1);
    // A refusal after the first change: the screen shows what the source has.
    src.refuse_domain_mode_after = 1;
    send_keys(m, "F crond Enter Space F sbin/sshd Enter Space S enforcing Enter");
    EXPECT_EQ(src.loads, 2);
    EXPECT_EQ(profile_of(m, kInit + " /usr/sbin/crond"), "3");
    EXPECT_EQ(profile_of(m, kInit + " /usr/sbin/sshd"), "1");
    EXPECT_NE(m.status().find("then refused"), std::string::npos);
}

TEST_F(Fixture, DomainModeInputAndSourcesWithoutIt) {
    send_keys(m, "S enforcing Space everywhere Enter");
    EXPECT_TRUE(src.mode_calls.empty());
    EXPECT_NE(m.status().find("not a mode"), std::string::npos);
    src.domain_modes = false;
    send_keys(m, "S");
    EXPECT_FALSE(m.prompt());
    EXPECT_NE(m.status().find("live only"), std::string::npos);
}

TEST(EditPolicy, ASourceThatCannotEditSaysSo) {
    FakeSource src;
    src.data = demo();
    src.editable = false;
    Model m(src, false);
    ASSERT_TRUE(m.load().ok());
    for (const char *k : {"A", "D", "F sbin/httpd Enter Enter A", "D", "C"}) {
        send_keys(m, k);
        EXPECT_FALSE(m.prompt()) << k;
        EXPECT_EQ(m.status(), "this source cannot change the policy") << k;
    }
    EXPECT_TRUE(src.applied.empty());
    for (const auto &b : fkey_bar(m)) EXPECT_NE(b.action, Action::kAdd);
}

// Everything the screens show, to compare before and after a refused edit.
std::string snapshot(Model &m) {
    std::string out = std::string(screen_name(m.screen())) + "|" + std::to_string(m.cursor()) +
                      "|" + std::to_string(m.data().entries.size()) + "|" +
                      std::to_string(m.data().lines.size()) + "|" +
                      std::to_string(m.domains().size()) + "\n";
    for (size_t i = 0; i < m.row_count(); ++i)
        out += (m.selected(i) ? "&" : " ") + m.row(i).head + m.row(i).body + "\n";
    return out;
}

std::vector<std::string> bodies(const Model &m) {
    std::vector<std::string> v;
    for (size_t i = 0; i < m.row_count(); ++i) v.push_back(m.row(i).body);
    return v;
}

bool has_row(const Model &m, const std::string &body) {
    auto v = bodies(m);
    return std::find(v.begin(), v.end(), body) != v.end();
}

TEST_F(Fixture, AddAnEntryInTheAclByKeys) {
    send_keys(m, "F sbin/httpd Enter Enter");
    ASSERT_EQ(m.screen(), Screen::kAcl);
    size_t rows = m.row_count();
    // The prompt takes every letter; the line is checked and made canonical.
    send_keys(m, "A file Space write/read Space /etc/hosts");
    ASSERT_TRUE(m.prompt());
    EXPECT_EQ(m.prompt()->kind, PromptKind::kAddEntry);
    send_keys(m, "Enter");
    EXPECT_FALSE(m.prompt());
    ASSERT_EQ(src.applied.size(), 1u);
    EXPECT_EQ(src.applied[0].domain, kHttpd);
    EXPECT_EQ(src.applied[0].lines, std::vector<std::string>{"file read/write /etc/hosts"});
    EXPECT_EQ(m.status(), "added: file read/write /etc/hosts");
    EXPECT_EQ(m.row_count(), rows + 1);
    EXPECT_TRUE(has_row(m, "file read/write /etc/hosts"));
    EXPECT_EQ(src.loads, 2);  // read back after the change
    // A bad line is refused by the parser before anything is sent.
    send_keys(m, "A file Space bogus Space /x Enter");
    EXPECT_EQ(src.applied.size(), 1u);
    EXPECT_EQ(m.status().rfind("not added: ", 0), 0u) << m.status();
    EXPECT_EQ(m.row_count(), rows + 1);
}

TEST_F(Fixture, DeleteSelectedEntriesAfterConfirmation) {
    send_keys(m, "F sbin/httpd Enter Enter");
    ASSERT_EQ(m.screen(), Screen::kAcl);
    auto before = bodies(m);
    ASSERT_GE(before.size(), 3u);
    send_keys(m, "Home Space Space");  // selects rows 0 and 1
    EXPECT_EQ(m.selection_count(), 2u);
    send_keys(m, "D");
    ASSERT_TRUE(m.prompt());
    EXPECT_EQ(m.prompt()->label, "Delete 2 entries? (y/n) ");
    send_keys(m, "n");  // anything but y keeps them
    EXPECT_FALSE(m.prompt());
    EXPECT_EQ(m.status(), "nothing deleted");
    EXPECT_TRUE(src.applied.empty());
    send_keys(m, "D y");
    ASSERT_EQ(src.applied.size(), 1u);
    EXPECT_EQ(src.applied[0].domain, kHttpd);
    EXPECT_EQ(src.applied[0].lines,
              (std::vector<std::string>{"delete " + before[0], "delete " + before[1]}));
    EXPECT_EQ(m.status(), "deleted 2 lines");
    EXPECT_EQ(m.row_count(), before.size() - 2);
    EXPECT_FALSE(has_row(m, before[0]));
    EXPECT_FALSE(has_row(m, before[1]));
    EXPECT_TRUE(has_row(m, before[2]));
    // Without a selection, D deletes the cursor's entry.
    send_keys(m, "Home D y");
    EXPECT_EQ(src.applied.back().lines, std::vector<std::string>{"delete " + before[2]});
}

TEST_F(Fixture, CopyPutsTheLineIntoTheAddPrompt) {
    send_keys(m, "F sbin/httpd Enter Enter Down");
    std::string line = m.row(m.cursor()).body;
    send_keys(m, "C");
    ASSERT_TRUE(m.prompt());
    EXPECT_EQ(m.prompt()->kind, PromptKind::kAddEntry);
    EXPECT_EQ(m.prompt()->text, line);
    // Edit it (the last byte to "x") and add it.
    send_keys(m, "BS x Enter");
    ASSERT_EQ(src.applied.size(), 1u);
    std::string want = line.substr(0, line.size() - 1) + "x";
    EXPECT_EQ(src.applied[0].lines, std::vector<std::string>{want});
    EXPECT_TRUE(has_row(m, want));
}

TEST_F(Fixture, FailedAddIsUndone) {
    send_keys(m, "F sbin/httpd Enter Enter Down Space");
    std::string before = snapshot(m);
    src.refuse_edit = true;
    send_keys(m, "A file Space read Space /etc/shadow Enter");
    EXPECT_EQ(m.status(), "not changed: Invalid argument");
    EXPECT_EQ(snapshot(m), before);
    EXPECT_FALSE(has_row(m, "file read /etc/shadow"));
    EXPECT_EQ(src.loads, 1);
    send_keys(m, "Enter");  // and the tree is as it was
    src.refuse_edit = false;
    send_keys(m, "A /usr/bin/new Enter");
    EXPECT_EQ(m.status(), "added domain " + kHttpd + " /usr/bin/new");
    src.refuse_edit = true;
    std::string tree = snapshot(m);
    send_keys(m, "A /usr/bin/other Enter");
    EXPECT_EQ(m.status(), "not changed: Invalid argument");
    EXPECT_EQ(snapshot(m), tree);
}

TEST_F(Fixture, FailedDeleteIsUndone) {
    send_keys(m, "F sbin/httpd Enter Enter Space Space");
    std::string before = snapshot(m);
    src.refuse_edit = true;
    send_keys(m, "D y");
    EXPECT_EQ(m.status(), "not changed: Invalid argument");
    EXPECT_EQ(snapshot(m), before);  // rows, selection and cursor as they were
    EXPECT_EQ(m.selection_count(), 2u);
}

TEST_F(Fixture, DomainTreeAddsADomainAndDeletesItsLoadedLines) {
    src.data.lines = {{4, "file read /srv/\\*"}, {4, "file write /tmp/x"}};
    ASSERT_TRUE(m.load().ok());
    send_keys(m, "F sbin/httpd Enter");
    ASSERT_EQ(cursor_domain(m), kHttpd);
    EXPECT_NE(m.row(m.cursor()).head.find(" 8 "), std::string::npos);  // 6 learned, 2 loaded
    send_keys(m, "D");
    ASSERT_TRUE(m.prompt());
    EXPECT_EQ(m.prompt()->label, "Delete 2 loaded lines of the domain? (y/n) ");
    send_keys(m, "y");
    ASSERT_EQ(src.applied.size(), 1u);
    EXPECT_EQ(src.applied[0].lines,
              (std::vector<std::string>{"delete file read /srv/\\*", "delete file write /tmp/x"}));
    EXPECT_TRUE(m.data().lines.empty());
    send_keys(m, "D");
    EXPECT_FALSE(m.prompt());
    EXPECT_EQ(m.status(), "the domain has no loaded lines to delete");
    size_t n = m.domains().size();
    send_keys(m, "A <kernel> Space /usr/bin/new Enter");
    ASSERT_EQ(src.applied.size(), 2u);
    EXPECT_TRUE(src.applied[1].create);
    EXPECT_EQ(src.applied[1].domain, "<kernel> /usr/bin/new");
    EXPECT_EQ(m.domains().size(), n + 1);
    send_keys(m, "A bad Space name Enter");  // a program name is one word
    EXPECT_EQ(m.status().rfind("not a valid domain name", 0), 0u) << m.status();
    EXPECT_EQ(m.domains().size(), n + 1);
}

TEST(EditPolicy, ReadOnlyChangesNothing) {
    FakeSource src;
    src.data = demo();
    Model m(src, true);
    ASSERT_TRUE(m.load().ok());
    m.switch_to(Screen::kStats);
    send_keys(m, "S");
    EXPECT_FALSE(m.prompt());
    EXPECT_NE(m.status().find("read-only"), std::string::npos);
    EXPECT_FALSE(m.set_mode(PHTRACK_MODE_ENFORCING).ok());
    EXPECT_EQ(src.data.mode, PHTRACK_MODE_LEARNING);
    for (const auto &b : fkey_bar(m)) EXPECT_NE(b.action, Action::kSetMode);
}

TEST_F(Fixture, SidewaysScrollIsBounded) {
    m.set_viewport(20, 20);
    send_keys(m, "Right");
    EXPECT_EQ(m.hscroll(), 8u);
    for (int i = 0; i < 50; ++i) send_keys(m, "Right");
    EXPECT_LT(m.hscroll(), 80u);
    send_keys(m, "Left Left Left Left Left Left Left Left Left Left");
    EXPECT_EQ(m.hscroll(), 0u);
}

TEST_F(Fixture, TreeListToggleKeepsTheCursor) {
    send_keys(m, "F crond Enter F5");
    EXPECT_FALSE(m.tree_view());
    EXPECT_EQ(m.row(m.cursor()).body, kInit + " /usr/sbin/crond");
    send_keys(m, "F5");
    EXPECT_EQ(m.row(m.cursor()).body, "    /usr/sbin/crond");
}

TEST(EditPolicy, TenThousandDomainTree) {
    FakeSource src;
    src.data.origin = "big";
    std::vector<std::string> names(10000);
    for (uint32_t i = 0; i < 10000; ++i) {
        names[i] = i == 0 ? "<kernel>" : names[(i - 1) / 8] + " /usr/bin/p" + std::to_string(i);
        src.data.domains.push_back(dom(i + 1, names[i], i == 0 ? 1 : (i - 1) / 8 + 1));
        src.data.entries.push_back(path_entry(i + 1, kRead, "/srv/f" + std::to_string(i)));
    }
    Model m(src, false);
    ASSERT_TRUE(m.load().ok());
    m.set_viewport(20, 80);
    ASSERT_EQ(m.row_count(), 10000u);
    send_keys(m, "End");
    EXPECT_EQ(m.cursor(), 9999u);
    EXPECT_EQ(m.top(), 9980u);
    send_keys(m, "Home PgDn PgDn");
    EXPECT_EQ(m.cursor(), 40u);
    send_keys(m, "F /usr/bin/p9999 Enter");
    EXPECT_EQ(cursor_domain(m), names[9999]);
    send_keys(m, "Enter");
    ASSERT_EQ(m.screen(), Screen::kAcl);
    ASSERT_EQ(m.row_count(), 1u);
    EXPECT_EQ(m.row(0).body, "file read /srv/f9999");
    send_keys(m, "Enter \\ p777 Enter");
    // p777, p7770..p7779: eleven domains.
    EXPECT_EQ(m.row_count(), 11u);
    send_keys(m, "F4 Esc F5 End");
    EXPECT_FALSE(m.tree_view());
    EXPECT_EQ(m.row_count(), 10000u);
    EXPECT_EQ(m.row(m.cursor()).body, m.domains().back().name);  // list: full names
}

TEST(EditPolicy, ScreenSafeText) {
    EXPECT_EQ(screen_safe("a\x1b[2Jb"), "a\\033[2Jb");
    EXPECT_EQ(screen_safe("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 stays
    EXPECT_EQ(screen_safe("x\xc2\x9b"
                          "1m"),
              "x\\302\\2331m");  // C1 CSI does not
    EXPECT_EQ(screen_safe("\xff\xfe"), "\\377\\376");
    EXPECT_EQ(screen_safe("/tmp/a\\040b"), "/tmp/a\\040b");  // TOMOYO escapes as they are
    EXPECT_EQ(text_columns("caf\xc3\xa9"), 4u);
}

TEST(EditPolicy, KeysOfTheBarFollowTheState) {
    FakeSource src;
    src.data = demo();
    Model m(src, false);
    ASSERT_TRUE(m.load().ok());
    auto label = [&](const char *key) {
        for (const auto &b : fkey_bar(m))
            if (b.key == key)
                return b.label;
        return std::string();
    };
    EXPECT_EQ(label("F4"), "Filter");
    EXPECT_EQ(label("F5"), "List");
    send_keys(m, "\\ x Enter F5");
    EXPECT_EQ(label("F4"), "FILTER");
    EXPECT_EQ(label("F5"), "Tree");
    EXPECT_EQ(label("S"), "Mode");  // the domain tree: per-domain modes
    src.domain_modes = false;
    EXPECT_EQ(label("S"), "");
    m.switch_to(Screen::kStats);
    EXPECT_EQ(label("S"), "Mode");
}

TEST_F(Fixture, ViolationsScreenGroupsTheStoredViolations) {
    ViolationRow v;
    v.domain = kHttpd;
    v.entry = "file write /etc/passwd";
    v.comm = "httpd";
    v.pid = 260;
    v.result = -EPERM;
    src.data.violations = {v, v};
    v.entry = "file read /etc/shadow";
    v.result = 0;
    src.data.violations.push_back(v);
    src.data.violations_note = "test store";
    ASSERT_TRUE(m.load().ok());
    send_keys(m, "V");
    ASSERT_EQ(m.screen(), Screen::kViolations);
    ASSERT_EQ(m.row_count(), 2u);  // grouped: most first
    EXPECT_EQ(m.row(0).head, "       2 denied  ");
    EXPECT_EQ(m.row(0).body.rfind("file write /etc/passwd   " + kHttpd + ", httpd pid 260", 0), 0u)
        << m.row(0).body;
    EXPECT_EQ(m.row(1).head, "       1 allowed  ");
    send_keys(m, "Tab");
    EXPECT_EQ(m.screen(), Screen::kDomains);
}

ViolationRow violation(const std::string &domain, const std::string &entry, uint32_t kind) {
    ViolationRow v;
    v.domain = domain;
    v.entry = entry;
    v.kind = kind;
    v.comm = "httpd";
    v.pid = 260;
    return v;
}

// A on the violations screen: the entry proposed as ph violations
// --as-policy proposes it (a pid becomes \$), accepted with Enter, applied
// to the violation's domain; the screen stays.
TEST_F(Fixture, AViolationBecomesAnEntryInOneKey) {
    src.data.violations = {violation(kHttpd, "file read /proc/260/status", kAuditViolation),
                           violation(kHttpd, "file read /proc/261/status", kAuditViolation),
                           violation(kInit, "file write /etc/motd", kAuditViolation)};
    ASSERT_TRUE(m.load().ok());
    send_keys(m, "V");
    ASSERT_EQ(m.screen(), Screen::kViolations);
    ASSERT_EQ(m.row_count(), 3u);
    // The bar offers it.
    bool allow = false;
    for (const auto &b : fkey_bar(m)) allow |= b.key == "A" && b.label == "Allow";
    EXPECT_TRUE(allow);
    send_keys(m, "F /proc/260 Enter A");
    ASSERT_TRUE(m.prompt());
    EXPECT_EQ(m.prompt()->kind, PromptKind::kAddViolation);
    EXPECT_EQ(m.prompt()->label, "Add to " + kHttpd + ": ");
    EXPECT_EQ(m.prompt()->text, "file read /proc/\\$/status");
    EXPECT_EQ(m.prompt()->text,
              ph::cli::proposed_entry(kAuditViolation, kHttpd, "file read /proc/260/status",
                                      ph::cli::Patternizer::defaults()));
    size_t lines = m.data().lines.size();
    send_keys(m, "Enter");
    EXPECT_FALSE(m.prompt());
    ASSERT_EQ(src.applied.size(), 1u);
    EXPECT_EQ(src.applied[0].domain, kHttpd);
    EXPECT_EQ(src.applied[0].lines, std::vector<std::string>{"file read /proc/\\$/status"});
    EXPECT_FALSE(src.applied[0].create);
    EXPECT_EQ(m.status(), "added to " + kHttpd + ": file read /proc/\\$/status");
    EXPECT_EQ(m.screen(), Screen::kViolations);
    EXPECT_EQ(m.data().lines.size(), lines + 1);
    EXPECT_EQ(src.loads, 3);  // two loads, then the read back after the change
    // The domain's ACL shows it.
    send_keys(m, "Tab Home F sbin/httpd Enter Enter");
    ASSERT_EQ(m.screen(), Screen::kAcl);
    EXPECT_TRUE(has_row(m, "file read /proc/\\$/status"));
    // The same again is already there, and nothing is sent.
    send_keys(m, "V F /proc/26 Enter A Enter");
    EXPECT_EQ(m.status(), "already there: file read /proc/\\$/status");
    EXPECT_EQ(src.applied.size(), 1u);
}

// The proposal can be edited before Enter; Escape sends nothing; a bad
// line is refused by the parser before anything is sent.
TEST_F(Fixture, TheProposedEntryCanBeEditedOrCancelled) {
    src.data.violations = {violation(kInit, "file write /etc/motd", kAuditViolation)};
    ASSERT_TRUE(m.load().ok());
    send_keys(m, "V A");
    ASSERT_TRUE(m.prompt());
    EXPECT_EQ(m.prompt()->text, "file write /etc/motd");
    send_keys(m, "Esc");
    EXPECT_FALSE(m.prompt());
    EXPECT_TRUE(src.applied.empty());
    // Edited: "motd" becomes "\*" (letters go to the prompt, none fires).
    send_keys(m, "A BS BS BS BS \\* Enter");
    ASSERT_EQ(src.applied.size(), 1u);
    EXPECT_EQ(src.applied[0].domain, kInit);
    EXPECT_EQ(src.applied[0].lines, std::vector<std::string>{"file write /etc/\\*"});
    send_keys(m, "A BS BS BS BS BS BS BS BS BS BS BS BS BS BS BS BS BS BS BS BS x Enter");
    EXPECT_EQ(m.status().rfind("not added: ", 0), 0u) << m.status();
    EXPECT_EQ(src.applied.size(), 1u);
}

// A failed apply leaves the screen and the policy as they were.
TEST_F(Fixture, AFailedViolationEntryIsUndone) {
    src.data.violations = {violation(kHttpd, "file read /etc/shadow", kAuditViolation)};
    ASSERT_TRUE(m.load().ok());
    send_keys(m, "V");
    std::string before = snapshot(m);
    size_t lines = m.data().lines.size();
    src.refuse_edit = true;
    send_keys(m, "A Enter");
    EXPECT_EQ(m.status(), "not changed: Invalid argument");
    EXPECT_EQ(snapshot(m), before);
    EXPECT_EQ(m.data().lines.size(), lines);
    EXPECT_EQ(m.screen(), Screen::kViolations);
    send_keys(m, "Tab Home F sbin/httpd Enter Enter");
    EXPECT_FALSE(has_row(m, "file read /etc/shadow"));
}

// What proposes nothing: a refused manager request, an unknown domain, a
// read-only model; a domain the policy lacks is created with the entry.
TEST_F(Fixture, WhatAViolationCannotPropose) {
    src.data.violations = {violation(kHttpd, "request mode_set", kAuditManager)};
    ASSERT_TRUE(m.load().ok());
    send_keys(m, "V A");
    EXPECT_FALSE(m.prompt());
    EXPECT_EQ(m.status(), "a refused manager request is no policy entry");
    src.data.violations = {violation("", "file read /x", kAuditViolation)};
    ASSERT_TRUE(m.load().ok());
    send_keys(m, "A");
    EXPECT_FALSE(m.prompt());
    EXPECT_EQ(m.status(), "the violation's domain is unknown: nothing to propose");
    const std::string gone = "<kernel> /usr/bin/gone";
    src.data.violations = {violation(gone, "file read /etc/hosts", kAuditViolation)};
    ASSERT_TRUE(m.load().ok());
    size_t domains = m.domains().size();
    send_keys(m, "A Enter");
    ASSERT_EQ(src.applied.size(), 1u);
    EXPECT_EQ(src.applied[0].domain, gone);
    EXPECT_EQ(m.domains().size(), domains + 1);
    EXPECT_EQ(m.status(), "added to " + gone + ": file read /etc/hosts");
    FakeSource ro;
    ro.data = demo();
    ro.data.violations = {violation(kHttpd, "file read /etc/shadow", kAuditViolation)};
    Model r(ro, true);
    ASSERT_TRUE(r.load().ok());
    send_keys(r, "V A");
    EXPECT_FALSE(r.prompt());
    EXPECT_EQ(r.status(), "read-only: nothing can be changed");
    for (const auto &b : fkey_bar(r)) EXPECT_NE(b.action, Action::kAdd);
    EXPECT_TRUE(ro.applied.empty());
}

TEST_F(Fixture, WhoScreenShowsTheTrailOfTheCursorsPath) {
    send_keys(m, "H");
    EXPECT_EQ(m.status(), "H works on an entry of a domain's ACL");
    send_keys(m, "F sbin/httpd Enter Enter F /etc/passwd Enter H");
    ASSERT_EQ(m.screen(), Screen::kWho);
    EXPECT_EQ(m.who_path(), "/etc/passwd");
    ASSERT_EQ(m.row_count(), 2u);
    EXPECT_EQ(m.row(0).body, "1 accesses, 0 changes, by 1 (domain, command, uid); newest first");
    EXPECT_EQ(m.row(1).head, " 2025-12-01T00:00:05Z ");
    EXPECT_EQ(m.row(1).body, "read  httpd pid 260 uid 0  " + kHttpd);
    send_keys(m, "Tab");
    EXPECT_EQ(m.screen(), Screen::kAcl);
}

std::string read_file(const std::string &p) {
    std::ifstream f(p);
    std::ostringstream o;
    o << f.rdbuf();
    return o.str();
}

// A directory saved by ph policy save: read, edited, written back whole.
TEST(EditPolicy, DirSourceReadsAndWritesBackAtomically) {
    char tmpl[] = "/tmp/ph-editpolicy-dir-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    std::string dir = tmpl;
    {
        std::ofstream f(dir + "/domain_policy.conf");
        f << "<kernel>\nuse_profile 1\n\n<kernel> /sbin/init\nuse_profile 1\n"
             "file read /etc/inittab\n\n";
    }
    {
        std::ofstream f(dir + "/exception_policy.conf");
        f << "path_group LOGS /var/log/\\*\n";
    }
    DirSource src(dir);
    Model m(src, false);
    ASSERT_TRUE(m.load().ok());
    EXPECT_TRUE(m.can_edit());
    EXPECT_EQ(m.domains().size(), 2u);
    EXPECT_EQ(m.data().mode, PHTRACK_MODE_LEARNING);
    send_keys(m, "F init Enter Enter");
    ASSERT_EQ(m.screen(), Screen::kAcl);
    EXPECT_TRUE(has_row(m, "file read /etc/inittab"));
    // A line naming a group of the exception policy is checked with it.
    send_keys(m, "A file Space append Space @LOGS Enter");
    EXPECT_EQ(m.status(), "added: file append @LOGS");
    EXPECT_EQ(read_file(dir + "/domain_policy.conf"),
              "<kernel>\nuse_profile 1\n\n<kernel> /sbin/init\nuse_profile 1\n"
              "file read /etc/inittab\nfile append @LOGS\n\n");
    send_keys(m, "A file Space read Space @NOPE Enter");
    EXPECT_EQ(m.status().rfind("not added: ", 0), 0u) << m.status();
    send_keys(m, "Home D y");
    EXPECT_EQ(m.status(), "deleted 1 line");
    EXPECT_EQ(read_file(dir + "/domain_policy.conf"),
              "<kernel>\nuse_profile 1\n\n<kernel> /sbin/init\nuse_profile 1\n"
              "file read /etc/inittab\n\n");
    // Deleting what the file does not hold is an error, and nothing is written.
    PolicyEdit gone{"<kernel> /sbin/init", {"delete file read /nothing"}, false};
    EXPECT_FALSE(src.apply(gone).ok());
    EXPECT_EQ(read_file(dir + "/domain_policy.conf").find("/nothing"), std::string::npos);
    // No temporary file is left behind.
    size_t files = 0;
    for (const auto &e : std::filesystem::directory_iterator(dir)) files += !e.is_directory();
    EXPECT_EQ(files, 2u);
    std::filesystem::remove_all(dir);
}

// A saved directory's manager.conf is its manager list; without the file there is none.
TEST(EditPolicy, DirSourceReadsItsManagerList) {
    char tmpl[] = "/tmp/ph-editpolicy-mgr-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    std::string dir = tmpl;
    {
        std::ofstream f(dir + "/domain_policy.conf");
        f << "<kernel>\nuse_profile 1\n\n";
    }
    {
        DirSource src(dir);
        auto d = src.load();
        ASSERT_TRUE(d.ok()) << d.error().message;
        EXPECT_FALSE(d.value().has_managers);
    }
    {
        std::ofstream f(dir + "/manager.conf");
        f << "# managers\n/usr/sbin/ph\n\n<kernel> /sbin/init /bin/bash\n";
    }
    DirSource src(dir);
    Model m(src, false);
    ASSERT_TRUE(m.load().ok());
    send_keys(m, "W End Enter");
    ASSERT_EQ(m.screen(), Screen::kManagers);
    ASSERT_EQ(m.row_count(), 2u);
    EXPECT_EQ(m.row(0).body, "/usr/sbin/ph");
    EXPECT_EQ(m.row(1).body, "<kernel> /sbin/init /bin/bash");
    std::filesystem::remove_all(dir);
}

// --dir DIR --db FILE: the store's violations, the directory's policy; A on
// a violation writes its proposed entry into DIR.
TEST(EditPolicy, DirWithAStoreTurnsItsViolationsIntoEntries) {
    char tmpl[] = "/tmp/ph-editpolicy-dirdb-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    std::string dir = tmpl;
    {
        std::ofstream f(dir + "/domain_policy.conf");
        f << "<kernel>\nuse_profile 1\n\n<kernel> /usr/sbin/nginx\nuse_profile 2\n"
             "file read /etc/nginx/nginx.conf\n\n";
    }
    { std::ofstream f(dir + "/exception_policy.conf"); }
    {
        auto s = Store::open(dir + "/store.db", true);
        ASSERT_TRUE(s.ok()) << s.error().message;
        Status status;
        status.loaded_ns = 1;
        status.kernel_release = "6.1.0-test";
        status.module_version = "test";
        auto inst = s.value().instance(status);
        ASSERT_TRUE(inst.ok());
        Domain d;
        d.id = 7;
        d.name = "<kernel> /usr/sbin/nginx";
        d.depth = 1;
        ASSERT_TRUE(s.value().put_domain(inst.value(), d).ok());
        WatchEvent v;
        v.seq = 1;
        v.time_ns = 100;
        v.domain_id = 7;
        v.kind = kAuditViolation;
        v.op = PHTRACK_OP_READ;
        v.path = "/proc/4242/status";
        v.entry = "file read /proc/4242/status";
        v.comm = "nginx";
        ASSERT_TRUE(s.value().put_watch_event(inst.value(), v).ok());
    }
    DirSource src(dir, dir + "/store.db");
    Model m(src, false);
    ASSERT_TRUE(m.load().ok());
    m.set_viewport(20, 80);
    send_keys(m, "V");
    ASSERT_EQ(m.row_count(), 1u);
    EXPECT_NE(m.row(0).body.find("file read /proc/4242/status"), std::string::npos);
    send_keys(m, "A");
    ASSERT_TRUE(m.prompt());
    EXPECT_EQ(m.prompt()->text, "file read /proc/\\$/status");
    send_keys(m, "Enter");
    EXPECT_EQ(m.status(), "added to <kernel> /usr/sbin/nginx: file read /proc/\\$/status");
    EXPECT_EQ(read_file(dir + "/domain_policy.conf"),
              "<kernel>\nuse_profile 1\n\n<kernel> /usr/sbin/nginx\nuse_profile 2\n"
              "file read /etc/nginx/nginx.conf\nfile read /proc/\\$/status\n\n");
    std::filesystem::remove_all(dir);
}

TEST(EditPolicy, StoreSourceRefusesEdits) {
    StoreSource src("/nonexistent.db");
    EXPECT_NE(src.edit_refusal().find("read-only"), std::string::npos);
    EXPECT_FALSE(src.apply(PolicyEdit{"<kernel>", {"file read /x"}, false}).ok());
}

}  // namespace
}  // namespace ph::editpolicy
