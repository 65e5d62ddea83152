// ph profile: export a service's access profile (its domains and what they
// learned) as stable text, and compare two exports, e.g. before and after
// an upgrade.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include "commands.hpp"
#include "db.hpp"
#include "json.hpp"
#include "patternize.hpp"
#include "profile.hpp"
#include "profile_diff.hpp"
#include "profile_dot.hpp"
#include "profile_packages.hpp"
#include "progress.hpp"
#include "proto.hpp"
#include "util.hpp"

namespace ph::cli {

namespace {

// Is `name` the domain `root` or one of its descendants (token-wise)?
bool in_subtree(const std::string &name, const std::string &root) {
    return name == root || (name.size() > root.size() && name.compare(0, root.size(), root) == 0 &&
                            name[root.size()] == ' ');
}

std::string last_token(const std::string &name) {
    size_t sp = name.rfind(' ');
    return sp == std::string::npos ? name : name.substr(sp + 1);
}

}  // namespace

Profile build_profile(const std::vector<Domain> &domains, const std::vector<AclEntry> &entries,
                      const std::string &what) {
    // Roots: the named domain, or every domain whose program is `what`.
    std::vector<std::string> roots;
    for (const auto &d : domains)
        if (d.name == what || (what[0] == '/' && last_token(d.name) == what))
            roots.push_back(d.name);
    // Names are relative to the service: "/usr/sbin/httpd /bin/cat", so a
    // profile compares across restarts, parents and hosts; a service started
    // from several places contributes to the same relative domains.
    Profile p;
    std::map<uint32_t, std::string> relative;
    for (const auto &d : domains) {
        for (const auto &r : roots) {
            if (!in_subtree(d.name, r))
                continue;
            std::string rel = last_token(r) + d.name.substr(r.size());
            p.domains[rel];  // present even when it learned nothing
            relative[d.id] = rel;
            p.roots.insert(r);
            break;
        }
    }
    for (const auto &e : entries) {
        auto it = relative.find(e.domain_id);
        if (it != relative.end())
            p.domains[it->second].insert(format_acl(e));
    }
    return p;
}

Profile patternize_profile(const Profile &p, const Patternizer &rules,
                           void (*progress)(size_t, size_t, void *), void *ctx) {
    size_t total = 0, done = 0;
    for (const auto &kv : p.domains) total += kv.second.size();
    Profile out;
    out.roots = p.roots;
    for (const auto &[name, lines] : p.domains) {
        auto &dst = out.domains[name];
        for (const auto &l : lines) {
            dst.insert(rules.entry(l));
            if (progress && ++done % 1024 == 0)
                progress(done, total, ctx);
        }
    }
    if (progress)
        progress(total, total, ctx);
    return out;
}

std::string render_profile(const Profile &p) {
    std::vector<std::string> names;
    for (const auto &kv : p.domains) names.push_back(kv.first);
    std::sort(names.begin(), names.end(),
              [](const std::string &a, const std::string &b) { return domain_less(a, b); });
    std::string out;
    for (const auto &n : names) {
        out += n + "\n";
        for (const auto &l : p.domains.at(n)) out += "  " + l + "\n";
        out += "\n";
    }
    return out;
}

std::string render_profile_json(const Profile &p) {
    std::vector<std::string> names;
    for (const auto &kv : p.domains) names.push_back(kv.first);
    std::sort(names.begin(), names.end(),
              [](const std::string &a, const std::string &b) { return domain_less(a, b); });
    JsonWriter j;
    j.begin_object().key("roots").begin_array();
    for (const auto &r : p.roots) j.value(r);
    j.end_array().key("domains").begin_array();
    for (const auto &n : names) {
        j.begin_object().key("name").value(n).key("entries").begin_array();
        for (const auto &l : p.domains.at(n)) j.value(l);
        j.end_array().end_object();
    }
    j.end_array().end_object();
    return j.str();
}

std::string render_profile_tomoyo(const Profile &p) {
    std::vector<std::string> names;
    for (const auto &kv : p.domains) names.push_back(kv.first);
    std::sort(names.begin(), names.end(),
              [](const std::string &a, const std::string &b) { return domain_less(a, b); });
    std::string out;
    // Each relative name under each place the service was seen at: the
    // root's name up to its last program, then the relative name.
    for (const auto &root : p.roots) {
        std::string prefix = root.substr(0, root.size() - last_token(root).size());
        for (const auto &n : names) {
            out += prefix + n + "\n";
            for (const auto &l : p.domains.at(n)) out += l + "\n";
            out += "\n";
        }
    }
    return out;
}

Result<Profile> parse_profile(const std::string &text) {
    Profile p;
    std::string current;
    size_t pos = 0, lineno = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        ++lineno;
        if (line.empty() || line[0] == '#')
            continue;
        if (line[0] == '/' || line.rfind("<kernel>", 0) == 0) {
            current = line;
            p.domains[current];
        } else if (line.rfind("  ", 0) == 0 && !current.empty()) {
            p.domains[current].insert(line.substr(2));
        } else {
            return Error{EINVAL, "line " + std::to_string(lineno) + ": not a profile line"};
        }
    }
    return p;
}

std::string diff_profiles(const Profile &a, const Profile &b, size_t *changes) {
    return render_diff(compare_profiles(a, b), changes);
}

namespace {

constexpr char kInstalledRules[] = "/etc/phtrack/patternize.conf";

// The store's domains, and the entries used after mark `since` (and
// before mark `until`, when given).
Result<Snapshot> load_window(const Options &opt, const std::string &since,
                             const std::string &until) {
    auto store = open_store(opt);
    if (!store)
        return store.error();
    auto a = store.value().mark(since);
    if (!a)
        return a.error();
    std::optional<Mark> b;
    if (!until.empty()) {
        auto m = store.value().mark(until);
        if (!m)
            return m.error();
        b = m.value();
        if (b->time_ns < a.value().time_ns)
            return Error{EINVAL, "mark " + until + " is older than mark " + since};
    }
    return store.value().snapshot_window(&a.value(), b ? &*b : nullptr);
}

Result<std::string> read_file(const std::string &path) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return Error{errno, "cannot read " + path + ": " + strerror(errno)};
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// The rules: --rules FILE, else the installed file, else built in; and the
// versioned file names of dpkg's packages.  *how says which.
Result<Patternizer> load_rules(std::string rules_path, bool rules_given,
                               const std::string &dpkg_root, std::string *how) {
    // --rules FILE alone; else the installed file's rules first, then the
    // built-in ones it does not repeat; else the built-in rules.
    Patternizer rules = Patternizer::defaults();
    *how = "built-in patternize rules";
    bool installed = !rules_given && access(kInstalledRules, R_OK) == 0;
    if (installed)
        rules_path = kInstalledRules;
    if (!rules_path.empty()) {
        auto text = read_file(rules_path);
        if (!text)
            return text.error();
        auto parsed = Patternizer::parse(text.value(), rules_path);
        if (!parsed)
            return parsed.error();
        rules = parsed.value();
        *how = "patternize rules of " + rules_path;
        if (installed && rules.append_missing(Patternizer::defaults()))
            *how += ", then the built-in rules it lacks";
    }
    size_t n = rules.add_dpkg(dpkg_root);
    if (n)
        *how += ", and " + std::to_string(n) + " versioned file names of dpkg's packages";
    return rules;
}

// ph profile diff OLD NEW [--json] [--ignore PATTERN]... [--raw | --rules FILE]
// [--dpkg-root DIR].  Like diff(1): 0 same, 1 different, 2 trouble.
int profile_diff(const Options &opt, const std::vector<std::string> &args) {
    static const char kUsage[] =
        "profile diff OLD NEW [--ignore PATTERN]... [--raw | --rules FILE] [--dpkg-root DIR] "
        "[--svg FILE]";
    std::vector<std::string> files, ignore;
    std::string rules_path, dpkg_root = "/", svg;
    bool raw = false, rules_given = false;
    for (size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--ignore" && i + 1 < args.size()) {
            if (!valid_ignore_pattern(args[i + 1]))
                return usage_error("profile diff: --ignore takes an absolute TOMOYO path pattern");
            ignore.push_back(args[++i]);
        } else if (args[i] == "--raw") {
            raw = true;
        } else if (args[i] == "--rules" && i + 1 < args.size()) {
            rules_path = args[++i], rules_given = true;
        } else if (args[i] == "--dpkg-root" && i + 1 < args.size()) {
            dpkg_root = args[++i];
        } else if (args[i] == "--svg" && i + 1 < args.size()) {
            svg = args[++i];
        } else if (args[i].size() > 1 && args[i][0] == '-') {
            return usage_error(kUsage);
        } else {
            files.push_back(args[i]);
        }
    }
    if (files.size() != 2 || (raw && rules_given))
        return usage_error(kUsage);
    Profile side[2];
    std::optional<Patternizer> rules;
    for (int k = 0; k < 2; ++k) {
        auto text = read_file(files[k]);
        if (!text)
            return fail(text.error()) + 1;
        bool policy = false;
        auto p = parse_profile_or_policy(text.value(), &policy);
        if (!p)
            return fail(Error{EINVAL, files[k] + ": " + p.error().message}) + 1;
        side[k] = std::move(p.value());
        // An export is patternized already; a TOMOYO policy is not.
        if (policy && !raw) {
            if (!rules) {
                std::string how;
                auto r = load_rules(rules_path, rules_given, dpkg_root, &how);
                if (!r)
                    return fail(r.error()) + 1;
                rules = std::move(r.value());
            }
            Progress prog("patternizing " + files[k], "entries");
            side[k] = patternize_profile(side[k], *rules, Progress::callback, &prog);
        }
    }
    ProfileDiff d = compare_profiles(side[0], side[1], ignore);
    if (!svg.empty()) {
        auto r =
            run_dot_svg(render_diff_dot(side[0], side[1], d, files[0] + " -> " + files[1]), svg);
        if (!r)
            return fail(r.error()) + 1;
    }
    if (opt.json)
        printf("%s\n", render_diff_json(d).c_str());
    else
        fputs(render_diff(d).c_str(), stdout);
    return d.empty() ? 0 : 1;
}

}  // namespace

int cmd_profile(const Options &opt, const std::vector<std::string> &args) {
    if (args.size() >= 3 && args[1] == "export") {
        static const char kUsage[] =
            "profile export DOMAIN|PROGRAM [-o FILE] [--raw | --rules FILE] [--dpkg-root DIR] "
            "[--since MARK | --between MARK MARK] [--format text|tomoyo|dot] [--by-package]";
        std::string what = args[2], out_path, rules_path, dpkg_root = "/", since, until;
        std::string format = "text";
        bool raw = false, rules_given = false, by_package = false;
        for (size_t i = 3; i < args.size(); ++i) {
            if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size())
                out_path = args[++i];
            else if (args[i] == "--raw")
                raw = true;
            else if (args[i] == "--rules" && i + 1 < args.size())
                rules_path = args[++i], rules_given = true;
            else if (args[i] == "--dpkg-root" && i + 1 < args.size())
                dpkg_root = args[++i];
            else if (args[i] == "--since" && i + 1 < args.size() && since.empty())
                since = args[++i];
            else if (args[i] == "--between" && i + 2 < args.size() && since.empty())
                since = args[i + 1], until = args[i + 2], i += 2;
            else if (args[i] == "--format" && i + 1 < args.size())
                format = args[++i];
            else if (args[i] == "--by-package")
                by_package = true;
            else
                return usage_error(kUsage);
        }
        if (raw && rules_given)
            return usage_error("profile export: --raw and --rules exclude each other");
        if (format != "text" && format != "tomoyo" && format != "dot")
            return usage_error("profile export: --format takes text, tomoyo or dot");
        if (by_package && format != "text")
            return usage_error("profile export: --by-package is a text or --json view");
        if (what.empty() || (what[0] != '/' && what.rfind("<kernel>", 0) != 0))
            return usage_error(
                "profile export takes a full domain name or an absolute program path");
        auto snap = since.empty() ? load_snapshot(opt) : load_window(opt, since, until);
        if (!snap)
            return fail(snap.error());
        Profile p = build_profile(snap.value().domains, snap.value().entries, what);
        if (p.domains.empty())
            return fail(Error{ENOENT, "no domain is " + what + " or runs it"});
        auto header = [&](const std::set<std::string> &roots, const std::string &names) {
            std::string t;
            if (!since.empty())
                t += "# used " +
                     (until.empty() ? "since mark " + since
                                    : "between marks " + since + " and " + until) +
                     "\n";
            for (const auto &r : roots) t += "# seen as: " + r + "\n";
            return t + "# names: " + names + "\n";
        };
        std::string how = "raw names (--raw)";
        std::optional<Patternizer> rules;
        if (!raw) {
            auto r = load_rules(rules_path, rules_given, dpkg_root, &how);
            if (!r)
                return fail(r.error());
            rules = std::move(r.value());
        }
        std::string text;
        if (by_package) {
            // Owners are looked up by the raw names, before patternizing.
            auto owners = PackageOwners::load(dpkg_root);
            Progress prog("grouping by package", "entries");
            auto g =
                group_by_package(p, owners, rules ? &*rules : nullptr, Progress::callback, &prog);
            if (opt.json) {
                text = render_package_profile_json(g) + "\n";
            } else {
                text = "# phtrack profile of " + what + ", by package\n";
                text += header(p.roots, how) + "# packages: dpkg's file lists under " + dpkg_root +
                        " (" + std::to_string(owners.packages()) + " packages)\n";
                text += "\n" + render_package_profile(g);
            }
        } else {
            if (rules) {
                Progress prog("patternizing", "entries");
                p = patternize_profile(p, *rules, Progress::callback, &prog);
            }
            if (format == "dot")
                text = render_profile_dot(p, what);
            else if (format == "tomoyo")
                text = "# phtrack profile of " + what + " as TOMOYO domain policy\n\n" +
                       render_profile_tomoyo(p);
            else if (opt.json)
                text = render_profile_json(p) + "\n";
            else
                text = "# phtrack profile of " + what + "\n" + header(p.roots, how) + "\n" +
                       render_profile(p);
        }
        if (out_path.empty()) {
            fputs(text.c_str(), stdout);
            return 0;
        }
        std::string tmp = out_path + ".tmp";
        {
            std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
            if (!f || !(f << text) || !f.flush())
                return fail(Error{errno, "cannot write " + tmp + ": " + strerror(errno)});
        }
        if (rename(tmp.c_str(), out_path.c_str()))
            return fail(Error{errno, "cannot rename " + tmp + ": " + strerror(errno)});
        fprintf(stderr, "wrote %zu domains to %s\n", p.domains.size(), out_path.c_str());
        return 0;
    }
    if (args.size() >= 2 && args[1] == "diff")
        return profile_diff(opt, args);
    return usage_error("profile needs export DOMAIN|PROGRAM [-o FILE] or diff OLD NEW");
}

}  // namespace ph::cli
