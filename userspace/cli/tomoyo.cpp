// ph tomoyo-compare: phtrack's learned entries against TOMOYO's learning
// mode on the same workload.
#include "tomoyo.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "db.hpp"
#include "ph_pattern.h"
#include "proto.hpp"
#include "util.hpp"

namespace ph::cli {

namespace {

std::vector<std::string> split(const std::string &s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep))
        if (!cur.empty())
            out.push_back(cur);
    return out;
}

// A condition (task.uid=0, exec.realpath="...", exec.argv[0]="sh"), not a
// name: a '=' with no ':' before it and not a path, so that the kernel's
// socket:[family=1:type=1:protocol=0] stays a name.
bool is_condition(const std::string &t) {
    size_t eq = t.find('=');
    return eq != std::string::npos && t[0] != '/' && t.find(':') > eq;
}

// "file read/write /x" -> "file read /x", "file write /x"; conditions
// dropped; a file name the module learns as a pattern (a pipe's, a pseudo
// terminal's: ph_name_generalize()) as that pattern, as the module keys it.
void add_normalized(std::set<std::string> &out, const std::string &line) {
    std::vector<std::string> tok;
    for (auto &t : split(line, ' ')) {
        if (is_condition(t))
            continue;
        size_t glen = 0;
        const char *g = tok.size() >= 2 && tok[0] == "file"
                            ? ph_name_generalize(t.data(), t.size(), &glen)
                            : nullptr;
        tok.push_back(g ? std::string(g, glen) : t);
    }
    if (tok.empty())
        return;
    size_t perm_at = 0;
    if (tok[0] == "file" && tok.size() >= 3)
        perm_at = 1;
    else if (tok[0] == "network" && tok.size() >= 5)
        perm_at = 3;
    if (!perm_at) {
        std::string joined;
        for (const auto &t : tok) joined += (joined.empty() ? "" : " ") + t;
        out.insert(joined);
        return;
    }
    for (const auto &perm : split(tok[perm_at], '/')) {
        std::string joined;
        for (size_t i = 0; i < tok.size(); ++i)
            joined += (i ? " " : "") + (i == perm_at ? perm : tok[i]);
        out.insert(joined);
    }
}

bool is_header(const std::string &line) {
    return line.rfind("<kernel>", 0) == 0;
}

}  // namespace

PolicyMap parse_domain_policy(const std::string &text) {
    PolicyMap m;
    std::string cur;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        if (is_header(line)) {
            cur = line;
            m[cur];
            continue;
        }
        if (cur.empty() || line.rfind("use_profile", 0) == 0 || line.rfind("use_group", 0) == 0 ||
            line == "quota_exceeded" || line.rfind("transition_failed", 0) == 0)
            continue;
        add_normalized(m[cur], line);
    }
    return m;
}

std::vector<Difference> compare_policies(const PolicyMap &ph, const PolicyMap &tomoyo) {
    std::vector<Difference> out;
    for (const auto &[name, entries] : tomoyo) {
        auto it = ph.find(name);
        if (it == ph.end()) {
            out.push_back({name, "", false,
                           entries.empty() ? "a domain TOMOYO creates for an exec that failed; "
                                             "phtrack creates domains on successful execs only"
                                           : ""});
            continue;
        }
        for (const auto &e : entries)
            if (!it->second.count(e))
                out.push_back({name, e, false, ""});
    }
    for (const auto &[name, entries] : ph) {
        auto it = tomoyo.find(name);
        if (it == tomoyo.end()) {
            out.push_back({name, "", true, ""});
            continue;
        }
        for (const auto &e : entries) {
            if (it->second.count(e))
                continue;
            std::string why;
            auto tok = split(e, ' ');
            if (name == "<kernel>")
                why =
                    "learned before /sbin/init; TOMOYO learns nothing until its policy "
                    "loader runs";
            else if (tok[0] == "capability")
                why = "TOMOYO 2.6 has no capability entries";
            else if (tok[0] == "network" && tok.size() > 3 && tok[3] == "recv")
                why = "TOMOYO 2.6 has no recv permission";
            out.push_back({name, e, true, why});
        }
    }
    return out;
}

int cmd_tomoyo_compare(const Options &opt, const std::vector<std::string> &args) {
    if (args.size() != 2)
        return usage_error("tomoyo-compare takes TOMOYO's domain_policy file");
    std::ifstream f(args[1]);
    if (!f)
        return fail(Error{errno, "cannot read " + args[1] + ": " + strerror(errno)});
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    PolicyMap tomoyo = parse_domain_policy(text);

    auto snap = load_snapshot(opt);
    if (!snap)
        return fail(snap.error());
    PolicyMap ph;
    std::map<uint32_t, std::string> names;
    for (const auto &d : snap.value().domains) {
        names[d.id] = d.name;
        ph[d.name];
    }
    for (const auto &e : snap.value().entries)
        add_normalized(ph[names[e.domain_id]], format_acl(e));

    size_t same = 0, total_t = 0, total_p = 0;
    for (const auto &[n, s] : tomoyo) {
        total_t += s.size();
        auto it = ph.find(n);
        if (it != ph.end())
            for (const auto &e : s) same += it->second.count(e);
    }
    for (const auto &kv : ph) total_p += kv.second.size();
    auto diffs = compare_policies(ph, tomoyo);
    size_t unexplained = 0;
    for (const auto &d : diffs) {
        const char *side = d.only_phtrack ? "only phtrack" : "only TOMOYO ";
        if (d.entry.empty())
            printf("%s domain %s\n", side, d.domain.c_str());
        else
            printf("%s %s | %s\n", side, d.domain.c_str(), d.entry.c_str());
        if (d.reason.empty()) {
            printf("    UNEXPLAINED\n");
            ++unexplained;
        } else {
            printf("    expected: %s\n", d.reason.c_str());
        }
    }
    printf(
        "domains: TOMOYO %zu, phtrack %zu; entries: TOMOYO %zu, phtrack %zu, in both %zu; "
        "differences %zu, unexplained %zu\n",
        tomoyo.size(), ph.size(), total_t, total_p, same, diffs.size(), unexplained);
    return unexplained ? 1 : 0;
}

}  // namespace ph::cli
