// ph status and ph mode: the module's state, and its mode.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "db.hpp"
#include "json.hpp"
#include "netlink.hpp"
#include "proto.hpp"
#include "util.hpp"

namespace ph::cli {

namespace {

// The column where the values of `ph status` start: past the longest label
// of the counter list and of the lines around it.
constexpr int kLabelWidth = [] {
    size_t w = sizeof("protocol version: ") - 1;  // label, colon, one space
    for (const CounterInfo &c : kCounters) w = std::max(w, c.label.size() + 2);
    return static_cast<int>(w);
}();

// What phd's default store says about this module instance, when there is a
// readable store: how far it got, and the loss it recorded.
struct StoreView {
    bool present = false;
    bool same_instance = false;
    StoreStats st;
};

// Read before the module's status: the store can then never be ahead of the
// module's counters (phd keeps storing between the two reads).
StoreView default_store_view(const Options &opt) {
    StoreView v;
    auto store = open_store(opt);
    if (!store)
        return v;
    auto st = store.value().stats();
    if (!st)
        return v;
    v.present = true;
    v.st = st.value();
    return v;
}

}  // namespace

void put_loss_json(JsonWriter &j, const StoreStats &s) {
    j.key("audit_lost")
        .value(s.audit_lost)
        .key("audit_loss_ranges")
        .value(s.audit_loss_ranges)
        .key("audit_losses")
        .begin_array();
    for (const LossRange &l : s.audit_losses)
        j.begin_object()
            .key("instance")
            .value(static_cast<uint64_t>(l.instance))
            .key("first_seq")
            .value(l.first_seq)
            .key("last_seq")
            .value(l.last_seq)
            .key("count")
            .value(l.count)
            .key("reason")
            .value(l.reason)
            .key("detected_ns")
            .value(l.detected_ns)
            .end_object();
    j.end_array()
        .key("learning_missed")
        .value(s.learning_missed)
        .key("learning_loss_ranges")
        .value(s.learning_loss_ranges)
        .key("older_lost")
        .value(s.mixed_lost)
        .key("older_loss_ranges")
        .value(s.mixed_loss_ranges);
}

std::vector<std::pair<std::string, std::string>> loss_lines(const StoreStats &s) {
    auto num = [](uint64_t v) { return std::to_string(v); };
    std::vector<std::pair<std::string, std::string>> out;
    out.emplace_back("audit events lost", num(s.audit_lost) + " in " + num(s.audit_loss_ranges) +
                                              " ranges" + (s.audit_lost ? ", gone for good" : ""));
    size_t shown = 0;
    for (const LossRange &l : s.audit_losses) {
        if (shown++ == 5) {
            out.emplace_back("", "... (ph --db FILE status --json lists 20)");
            break;
        }
        out.emplace_back("", "instance " + num(static_cast<uint64_t>(l.instance)) + ", audit seq " +
                                 num(l.first_seq) + ".." + num(l.last_seq) + " (" + num(l.count) +
                                 "): " + l.reason);
    }
    out.emplace_back("learning events missed", num(s.learning_missed) + " in " +
                                                   num(s.learning_loss_ranges) +
                                                   " ranges, their entries restored by resync");
    if (s.mixed_loss_ranges)
        out.emplace_back("older loss", num(s.mixed_lost) + " events in " +
                                           num(s.mixed_loss_ranges) +
                                           " ranges, both kinds (before schema 2)");
    return out;
}

int cmd_status(const Options &opt, const std::vector<std::string> &args) {
    if (args.size() > 1)
        return usage_error("status takes no arguments");
    if (!opt.db.empty())
        return store_status(opt);
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    StoreView sv = default_store_view(opt);
    auto st = client.value().status();
    if (!st)
        return fail(st.error());
    const Status &s = st.value();
    sv.same_instance = sv.present && sv.st.instances && sv.st.loaded_ns == s.loaded_ns;
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
                .key("audit_seq")
                .value(sv.same_instance ? sv.st.audit_seq : 0)
                .key("audit_events")
                .value(sv.st.audit_events)
                .key("lost_events")
                .value(sv.st.lost_events)
                .key("loss_ranges")
                .value(sv.st.loss_ranges);
        if (sv.present) {
            put_loss_json(j, sv.st);
            j.end_object();
        } else {
            j.null();
        }
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
            .begin_object();
        for (const CounterInfo &c : kCounters) {
            j.key(c.key);
            if (c.flag)
                j.value(s.counters.*c.field != 0);
            else
                j.value(s.counters.*c.field);
        }
        j.end_object()
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
            .key("audit_buffer")
            .value(s.audit_buffer)
            .end_object()
            .end_object();
        printf("%s\n", j.str().c_str());
        return 0;
    }
    auto line = [](std::string_view label, const std::string &value) {
        printf("%-*s%s\n", kLabelWidth, label.empty() ? "" : (std::string(label) + ":").c_str(),
               value.c_str());
    };
    auto num = [](uint64_t v) { return std::to_string(v); };
    line("module version", s.module_version);
    line("protocol version", num(s.proto_version));
    line("kernel release", s.kernel_release);
    line("mode", std::string(mode_name(s.mode)));
    line("loaded", format_time(s.loaded_ns));
    line("active", std::string(s.active ? "yes" : "no") +
                       (s.boot_trigger.empty() ? "" : " (boot trigger " + s.boot_trigger + ")"));
    line("limits", num(s.limits.max_domains) + " domains, depth " + num(s.limits.max_depth) +
                       ", names " + num(s.limits.max_name_len) + " bytes, " + num(s.acl_quota) +
                       " entries per domain, " + num(s.acl_mem_max) + " entry bytes, " +
                       num(s.event_queue) + " queued events, audit buffer " +
                       num(s.audit_buffer / 1024) + " KiB");
    for (const CounterInfo &c : kCounters) {
        uint64_t v = s.counters.*c.field;
        line(c.label, c.flag ? (v ? "yes" : "no") : num(v));
    }
    if (sv.present) {
        std::string db = store_path(opt);
        if (sv.same_instance) {
            line("phd store", db + ": learning events up to " + num(sv.st.last_seq) + " of " +
                                  num(s.counters.event_seq) + ", audit events up to " +
                                  num(sv.st.audit_seq) + " of " + num(s.counters.audit_seq) + " (" +
                                  num(s.counters.audit_held) + " held in the module)");
            line("stored audit events", num(sv.st.audit_events) + ", all module loads");
        } else {
            line("phd store", db + ": has not seen this module load yet");
        }
        for (const auto &[label, value] : loss_lines(sv.st)) line(label, value);
    }
    return 0;
}

namespace {

// ph mode MODE DOMAIN [--subtree]: DOMAIN is a full domain name or a domain id.
int domain_mode(const Options &opt, const std::vector<std::string> &args) {
    bool subtree = false;
    std::string domain;
    for (size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--subtree")
            subtree = true;
        else if (domain.empty())
            domain = args[i];
        else
            return usage_error("mode MODE DOMAIN takes one DOMAIN (quote it)");
    }
    if (domain.empty())
        return usage_error("mode MODE --subtree needs a DOMAIN");
    int mode = args[1] == "default" ? -1 : parse_mode(args[1]);
    if (mode < 0 && args[1] != "default")
        return usage_error(
            "unknown mode; use disabled, learning, permissive, enforcing, 0-3 or default");
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    auto ds = client.value().domains();
    if (!ds)
        return fail(ds.error());
    const Domain *found = nullptr;
    for (const auto &d : ds.value())
        if (d.name == domain)
            found = &d;
    if (!found) {
        auto id = parse_u32(domain);
        for (const auto &d : ds.value())
            if (id && d.id == *id)
                found = &d;
    }
    if (!found)
        return fail(Error{ENOENT, "no such domain: " + domain});
    auto n = client.value().set_domain_mode(found->id, mode, subtree);
    if (!n)
        return fail(n.error());
    std::string name = mode < 0 ? "default" : std::string(mode_name(static_cast<uint32_t>(mode)));
    if (opt.json)
        printf("{\"mode\":%s,\"domain\":%s,\"domains_changed\":%u}\n",
               JsonWriter::quote(name).c_str(), JsonWriter::quote(found->name).c_str(), n.value());
    else
        printf("%s: %u domain%s\n", name.c_str(), n.value(), n.value() == 1 ? "" : "s");
    return 0;
}

}  // namespace

int cmd_mode(const Options &opt, const std::vector<std::string> &args) {
    if (args.size() > 2)
        return domain_mode(opt, args);
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
