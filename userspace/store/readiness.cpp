// phstore's readiness query (readiness.hpp).
#include "readiness.hpp"

namespace ph::store {

Result<std::vector<DomainReadiness>> readiness(sql::Db &db, const ReadinessQuery &q) {
    auto s = db.prepare(
        "SELECT d.id, d.name, d.created_ns, "
        "(SELECT count(*) FROM acl a WHERE a.domain = d.id), "
        "(SELECT coalesce(max(a.first_ns), 0) FROM acl a WHERE a.domain = d.id), "
        "(SELECT count(*) FROM acl a WHERE a.domain = d.id AND a.first_ns >= ?3), "
        "(SELECT count(*) FROM audit v WHERE v.kind = 1 AND v.domain = d.id AND v.ts_ns >= ?3) "
        "FROM domains d WHERE d.name = ?1 "
        "OR (?2 AND substr(d.name, 1, length(?1) + 1) = ?1 || ' ') ORDER BY d.name");
    if (!s)
        return s.error();
    auto t = db.prepare("SELECT type, count(*) FROM acl WHERE domain = ?1 GROUP BY type");
    if (!t)
        return t.error();
    sql::Query &r = s.value();
    r.bind(1, std::string_view(q.domain)).bind(2, int64_t{q.subtree});
    r.bind(3, static_cast<int64_t>(q.since_ns));
    std::vector<DomainReadiness> out;
    for (;;) {
        auto n = r.next();
        if (!n)
            return n.error();
        if (!n.value())
            break;
        DomainReadiness d;
        int64_t id = r.i64(0);
        d.domain = r.text(1);
        d.created_ns = static_cast<uint64_t>(r.i64(2));
        d.entries = static_cast<uint64_t>(r.i64(3));
        d.last_new_ns = static_cast<uint64_t>(r.i64(4));
        d.new_in_period = static_cast<uint64_t>(r.i64(5));
        d.violations_in_period = static_cast<uint64_t>(r.i64(6));
        sql::Query &ty = t.value();
        ty.bind(1, id);
        for (;;) {
            auto m = ty.next();
            if (!m)
                return m.error();
            if (!m.value())
                break;
            d.types.emplace_back(ty.u32(0), static_cast<uint64_t>(ty.i64(1)));
        }
        ty.reset();
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace ph::store
