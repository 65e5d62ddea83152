// phstore's retention: pruning the oldest audit rows by age and by size, a
// small batch at a time, recording each pruned range with the chain's hash
// at its end, so that the retained rows still verify (docs/store.md,
// "Retention").
#pragma once

#include <cstddef>
#include <cstdint>

#include "sqlite.hpp"
#include "trail.hpp"

namespace ph::store {

/// The store's pages in use, in bytes (free pages, which SQLite reuses,
/// left out).
Result<uint64_t> used_bytes(sql::Db &db);

/// Remove at most `max_rows` of the oldest chained rows that `p` calls for
/// and record them in the pruned table; inside the caller's transaction.
Result<PruneResult> prune_step(sql::Db &db, const RetentionPolicy &p, uint64_t now_ns,
                               size_t max_rows);

}  // namespace ph::store
