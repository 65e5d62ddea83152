// ph policy: show, check and load the exception policy (transition rules).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "netlink.hpp"
#include "util.hpp"

#include "ph_policy.h"

namespace ph::cli {

namespace {

// The module's limit for one policy line (PH_POLICY_LINE_MAX in genl.c).
constexpr size_t kMaxLine = 16384;

// Read FILE ("-" = stdin) and check every line with the same parser the
// kernel runs.  Returns the lines to send (comments and blanks dropped).
Result<std::vector<std::string>> read_policy(const std::string &file) {
    std::ifstream f;
    std::istream *in = &std::cin;
    if (file != "-") {
        f.open(file);
        if (!f)
            return Error{errno, "cannot read " + file + ": " + strerror(errno)};
        in = &f;
    }
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
    if (in->bad())
        return Error{EIO, "read error on " + file};
    return out;
}

}  // namespace

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
        auto lines = read_policy(args[2]);
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
