// phstore's SQLite wrapper (sqlite.hpp).
#include "sqlite.hpp"

#include <cerrno>
#include <ctime>

namespace ph::sql {

int errno_of(int rc) {
    switch (rc & 0xff) {
        case SQLITE_READONLY: return EROFS;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return EBUSY;
        case SQLITE_NOMEM: return ENOMEM;
        case SQLITE_FULL: return ENOSPC;
        case SQLITE_PERM:
        case SQLITE_AUTH: return EACCES;
        case SQLITE_CANTOPEN: return ENOENT;
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
        case SQLITE_MISMATCH:
        case SQLITE_CONSTRAINT: return EINVAL;
        default: return EIO;
    }
}

Error sql_error(sqlite3 *db, int rc, const std::string &where) {
    return Error{errno_of(rc), where + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
}

uint64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

Result<void> Db::open(const std::string &name, int flags) {
    // Before SQLite's first use: no memory statistics (nothing reads them),
    // which spares each of its allocations a global mutex.  A later call
    // fails harmlessly (SQLite is initialized by then).
    static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)configured;
    sqlite3 *raw = nullptr;
    int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK)
        return err(rc);
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
    return {};
}

Result<void> Db::exec(const char *sql) {
    int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return err(rc);
    return {};
}

Result<Query> Db::prepare(const char *sql) {
    sqlite3_stmt *s = nullptr;
    int rc = sqlite3_prepare_v2(db_.get(), sql, -1, &s, nullptr);
    if (rc != SQLITE_OK)
        return err(rc);
    return Query(s, &path_, StmtPtr(s));
}

Result<int64_t> Db::scalar(const char *sql, int64_t dflt) {
    auto q = prepare(sql);
    if (!q)
        return q.error();
    auto r = q.value().next();
    if (!r)
        return r.error();
    return r.value() ? q.value().i64(0) : dflt;
}

}  // namespace ph::sql
