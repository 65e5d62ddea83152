// Reading a phd store for ph-editpolicy (store_source.hpp).
#include "store_source.hpp"

#include <cerrno>
#include <unordered_map>

#include "store.hpp"

namespace ph::editpolicy {

namespace {

// The most recent audit rows the process view reads from a store.
constexpr size_t kTrailRows = 5000;
// The most recent accesses the who screen shows.
constexpr size_t kWhoRows = 500;

}  // namespace

Result<void> add_store_history(const std::string &path, PolicyData &d, bool processes) {
    auto store = Store::open(path, false);
    if (!store)
        return store.error();
    Store &s = store.value();
    auto st = s.stats();
    if (!st)
        return st.error();
    const StoreStats &x = st.value();
    auto add = [&](const char *label, const std::string &v) { d.stats.emplace_back(label, v); };
    add("store", path);
    add("store schema version", std::to_string(x.schema_version));
    add("store module loads", std::to_string(x.instances));
    add("store newest kernel", x.kernel_release);
    add("store newest module version", x.module_version);
    add("store domains", std::to_string(x.domains));
    add("store learned entries", std::to_string(x.acl_entries));
    add("store audit events", std::to_string(x.audit_events));
    add("store loss ranges", std::to_string(x.loss_ranges));
    add("store events lost", std::to_string(x.lost_events));
    add("store watches", std::to_string(x.watches));
    auto v = s.violations(ViolationQuery{});
    if (!v)
        return v.error();
    d.violations = std::move(v.value());
    d.violations_note = "store " + path;
    if (!processes)
        return {};
    d.mode = x.mode;
    // Offline there are no running processes: the tasks of the audit trail,
    // the newest row of each thread group.
    WhoQuery q;
    q.path = "/";
    q.limit = kTrailRows;
    auto who = s.who(q);
    if (!who)
        return who.error();
    std::unordered_map<uint32_t, bool> seen;
    for (const WhoRow &r : who.value().rows) {
        if (!seen.emplace(r.tgid, true).second)
            continue;
        d.processes.push_back({r.tgid, r.ppid, r.comm, r.domain});
    }
    d.process_note = "offline: tasks of the store's audit trail (watched accesses), not live";
    return {};
}

Result<PolicyData> StoreSource::load() {
    PolicyData d;
    d.origin = "store " + path_;
    auto store = Store::open(path_, false);
    if (!store)
        return store.error();
    auto snap = store.value().snapshot();
    if (!snap)
        return snap.error();
    d.domains = std::move(snap.value().domains);
    d.entries = std::move(snap.value().entries);
    if (auto r = add_store_history(path_, d, true); !r)
        return r.error();
    return d;
}

Result<WhoSummary> store_who(const std::string &db, const std::string &path) {
    auto store = Store::open(db, false);
    if (!store)
        return store.error();
    WhoQuery q;
    q.path = path;
    q.limit = kWhoRows;
    return store.value().who(q);
}

Result<WhoSummary> StoreSource::who(const std::string &path) {
    return store_who(path_, path);
}

Result<void> StoreSource::set_mode(uint32_t) {
    return Error{EROFS, "a store is read-only: the mode is the running module's"};
}

}  // namespace ph::editpolicy
