// phstore's who query engine: totals, the (domain, comm, uid) groups and the
// newest rows of the audit events on a path or below a directory.
#pragma once

#include "sqlite.hpp"
#include "store.hpp"

namespace ph::store {

/// Answer `q` from the rows committed in `db` (the caller flushes its own
/// batch first and holds a read transaction around the call).
Result<WhoSummary> who(sql::Db &db, const WhoQuery &q);

}  // namespace ph::store
