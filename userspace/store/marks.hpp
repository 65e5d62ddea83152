// phstore's marks: named points that start mark epochs (`ph mark`), and the
// entries reported between two of them (docs/store.md, "Marks").
#pragma once

#include <vector>

#include "sqlite.hpp"
#include "store.hpp"

namespace ph::store {

/// Insert a mark; Error{EEXIST} when its name is taken.  In the caller's
/// write transaction.
Result<void> put_mark(sql::Db &db, const Mark &m);
/// Every mark, oldest first (the caller holds a read transaction).
Result<std::vector<Mark>> marks(sql::Db &db);
/// The entries reported at or after `since` and before `until` (null: no
/// bound), with the bits reported in that window OR-merged.  Within the
/// mark's module instance the epochs decide, exactly; a report of another
/// instance (the module was reloaded in between) is placed by its time.
Result<std::vector<AclEntry>> entries_between(sql::Db &db, const Mark *since, const Mark *until);

}  // namespace ph::store
