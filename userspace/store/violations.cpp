// phstore's violation query (violations.hpp, docs/store.md).
#include "violations.hpp"

#include <string>

namespace ph::store {

Result<std::vector<ViolationRow>> violations(sql::Db &db, const ViolationQuery &q) {
    // Domains match by name, or with every domain below it (the name then
    // a space).  The partial index on kind != 0 keeps this off the watch rows.
    auto s = db.prepare(
        "SELECT a.ts_ns, a.seq, a.kind, a.op, a.pid, a.tgid, a.ppid, a.uid, a.euid, a.gid, "
        "a.result, a.entry, c.comm, coalesce(d.name, ''), p.path "
        "FROM audit a JOIN comms c ON c.id = a.comm JOIN paths p ON p.id = a.path "
        "LEFT JOIN domains d ON d.id = a.domain "
        "WHERE a.kind != 0 AND a.ts_ns >= ?1 AND a.ts_ns <= ?2 "
        "AND (?3 = '' OR d.name = ?3 OR (?4 AND substr(d.name, 1, length(?3) + 1) = ?3 || ' ')) "
        "ORDER BY a.ts_ns, a.instance, a.seq");
    if (!s)
        return s.error();
    sql::Query &r = s.value();
    r.bind(1, static_cast<int64_t>(q.since_ns.value_or(0)));
    r.bind(2, q.until_ns ? static_cast<int64_t>(*q.until_ns) : INT64_MAX);
    r.bind(3, std::string_view(q.domain));
    r.bind(4, int64_t{q.domain_subtree});
    std::vector<ViolationRow> out;
    for (;;) {
        auto n = r.next();
        if (!n)
            return n.error();
        if (!n.value())
            break;
        ViolationRow v;
        v.time_ns = static_cast<uint64_t>(r.i64(0));
        v.seq = static_cast<uint64_t>(r.i64(1));
        v.kind = r.u32(2);
        v.op = r.u32(3);
        v.pid = r.u32(4);
        v.tgid = r.u32(5);
        v.ppid = r.u32(6);
        v.uid = r.u32(7);
        v.euid = r.u32(8);
        v.gid = r.u32(9);
        v.result = static_cast<int32_t>(r.i64(10));
        v.entry = r.text(11);
        v.comm = r.text(12);
        v.domain = r.text(13);
        v.object = r.text(14);
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace ph::store
