// ph policy: show the transition rules; save, check and load a TOMOYO 2.6
// policy (a directory of four files, one file, or standard input).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "linux/phtrack.h"
#include "netlink.hpp"
#include "patternize.hpp"
#include "policy.hpp"
#include "policy_files.hpp"
#include "term.hpp"
#include "util.hpp"

#include "ph_policy.h"

namespace ph::cli {

namespace {

// The module's limit for one policy line (PH_POLICY_LINE_MAX in genl.c).
constexpr size_t kMaxLine = 16384;

// All of FILE ("-" = standard input).
Result<std::string> read_text(const std::string &file) {
    std::ifstream f;
    std::istream *in = &std::cin;
    if (file != "-") {
        f.open(file, std::ios::binary);
        if (!f)
            return Error{errno, "cannot read " + file + ": " + strerror(errno)};
        in = &f;
    }
    std::ostringstream out;
    out << in->rdbuf();
    if (in->bad())
        return Error{EIO, "read error on " + file};
    return out.str();
}

}  // namespace

bool is_domain_policy(const std::string &text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        return line.rfind("<kernel>", 0) == 0;
    }
    return false;
}

Result<DomainPolicyCount> check_domain_policy(const std::string &file, const std::string &text) {
    static const std::set<std::string_view> kEntry = {"file",       "network", "misc",
                                                      "capability", "ipc",     "task"};
    static const std::set<std::string_view> kDomainKeyword = {
        "use_profile", "use_group", "quota_exceeded", "transition_failed"};
    std::istringstream in(text);
    std::string line;
    std::set<std::string> seen;
    size_t lineno = 0, entries = 0;
    auto bad = [&](const std::string &why) {
        return Error{EINVAL,
                     file + ":" + std::to_string(lineno) + ": " + why + ": " + term_safe(line)};
    };
    while (std::getline(in, line)) {
        ++lineno;
        if (line.empty() || line[0] == '#')
            continue;
        if (line.size() > kMaxLine)
            return bad("line longer than " + std::to_string(kMaxLine) + " bytes");
        if (line.rfind("<kernel>", 0) == 0) {
            if (!ph_domain_valid(line.data(), line.size()))
                return bad("invalid domain name");
            if (!seen.insert(line).second)
                return bad("domain header seen twice");
            continue;
        }
        if (seen.empty())
            return bad("entry before the first domain header");
        std::vector<std::string_view> words;
        std::string_view rest = line;
        if (rest.rfind("delete ", 0) == 0)
            rest.remove_prefix(7);
        for (;;) {
            size_t sp = rest.find(' ');
            words.push_back(rest.substr(0, sp));
            if (sp == std::string_view::npos)
                break;
            rest.remove_prefix(sp + 1);
        }
        for (auto w : words)
            if (!ph_name_valid(w.data(), w.size()) && !ph_pattern_valid(w.data(), w.size()) &&
                !(w.size() > 1 && w[0] == '@' && ph_name_valid(w.data() + 1, w.size() - 1)))
                return bad("not a canonical escaped word: '" + term_safe(w) + "'");
        if (kDomainKeyword.count(words[0])) {
            if (words[0] == "use_profile" || words[0] == "use_group") {
                unsigned n = 0;
                if (words.size() != 2 ||
                    std::sscanf(std::string(words[1]).c_str(), "%u", &n) != 1 || n > 255)
                    return bad(std::string(words[0]) + " needs a number from 0 to 255");
            }
            continue;
        }
        if (!kEntry.count(words[0]) || words.size() < 2)
            return bad("not a domain policy entry");
        entries++;
    }
    return DomainPolicyCount{seen.size(), entries};
}

namespace {

constexpr const char *kFiles[] = {"exception_policy.conf", "domain_policy.conf", "profile.conf",
                                  "manager.conf"};

// The files of PATH: a directory's policy files that exist, or one file
// ("-" = standard input).
Result<std::vector<PolicyInput>> read_inputs(const std::string &path) {
    std::vector<PolicyInput> out;
    struct stat st {};
    if (path != "-" && stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        for (const char *f : kFiles) {
            std::string file = path + "/" + f;
            if (access(file.c_str(), F_OK) != 0)
                continue;
            auto text = read_text(file);
            if (!text)
                return text.error();
            out.push_back({file, policy_kind(file, text.value()), std::move(text.value())});
        }
        if (out.empty())
            return Error{ENOENT, path +
                                     " holds none of exception_policy.conf, "
                                     "domain_policy.conf, profile.conf, manager.conf"};
        return out;
    }
    auto text = read_text(path);
    if (!text)
        return text.error();
    out.push_back(
        {path == "-" ? "<stdin>" : path, policy_kind(path, text.value()), std::move(text.value())});
    return out;
}

Result<void> write_file(const std::string &path, const std::string &text) {
    std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f)
            return Error{errno, "cannot write " + tmp + ": " + strerror(errno)};
        f << text;
        f.flush();
        if (!f)
            return Error{EIO, "write error on " + tmp};
    }
    if (rename(tmp.c_str(), path.c_str()) != 0)
        return Error{errno, "cannot rename " + tmp + ": " + strerror(errno)};
    return {};
}

// --patternize: the rules of ph profile export without --rules, that is
// /etc/phtrack/patternize.conf then the built-in rules it lacks, or the
// built-in rules alone.
Result<Patternizer> save_rules() {
    constexpr char kInstalled[] = "/etc/phtrack/patternize.conf";
    if (access(kInstalled, R_OK) != 0)
        return Patternizer::defaults();
    auto text = read_text(kInstalled);
    if (!text)
        return text.error();
    auto parsed = Patternizer::parse(text.value(), kInstalled);
    if (!parsed)
        return parsed.error();
    parsed.value().append_missing(Patternizer::defaults());
    return parsed.value();
}

int policy_save(const std::string &dir, bool patternize) {
    std::optional<Patternizer> patterns;
    if (patternize) {
        auto r = save_rules();
        if (!r)
            return fail(r.error());
        patterns = std::move(r.value());
    }
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        return fail(Error{errno, "cannot create " + dir + ": " + strerror(errno)});
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    SaveInput in;
    auto domains = client.value().domains();
    if (!domains)
        return fail(domains.error());
    auto entries = client.value().acl(std::nullopt);
    if (!entries)
        return fail(entries.error());
    auto loaded = client.value().loaded();
    if (!loaded)
        return fail(loaded.error());
    auto rules = client.value().policy_get();
    if (!rules)
        return fail(rules.error());
    in.domains = std::move(domains.value());
    in.entries = std::move(entries.value());
    in.loaded = std::move(loaded.value());
    in.transitions = std::move(rules.value());
    auto managers = client.value().manager_get();
    if (!managers)
        return fail(managers.error());
    in.managers = std::move(managers.value().entries);
    in.rules = patterns ? &*patterns : nullptr;
    SavedPolicy out = build_saved_policy(in);
    const std::string *texts[] = {&out.exception_policy, &out.domain_policy, &out.profile,
                                  &out.manager};
    for (size_t i = 0; i < 4; ++i)
        if (auto r = write_file(dir + "/" + kFiles[i], *texts[i]); !r)
            return fail(r.error());
    printf("saved %zu domains to %s\n", in.domains.size(), dir.c_str());
    return 0;
}

// The refused lines of a check --all or a load --skip-refused, one per
// line, then the count per reason.
void print_refused(FILE *f, const std::vector<RefusedLine> &refused) {
    std::map<std::string, size_t> why;
    for (const auto &r : refused) {
        fprintf(f, "refused %s: %s: %s\n", r.where.c_str(), r.why.c_str(), r.text.c_str());
        ++why[r.why];
    }
    for (const auto &[w, n] : why) fprintf(f, "refused %zu: %s\n", n, w.c_str());
}

size_t accepted_lines(const CheckedPolicy &c) {
    return c.exception.size() + c.domain.size();
}

int policy_check_all(const std::string &path) {
    auto inputs = read_inputs(path);
    if (!inputs)
        return fail(inputs.error());
    std::vector<RefusedLine> refused;
    auto checked = check_policy(inputs.value(), &refused);
    if (!checked)
        return fail(checked.error());
    print_refused(stdout, refused);
    printf("%zu lines accepted, %zu refused\n", accepted_lines(checked.value()), refused.size());
    return refused.empty() ? 0 : 1;
}

int policy_check(const std::string &path) {
    auto inputs = read_inputs(path);
    if (!inputs)
        return fail(inputs.error());
    // A lone domain policy (ph acl --all, TOMOYO's domain_policy) is checked
    // for its structure: a learned name may start with '@', which a load
    // would read as a group (docs/tomoyo-compatibility.md).
    if (inputs.value().size() == 1 && inputs.value()[0].kind == PolicyKind::kDomain) {
        auto n = check_domain_policy(inputs.value()[0].name, inputs.value()[0].text);
        if (!n)
            return fail(n.error());
        printf("%zu domains, %zu entries ok\n", n.value().domains, n.value().entries);
        return 0;
    }
    for (const auto &in : inputs.value())
        if (in.kind == PolicyKind::kDomain)
            if (auto n = check_domain_policy(in.name, in.text); !n)
                return fail(n.error());
    auto checked = check_policy(inputs.value());
    if (!checked)
        return fail(checked.error());
    const auto &c = checked.value();
    if (c.has_domain) {
        size_t headers = 0, entries = 0;
        for (const auto &l : c.domain) {
            headers += l.rfind("<kernel>", 0) == 0;
            entries += l[0] != '<' && l.rfind("use_", 0) != 0;
        }
        printf("%zu domains, %zu entries ok\n", headers, entries);
    }
    if (c.has_exception || !c.has_domain)
        printf("%zu rules ok\n", c.exception.size());
    return 0;
}

// manager.conf's entries become the manager list (with --merge, added to
// it), last: the policy is loaded while the caller may still manage.
int load_managers(Client &cl, const std::vector<std::string> &entries, bool merge) {
    std::vector<std::string> list;
    if (merge) {
        auto cur = cl.manager_get();
        if (!cur)
            return fail(cur.error());
        list = std::move(cur.value().entries);
    }
    for (const auto &e : entries)
        if (std::find(list.begin(), list.end(), e) == list.end())
            list.push_back(e);
    if (auto r = cl.manager_set(list); !r)
        return fail(r.error());
    printf("manager list: %zu entries\n", list.size());
    return 0;
}

int policy_load(const std::string &path, bool merge, bool skip_refused) {
    auto inputs = read_inputs(path);
    if (!inputs)
        return fail(inputs.error());
    std::vector<RefusedLine> refused;
    auto checked = check_policy(inputs.value(), skip_refused ? &refused : nullptr);
    if (!checked)
        return fail(checked.error());
    const auto &c = checked.value();
    if (skip_refused) {
        print_refused(stderr, refused);
        fprintf(stderr, "ph: %zu lines accepted, %zu refused and left out\n", accepted_lines(c),
                refused.size());
    }
    if (!c.has_exception && !c.has_domain && c.manager.empty()) {
        printf("nothing to load (profile.conf and manager.conf checked)\n");
        return 0;
    }
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    Client &cl = client.value();
    if (!c.has_exception && !c.has_domain)
        return load_managers(cl, c.manager, merge);
    uint32_t keep = 0;
    if (merge || !c.has_exception)
        keep |= 1U << PHTRACK_POLICY_FILE_EXCEPTION;
    if (merge || !c.has_domain)
        keep |= 1U << PHTRACK_POLICY_FILE_DOMAIN;
    if (auto r = cl.load_begin(keep); !r)
        return fail(r.error());
    if (c.has_exception)
        if (auto r = cl.load_lines(PHTRACK_POLICY_FILE_EXCEPTION, c.exception); !r)
            return fail(r.error());
    if (c.has_domain)
        if (auto r = cl.load_lines(PHTRACK_POLICY_FILE_DOMAIN, c.domain); !r)
            return fail(r.error());
    auto res = cl.load_commit();
    if (!res)
        return fail(res.error());
    printf("loaded %zu rules; %u domains, %u access lines\n", c.exception.size(),
           res.value().domains, res.value().rules);
    return c.manager.empty() ? 0 : load_managers(cl, c.manager, merge);
}

}  // namespace

int cmd_policy(const Options &, const std::vector<std::string> &args) {
    constexpr const char *kUsage =
        "policy needs show, save [--patternize] DIR, check PATH [--all] or load PATH [--merge] "
        "[--skip-refused]";
    if (args.size() < 2)
        return usage_error(kUsage);
    const std::string &sub = args[1];
    if (sub == "show" && args.size() == 2) {
        auto client = Client::connect();
        if (!client)
            return fail(client.error());
        auto lines = client.value().policy_get();
        if (!lines)
            return fail(lines.error());
        for (const auto &l : lines.value()) printf("%s\n", l.c_str());
        return 0;
    }
    if (sub == "save" && args.size() == 3)
        return policy_save(args[2], false);
    if (sub == "save" && args.size() == 4 && args[2] == "--patternize")
        return policy_save(args[3], true);
    if (sub == "check" && args.size() == 3)
        return policy_check(args[2]);
    if (sub == "check" && args.size() == 4 && args[3] == "--all")
        return policy_check_all(args[2]);
    if (sub == "load" && args.size() >= 3 && args.size() <= 5) {
        // PATH with --merge (before or after it) and --skip-refused.
        bool merge = false, skip = false, ok = true, have_path = false;
        std::string path;
        for (size_t i = 2; i < args.size(); ++i) {
            if (args[i] == "--merge" && !merge)
                merge = true;
            else if (args[i] == "--skip-refused" && !skip)
                skip = true;
            else if (!have_path) {
                path = args[i];
                have_path = true;
            } else
                ok = false;
        }
        if (ok && have_path)
            return policy_load(path, merge, skip);
    }
    return usage_error(kUsage);
}

}  // namespace ph::cli
