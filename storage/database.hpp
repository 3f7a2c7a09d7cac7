#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "storage/backend.hpp"

struct sqlite3;

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace steward::storage {

namespace detail {
class wal_checkpointer;
}

/// How to open the database file.
struct database_settings {
  std::string path = "steward.db";
  std::string synchronous = "FULL";  ///< FULL (default: durable on power loss) or NORMAL
  int busy_timeout_ms = 5000;
  /// The writer's page cache. 16 MiB keeps a million members' b-tree inner pages in memory;
  /// 32 MiB measured no faster with a million members (tests/bench/million.sh) and cost 16 MiB.
  int cache_mib = 16;
  bool read_only = false;
  /// Back the file up (storage/backup.hpp) before migrating a schema that already holds data.
  bool backup_before_migrate = true;
  /// Copy the WAL back into the file on a thread of its own (the serving writer): COMMIT then
  /// never waits for a checkpoint unless the WAL grows past database::wal_limit_pages.
  bool checkpoint_in_background = false;
};

/// One SQLite connection with Steward's pragmas (WAL, synchronous, busy timeout, foreign keys).
/// A connection belongs to one thread; the core thread owns the only writer.
class database final : public backend {
 public:
  /// WAL pages after which a COMMIT copies the WAL back into the database (then restarts it).
  static constexpr int wal_checkpoint_pages = 1000;
  /// With checkpoints in the background: WAL pages after which COMMIT checkpoints by itself
  /// (the background thread fell behind), so the WAL stays bounded whatever the load.
  static constexpr int wal_limit_pages = 4 * wal_checkpoint_pages;
  /// Bytes per page of a database file Steward creates (a file keeps the size it was made with).
  static constexpr int new_file_page_size = 2048;
  /// With checkpoints in the background: WAL pages written between two requests to the thread.
  static constexpr int wal_step_pages = 256;
  explicit database(const database_settings& settings);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  /// Applies every migration newer than the file's user_version, each in its own transaction.
  /// An existing schema is backed up first (see database_settings::backup_before_migrate).
  void migrate();
  /// Applies the migrations up to `version` only, without a backup (fixtures of old schemas).
  void migrate_to(int version);
  /// The database file's path.
  const std::string& path() const { return settings_.path; }
  std::string where() const override { return settings_.path; }
  sql_dialect dialect() const override { return sql_dialect::sqlite; }
  /// The schema version stored in the file (PRAGMA user_version).
  int schema_version();
  /// The newest schema version this build knows.
  static int latest_schema_version();
  void execute(const std::string& sql) override;
  void run_prepared(const std::string& sql) override;
  long long query_int(const std::string& sql) override;
  std::unique_ptr<statement> prepare(const char* sql) override;
  std::int64_t last_insert_id() override;
  /// BEGIN IMMEDIATE: takes the write lock at once, so a read-modify-write inside the
  /// transaction can never be overtaken.
  void begin_write() override;

  /// The underlying SQLiteCpp connection, for SQLite-only code (backup, schema description).
  SQLite::Database& native() { return *db_; }
  /// Resets every statement still stepping (a SELECT read to its first row keeps a read
  /// transaction open). Called between batches (an open read on an old snapshot would make
  /// the next BEGIN IMMEDIATE fail at once after another process, `steward token create`,
  /// wrote) and before every COMMIT (an open read keeps the WAL from being checkpointed).
  void end_reads() override;
  /// Checkpoints run so far by the background thread and by COMMIT itself (that is, past
  /// wal_limit_pages; every checkpoint without checkpoint_in_background is not counted).
  checkpoint_counts checkpoints() const override;

 private:
  database_settings settings_;
  std::unique_ptr<SQLite::Database> db_;
  // Declared after db_: the statements are finalised before the connection closes.
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> prepared_;
  std::uint64_t commit_checkpoints_ = 0;
  int requested_at_pages_ = 0;  // the WAL's size at the last request to the checkpoint thread
  // Declared after db_: stopped (and its connection closed) before the writer closes, so the
  // writer, the last connection, checkpoints and removes the WAL.
  std::unique_ptr<detail::wal_checkpointer> checkpointer_;

  void start_background_checkpoints();
  static int on_wal_commit(void* self, sqlite3* db, const char* name, int wal_pages);
};

}  // namespace steward::storage
