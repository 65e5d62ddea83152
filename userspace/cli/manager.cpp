// ph manager: the manager list (TOMOYO manager.conf): the programs and
// domains allowed to change modes, policy and this list (kernel/manager.c).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "json.hpp"
#include "netlink.hpp"
#include "term.hpp"
#include "util.hpp"

namespace ph::cli {

namespace {

constexpr const char *kManagerUsage = "manager list | manager add ENTRY | manager del ENTRY";

int list(const Options &opt, const ManagerList &l) {
    if (opt.json) {
        JsonWriter j;
        j.begin_object().key("entries").begin_array();
        for (const auto &e : l.entries) j.value(e);
        j.end_array().key("self").value(l.self).end_object();
        printf("%s\n", j.str().c_str());
        return 0;
    }
    if (l.entries.empty())
        printf("# no manager: every process with CAP_SYS_ADMIN manages\n");
    for (const auto &e : l.entries) printf("%s\n", term_safe(e).c_str());
    return 0;
}

}  // namespace

int cmd_manager(const Options &opt, const std::vector<std::string> &args) {
    auto usage = [](const std::string &why) {
        std::string msg = why + "\nUsage: ph " + kManagerUsage;
        return usage_error(msg.c_str());
    };
    if (args.size() < 2)
        return usage("manager needs list, add or del");
    const std::string &sub = args[1];
    if (sub == "list" ? args.size() != 2 : args.size() != 3)
        return usage("manager " + sub + ": wrong number of arguments");
    if (sub != "list" && sub != "add" && sub != "del")
        return usage("manager: unknown subcommand '" + sub + "'");
    auto c = Client::connect();
    if (!c)
        return fail(c.error());
    auto l = c.value().manager_get();
    if (!l)
        return fail(l.error());
    if (sub == "list")
        return list(opt, l.value());
    std::vector<std::string> entries = l.value().entries;
    auto it = std::find(entries.begin(), entries.end(), args[2]);
    if (sub == "add") {
        if (it != entries.end())
            return 0;
        entries.push_back(args[2]);
    } else {
        if (it == entries.end())
            return fail(Error{ENOENT, "'" + args[2] + "' is not in the manager list"});
        entries.erase(it);
    }
    if (auto r = c.value().manager_set(entries); !r)
        return fail(r.error());
    return 0;
}

}  // namespace ph::cli
