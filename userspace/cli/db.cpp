// ph --db FILE: the commands that can read phd's store instead of the module.
#include "db.hpp"

#include <algorithm>
#include <cstdio>

#include "json.hpp"
#include "netlink.hpp"
#include "util.hpp"

namespace ph::cli {

std::string store_path(const Options &opt) {
    return opt.db.empty() ? kDefaultDbPath : opt.db;
}

Result<Store> open_store(const Options &opt) {
    auto s = Store::open(store_path(opt), false);
    if (!s && s.error().code == ENOENT && opt.db.empty())
        return Error{ENOENT,
                     s.error().message + " (is phd running? --db FILE names another store)"};
    return s;
}

Result<Snapshot> load_snapshot(const Options &opt) {
    if (opt.db.empty())
        return Client::snapshot();
    auto store = open_store(opt);
    if (!store)
        return store.error();
    return store.value().snapshot();
}

Result<std::vector<Domain>> load_domains(const Options &opt) {
    if (!opt.db.empty()) {
        auto snap = load_snapshot(opt);
        if (!snap)
            return snap.error();
        return std::move(snap.value().domains);
    }
    auto client = Client::connect();
    if (!client)
        return client.error();
    return client.value().domains();
}

Result<AclView> load_acl(const Options &opt, const std::string &domain) {
    AclView v;
    std::optional<Client> client;
    if (opt.db.empty()) {
        auto c = Client::connect();
        if (!c)
            return c.error();
        client.emplace(std::move(c.value()));
        auto ds = client->domains();
        if (!ds)
            return ds.error();
        v.domains = std::move(ds.value());
    } else {
        auto store = open_store(opt);
        if (!store)
            return store.error();
        auto snap = store.value().snapshot();
        if (!snap)
            return snap.error();
        auto st = store.value().stats();
        if (!st)
            return st.error();
        v.domains = std::move(snap.value().domains);
        v.entries = std::move(snap.value().entries);
        v.profile = st.value().mode;
    }
    sort_domains(v.domains);
    if (!domain.empty()) {
        auto it = std::find_if(v.domains.begin(), v.domains.end(),
                               [&](const Domain &d) { return d.name == domain; });
        if (it == v.domains.end())
            return Error{ENOENT, "no domain named '" + domain + "' (see ph domains --full)"};
        v.only = it->id;
    }
    if (client) {
        auto entries = client->acl(v.only);
        if (!entries)
            return entries.error();
        v.entries = std::move(entries.value());
        auto st = client->status();
        if (!st)
            return st.error();
        v.profile = st.value().mode;
    }
    return v;
}

int store_status(const Options &opt) {
    auto store = open_store(opt);
    if (!store)
        return fail(store.error());
    auto st = store.value().stats();
    if (!st)
        return fail(st.error());
    const StoreStats &s = st.value();
    std::string path = store_path(opt);
    auto ull = [](uint64_t v) { return static_cast<unsigned long long>(v); };
    if (opt.json) {
        JsonWriter j;
        j.begin_object()
            .key("db")
            .value(path)
            .key("schema_version")
            .value(s.schema_version)
            .key("instances")
            .value(s.instances)
            .key("domains")
            .value(s.domains)
            .key("acl_entries")
            .value(s.acl_entries)
            .key("audit_events")
            .value(s.audit_events)
            .key("loss_ranges")
            .value(s.loss_ranges)
            .key("lost_events")
            .value(s.lost_events)
            .key("pruned_events")
            .value(s.pruned_rows)
            .key("pruned_ranges")
            .value(s.pruned_ranges)
            .key("chain_head_pos")
            .value(s.chain_head.pos);
        put_loss_json(j, s);
        j.key("watches").value(s.watches).key("newest_instance");
        if (s.instances)
            j.begin_object()
                .key("kernel_release")
                .value(s.kernel_release)
                .key("module_version")
                .value(s.module_version)
                .key("loaded_ns")
                .value(s.loaded_ns)
                .key("mode")
                .value(mode_name(s.mode))
                .key("last_seq")
                .value(s.last_seq)
                .key("audit_seq")
                .value(s.audit_seq)
                .end_object();
        else
            j.null();
        j.end_object();
        printf("%s\n", j.str().c_str());
        return 0;
    }
    printf("store:            %s\n", path.c_str());
    printf("schema version:   %d\n", s.schema_version);
    printf("module instances: %llu\n", ull(s.instances));
    printf("domains:          %llu\n", ull(s.domains));
    printf("learned entries:  %llu\n", ull(s.acl_entries));
    printf("audit events:     %llu\n", ull(s.audit_events));
    for (const auto &[label, value] : loss_lines(s))
        printf("%-24s%s\n", label.empty() ? "" : (label + ":").c_str(), value.c_str());
    if (s.pruned_rows)
        printf("pruned events:    %llu (%llu ranges; retention, not loss)\n", ull(s.pruned_rows),
               ull(s.pruned_ranges));
    if (s.chain_head.pos)
        printf("audit chain head: %lld %s\n", static_cast<long long>(s.chain_head.pos),
               to_hex(s.chain_head.hash).c_str());
    printf("watches:          %llu\n", ull(s.watches));
    if (s.instances) {
        printf("newest instance:  kernel %s, module %s, loaded %s\n", s.kernel_release.c_str(),
               s.module_version.c_str(), format_time(s.loaded_ns).c_str());
        printf("mode:             %s (when phd last resynced)\n",
               std::string(mode_name(s.mode)).c_str());
        printf("last stored seq:  %llu (learning events), %llu (audit events)\n", ull(s.last_seq),
               ull(s.audit_seq));
    }
    return 0;
}

}  // namespace ph::cli
