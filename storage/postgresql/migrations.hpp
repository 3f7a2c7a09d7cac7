#pragma once

#include <string_view>
#include <vector>

namespace steward::storage::postgresql {

class connection;

/// One step of the PostgreSQL schema: applying `sql` brings the schema to `version`.
struct migration {
  int version;
  std::string_view sql;
};

/// PostgreSQL's migrations in order. Versions follow SQLite's (storage/migrations.hpp): schema
/// version N describes the same tables on both, which a test checks. PostgreSQL starts at
/// SQLite's version 25 with one step that creates everything.
const std::vector<migration>& migrations();

/// The newest schema version this build knows for PostgreSQL.
int latest_schema_version();

/// The schema version recorded in the database (0 when Steward never migrated it).
int schema_version(connection& db);

/// Applies every migration newer than the database's version, each in its own transaction,
/// holding a transaction-scoped advisory lock so that instances starting together migrate once.
/// Throws `error` when the database is newer than this build (another Steward upgraded it).
/// Returns the steps this call applied, read under the lock: none when another instance had
/// already brought the schema up to date.
struct migration_outcome {
  int from = 0;  ///< the version before this call's first step (or the current one)
  int to = 0;    ///< the version now
  bool applied() const { return to != from; }
};
migration_outcome migrate(connection& db);

}  // namespace steward::storage::postgresql
