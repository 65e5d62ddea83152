// ph profile export --by-package.
#include "profile_packages.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "json.hpp"
#include "patternize.hpp"
#include "profile_diff.hpp"
#include "proto.hpp"

namespace ph::cli {

namespace {

std::vector<std::string> tree_order(
    const std::map<std::string, std::map<std::string, std::set<std::string>>> &d) {
    std::vector<std::string> names;
    for (const auto &kv : d) names.push_back(kv.first);
    std::sort(names.begin(), names.end(),
              [](const std::string &a, const std::string &b) { return domain_less(a, b); });
    return names;
}

// Packages by name, "(no package)" last.
std::vector<std::string> package_order(const std::map<std::string, std::set<std::string>> &m) {
    std::vector<std::string> out;
    for (const auto &kv : m)
        if (kv.first != kNoPackage)
            out.push_back(kv.first);
    if (m.count(kNoPackage))
        out.push_back(kNoPackage);
    return out;
}

}  // namespace

PackageProfile group_by_package(const Profile &raw, const PackageOwners &owners,
                                const Patternizer *rules, void (*progress)(size_t, size_t, void *),
                                void *ctx) {
    size_t total = 0, done = 0;
    for (const auto &kv : raw.domains) total += kv.second.size();
    PackageProfile out;
    out.roots = raw.roots;
    for (const auto &[name, lines] : raw.domains) {
        auto &dom = out.domains[name];
        for (const auto &l : lines) {
            std::string pkg;
            for (const auto &o : split_entry(l).objects) {
                if (o.empty() || o[0] != '/')
                    continue;
                pkg = owners.owner(o);
                if (!pkg.empty())
                    break;
            }
            dom[pkg.empty() ? kNoPackage : pkg].insert(rules ? rules->entry(l) : l);
            if (progress && ++done % 1024 == 0)
                progress(done, total, ctx);
        }
    }
    if (progress)
        progress(total, total, ctx);
    return out;
}

std::string render_package_profile(const PackageProfile &p) {
    std::string out;
    for (const auto &n : tree_order(p.domains)) {
        const auto &pk = p.domains.at(n);
        out += n + "\n";
        for (const auto &name : package_order(pk)) {
            out += "  [" + name + "]\n";
            for (const auto &l : pk.at(name)) out += "    " + l + "\n";
        }
        out += "\n";
    }
    return out;
}

std::string render_package_profile_json(const PackageProfile &p) {
    JsonWriter j;
    j.begin_object().key("roots").begin_array();
    for (const auto &r : p.roots) j.value(r);
    j.end_array().key("domains").begin_array();
    for (const auto &n : tree_order(p.domains)) {
        const auto &pk = p.domains.at(n);
        j.begin_object().key("name").value(n).key("packages").begin_array();
        for (const auto &name : package_order(pk)) {
            j.begin_object().key("package").value(name).key("entries").begin_array();
            for (const auto &l : pk.at(name)) j.value(l);
            j.end_array().end_object();
        }
        j.end_array().end_object();
    }
    j.end_array().end_object();
    return j.str();
}

}  // namespace ph::cli
