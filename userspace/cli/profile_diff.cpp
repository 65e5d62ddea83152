// ph profile diff: the comparison of two profiles (profile_diff.hpp).
#include "profile_diff.hpp"

#include <algorithm>
#include <cerrno>

#include "json.hpp"
#include "proto.hpp"
#include "tomoyo.hpp"

extern "C" {
#include "ph_pattern.h"
}

namespace ph::cli {

namespace {

std::vector<std::string> words(const std::string &line) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < line.size()) {
        size_t j = line.find(' ', i);
        if (j == std::string::npos)
            j = line.size();
        if (j > i)
            out.push_back(line.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

std::set<std::string> split_perms(const std::string &w) {
    std::set<std::string> out;
    size_t i = 0;
    while (i <= w.size()) {
        size_t j = w.find('/', i);
        if (j == std::string::npos)
            j = w.size();
        if (j > i)
            out.insert(w.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

std::string join_perms(const std::set<std::string> &p) {
    std::string out;
    for (const auto &s : p) out += (out.empty() ? "" : "/") + s;
    return out;
}

bool ignored(const EntryKey &k, const std::vector<std::string> &ignore) {
    for (const auto &pat : ignore)
        for (const auto &o : k.objects)
            if (!o.empty() && o[0] == '/' &&
                ph_path_match(pat.data(), pat.size(), o.data(), o.size()))
                return true;
    return false;
}

// key -> (permissions, the line), of one side's domain.
using Keyed = std::map<std::string, std::pair<std::set<std::string>, std::string>>;

Keyed keyed(const std::set<std::string> &lines, const std::vector<std::string> &ignore) {
    Keyed out;
    for (const auto &l : lines) {
        EntryKey k = split_entry(l);
        if (ignored(k, ignore))
            continue;
        auto &slot = out[k.key];
        slot.first.insert(k.perms.begin(), k.perms.end());
        slot.second = slot.second.empty() ? l : slot.second;
        if (slot.first.size() != k.perms.size()) {  // two lines of one key: merged
            EntryKey m = k;
            m.perms = slot.first;
            std::vector<std::string> w = words(l);
            size_t at = w.size() > 1 && w[0] == "network" ? 3 : 1;
            if (at < w.size())
                w[at] = join_perms(slot.first);
            std::string joined;
            for (const auto &x : w) joined += (joined.empty() ? "" : " ") + x;
            slot.second = joined;
        }
    }
    return out;
}

}  // namespace

EntryKey split_entry(const std::string &line) {
    EntryKey k;
    std::vector<std::string> w = words(line);
    // "file PERMS OBJ..." and "network FAMILY TYPE PERMS OBJ...": the
    // permission word is the one TOMOYO 2.6 joins with '/'.
    size_t at = std::string::npos;
    if (w.size() >= 3 && w[0] == "file")
        at = 1;
    else if (w.size() >= 5 && w[0] == "network")
        at = 3;
    if (at == std::string::npos) {
        k.key = line;
        if (w.size() > 2)
            k.objects.assign(w.begin() + 2, w.end());
        return k;
    }
    k.perms = split_perms(w[at]);
    k.key = w[0];
    for (size_t i = 1; i < w.size(); ++i) {
        if (i == at)
            continue;
        k.key += " " + w[i];
        if (i > at)
            k.objects.push_back(w[i]);
    }
    return k;
}

ProfileDiff compare_profiles(const Profile &a, const Profile &b,
                             const std::vector<std::string> &ignore) {
    std::set<std::string> names;
    for (const auto &kv : a.domains) names.insert(kv.first);
    for (const auto &kv : b.domains) names.insert(kv.first);
    std::vector<std::string> sorted(names.begin(), names.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const std::string &x, const std::string &y) { return domain_less(x, y); });
    static const std::set<std::string> kNone;
    ProfileDiff out;
    for (const auto &name : sorted) {
        auto ia = a.domains.find(name), ib = b.domains.find(name);
        DomainDiff d;
        d.name = name;
        d.status = ia == a.domains.end()   ? DomainDiff::kAdded
                   : ib == b.domains.end() ? DomainDiff::kRemoved
                                           : DomainDiff::kChanged;
        Keyed ka = keyed(ia == a.domains.end() ? kNone : ia->second, ignore);
        Keyed kb = keyed(ib == b.domains.end() ? kNone : ib->second, ignore);
        for (const auto &[key, v] : ka) {
            auto it = kb.find(key);
            if (it == kb.end()) {
                d.removed.push_back(v.second);
                continue;
            }
            const auto &pa = v.first, &pb = it->second.first;
            if (pa == pb)
                continue;
            PermChange c{v.second, it->second.second};
            if (std::includes(pb.begin(), pb.end(), pa.begin(), pa.end()))
                d.widened.push_back(c);
            else if (std::includes(pa.begin(), pa.end(), pb.begin(), pb.end()))
                d.narrowed.push_back(c);
            else
                d.changed.push_back(c);
        }
        for (const auto &[key, v] : kb)
            if (!ka.count(key))
                d.added.push_back(v.second);
        std::sort(d.added.begin(), d.added.end());
        std::sort(d.removed.begin(), d.removed.end());
        if (d.status != DomainDiff::kChanged || d.size())
            out.domains.push_back(std::move(d));
    }
    return out;
}

std::vector<std::string> change_lines(const DomainDiff &dd) {
    auto was = [](const PermChange &c) {
        return " (was " + join_perms(split_entry(c.old_line).perms) + ")";
    };
    std::vector<std::string> out;
    for (const auto &l : dd.removed) out.push_back("- " + l);
    for (const auto &l : dd.added) out.push_back("+ " + l);
    for (const auto &c : dd.widened) out.push_back("^ " + c.new_line + was(c));
    for (const auto &c : dd.narrowed) out.push_back("v " + c.new_line + was(c));
    for (const auto &c : dd.changed) out.push_back("~ " + c.new_line + was(c));
    return out;
}

std::string render_diff(const ProfileDiff &d, size_t *lines) {
    std::string out;
    size_t n = 0;
    auto line = [&](const std::string &s) {
        out += s + "\n";
        ++n;
    };
    for (const auto &dd : d.domains) {
        const char *head = dd.status == DomainDiff::kAdded     ? "+ "
                           : dd.status == DomainDiff::kRemoved ? "- "
                                                               : "  ";
        line(head + dd.name);
        for (const auto &l : change_lines(dd)) line("  " + l);
    }
    if (lines)
        *lines = n;
    return out;
}

std::string render_diff_json(const ProfileDiff &d) {
    JsonWriter j;
    size_t added = 0, removed = 0, entries = 0;
    for (const auto &dd : d.domains) {
        added += dd.status == DomainDiff::kAdded;
        removed += dd.status == DomainDiff::kRemoved;
        entries += dd.size();
    }
    j.begin_object().key("changed").value(!d.empty());
    j.key("domains_added").value(static_cast<uint64_t>(added));
    j.key("domains_removed").value(static_cast<uint64_t>(removed));
    j.key("entries_changed").value(static_cast<uint64_t>(entries));
    j.key("domains").begin_array();
    auto changes = [&](const char *k, const std::vector<PermChange> &v) {
        j.key(k).begin_array();
        for (const auto &c : v) {
            j.begin_object().key("entry").value(c.new_line).key("was").value(c.old_line);
            j.end_object();
        }
        j.end_array();
    };
    for (const auto &dd : d.domains) {
        j.begin_object().key("name").value(dd.name).key("status");
        j.value(dd.status == DomainDiff::kAdded     ? "added"
                : dd.status == DomainDiff::kRemoved ? "removed"
                                                    : "changed");
        j.key("added").begin_array();
        for (const auto &l : dd.added) j.value(l);
        j.end_array().key("removed").begin_array();
        for (const auto &l : dd.removed) j.value(l);
        j.end_array();
        changes("widened", dd.widened);
        changes("narrowed", dd.narrowed);
        changes("changed", dd.changed);
        j.end_object();
    }
    j.end_array().end_object();
    return j.str();
}

Result<Profile> parse_profile_or_policy(const std::string &text, bool *was_policy) {
    if (was_policy)
        *was_policy = false;
    auto p = parse_profile(text);
    if (p)
        return p;
    if (text.find("<kernel>") == std::string::npos)
        return p.error();
    if (was_policy)
        *was_policy = true;
    // tomoyo.cpp's reader: one permission per line, conditions dropped;
    // compare_profiles() merges the permissions of one object again.
    Profile policy;
    policy.domains = parse_domain_policy(text);
    if (policy.domains.empty())
        return Error{EINVAL, "neither a profile nor a domain policy (no <kernel> line)"};
    return policy;
}

bool valid_ignore_pattern(const std::string &pattern) {
    return !pattern.empty() && pattern[0] == '/' &&
           ph_pattern_valid(pattern.data(), pattern.size());
}

}  // namespace ph::cli
