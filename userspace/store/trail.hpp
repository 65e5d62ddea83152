// What Store's users see of the audit trail's hash chain and retention
// (chain.hpp, retention.hpp; docs/store.md): no SQLite in here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sha256.hpp"

namespace ph {

/// The head of the chain: the newest position and its hash.
struct ChainHead {
    int64_t pos = 0;
    Digest hash{};
};

/// One finding of a chain walk.
struct ChainProblem {
    enum Kind { kChanged, kDeleted, kInserted, kPrunedRange, kHead, kParts } kind;
    int64_t pos = 0;       // chain position (kDeleted: the first missing one; 0: none)
    int64_t last_pos = 0;  // kDeleted: the last missing one
    std::string row;       // the row, as text ("" when deleted)
    std::string detail;
};

struct ChainReport {
    uint64_t rows = 0;  // chained rows checked
    int64_t first_pos = 0, last_pos = 0;
    uint64_t pruned_rows = 0, pruned_ranges = 0;
    ChainHead head;                      // as the chain table records it
    Digest computed_head{};              // the hash the walk ended on
    std::vector<ChainProblem> problems;  // the first is the first found in chain order
    uint64_t more_problems = 0;          // beyond the ones listed
    bool ok() const { return problems.empty() && more_problems == 0; }
};

/// How long and how much of the audit trail is kept; 0 = no limit.
struct RetentionPolicy {
    uint64_t keep_ns = 0;    // rows older than this are pruned
    uint64_t max_bytes = 0;  // the oldest rows are pruned while the store's pages in use exceed it
    bool any() const { return keep_ns || max_bytes; }
};

/// One pruning step: at most a batch of the oldest rows.
struct PruneResult {
    uint64_t rows = 0;  // rows removed
    int64_t first_pos = 0, last_pos = 0;
    Digest anchor{};     // the hash at last_pos, kept in the pruned table
    std::string reason;  // "age" or "size"
    bool more = false;   // the limit still calls for pruning
};

}  // namespace ph
