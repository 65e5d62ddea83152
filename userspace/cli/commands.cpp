#include "commands.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <string_view>

#include "db.hpp"
#include "json.hpp"
#include "linux/phtrack.h"
#include "netlink.hpp"
#include "proto.hpp"
#include "util.hpp"

static_assert(ph::cli::kProtocol == PHTRACK_GENL_VERSION);

namespace ph::cli {

int fail(const Error &e) {
    fprintf(stderr, "ph: %s\n", e.message.c_str());
    return 1;
}

int usage_error(const char *msg) {
    fprintf(stderr, "ph: %s\nTry 'ph --help'.\n", msg);
    return 2;
}

std::optional<uint32_t> parse_u32(std::string_view s) {
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string format_time(uint64_t ns) {
    time_t t = static_cast<time_t>(ns / 1000000000ULL);
    struct tm tm {};
    gmtime_r(&t, &tm);
    char buf[64];
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int dispatch(const Options &opt, const std::vector<std::string> &args) {
    const std::string &cmd = args[0];
    if (int rc = refuse_db(opt, args); rc >= 0)
        return rc;
    if (cmd == "status")
        return cmd_status(opt, args);
    if (cmd == "mode")
        return cmd_mode(opt, args);
    if (cmd == "domains")
        return cmd_domains(opt, args);
    if (cmd == "domain-of")
        return cmd_domain_of(opt, args);
    if (cmd == "pstree")
        return cmd_pstree(opt, args);
    if (cmd == "events")
        return cmd_events(opt, args);
    if (cmd == "watch")
        return cmd_watch(opt, args);
    if (cmd == "check")
        return cmd_check(opt, args);
    if (cmd == "policy")
        return cmd_policy(opt, args);
    if (cmd == "acl")
        return cmd_acl(opt, args);
    if (cmd == "profile")
        return cmd_profile(opt, args);
    if (cmd == "tomoyo-compare")
        return cmd_tomoyo_compare(opt, args);
    if (cmd == "who")
        return cmd_who(opt, args);
    fprintf(stderr, "ph: unknown command '%s'\nTry 'ph --help'.\n", cmd.c_str());
    return 2;
}

namespace {

// What phd's default store says about this module instance, when there is a
// readable store: how far it got, and the loss it recorded.
struct StoreView {
    bool present = false;
    bool same_instance = false;
    StoreStats st;
};

StoreView default_store_view(const Options &opt, const Status &module) {
    StoreView v;
    auto store = open_store(opt);
    if (!store)
        return v;
    auto st = store.value().stats();
    if (!st)
        return v;
    v.present = true;
    v.st = st.value();
    v.same_instance = v.st.instances && v.st.loaded_ns == module.loaded_ns;
    return v;
}

}  // namespace

int cmd_status(const Options &opt, const std::vector<std::string> &args) {
    if (args.size() > 1)
        return usage_error("status takes no arguments");
    if (!opt.db.empty())
        return store_status(opt);
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    auto st = client.value().status();
    if (!st)
        return fail(st.error());
    const Status &s = st.value();
    StoreView sv = default_store_view(opt, s);
    if (opt.json) {
        JsonWriter j;
        j.begin_object().key("store");
        if (sv.present)
            j.begin_object()
                .key("db")
                .value(store_path(opt))
                .key("same_instance")
                .value(sv.same_instance)
                .key("last_seq")
                .value(sv.same_instance ? sv.st.last_seq : 0)
                .key("audit_events")
                .value(sv.st.audit_events)
                .key("lost_events")
                .value(sv.st.lost_events)
                .key("loss_ranges")
                .value(sv.st.loss_ranges)
                .end_object();
        else
            j.null();
        j.key("module_version")
            .value(s.module_version)
            .key("protocol_version")
            .value(s.proto_version)
            .key("kernel_release")
            .value(s.kernel_release)
            .key("mode")
            .value(mode_name(s.mode))
            .key("loaded_ns")
            .value(s.loaded_ns)
            .key("counters")
            .begin_object()
            .key("events_emitted")
            .value(s.counters.events_emitted)
            .key("events_dropped")
            .value(s.counters.events_dropped)
            .key("domains")
            .value(s.counters.domains)
            .key("acl_entries")
            .value(s.counters.acl_entries)
            .key("mem_bytes")
            .value(s.counters.mem_bytes)
            .key("requests")
            .value(s.counters.requests)
            .key("tasks")
            .value(s.tasks)
            .key("execs")
            .value(s.execs)
            .key("transitions_refused")
            .value(s.transitions_refused)
            .key("alloc_failed")
            .value(s.alloc_failed)
            .key("event_seq")
            .value(s.event_seq)
            .key("acl_quota_hits")
            .value(s.acl_quota_hits)
            .key("acl_mem_hits")
            .value(s.acl_mem_hits)
            .key("acl_mem_bytes")
            .value(s.acl_mem_bytes)
            .key("events_queued")
            .value(s.events_queued)
            .key("violations")
            .value(s.violations)
            .key("denied")
            .value(s.denied)
            .key("watch_events")
            .value(s.watch_events)
            .key("known_repeats")
            .value(s.known_repeats)
            .key("can_deny")
            .value(s.can_deny)
            .end_object()
            .key("active")
            .value(s.active)
            .key("boot_trigger")
            .value(s.boot_trigger)
            .key("limits")
            .begin_object()
            .key("max_depth")
            .value(s.limits.max_depth)
            .key("max_name_len")
            .value(s.limits.max_name_len)
            .key("max_domains")
            .value(s.limits.max_domains)
            .key("acl_quota")
            .value(s.acl_quota)
            .key("acl_mem_max")
            .value(s.acl_mem_max)
            .key("event_queue")
            .value(s.event_queue)
            .end_object()
            .end_object();
        printf("%s\n", j.str().c_str());
        return 0;
    }
    printf("module version:   %s\n", s.module_version.c_str());
    printf("protocol version: %u\n", s.proto_version);
    printf("kernel release:   %s\n", s.kernel_release.c_str());
    printf("mode:             %s\n", std::string(mode_name(s.mode)).c_str());
    printf("loaded:           %s\n", format_time(s.loaded_ns).c_str());
    printf("active:           %s%s\n", s.active ? "yes" : "no",
           s.boot_trigger.empty() ? "" : (" (boot trigger " + s.boot_trigger + ")").c_str());
    printf("domains:          %llu (limit %u; depth limit %u, name limit %u bytes)\n",
           static_cast<unsigned long long>(s.counters.domains), s.limits.max_domains,
           s.limits.max_depth, s.limits.max_name_len);
    printf("tasks tracked:    %llu\n", static_cast<unsigned long long>(s.tasks));
    printf("exec transitions: %llu (%llu kept by a limit)\n",
           static_cast<unsigned long long>(s.execs),
           static_cast<unsigned long long>(s.transitions_refused));
    printf("allocation fails: %llu\n", static_cast<unsigned long long>(s.alloc_failed));
    printf("learned entries:  %llu (%llu bytes; quota %u per domain, cap %u bytes)\n",
           static_cast<unsigned long long>(s.counters.acl_entries),
           static_cast<unsigned long long>(s.acl_mem_bytes), s.acl_quota, s.acl_mem_max);
    printf("not learned:      %llu at quota, %llu at memory cap\n",
           static_cast<unsigned long long>(s.acl_quota_hits),
           static_cast<unsigned long long>(s.acl_mem_hits));
    printf("outside the list: %llu (%llu denied; hooks %s deny)\n",
           static_cast<unsigned long long>(s.violations), static_cast<unsigned long long>(s.denied),
           s.can_deny ? "can" : "cannot");
    printf("watch events:     %llu\n", static_cast<unsigned long long>(s.watch_events));
    printf("known repeats:    %llu (accesses answered without naming the object)\n",
           static_cast<unsigned long long>(s.known_repeats));
    printf("events queued:    %llu (queue limit %u)\n",
           static_cast<unsigned long long>(s.events_queued), s.event_queue);
    printf("events emitted:   %llu\n", static_cast<unsigned long long>(s.counters.events_emitted));
    printf("events dropped:   %llu\n", static_cast<unsigned long long>(s.counters.events_dropped));
    printf("module memory:    %llu bytes\n", static_cast<unsigned long long>(s.counters.mem_bytes));
    printf("requests served:  %llu\n", static_cast<unsigned long long>(s.counters.requests));
    if (sv.present) {
        auto ull = [](uint64_t v) { return static_cast<unsigned long long>(v); };
        if (sv.same_instance)
            printf("phd store:        %s: event %llu of %llu stored, %llu audit events\n",
                   store_path(opt).c_str(), ull(sv.st.last_seq), ull(s.event_seq),
                   ull(sv.st.audit_events));
        else
            printf("phd store:        %s: has not seen this module load yet\n",
                   store_path(opt).c_str());
        printf("store loss:       %llu events lost in %llu ranges (ph --db %s status)\n",
               ull(sv.st.lost_events), ull(sv.st.loss_ranges), store_path(opt).c_str());
    }
    return 0;
}

int cmd_mode(const Options &opt, const std::vector<std::string> &args) {
    if (args.size() > 2)
        return usage_error("mode takes at most one argument");
    int mode = -1;
    if (args.size() == 2) {
        mode = parse_mode(args[1]);
        if (mode < 0)
            return usage_error("unknown mode; use disabled, learning, permissive or enforcing");
    }
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    if (mode >= 0) {
        if (auto r = client.value().set_mode(static_cast<uint32_t>(mode)); !r)
            return fail(r.error());
    }
    auto st = client.value().status();
    if (!st)
        return fail(st.error());
    if (opt.json)
        printf("{\"mode\":%s}\n", JsonWriter::quote(mode_name(st.value().mode)).c_str());
    else
        printf("%s\n", std::string(mode_name(st.value().mode)).c_str());
    return 0;
}

}  // namespace ph::cli
