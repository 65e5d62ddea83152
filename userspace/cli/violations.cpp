// ph violations: the accesses outside permissive and enforcing domains'
// lists, and the requests refused to non-managers, from phd's store.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "db.hpp"
#include "json.hpp"
#include "patternize.hpp"
#include "store.hpp"
#include "term.hpp"
#include "util.hpp"
#include "violation_groups.hpp"

namespace ph::cli {

namespace {

constexpr const char *kViolationsUsage =
    "violations [--since TIME] [--until TIME] [--domain DOMAIN [--subtree]] [--rows] "
    "[--as-policy]";

void print_json(const std::vector<ViolationGroup> &groups, const std::vector<ViolationRow> &rows,
                bool with_rows) {
    JsonWriter j;
    j.begin_object().key("total").value(static_cast<uint64_t>(rows.size()));
    j.key("groups").begin_array();
    for (const ViolationGroup &g : groups) {
        j.begin_object()
            .key("domain")
            .value(g.domain)
            .key("entry")
            .value(g.entry)
            .key("kind")
            .value(g.kind == kAuditManager ? "manager" : "access")
            .key("verdict")
            .value(verdict_text(g.result))
            .key("count")
            .value(g.count)
            .key("first_ns")
            .value(g.first_ns)
            .key("last_ns")
            .value(g.last_ns)
            .key("last_pid")
            .value(g.last_pid)
            .key("last_uid")
            .value(g.last_uid)
            .key("last_comm")
            .value(g.last_comm)
            .end_object();
    }
    j.end_array();
    if (with_rows) {
        j.key("rows").begin_array();
        for (const ViolationRow &r : rows)
            j.begin_object()
                .key("time_ns")
                .value(r.time_ns)
                .key("seq")
                .value(r.seq)
                .key("domain")
                .value(r.domain)
                .key("entry")
                .value(r.entry)
                .key("verdict")
                .value(verdict_text(r.result))
                .key("pid")
                .value(r.pid)
                .key("tgid")
                .value(r.tgid)
                .key("ppid")
                .value(r.ppid)
                .key("uid")
                .value(r.uid)
                .key("euid")
                .value(r.euid)
                .key("gid")
                .value(r.gid)
                .key("comm")
                .value(r.comm)
                .end_object();
        j.end_array();
    }
    j.end_object();
    printf("%s\n", j.str().c_str());
}

void print_plain(const std::vector<ViolationGroup> &groups, const std::vector<ViolationRow> &rows,
                 bool with_rows) {
    printf("%zu violations, %zu distinct\n", rows.size(), groups.size());
    std::string domain;
    for (const ViolationGroup &g : groups) {
        printf("\n%s\n  %s  %s\n  %llu times, %s .. %s, last pid %u uid %u comm %s\n",
               term_safe(g.domain.empty() ? "?" : g.domain).c_str(), verdict_text(g.result).c_str(),
               term_safe(g.entry).c_str(), static_cast<unsigned long long>(g.count),
               format_time(g.first_ns).c_str(), format_time(g.last_ns).c_str(), g.last_pid,
               g.last_uid, term_safe(g.last_comm).c_str());
    }
    if (!with_rows)
        return;
    printf("\nTIME                  PID     UID    VERDICT  COMM  ENTRY  DOMAIN\n");
    for (const ViolationRow &r : rows)
        printf("%s  %-6u  %-5u  %-7s  %s  %s  %s\n", format_time(r.time_ns).c_str(), r.pid, r.uid,
               verdict_text(r.result).c_str(), term_safe(r.comm).c_str(),
               term_safe(r.entry).c_str(), term_safe(r.domain.empty() ? "?" : r.domain).c_str());
}

}  // namespace

int cmd_violations(const Options &opt, const std::vector<std::string> &args) {
    ViolationQuery q;
    bool as_policy = false, with_rows = false;
    uint64_t now = realtime_ns();
    auto usage = [](const std::string &why) {
        std::string msg = why + "\nUsage: ph " + kViolationsUsage;
        return usage_error(msg.c_str());
    };
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        bool has_value = i + 1 < args.size();
        if (a == "--since" || a == "--until") {
            auto t = time_option(args, i, now);
            if (!t)
                return usage(t.error().message);
            (a == "--since" ? q.since_ns : q.until_ns) = t.value();
        } else if (a == "--domain") {
            if (!has_value)
                return usage("--domain needs a DOMAIN (its full name)");
            q.domain = args[++i];
        } else if (a == "--subtree") {
            q.domain_subtree = true;
        } else if (a == "--as-policy") {
            as_policy = true;
        } else if (a == "--rows") {
            with_rows = true;
        } else {
            return usage("violations: unknown argument '" + a + "'");
        }
    }
    if (q.domain_subtree && q.domain.empty())
        return usage("--subtree needs --domain");
    auto store = open_store(opt);
    if (!store)
        return fail(store.error());
    auto rows = store.value().violations(q);
    if (!rows)
        return fail(rows.error());
    if (as_policy) {
        fputs(violations_as_policy(rows.value(), Patternizer::defaults()).c_str(), stdout);
        return 0;
    }
    auto groups = group_violations(rows.value());
    if (opt.json)
        print_json(groups, rows.value(), with_rows);
    else
        print_plain(groups, rows.value(), with_rows);
    return 0;
}

}  // namespace ph::cli
