// The four files of a TOMOYO 2.6 policy directory: check (for ph policy
// load) and build (for ph policy save), with the shared parser of policy/.
#include "policy_files.hpp"

#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string_view>

#include "linux/phtrack.h"
#include "ph_acl_rule.h"
#include "ph_domainname.h"
#include "ph_escape.h"
#include "ph_group.h"
#include "ph_rule.h"
#include "term.hpp"

namespace ph::cli {

namespace {

// RAII for a struct ph_groups.
struct Groups {
    ph_groups gs;
    Groups() { ph_groups_init(&gs); }
    ~Groups() { ph_groups_free(&gs); }
    Groups(const Groups &) = delete;
    Groups &operator=(const Groups &) = delete;
};

struct RuleFree {
    void operator()(ph_acl_rule *r) const { ph_acl_rule_free(r); }
};
using RulePtr = std::unique_ptr<ph_acl_rule, RuleFree>;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool starts_word(std::string_view s, std::string_view w) {
    return s.size() >= w.size() && s.substr(0, w.size()) == w &&
           (s.size() == w.size() || s[w.size()] == ' ' || s[w.size()] == '\t');
}

// "0".."max" and nothing else.
bool small_number(std::string_view s, unsigned max, unsigned &v) {
    if (s.empty() || s.size() > 3)
        return false;
    v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + unsigned(c - '0');
    }
    return v <= max;
}

Result<std::string> canon_access(const ph_groups &gs, std::string_view line) {
    ph_acl_rule *r = nullptr;
    const char *why = nullptr;
    if (ph_acl_rule_parse(&gs, line.data(), line.size(), &r, &why))
        return Error{EINVAL, why ? why : "invalid access line"};
    RulePtr keep(r);
    return std::string(r->text, r->len);
}

// One group line: its canonical text; added to `gs` unless `scratch_only`.
Result<std::string> canon_group(ph_groups &gs, std::string_view line, bool scratch_only) {
    Groups one;
    const char *why = nullptr;
    if (ph_groups_parse(&one.gs, line.data(), line.size(), nullptr, &why))
        return Error{EINVAL, why ? why : "invalid group line"};
    const ph_group *g = one.gs.head;
    if (!g || !g->head)
        return Error{EINVAL, "invalid group line"};
    std::string out(ph_group_member_format(g, g->head, nullptr, 0) + 1, '\0');
    out.resize(ph_group_member_format(g, g->head, out.data(), out.size()));
    if (!scratch_only && ph_groups_parse(&gs, line.data(), line.size(), nullptr, &why))
        return Error{EINVAL, why ? why : "invalid group line"};
    return out;
}

Result<std::string> canon_exception(ph_groups &gs, std::string_view line, bool del) {
    if (ph_group_keyword(line.data(), line.size()))
        return canon_group(gs, line, del);
    if (starts_word(line, "acl_group")) {
        std::string_view rest = trim(line.substr(9));
        size_t sp = rest.find_first_of(" \t");
        unsigned n = 0;
        if (sp == std::string_view::npos || !small_number(rest.substr(0, sp), 255, n))
            return Error{EINVAL, "acl_group needs a number from 0 to 255 and an entry"};
        auto e = canon_access(gs, trim(rest.substr(sp)));
        if (!e)
            return e.error();
        return "acl_group " + std::to_string(n) + " " + e.value();
    }
    ph_tr_rule *rule = nullptr;
    const char *why = nullptr;
    if (ph_tr_parse_line(line.data(), line.size(), &rule, &why) || !rule)
        return Error{EINVAL, std::string(why ? why : "invalid line") +
                                 " (phtrack loads path_group, number_group, address_group, "
                                 "acl_group and transition rules)"};
    std::string out(ph_tr_rule_format(rule, nullptr, 0) + 1, '\0');
    out.resize(ph_tr_rule_format(rule, out.data(), out.size()));
    ph_tr_rule_free(rule);
    return out;
}

Result<std::string> canon_domain(const ph_groups &gs, std::string_view line, bool &have_header) {
    if (starts_word(line, "<kernel>")) {
        if (!ph_domain_valid(line.data(), line.size()))
            return Error{EINVAL, "invalid domain name"};
        have_header = true;
        return std::string(line);
    }
    if (!have_header)
        return Error{EINVAL, "entry before the first domain header"};
    unsigned n = 0;
    if (starts_word(line, "use_profile")) {
        if (!small_number(trim(line.substr(11)), PHTRACK_MODE_MAX, n))
            return Error{EINVAL,
                         "use_profile needs a profile from 0 to 3 (docs/policy-language.md)"};
        return "use_profile " + std::to_string(n);
    }
    if (starts_word(line, "use_group")) {
        if (!small_number(trim(line.substr(9)), 255, n))
            return Error{EINVAL, "use_group needs a number from 0 to 255"};
        return "use_group " + std::to_string(n);
    }
    if (line == "quota_exceeded" || line == "transition_failed")
        return std::string(line);
    return canon_access(gs, line);
}

const char *const kModes[] = {"disabled", "learning", "permissive", "enforcing"};

Result<void> check_profile(const PolicyInput &in) {
    std::istringstream s(in.text);
    std::string raw;
    size_t lineno = 0;
    bool version = false;
    while (std::getline(s, raw)) {
        ++lineno;
        std::string_view line = trim(raw);
        if (line.empty() || line[0] == '#')
            continue;
        auto bad = [&](const std::string &why) {
            return Error{EINVAL, in.name + ":" + std::to_string(lineno) + ": " + why + ": " +
                                     term_safe(line)};
        };
        if (starts_word(line, "PROFILE_VERSION=20150505") || line == "PROFILE_VERSION=20150505") {
            version = true;
            continue;
        }
        if (line.rfind("PROFILE_VERSION=", 0) == 0)
            return bad("phtrack reads PROFILE_VERSION=20150505 (TOMOYO 2.6)");
        size_t dash = line.find('-');
        unsigned n = 0;
        if (dash == std::string_view::npos || !small_number(line.substr(0, dash), 255, n))
            return bad("not a profile line");
        std::string_view rest = line.substr(dash + 1);
        if (rest.rfind("CONFIG=", 0) != 0)
            continue;  // COMMENT, PREFERENCE and per-class CONFIG:: lines
        size_t m = rest.find("mode=");
        if (m == std::string_view::npos)
            continue;
        std::string_view mode = rest.substr(m + 5);
        mode = mode.substr(0, mode.find_first_of(" }"));
        if (n > PHTRACK_MODE_MAX || mode != kModes[n])
            return bad("phtrack's profile " + std::to_string(n) + " is " +
                       (n <= PHTRACK_MODE_MAX ? std::string("mode=") + kModes[n]
                                              : std::string("not defined")) +
                       " (docs/policy-language.md)");
    }
    if (!version)
        return Error{EINVAL, in.name + ": no PROFILE_VERSION=20150505 line"};
    return {};
}

Result<size_t> check_manager(const PolicyInput &in, std::vector<std::string> &entries) {
    std::istringstream s(in.text);
    std::string raw;
    size_t lineno = 0, n = 0;
    while (std::getline(s, raw)) {
        ++lineno;
        std::string_view line = trim(raw);
        if (line.empty() || line[0] == '#')
            continue;
        bool ok = starts_word(line, "<kernel>") ? ph_domain_valid(line.data(), line.size())
                                                : ph_name_valid(line.data(), line.size());
        if (!ok)
            return Error{EINVAL, in.name + ":" + std::to_string(lineno) +
                                     ": not a program or domain name: " + term_safe(line)};
        entries.emplace_back(line);
        ++n;
    }
    return n;
}

}  // namespace

PolicyKind policy_kind(const std::string &path, const std::string &text) {
    std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    if (base == "exception_policy.conf")
        return PolicyKind::kException;
    if (base == "domain_policy.conf")
        return PolicyKind::kDomain;
    if (base == "profile.conf")
        return PolicyKind::kProfile;
    if (base == "manager.conf")
        return PolicyKind::kManager;
    std::istringstream s(text);
    std::string raw;
    while (std::getline(s, raw)) {
        std::string_view line = trim(raw);
        if (line.empty() || line[0] == '#')
            continue;
        if (starts_word(line, "<kernel>"))
            return PolicyKind::kDomain;
        if (line.rfind("PROFILE_VERSION=", 0) == 0)
            return PolicyKind::kProfile;
        break;
    }
    return PolicyKind::kException;
}

Result<CheckedPolicy> check_policy(const std::vector<PolicyInput> &inputs,
                                   std::vector<RefusedLine> *refused) {
    CheckedPolicy out;
    Groups gs;
    size_t bytes = 0;
    // A whole-file refusal (profile.conf, manager.conf): "FILE:LINE: WHY: TEXT".
    auto refuse_file = [&](const Error &e) -> bool {
        if (!refused)
            return false;
        const std::string &m = e.message;
        size_t a = m.find(": ", m.find(':') + 1);
        size_t b = a == std::string::npos ? a : m.find(": ", a + 2);
        if (b == std::string::npos)
            refused->push_back({m, "refused", ""});
        else
            refused->push_back({m.substr(0, a), m.substr(a + 2, b - a - 2), m.substr(b + 2)});
        return true;
    };
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto &in : inputs) {
            if (in.kind == PolicyKind::kProfile || in.kind == PolicyKind::kManager) {
                if (pass)
                    continue;
                if (in.kind == PolicyKind::kProfile) {
                    if (auto r = check_profile(in); !r && !refuse_file(r.error()))
                        return r.error();
                } else {
                    auto n = check_manager(in, out.manager);
                    if (!n && !refuse_file(n.error()))
                        return n.error();
                    if (n)
                        out.manager_lines += n.value();
                }
                continue;
            }
            bool exception = in.kind == PolicyKind::kException;
            if (exception != (pass == 0))
                continue;
            (exception ? out.has_exception : out.has_domain) = true;
            auto &dst = exception ? out.exception : out.domain;
            std::istringstream s(in.text);
            std::string raw;
            size_t lineno = 0;
            bool have_header = false, skip_domain = false;
            while (std::getline(s, raw)) {
                ++lineno;
                std::string_view line = trim(raw);
                if (line.empty() || line[0] == '#')
                    continue;
                auto where = [&] { return in.name + ":" + std::to_string(lineno); };
                auto bad = [&](const std::string &why) {
                    return Error{EINVAL, where() + ": " + why + ": " + term_safe(line)};
                };
                if (line.size() > PH_AR_LINE_MAX)
                    return bad("line longer than " + std::to_string(PH_AR_LINE_MAX) + " bytes");
                size_t del_at = ph_acl_rule_delete(line.data(), line.size());
                bool del = del_at != 0;
                std::string_view body = del ? trim(line.substr(del_at)) : line;
                bool header = !exception && starts_word(body, "<kernel>");
                if (del && header) {
                    if (!refused)
                        return bad("deleting a domain is not supported");
                    refused->push_back(
                        {where(), "deleting a domain is not supported", term_safe(line)});
                    continue;
                }
                if (header)
                    skip_domain = false;
                else if (skip_domain) {
                    refused->push_back({where(), "in a refused domain", term_safe(line)});
                    continue;
                }
                auto c = exception ? canon_exception(gs.gs, body, del)
                                   : canon_domain(gs.gs, body, have_header);
                if (!c) {
                    if (!refused)
                        return bad(c.error().message);
                    refused->push_back({where(), c.error().message, term_safe(line)});
                    skip_domain = header;
                    continue;
                }
                std::string text = (del ? "delete " : "") + c.value();
                bytes += text.size();
                if (out.exception.size() + out.domain.size() >= PHTRACK_LOAD_MAX_LINES ||
                    bytes > PHTRACK_LOAD_MAX_BYTES)
                    return bad("more than the module loads at once (" +
                               std::to_string(PHTRACK_LOAD_MAX_LINES) + " lines, " +
                               std::to_string(PHTRACK_LOAD_MAX_BYTES >> 20) + " MiB)");
                dst.push_back(std::move(text));
            }
        }
    }
    return out;
}

namespace {

struct SavedDomain {
    uint32_t mode = 0;
    int use_group = -1;
    std::set<std::string> entries;     // TOMOYO 2.6 lines
    std::set<std::string> extensions;  // phtrack extensions
};

// Order of the exception policy: groups, acl_group entries, transition rules.
int exception_rank(const std::string &l) {
    if (l.rfind("path_group ", 0) == 0)
        return 0;
    if (l.rfind("number_group ", 0) == 0)
        return 1;
    if (l.rfind("address_group ", 0) == 0)
        return 2;
    if (l.rfind("acl_group ", 0) == 0)
        return 3;
    return 4;
}

// Add one access line (canonical) to a domain, split into its TOMOYO 2.6
// part and its extension part (accept and recv of a network line).
void add_entry(const ph_groups &gs, SavedDomain &d, const std::string &line) {
    ph_acl_rule *r = nullptr;
    if (ph_acl_rule_parse(&gs, line.data(), line.size(), &r, nullptr)) {
        d.entries.insert(line);  // the module's own text, kept as it is
        return;
    }
    RulePtr keep(r);
    if (ph_acl_rule_tomoyo26(r)) {
        d.entries.insert(line);
        return;
    }
    if (r->type == PH_AR_CAP) {
        d.extensions.insert(line);
        return;
    }
    // "network inet dgram send/recv A P": "send" for TOMOYO, "recv" apart.
    size_t a = line.find(' ', line.find(' ', line.find(' ') + 1) + 1) + 1;
    size_t b = line.find(' ', a);
    std::string std_perms, ext_perms;
    std::istringstream ws(line.substr(a, b - a));
    std::string w;
    while (std::getline(ws, w, '/')) {
        std::string &dst = (w == "accept" || w == "recv") ? ext_perms : std_perms;
        dst += (dst.empty() ? "" : "/") + w;
    }
    if (!std_perms.empty())
        d.entries.insert(line.substr(0, a) + std_perms + line.substr(b));
    d.extensions.insert(line.substr(0, a) + ext_perms + line.substr(b));
}

}  // namespace

std::string profile_conf() {
    std::string out = "PROFILE_VERSION=20150505\n";
    const char *const comments[] = {"Disabled Mode", "Learning Mode", "Permissive Mode",
                                    "Enforcing Mode"};
    for (unsigned n = 0; n <= PHTRACK_MODE_MAX; ++n) {
        std::string p = std::to_string(n);
        out += p + "-COMMENT=-----" + comments[n] + "-----\n";
        out += p + "-PREFERENCE={ max_audit_log=1024 max_learning_entry=2048 }\n";
        out += p + "-CONFIG={ mode=" + kModes[n] + " grant_log=no reject_log=yes }\n";
    }
    return out;
}

SavedPolicy build_saved_policy(const SaveInput &in) {
    Groups gs;
    std::set<std::pair<int, std::string>> exception;
    for (const auto &l : in.loaded)
        if (l.file == PHTRACK_POLICY_FILE_EXCEPTION) {
            if (ph_group_keyword(l.text.data(), l.text.size()))
                ph_groups_parse(&gs.gs, l.text.data(), l.text.size(), nullptr, nullptr);
            exception.insert({exception_rank(l.text), l.text});
        }
    for (const auto &t : in.transitions) exception.insert({exception_rank(t), t});

    std::map<std::string, SavedDomain> domains;
    std::map<uint32_t, SavedDomain *> by_id;
    for (const auto &d : in.domains) {
        SavedDomain &s = domains[d.name];
        if (d.has_mode)
            s.mode = d.mode;
        by_id[d.id] = &s;
    }
    for (const auto &e : in.entries) {
        auto it = by_id.find(e.domain_id);
        if (it != by_id.end())
            add_entry(gs.gs, *it->second,
                      in.rules ? in.rules->entry(format_acl(e)) : format_acl(e));
    }
    SavedDomain *cur = nullptr;
    for (const auto &l : in.loaded) {
        if (l.file != PHTRACK_POLICY_FILE_DOMAIN)
            continue;
        if (l.text.rfind("<kernel>", 0) == 0) {
            auto it = domains.find(l.text);
            cur = it == domains.end() ? nullptr : &it->second;
            continue;
        }
        if (!cur || l.text.rfind("use_profile ", 0) == 0 || l.text == "quota_exceeded" ||
            l.text == "transition_failed")
            continue;
        if (l.text.rfind("use_group ", 0) == 0) {
            cur->use_group = std::stoi(l.text.substr(10));
            continue;
        }
        add_entry(gs.gs, *cur, l.text);
    }

    SavedPolicy out;
    for (const auto &[rank, line] : exception) out.exception_policy += line + "\n";
    for (const auto &[name, d] : domains) {
        out.domain_policy += name + "\nuse_profile " + std::to_string(d.mode) + "\n";
        if (d.use_group >= 0)
            out.domain_policy += "use_group " + std::to_string(d.use_group) + "\n";
        out.domain_policy += "\n";
        for (const auto &e : d.entries) out.domain_policy += e + "\n";
        if (!d.extensions.empty()) {
            out.domain_policy +=
                "# phtrack extensions (AKARI/TOMOYO 1.8 syntax; TOMOYO 2.6 lacks them)\n";
            for (const auto &e : d.extensions) out.domain_policy += e + "\n";
        }
        out.domain_policy += "\n";
    }
    out.profile = profile_conf();
    if (in.managers.empty())
        out.manager =
            "# no manager: any process with CAP_SYS_ADMIN may change the policy, the modes\n"
            "# and this list (ph manager, docs/admin-guide.md).\n";
    for (const auto &m : in.managers) out.manager += m + "\n";
    return out;
}

}  // namespace ph::cli
