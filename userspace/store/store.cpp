// phstore: the façade of the SQLite store (store.hpp).  Its parts: the
// SQLite wrapper (sqlite.hpp), the schema and its migrations (schema.cpp),
// the statements kept prepared (statements.hpp), the audit writer
// (audit_writer.cpp) and the who query engine (who.cpp); docs/store.md
// describes the schema and docs/architecture.md the parts.
#include "store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iterator>

#include "acl_row.hpp"
#include "audit_writer.hpp"
#include "chain.hpp"
#include "marks.hpp"
#include "readiness.hpp"
#include "retention.hpp"
#include "schema.hpp"
#include "sqlite.hpp"
#include "statements.hpp"
#include "violations.hpp"
#include "who.hpp"

namespace ph {

using sql::as_i64;
using sql::as_u64;
using sql::now_ns;
using sql::time_i64;
using store::stmt;

struct Store::Impl {
    Impl(const std::string &path, bool w) : db(path, store::kNumQ), writable(w), audit(db) {}

    sql::Db db;
    bool writable = false;
    bool batch = false;  // inside begin() .. commit()/rollback()
    store::AuditWriter audit;

    Result<void> check_writable() const {
        if (!writable)
            return Error{EROFS, db.path() + ": the store is open read-only"};
        return {};
    }

    Result<void> begin() {
        if (auto r = check_writable(); !r)
            return r;
        if (batch)
            return Error{EBUSY, db.path() + ": a batch is already open"};
        if (auto r = db.exec("BEGIN IMMEDIATE"); !r)
            return r;
        batch = true;
        return {};
    }

    Result<void> commit() {
        if (!batch)
            return Error{EINVAL, db.path() + ": commit without begin"};
        if (db.autocommit()) {
            // SQLite rolled the transaction back itself after an error.
            batch = false;
            audit.drop_caches();
            return Error{EIO, db.path() + ": the batch was rolled back after an earlier error"};
        }
        Result<void> r = audit.flush();
        if (r)
            r = db.exec("COMMIT");
        if (!r) {
            (void)rollback();  // a half-written batch must not stay open
            return r;
        }
        batch = false;
        return {};
    }

    Result<void> rollback() {
        if (!batch)
            return Error{EINVAL, db.path() + ": rollback without begin"};
        batch = false;
        audit.drop_caches();  // ids interned in the batch are gone
        if (db.autocommit())
            return {};
        return db.exec("ROLLBACK");
    }

    /// Run `f` inside the open batch, or in a transaction of its own.
    template <class F>
    auto write(F &&f) -> decltype(f()) {
        if (auto r = check_writable(); !r)
            return r.error();
        if (batch)
            return f();
        if (auto r = begin(); !r)
            return r.error();
        auto r = f();
        if (!r) {
            (void)rollback();
            return r;
        }
        if (auto c = commit(); !c)
            return c.error();  // rolled back
        return r;
    }
};

namespace {

// mkdir -p with mode 0700 for the directories it creates.
Result<void> make_parent(const std::string &file) {
    size_t slash = file.rfind('/');
    if (slash == std::string::npos || slash == 0)
        return {};
    std::string dir = file.substr(0, slash);
    for (size_t i = 1; i <= dir.size(); ++i) {
        if (i < dir.size() && dir[i] != '/')
            continue;
        std::string part = dir.substr(0, i);
        if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST)
            return Error{errno, "cannot create " + part + ": " + strerror(errno)};
    }
    return {};
}

bool exists(const std::string &path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

// file:PATH?immutable=1, with the characters a URI path cannot hold escaped.
std::string immutable_uri(const std::string &path) {
    std::string uri = "file:";
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            char buf[4];
            snprintf(buf, sizeof(buf), "%%%02X", static_cast<unsigned char>(c));
            uri += buf;
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

// Create the file with mode 0600 when missing, and force 0600 on it.
Result<void> prepare_file(const std::string &path) {
    if (auto r = make_parent(path); !r)
        return r;
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return Error{errno, path + ": " + strerror(errno)};
    int rc = fchmod(fd, 0600);
    int e = errno;
    close(fd);
    if (rc != 0)
        return Error{e, path + ": cannot set mode 0600: " + strerror(e)};
    return {};
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store &&) noexcept = default;
Store &Store::operator=(Store &&) noexcept = default;
Store::~Store() = default;

int Store::schema_version() {
    return store::schema_version();
}

Result<Store> Store::open(const std::string &path, bool writable) {
    if (path.empty())
        return Error{EINVAL, "no store path given"};
    if (writable) {
        if (auto r = prepare_file(path); !r)
            return r.error();
    } else {
        struct stat st {};
        if (stat(path.c_str(), &st) != 0)
            return Error{errno, path + ": " + strerror(errno)};
    }
    auto impl = std::make_unique<Impl>(path, writable);
    int flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
    std::string name = path;
    if (!writable && !exists(path + "-wal")) {
        // No writer, nothing left in a WAL: read the file as it is.  A plain
        // read-only open would create -wal and -shm files (or fail where it
        // cannot), and the file cannot change under a short-lived reader
        // before a writer's first checkpoint.
        name = immutable_uri(path);
        flags |= SQLITE_OPEN_URI;
    }
    if (auto r = impl->db.open(name, flags); !r)
        return r.error();
    if (auto r = store::check_schema(impl->db, writable); !r)
        return r.error();
    if (writable) {
        if (auto r = store::migrate(impl->db); !r)
            return r.error();
    }
    return Store(std::move(impl));
}

Result<int64_t> Store::instance(const Status &st) {
    return impl_->write([&]() -> Result<int64_t> {
        auto q = stmt(impl_->db, store::kInstancePut);
        if (!q)
            return q.error();
        sql::Query &s = q.value();
        s.bind(1, time_i64(st.loaded_ns)).bind(2, st.kernel_release).bind(3, st.module_version);
        s.bind(4, int64_t{st.mode}).bind(5, time_i64(now_ns()));
        auto r = s.next();
        if (!r)
            return r.error();
        if (!r.value())
            return Error{EIO, impl_->db.path() + ": instance row not returned"};
        int64_t id = s.i64(0);
        if (auto d = s.run(); !d)
            return d.error();
        return id;
    });
}

Result<void> Store::begin() {
    return impl_->begin();
}
Result<void> Store::commit() {
    return impl_->commit();
}
Result<void> Store::rollback() {
    return impl_->rollback();
}

Result<void> Store::put_domain(int64_t inst, const Domain &d) {
    Impl &s = *impl_;
    return s.write([&]() -> Result<void> {
        std::optional<int64_t> parent;
        if (d.has_parent) {
            auto p = s.audit.kdomain(inst, d.parent_id);
            if (!p)
                return p.error();
            parent = p.value();
        }
        auto q = stmt(s.db, store::kDomainPut);
        if (!q)
            return q.error();
        sql::Query &u = q.value();
        // The depth is the number of programs after <kernel>; a domain nest
        // that left it out (0) must not flatten the stored one.
        auto spaces = std::count(d.name.begin(), d.name.end(), ' ');
        int64_t depth = std::max<int64_t>(d.depth, spaces);
        u.bind(1, d.name).bind(2, parent).bind(3, depth).bind(4, int64_t{d.flags});
        u.bind(5, time_i64(d.created_ns)).bind(6, d.target);
        auto r = u.next();
        if (!r)
            return r.error();
        if (!r.value())
            return Error{EIO, s.db.path() + ": domain row not returned"};
        int64_t id = u.i64(0);
        if (auto e = u.run(); !e)
            return e;
        auto k = stmt(s.db, store::kKdomainPut);
        if (!k)
            return k.error();
        if (auto e = k.value().bind(1, inst).bind(2, int64_t{d.id}).bind(3, id).run(); !e)
            return e;
        s.audit.remember_kdomain(inst, d.id, id);
        return {};
    });
}

Result<void> Store::put_acl(int64_t inst, const AclEntry &e, std::optional<AclReport> report) {
    Impl &s = *impl_;
    return s.write([&]() -> Result<void> {
        auto dom = s.audit.kdomain(inst, e.domain_id);
        if (!dom)
            return dom.error();
        if (!dom.value())
            return Error{ENOENT, s.db.path() + ": domain id " + std::to_string(e.domain_id) +
                                     " of instance " + std::to_string(inst) + " is unknown"};
        auto q = stmt(s.db, store::kAclPut);
        if (!q)
            return q.error();
        sql::Query &a = q.value();
        a.bind(1, *dom.value()).bind(2, int64_t{e.type}).bind(3, int64_t{e.sub});
        for (int i = 0; i < 3; ++i) a.bind(4 + i, as_i64(e.num[i])).bind(7 + i, e.str[i]);
        a.bind(10, int64_t{e.perm}).bind(11, time_i64(now_ns()));
        if (auto r = a.run(); !r || !report)
            return r;
        auto sq = stmt(s.db, store::kAclSeenPut);
        if (!sq)
            return sq.error();
        sql::Query &w = sq.value();
        w.bind(1, *dom.value()).bind(2, int64_t{e.type}).bind(3, int64_t{e.sub});
        for (int i = 0; i < 3; ++i) w.bind(4 + i, as_i64(e.num[i])).bind(7 + i, e.str[i]);
        w.bind(10, inst).bind(11, int64_t{report->epoch}).bind(12, int64_t{e.perm});
        w.bind(13, time_i64(report->time_ns));
        return w.run();
    });
}

Result<void> Store::put_mark(const Mark &m) {
    Impl &s = *impl_;
    return s.write([&] { return store::put_mark(s.db, m); });
}

Result<std::vector<Mark>> Store::marks() {
    sql::ReadTxn txn(impl_->db.get());
    return store::marks(impl_->db);
}

Result<Mark> Store::mark(const std::string &name) {
    auto all = marks();
    if (!all)
        return all.error();
    for (auto &m : all.value())
        if (m.name == name)
            return m;
    return Error{ENOENT, "no mark is named " + name + " (ph mark --list)"};
}

Result<Snapshot> Store::snapshot_window(const Mark *since, const Mark *until) {
    auto snap = snapshot();
    if (!snap)
        return snap.error();
    sql::ReadTxn txn(impl_->db.get());
    auto es = store::entries_between(impl_->db, since, until);
    if (!es)
        return es.error();
    snap.value().entries = std::move(es.value());
    return snap;
}

Result<void> Store::put_watch_event(int64_t inst, const WatchEvent &ev) {
    return impl_->write([&] { return impl_->audit.put(inst, ev); });
}

std::string_view loss_kind_name(LossKind k) {
    switch (k) {
        case LossKind::Learning: return "learning";
        case LossKind::Audit: return "audit";
        case LossKind::Mixed: break;
    }
    return "events";
}

namespace {

LossKind loss_kind_of(std::string_view name) {
    if (name == "learning")
        return LossKind::Learning;
    if (name == "audit")
        return LossKind::Audit;
    return LossKind::Mixed;
}

}  // namespace

Result<void> Store::put_loss(int64_t inst, uint64_t first_seq, uint64_t last_seq,
                             std::string_view reason) {
    return insert_loss(inst, LossKind::Learning, first_seq, last_seq, reason);
}

Result<void> Store::put_audit_loss(int64_t inst, uint64_t first_seq, uint64_t last_seq,
                                   std::string_view reason) {
    return insert_loss(inst, LossKind::Audit, first_seq, last_seq, reason);
}

Result<void> Store::insert_loss(int64_t inst, LossKind kind, uint64_t first_seq, uint64_t last_seq,
                                std::string_view reason) {
    Impl &s = *impl_;
    if (last_seq < first_seq)
        return Error{EINVAL, "loss range " + std::to_string(first_seq) + ".." +
                                 std::to_string(last_seq) + " is empty"};
    return s.write([&]() -> Result<void> {
        auto q = s.db.prepare(
            "INSERT INTO loss (instance, first_seq, last_seq, count, reason, detected_ns, kind) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!q)
            return q.error();
        sql::Query &l = q.value();
        l.bind(1, inst).bind(2, as_i64(first_seq)).bind(3, as_i64(last_seq));
        l.bind(4, as_i64(last_seq - first_seq + 1)).bind(5, reason).bind(6, time_i64(now_ns()));
        l.bind(7, loss_kind_name(kind));
        return l.run();
    });
}

// One per-instance sequence column: "last_seq" (the event stream's) or
// "audit_seq" (the last audit event stored, which phd acknowledges).
Result<uint64_t> Store::instance_seq(int64_t inst, const char *column) {
    std::string sql = std::string("SELECT ") + column + " FROM instances WHERE id = ?1";
    auto q = impl_->db.prepare(sql.c_str());
    if (!q)
        return q.error();
    auto r = q.value().bind(1, inst).next();
    if (!r)
        return r.error();
    if (!r.value())
        return Error{ENOENT, impl_->db.path() + ": no instance " + std::to_string(inst)};
    return as_u64(q.value().i64(0));
}

Result<void> Store::set_instance_seq(int64_t inst, const char *column, uint64_t seq) {
    Impl &s = *impl_;
    return s.write([&]() -> Result<void> {
        std::string sql = std::string("UPDATE instances SET ") + column + " = ?2 WHERE id = ?1";
        auto q = s.db.prepare(sql.c_str());
        if (!q)
            return q.error();
        if (auto r = q.value().bind(1, inst).bind(2, as_i64(seq)).run(); !r)
            return r;
        if (s.db.changes() == 0)
            return Error{ENOENT, s.db.path() + ": no instance " + std::to_string(inst)};
        return {};
    });
}

Result<bool> Store::instance_resynced(int64_t inst) {
    auto q = impl_->db.prepare("SELECT EXISTS (SELECT 1 FROM kdomains WHERE instance = ?1)");
    if (!q)
        return q.error();
    auto r = q.value().bind(1, inst).next();
    if (!r)
        return r.error();
    return r.value() && q.value().i64(0) != 0;
}

Result<uint64_t> Store::last_seq(int64_t inst) {
    return instance_seq(inst, "last_seq");
}

Result<void> Store::set_last_seq(int64_t inst, uint64_t seq) {
    return set_instance_seq(inst, "last_seq", seq);
}

Result<uint64_t> Store::audit_seq(int64_t inst) {
    return instance_seq(inst, "audit_seq");
}

Result<void> Store::set_audit_seq(int64_t inst, uint64_t seq) {
    return set_instance_seq(inst, "audit_seq", seq);
}

Result<void> Store::set_watches(const std::vector<Watch> &ws) {
    Impl &s = *impl_;
    return s.write([&]() -> Result<void> {
        if (auto r = s.db.exec("DELETE FROM watches"); !r)
            return r;
        auto q = s.db.prepare("INSERT INTO watches (id, pattern, ops) VALUES (?1, ?2, ?3)");
        if (!q)
            return q.error();
        for (const Watch &w : ws) {
            sql::Query &i = q.value();
            if (auto r = i.bind(1, int64_t{w.id}).bind(2, w.pattern).bind(3, int64_t{w.ops}).run();
                !r)
                return r;
            i.reset();
        }
        return {};
    });
}

Result<std::vector<Watch>> Store::watches() {
    auto q = impl_->db.prepare("SELECT id, pattern, ops FROM watches ORDER BY id");
    if (!q)
        return q.error();
    std::vector<Watch> out;
    for (;;) {
        auto r = q.value().next();
        if (!r)
            return r.error();
        if (!r.value())
            return out;
        out.push_back(Watch{q.value().u32(0), q.value().text(1), q.value().u32(2)});
    }
}

Result<Snapshot> Store::snapshot() {
    sql::ReadTxn txn(impl_->db.get());
    Snapshot snap;
    auto dq = impl_->db.prepare(
        "SELECT d.id, d.name, d.parent, d.flags, d.created_ns, d.depth, d.target, "
        "(SELECT count(*) FROM acl a WHERE a.domain = d.id) FROM domains d ORDER BY d.id");
    if (!dq)
        return dq.error();
    for (sql::Query &q = dq.value();;) {
        auto r = q.next();
        if (!r)
            return r.error();
        if (!r.value())
            break;
        Domain d;
        d.id = q.u32(0);
        d.name = q.text(1);
        d.has_parent = !q.is_null(2);
        d.parent_id = d.has_parent ? q.u32(2) : 0;
        d.flags = q.u32(3);
        d.created_ns = as_u64(q.i64(4));
        d.depth = q.u32(5);
        d.target = q.text(6);
        d.acl_count = q.u32(7);
        snap.domains.push_back(std::move(d));
    }
    auto aq = impl_->db.prepare(
        "SELECT domain, type, sub, perm, num0, num1, num2, str0, str1, str2 FROM acl ORDER BY id");
    if (!aq)
        return aq.error();
    for (sql::Query &q = aq.value();;) {
        auto r = q.next();
        if (!r)
            return r.error();
        if (!r.value())
            break;
        snap.entries.push_back(store::acl_row(q, 0));
    }
    return snap;
}

namespace {

// A query of the audit rows: the batch's own uncommitted rows count too, so
// they are flushed first; then one read transaction.
template <typename T, typename Q>
Result<T> audit_query(sql::Db &db, store::AuditWriter &audit, bool batch,
                      Result<T> (*fn)(sql::Db &, const Q &), const Q &q) {
    if (batch) {
        if (auto r = audit.flush(); !r)
            return r.error();
    }
    sql::ReadTxn txn(db.get());
    return fn(db, q);
}

}  // namespace

Result<WhoSummary> Store::who(const WhoQuery &q) {
    return audit_query(impl_->db, impl_->audit, impl_->batch, &store::who, q);
}

Result<std::vector<DomainReadiness>> Store::readiness(const ReadinessQuery &q) {
    return audit_query(impl_->db, impl_->audit, impl_->batch, &store::readiness, q);
}

Result<std::vector<ViolationRow>> Store::violations(const ViolationQuery &q) {
    return audit_query(impl_->db, impl_->audit, impl_->batch, &store::violations, q);
}

Result<StoreStats> Store::stats() {
    Impl &s = *impl_;
    if (s.batch) {
        if (auto r = s.audit.flush(); !r)
            return r.error();
    }
    sql::ReadTxn txn(s.db.get());
    auto q = s.db.prepare(
        "SELECT (SELECT count(*) FROM instances), (SELECT coalesce(sum(events), 0) FROM "
        "instances), (SELECT count(*) FROM domains), (SELECT count(*) FROM acl), "
        "(SELECT count(*) FROM loss), (SELECT coalesce(sum(count), 0) FROM loss), "
        "(SELECT count(*) FROM watches)");
    if (!q)
        return q.error();
    auto r = q.value().next();
    if (!r)
        return r.error();
    StoreStats st;
    st.schema_version = store::schema_version();
    uint64_t *cols[] = {&st.instances,   &st.audit_events, &st.domains, &st.acl_entries,
                        &st.loss_ranges, &st.lost_events,  &st.watches};
    for (int i = 0; i < static_cast<int>(std::size(cols)); ++i) *cols[i] = as_u64(q.value().i64(i));
    auto k = s.db.prepare("SELECT kind, count(*), coalesce(sum(count), 0) FROM loss GROUP BY kind");
    if (!k)
        return k.error();
    for (;;) {
        auto kr = k.value().next();
        if (!kr)
            return kr.error();
        if (!kr.value())
            break;
        uint64_t ranges = as_u64(k.value().i64(1)), events = as_u64(k.value().i64(2));
        switch (loss_kind_of(k.value().text(0))) {
            case LossKind::Audit: st.audit_loss_ranges = ranges, st.audit_lost = events; break;
            case LossKind::Learning:
                st.learning_loss_ranges = ranges, st.learning_missed = events;
                break;
            case LossKind::Mixed: st.mixed_loss_ranges = ranges, st.mixed_lost = events; break;
        }
    }
    auto a = s.db.prepare(
        "SELECT instance, first_seq, last_seq, count, detected_ns, reason FROM loss "
        "WHERE kind = 'audit' ORDER BY id DESC LIMIT 20");
    if (!a)
        return a.error();
    for (;;) {
        auto ar = a.value().next();
        if (!ar)
            return ar.error();
        if (!ar.value())
            break;
        sql::Query &l = a.value();
        st.audit_losses.push_back(LossRange{l.i64(0), LossKind::Audit, as_u64(l.i64(1)),
                                            as_u64(l.i64(2)), as_u64(l.i64(3)), as_u64(l.i64(4)),
                                            l.text(5)});
    }
    auto n = s.db.prepare(
        "SELECT last_seq, kernel_release, module_version, loaded_ns, mode, audit_seq "
        "FROM instances ORDER BY loaded_ns DESC, id DESC LIMIT 1");
    if (!n)
        return n.error();
    auto nr = n.value().next();
    if (!nr)
        return nr.error();
    if (nr.value()) {
        sql::Query &i = n.value();
        st.last_seq = as_u64(i.i64(0));
        st.kernel_release = i.text(1);
        st.module_version = i.text(2);
        st.loaded_ns = as_u64(i.i64(3));
        st.mode = i.u32(4);
        st.audit_seq = as_u64(i.i64(5));
    }
    auto pr = s.db.prepare(
        "SELECT (SELECT count(*) FROM pruned), (SELECT coalesce(sum(count), 0) FROM pruned)");
    if (!pr)
        return pr.error();
    if (auto rr = pr.value().next(); !rr)
        return rr.error();
    st.pruned_ranges = as_u64(pr.value().i64(0));
    st.pruned_rows = as_u64(pr.value().i64(1));
    auto head = store::read_head(s.db);
    if (!head)
        return head.error();
    st.chain_head = head.value();
    return st;
}

Result<ChainReport> Store::verify(size_t max_listed) {
    if (impl_->batch) {
        if (auto r = impl_->audit.flush(); !r)
            return r.error();
    }
    return store::verify_chain(impl_->db, max_listed);
}

Result<ChainHead> Store::chain_head() {
    return store::read_head(impl_->db);
}

Result<std::optional<Digest>> Store::chain_hash_at(int64_t pos) {
    return store::hash_at(impl_->db, pos);
}

Result<PruneResult> Store::prune(const RetentionPolicy &p, uint64_t now, size_t max_rows) {
    Impl &s = *impl_;
    if (s.batch)
        return Error{EBUSY, s.db.path() + ": pruning inside a batch"};
    return s.write([&] { return store::prune_step(s.db, p, now, max_rows); });
}

Result<void> Store::checkpoint() {
    if (impl_->batch)
        return Error{EBUSY, impl_->db.path() + ": checkpoint inside a batch"};
    return impl_->db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

Result<uint64_t> Store::used_bytes() {
    return store::used_bytes(impl_->db);
}

Result<std::string> Store::integrity_check() {
    auto q = impl_->db.prepare("PRAGMA integrity_check");
    if (!q)
        return q.error();
    std::string out;
    for (;;) {
        auto r = q.value().next();
        if (!r)
            return r.error();
        if (!r.value())
            return out;
        if (!out.empty())
            out += "\n";
        out += q.value().text(0);
    }
}

}  // namespace ph
