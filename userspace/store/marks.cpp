// phstore's marks and the time-boxed entry query (marks.hpp).
#include "marks.hpp"

#include <cerrno>
#include <cstdint>
#include <limits>

#include "acl_row.hpp"

namespace ph::store {

using sql::as_u64;
using sql::time_i64;

Result<void> put_mark(sql::Db &db, const Mark &m) {
    auto have = db.prepare("SELECT count(*) FROM marks WHERE name = ?1");
    if (!have)
        return have.error();
    auto n = have.value().bind(1, m.name).next();
    if (!n)
        return n.error();
    if (have.value().i64(0))
        return Error{EEXIST, "a mark named " + m.name + " exists (ph mark --list)"};
    auto q =
        db.prepare("INSERT INTO marks (name, instance, epoch, time_ns) VALUES (?1, ?2, ?3, ?4)");
    if (!q)
        return q.error();
    return q.value()
        .bind(1, m.name)
        .bind(2, m.instance)
        .bind(3, int64_t{m.epoch})
        .bind(4, time_i64(m.time_ns))
        .run();
}

Result<std::vector<Mark>> marks(sql::Db &db) {
    std::vector<Mark> out;
    auto q = db.prepare("SELECT name, instance, epoch, time_ns FROM marks ORDER BY time_ns, id");
    if (!q)
        return q.error();
    for (;;) {
        auto r = q.value().next();
        if (!r)
            return r.error();
        if (!r.value())
            return out;
        const sql::Query &m = q.value();
        out.push_back(Mark{m.text(0), m.i64(1), m.u32(2), as_u64(m.i64(3))});
    }
}

Result<std::vector<AclEntry>> entries_between(sql::Db &db, const Mark *since, const Mark *until) {
    // No bound: an instance no row has (-1) and a time every row passes.
    auto q = db.prepare(
        "SELECT a.id, a.domain, a.type, a.sub, s.perm, a.num0, a.num1, a.num2, a.str0, a.str1, "
        "a.str2 FROM acl_seen s JOIN acl a ON a.id = s.acl WHERE "
        "((s.instance = ?1 AND s.epoch >= ?2) OR (s.instance <> ?1 AND s.time_ns >= ?3)) AND "
        "((s.instance = ?4 AND s.epoch < ?5) OR (s.instance <> ?4 AND s.time_ns < ?6)) "
        "ORDER BY a.id");
    if (!q)
        return q.error();
    sql::Query &w = q.value();
    w.bind(1, since ? since->instance : int64_t{-1})
        .bind(2, since ? int64_t{since->epoch} : int64_t{0})
        .bind(3, since ? time_i64(since->time_ns) : int64_t{0});
    w.bind(4, until ? until->instance : int64_t{-1})
        .bind(5, until ? int64_t{until->epoch} : int64_t{0})
        .bind(6, until ? time_i64(until->time_ns) : std::numeric_limits<int64_t>::max());
    std::vector<AclEntry> out;
    int64_t last = -1;
    for (;;) {
        auto r = w.next();
        if (!r)
            return r.error();
        if (!r.value())
            return out;
        int64_t id = w.i64(0);
        if (id == last) {  // the same entry in several epochs: one, all their bits
            out.back().perm |= w.u32(4);
            continue;
        }
        last = id;
        out.push_back(acl_row(w, 1));
    }
}

}  // namespace ph::store
