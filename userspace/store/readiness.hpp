// phstore's readiness query: per domain, what `ph ready` judges from
// (docs/store.md): when the domain appeared, when it last learned a new
// entry, the entry types it used, and what the last period would have
// refused had it been enforcing.
#pragma once

#include "sqlite.hpp"
#include "store.hpp"

namespace ph::store {

/// Answer `q` from the rows committed in `db` (the caller holds a read
/// transaction around the call); domains in name order.
Result<std::vector<DomainReadiness>> readiness(sql::Db &db, const ReadinessQuery &q);

}  // namespace ph::store
