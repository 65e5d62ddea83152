// phstore's hash chain over the audit rows (docs/store.md, "Hash chain").
// Every audit row carries its position in the chain (audit.chain, 1, 2, ...)
// and hash = SHA-256(previous row's hash || encoding of this row); the first
// row's previous hash is 32 zero bytes, or, after pruning, the anchor that
// the newest pruned range recorded.  The chain table holds the head (the
// newest position and its hash).  verify_chain() walks the chain and names
// the first row that was changed, deleted or inserted by hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sha256.hpp"
#include "sqlite.hpp"
#include "trail.hpp"

namespace ph::store {

/// What the hash of an audit row covers: every column, with the texts of
/// the paths, comm and domain it refers to (an edit of paths, comms or
/// domains shows as well), and its chain position.
struct ChainFields {
    std::string_view path, comm;
    std::optional<std::string_view> path2, domain;
    int64_t ts = 0, inst = 0, seq = 0;
    int64_t op = 0, pid = 0, tgid = 0, ppid = 0, uid = 0, euid = 0, gid = 0, watch_id = 0;
    int64_t result = 0;
    int64_t kind = 0;                       // 0 watch; else a violation (proto.hpp)
    std::optional<std::string_view> entry;  // the violated entry (kind != 0)
};

/// hash of a row at chain position `pos` after `prev`.
Digest chain_hash(const Digest &prev, int64_t pos, const ChainFields &f);

Result<ChainHead> read_head(sql::Db &db);
Result<void> write_head(sql::Db &db, const ChainHead &h);

/// The texts the chain covers, by row id, cached (paths, comms, domains).
class TextCache {
  public:
    explicit TextCache(sql::Db &db) : db_(db) {}
    Result<std::string_view> path(int64_t id) { return get(paths_, kPath, id); }
    Result<std::string_view> comm(int64_t id) { return get(comms_, kComm, id); }
    Result<std::string_view> domain(int64_t id) { return get(domains_, kDomain, id); }
    void clear();

  private:
    enum Kind { kPath, kComm, kDomain };
    Result<std::string_view> get(std::unordered_map<int64_t, std::string> &m, Kind k, int64_t id);
    sql::Db &db_;
    std::unordered_map<int64_t, std::string> paths_, comms_, domains_;
};

/// Give every audit row without a chain position one, in primary key order
/// after the head: only the migration that adds the chain does this (rows
/// stored before it); afterwards an unchained row is one inserted by hand.
Result<int64_t> chain_unchained(sql::Db &db);

/// Walk the whole chain; at most `max_listed` problems are listed.
Result<ChainReport> verify_chain(sql::Db &db, size_t max_listed = 20);

/// The hash recorded for chain position `pos`: the audit row's, or the
/// anchor of a pruned range that ends there; nullopt when neither exists.
Result<std::optional<Digest>> hash_at(sql::Db &db, int64_t pos);

}  // namespace ph::store
