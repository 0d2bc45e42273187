#pragma once
// The document store's schema, versioned through PRAGMA user_version. Each migration
// runs in its own transaction together with the user_version bump.
#include "adapters/sqlite/sqlite_handle.hpp"

namespace wm::sqlite {

// The schema version this build writes.
int current_schema_version() noexcept;

// Brings the database up to current_schema_version(). A database from a newer build
// (user_version greater than ours) is refused rather than silently misread.
status migrate(connection& db);

// Stops at schema version `target` (<= current_schema_version()): how tests build a
// database as an older build left it, to check that this one upgrades it.
status migrate_to(connection& db, int target);

}  // namespace wm::sqlite
