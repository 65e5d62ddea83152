// ph ready DOMAIN: whether a domain (and those below it) may be set
// enforcing, from phd's store.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "db.hpp"
#include "json.hpp"
#include "readiness.hpp"
#include "store.hpp"
#include "term.hpp"
#include "util.hpp"

namespace ph::cli {

namespace {

constexpr const char *kReadyUsage = "ready DOMAIN [--subtree] [--period TIME]";
constexpr uint64_t kDay = 86400ULL * 1000000000ULL;

}  // namespace

int cmd_ready(const Options &opt, const std::vector<std::string> &args) {
    ReadinessQuery q;
    uint64_t now = realtime_ns(), period = kDay;
    auto usage = [](const std::string &why) {
        std::string msg = why + "\nUsage: ph " + kReadyUsage;
        return usage_error(msg.c_str());
    };
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--subtree") {
            q.subtree = true;
        } else if (a == "--period") {
            auto t = i + 1 < args.size() ? parse_time_arg(args[++i], now) : std::nullopt;
            if (!t || *t >= now || args[i].find('T') != std::string::npos)
                return usage("--period needs a length such as 30m, 12h or 7d");
            period = now - *t;
        } else if (a.size() > 1 && a[0] == '-') {
            return usage("ready: unknown option '" + a + "'");
        } else if (q.domain.empty()) {
            q.domain = a;
        } else {
            return usage("ready takes one DOMAIN");
        }
    }
    if (q.domain.empty())
        return usage("ready needs a DOMAIN (its full name)");
    q.since_ns = now - period;
    auto store = open_store(opt);
    if (!store)
        return fail(store.error());
    auto rows = store.value().readiness(q);
    if (!rows)
        return fail(rows.error());
    if (rows.value().empty())
        return fail(Error{ENOENT, "no domain '" + q.domain + "' in the store"});
    bool all = true;
    JsonWriter j;
    if (opt.json)
        j.begin_object().key("period_ns").value(period).key("domains").begin_array();
    for (const DomainReadiness &d : rows.value()) {
        Verdict v = judge(d, now, period);
        all = all && v.ready;
        std::string classes;
        for (const auto &[type, n] : d.types) {
            std::string c = type_class(type);
            if (classes.find(c) == std::string::npos)
                classes += (classes.empty() ? "" : ", ") + c;
        }
        if (opt.json) {
            j.begin_object()
                .key("domain")
                .value(d.domain)
                .key("created_ns")
                .value(d.created_ns)
                .key("entries")
                .value(d.entries)
                .key("last_new_ns")
                .value(d.last_new_ns)
                .key("new_in_period")
                .value(d.new_in_period)
                .key("violations_in_period")
                .value(d.violations_in_period)
                .key("classes")
                .value(classes)
                .key("ready")
                .value(v.ready)
                .key("verdict")
                .value(v.text)
                .end_object();
            continue;
        }
        printf("%s\n", term_safe(d.domain).c_str());
        printf("  learning for:     %s (since %s)\n",
               format_duration(now > d.created_ns ? now - d.created_ns : 0).c_str(),
               format_time(d.created_ns).c_str());
        printf("  last new entry:   %s\n",
               d.last_new_ns
                   ? (format_time(d.last_new_ns) + ", " +
                      format_duration(now > d.last_new_ns ? now - d.last_new_ns : 0) + " ago")
                         .c_str()
                   : "never");
        printf("  entries:          %llu (%s)\n", static_cast<unsigned long long>(d.entries),
               classes.empty() ? "none" : classes.c_str());
        printf("  last %-12s %llu new entries, %llu violations\n",
               (format_duration(period) + ":").c_str(),
               static_cast<unsigned long long>(d.new_in_period),
               static_cast<unsigned long long>(d.violations_in_period));
        printf("  verdict:          %s\n", v.text.c_str());
    }
    if (opt.json) {
        j.end_array().key("ready").value(all).end_object();
        printf("%s\n", j.str().c_str());
    }
    return all ? 0 : 1;
}

}  // namespace ph::cli
