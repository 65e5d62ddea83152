// phstore's SQLite wrapper: owned handles, one use of a prepared statement
// (Query), a read transaction (ReadTxn), a connection with its cache of
// prepared statements (Db), and SQLite result codes as Errors.  Nothing here
// knows phtrack's schema (schema.cpp) or its statements (statements.hpp).
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "result.hpp"

namespace ph::sql {

inline constexpr int64_t kMaxI64 = std::numeric_limits<int64_t>::max();

struct DbCloser {
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
    void operator()(sqlite3_stmt *s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

/// The errno that best describes an SQLite result code (EIO by default).
int errno_of(int rc);
/// "where: SQLite's message", with errno_of(rc) as the code.
Error sql_error(sqlite3 *db, int rc, const std::string &where);

// Unsigned values are stored as the int64 with the same bits; times are
// clamped instead, so that they keep their order.
inline int64_t as_i64(uint64_t v) {
    return static_cast<int64_t>(v);
}
inline uint64_t as_u64(int64_t v) {
    return static_cast<uint64_t>(v);
}
inline int64_t time_i64(uint64_t ns) {
    return static_cast<int64_t>(std::min<uint64_t>(ns, kMaxI64));
}
/// CLOCK_REALTIME now, in nanoseconds.
uint64_t now_ns();

// One use of a prepared statement: binds, steps, reads columns, and resets
// the statement when it goes out of scope (a statement left mid-way would
// hold its read transaction open).  Owns the statement when it is ad hoc.
class Query {
  public:
    Query(sqlite3_stmt *s, const std::string *where, StmtPtr owned = {})
        : owned_(std::move(owned)), s_(s), where_(where) {}
    Query(Query &&o) noexcept
        : owned_(std::move(o.owned_)), s_(std::exchange(o.s_, nullptr)), where_(o.where_) {}
    Query &operator=(Query &&) = delete;
    Query(const Query &) = delete;
    Query &operator=(const Query &) = delete;
    ~Query() {
        if (s_) {
            sqlite3_reset(s_);
            sqlite3_clear_bindings(s_);
        }
    }

    Query &bind(int i, int64_t v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    Query &bind(int i, std::string_view v) {
        sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        return *this;
    }
    Query &bind_blob(int i, const void *p, size_t n) {
        sqlite3_bind_blob64(s_, i, p, n, SQLITE_TRANSIENT);
        return *this;
    }
    Query &bind(int i, std::optional<int64_t> v) {
        if (v)
            sqlite3_bind_int64(s_, i, *v);
        else
            sqlite3_bind_null(s_, i);
        return *this;
    }

    /// true: a row is ready; false: done.
    Result<bool> next() {
        int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        return sql_error(sqlite3_db_handle(s_), rc, *where_);
    }
    /// Make the statement ready to run again (bindings are kept).
    void reset() { sqlite3_reset(s_); }
    /// Step to the end, ignoring rows.
    Result<void> run() {
        for (;;) {
            auto r = next();
            if (!r)
                return r.error();
            if (!r.value())
                return {};
        }
    }

    int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
    uint32_t u32(int col) const { return static_cast<uint32_t>(sqlite3_column_int64(s_, col)); }
    bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
    std::string text(int col) const {
        const unsigned char *p = sqlite3_column_text(s_, col);
        return p ? std::string(reinterpret_cast<const char *>(p),
                               static_cast<size_t>(sqlite3_column_bytes(s_, col)))
                 : std::string();
    }

    /// The bytes of a BLOB (or TEXT) column, valid until the next step.
    std::string_view blob(int col) const {
        const void *p = sqlite3_column_blob(s_, col);
        return p ? std::string_view(static_cast<const char *>(p),
                                    static_cast<size_t>(sqlite3_column_bytes(s_, col)))
                 : std::string_view();
    }

  private:
    StmtPtr owned_;
    sqlite3_stmt *s_;
    const std::string *where_;
};

// A read transaction around several statements, unless one is already open.
class ReadTxn {
  public:
    explicit ReadTxn(sqlite3 *db)
        : db_(sqlite3_get_autocommit(db) &&
                      sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK
                  ? db
                  : nullptr) {}
    ~ReadTxn() {
        if (db_)
            sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    }
    ReadTxn(const ReadTxn &) = delete;
    ReadTxn &operator=(const ReadTxn &) = delete;

  private:
    sqlite3 *db_;
};

// One connection, named by its path in every error, with a cache of
// statements prepared once (slot i of `statements`).  Not movable: the
// Queries it hands out point at its path.
class Db {
  public:
    Db(std::string path, size_t statements) : path_(std::move(path)), stmts_(statements) {}
    Db(const Db &) = delete;
    Db &operator=(const Db &) = delete;

    /// sqlite3_open_v2 with extended result codes and a 5 s busy timeout.
    Result<void> open(const std::string &name, int flags);

    const std::string &path() const { return path_; }
    sqlite3 *get() const { return db_.get(); }
    Error err(int rc) const { return sql_error(db_.get(), rc, path_); }

    Result<void> exec(const char *sql);
    /// The statement of slot `i`, prepared (SQLITE_PREPARE_PERSISTENT) from
    /// `sql` at its first use.
    Result<Query> cached(size_t i, const char *sql) {
        StmtPtr &p = stmts_[i];
        if (!p) {
            sqlite3_stmt *s = nullptr;
            int rc = sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
            if (rc != SQLITE_OK)
                return err(rc);
            p.reset(s);
        }
        return Query(p.get(), &path_);
    }
    /// An ad hoc statement, finalized with its Query.
    Result<Query> prepare(const char *sql);
    /// The first column of the first row of `sql`, or `dflt` without rows.
    Result<int64_t> scalar(const char *sql, int64_t dflt = 0);

    int changes() const { return sqlite3_changes(db_.get()); }
    int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
    /// No transaction open (SQLite may have rolled one back after an error).
    bool autocommit() const { return sqlite3_get_autocommit(db_.get()); }

  private:
    std::string path_;
    DbPtr db_;
    std::vector<StmtPtr> stmts_;
};

}  // namespace ph::sql
