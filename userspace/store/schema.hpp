// phstore's schema: the migration steps that create and upgrade it, and the
// checks that tell a phtrack store from any other file (docs/store.md).
#pragma once

#include "sqlite.hpp"

namespace ph::store {

/// The schema version this build creates and reads.
int schema_version();

/// Read the header of an open database.  Refuses files that are not SQLite
/// databases, SQLite databases of another application and schema versions
/// newer than this build's; a reader (`writable` false) also refuses older
/// ones, which phd upgrades.
Result<void> check_schema(sql::Db &db, bool writable);

/// For a writer: WAL journal, synchronous=NORMAL and the cache sizes, then
/// every migration step still due, each in its own transaction.
Result<void> migrate(sql::Db &db);

}  // namespace ph::store
