// ph policy: show, check and load the exception policy (transition rules);
// check also reads a domain policy (ph acl --all, TOMOYO's domain_policy).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "netlink.hpp"
#include "policy.hpp"
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

// Check every line of FILE's text with the same parser the kernel runs.
// Returns the lines to send (comments and blanks dropped).
Result<std::vector<std::string>> read_policy(const std::string &file, const std::string &text) {
    std::istringstream f(text);
    std::istream *in = &f;
    std::vector<std::string> out;
    std::string line;
    unsigned lineno = 0;
    while (std::getline(*in, line)) {
        ++lineno;
        if (line.size() > kMaxLine)
            return Error{EINVAL, file + ":" + std::to_string(lineno) +
                                     ": line longer than the module accepts (" +
                                     std::to_string(kMaxLine) + " bytes)"};
        ph_tr_rule *rule = nullptr;
        const char *why = nullptr;
        int err = ph_tr_parse_line(line.data(), line.size(), &rule, &why);
        if (err)
            return Error{EINVAL, file + ":" + std::to_string(lineno) + ": " +
                                     (why ? why : "invalid line") + ": " + line};
        if (!rule)
            continue;
        size_t n = ph_tr_rule_format(rule, nullptr, 0);
        std::string canon(n, '\0');
        ph_tr_rule_format(rule, canon.data(), n + 1);
        ph_tr_rule_free(rule);
        out.push_back(std::move(canon));
    }
    return out;
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
        for (;;) {
            size_t sp = rest.find(' ');
            words.push_back(rest.substr(0, sp));
            if (sp == std::string_view::npos)
                break;
            rest.remove_prefix(sp + 1);
        }
        for (auto w : words)
            if (!ph_name_valid(w.data(), w.size()))
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

int cmd_policy(const Options &, const std::vector<std::string> &args) {
    if (args.size() < 2)
        return usage_error("policy needs show, check FILE or load FILE");
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
    if ((sub == "load" || sub == "check") && args.size() == 3) {
        auto text = read_text(args[2]);
        if (!text)
            return fail(text.error());
        if (sub == "check" && is_domain_policy(text.value())) {
            auto n = check_domain_policy(args[2], text.value());
            if (!n)
                return fail(n.error());
            printf("%zu domains, %zu entries ok\n", n.value().domains, n.value().entries);
            return 0;
        }
        auto lines = read_policy(args[2], text.value());
        if (!lines)
            return fail(lines.error());
        if (sub == "check") {
            printf("%zu rules ok\n", lines.value().size());
            return 0;
        }
        auto client = Client::connect();
        if (!client)
            return fail(client.error());
        if (auto r = client.value().policy_set(lines.value()); !r)
            return fail(r.error());
        printf("loaded %zu rules\n", lines.value().size());
        return 0;
    }
    return usage_error("policy needs show, check FILE or load FILE");
}

}  // namespace ph::cli
