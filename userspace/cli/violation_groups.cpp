// Violations, grouped (violation_groups.hpp).
#include "violation_groups.hpp"

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>
#include <tuple>

#include "proto.hpp"

namespace ph::cli {

std::string verdict_text(int32_t result) {
    if (result == 0)
        return "allowed";
    if (result == -EPERM)
        return "denied";
    return std::to_string(result);
}

std::vector<ViolationGroup> group_violations(const std::vector<ViolationRow> &rows) {
    using Key = std::tuple<std::string, std::string, uint32_t, int32_t>;
    std::map<Key, ViolationGroup> by;
    for (const ViolationRow &r : rows) {
        ViolationGroup &g = by[Key{r.domain, r.entry, r.kind, r.result}];
        if (g.count == 0) {
            g.domain = r.domain;
            g.entry = r.entry;
            g.kind = r.kind;
            g.result = r.result;
            g.first_ns = r.time_ns;
        }
        g.count++;
        g.first_ns = std::min(g.first_ns, r.time_ns);
        if (r.time_ns >= g.last_ns) {
            g.last_ns = r.time_ns;
            g.last_pid = r.pid;
            g.last_uid = r.uid;
            g.last_comm = r.comm;
        }
    }
    std::vector<ViolationGroup> out;
    out.reserve(by.size());
    for (auto &[k, g] : by) out.push_back(std::move(g));
    std::stable_sort(out.begin(), out.end(), [](const ViolationGroup &a, const ViolationGroup &b) {
        if (a.count != b.count)
            return a.count > b.count;
        if (a.domain != b.domain)
            return domain_less(a.domain, b.domain);
        return a.entry < b.entry;
    });
    return out;
}

std::string proposed_entry(uint32_t kind, const std::string &domain, const std::string &entry,
                           const Patternizer &rules) {
    if (kind != kAuditViolation || domain.empty() || entry.empty())
        return "";
    return rules.entry(entry);
}

std::string violations_as_policy(const std::vector<ViolationRow> &rows, const Patternizer &rules) {
    struct DomainLess {
        bool operator()(const std::string &a, const std::string &b) const {
            return domain_less(a, b);
        }
    };
    std::map<std::string, std::set<std::string>, DomainLess> missing;
    for (const ViolationRow &r : rows) {
        std::string e = proposed_entry(r.kind, r.domain, r.entry, rules);
        if (!e.empty())
            missing[r.domain].insert(std::move(e));
    }
    std::string out;
    for (const auto &[domain, entries] : missing) {
        out += domain + "\n";
        for (const std::string &e : entries) out += e + "\n";
        out += "\n";
    }
    return out;
}

}  // namespace ph::cli
