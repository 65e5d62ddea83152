// phstore's violation query: the audit rows of violations (an access
// outside a permissive or enforcing domain's list, or a request refused to
// a non-manager), oldest first.
#pragma once

#include "sqlite.hpp"
#include "store.hpp"

namespace ph::store {

/// Answer `q` from the rows committed in `db` (the caller flushes its own
/// batch first and holds a read transaction around the call).
Result<std::vector<ViolationRow>> violations(sql::Db &db, const ViolationQuery &q);

}  // namespace ph::store
