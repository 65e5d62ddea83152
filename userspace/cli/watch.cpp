// ph watch add|list|rm: manage the module's watched paths.
#include "watch.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "linux/phtrack.h"
#include "netlink.hpp"
#include "term.hpp"
#include "util.hpp"

namespace ph::cli {

uint32_t default_watch_ops() {
    return PHTRACK_OPS_ALL & ~(1U << PHTRACK_OP_GETATTR);
}

void put_watch_event(JsonWriter &j, const WatchEvent &ev) {
    j.key("pid")
        .value(ev.pid)
        .key("tgid")
        .value(ev.tgid)
        .key("ppid")
        .value(ev.ppid)
        .key("uid")
        .value(ev.uid)
        .key("euid")
        .value(ev.euid)
        .key("gid")
        .value(ev.gid)
        .key("comm")
        .value(ev.comm)
        .key("domain_id")
        .value(ev.domain_id)
        .key("watch_id")
        .value(ev.watch_id)
        .key("op")
        .value(op_name(ev.op))
        .key("path")
        .value(ev.path);
    if (!ev.path2.empty())
        j.key("path2").value(ev.path2);
    j.key("result").value(static_cast<int64_t>(ev.result));
}

namespace {

constexpr const char *kWatchUsage =
    "Usage: ph watch add PATTERN [--ops LIST]\n"
    "       ph watch list\n"
    "       ph watch rm PATTERN|ID\n"
    "\n"
    "Every access to a watched path is reported as one event (phd stores them;\n"
    "`ph who PATH` queries them).  PATTERN is an absolute path in TOMOYO notation:\n"
    "  /etc/foobar       that file\n"
    "  /etc/ssh/         that directory and everything below it\n"
    "  /etc/\\*.conf      TOMOYO wildcards, as in exception policy\n"
    "LIST is a comma list of operations (read, write, append, unlink, getattr,\n"
    "rmdir, truncate, symlink, create, mkdir, chmod, chown, chgrp, rename, link,\n"
    "ioctl, execute, mount, ...), or \"change\" (what modifies it) or \"all\".\n"
    "The default is every operation but getattr.  Adding an existing pattern\n"
    "replaces its operations.\n";

void print_watches(const Options &opt, const std::vector<Watch> &ws) {
    if (opt.json) {
        JsonWriter j;
        j.begin_array();
        for (const auto &w : ws)
            j.begin_object()
                .key("id")
                .value(w.id)
                .key("pattern")
                .value(w.pattern)
                .key("ops")
                .value(format_ops(w.ops))
                .end_object();
        j.end_array();
        printf("%s\n", j.str().c_str());
        return;
    }
    for (const auto &w : ws)
        printf("%u\t%s\t%s\n", w.id, term_safe(w.pattern).c_str(), format_ops(w.ops).c_str());
}

}  // namespace

int cmd_watch(const Options &opt, const std::vector<std::string> &args) {
    if (!opt.db.empty())
        return usage_error("watch talks to the module; it does not work with --db");
    if (args.size() < 2 || args[1] == "-h" || args[1] == "--help") {
        fputs(kWatchUsage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? 2 : 0;
    }
    const std::string &sub = args[1];
    std::string pattern;
    uint32_t ops = default_watch_ops();
    for (size_t i = 2; i < args.size(); ++i) {
        if (sub == "add" && args[i] == "--ops" && i + 1 < args.size()) {
            auto m = parse_ops(args[++i]);
            if (!m)
                return usage_error(m.error().message.c_str());
            ops = m.value();
        } else if (pattern.empty() && !args[i].empty() && args[i][0] != '-') {
            pattern = args[i];
        } else {
            return usage_error("bad watch arguments (see 'ph watch --help')");
        }
    }
    if ((sub == "add" || sub == "rm") && pattern.empty())
        return usage_error("watch add and rm need a pattern");
    if (sub != "add" && sub != "rm" && sub != "list")
        return usage_error("watch takes add, list or rm");
    if (sub == "list" && !pattern.empty())
        return usage_error("watch list takes no pattern");

    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    if (sub == "add") {
        auto w = client.value().watch_add(pattern, ops);
        if (!w)
            return fail(w.error());
        print_watches(opt, {w.value()});
        return 0;
    }
    if (sub == "rm") {
        auto id = parse_u32(pattern);
        auto r = id ? client.value().watch_del("", *id) : client.value().watch_del(pattern, 0);
        return r ? 0 : fail(r.error());
    }
    auto ws = client.value().watches();
    if (!ws)
        return fail(ws.error());
    print_watches(opt, ws.value());
    return 0;
}

}  // namespace ph::cli
