#pragma once

#include <string_view>
#include <vector>

namespace steward::storage::postgresql {

class connection;

/// One step of the PostgreSQL schema: applying `sql` brings the schema to `version`.
struct migration {
  int version;
  std::string_view sql;
  /// What the step removes or changes that an older build uses ("drops members.legacy"), or ""
  /// when it only adds (tables, columns with defaults, indexes): older instances then serve on
  /// beside it during a rolling upgrade. A step that breaks older builds is applied only while
  /// no instance serves, and older builds refuse the schema it leaves (docs/postgresql.md,
  /// "Rolling upgrades").
  std::string_view breaks_older = {};
};

/// PostgreSQL's migrations in order. Versions follow SQLite's (storage/migrations.hpp): schema
/// version N describes the same tables on both, which a test checks. PostgreSQL starts at
/// SQLite's version 25 with one step that creates everything.
const std::vector<migration>& migrations();

/// The newest schema version this build knows for PostgreSQL.
int latest_schema_version();

/// The schema version recorded in the database (0 when Steward never migrated it).
int schema_version(connection& db);

/// What migrate() did, read under the migration lock: none when another instance had already
/// brought the schema up to date.
struct migration_outcome {
  int from = 0;  ///< the version before this call's first step (or the current one)
  int to = 0;    ///< the version now
  /// The database is newer than the build, by steps that only add: the build serves beside
  /// the newer one (a rolling upgrade under way), but should be upgraded.
  bool ahead_of_build = false;
  bool applied() const { return to != from; }
};

/// Applies every migration newer than the database's version, each in its own transaction,
/// holding a transaction-scoped advisory lock so that instances starting together migrate once.
/// A step that breaks older builds also takes the serving lock exclusively, and is refused
/// (`error` naming the instances still serving) while any instance serves. Throws `error` when
/// the database is newer than this build by a step that breaks it.
migration_outcome migrate(connection& db);
/// The same with another build's steps (tests play an older or a newer build with it).
migration_outcome migrate(connection& db, const std::vector<migration>& steps);

/// Throws `error`, saying what to run, unless a build whose newest step is `build_version`
/// can serve the database as it stands: migrated to that version, or beyond it by steps that
/// only add. Returns the database's version. Every serving session checks this, with its
/// serving lock held (partition_leases::begin_session).
int require_servable(connection& db, int build_version = latest_schema_version());

}  // namespace steward::storage::postgresql
