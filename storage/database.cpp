#include "storage/database.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <ctime>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "bot/core/log.hpp"
#include "storage/backup.hpp"
#include "storage/detail/sqlite_functions.hpp"
#include "storage/detail/sqlite_statement.hpp"
#include "storage/detail/wal_checkpointer.hpp"
#include "storage/detail/wal_write_buffer.hpp"
#include "storage/migrations.hpp"
#include "storage/page_cache.hpp"

namespace steward::storage {

namespace {

/// What to check when a database file cannot be opened.
std::string open_hint(const std::string& path) {
  const auto folder = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!folder.empty() && !std::filesystem::is_directory(folder, ec)) {
    return fmt::format(" (the folder {} does not exist)", folder.string());
  }
  if (std::filesystem::is_directory(path, ec)) return " (that is a folder, not a file)";
  return " (check that the path is right and that Steward may read and write it and its folder)";
}

std::string checked_synchronous(const std::string& value) {
  const std::string upper = [&] {
    std::string s = value;
    for (auto& c : s)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }();
  if (upper != "FULL" && upper != "NORMAL" && upper != "EXTRA") {
    throw std::invalid_argument("storage.synchronous must be FULL, NORMAL or EXTRA, not '" + value +
                                "'");
  }
  return upper;
}

/// Before SQLite's first connection: no allocation statistics. Steward reads none of them, and
/// keeping them took a global mutex on every allocation — with the connections' own mutexes
/// (see `database::database`) 4.8 % of the core thread under load.
void skip_memory_statistics() {
  static std::once_flag once;
  // Fails harmlessly (SQLITE_MISUSE) once SQLite is initialised: the statistics then stay.
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

/// A writer whose COMMIT syncs the WAL gathers each commit's WAL writes into one
/// (detail/wal_write_buffer.hpp): SQLite writes a frame's header and page separately, ~75
/// system calls per batch. Anything else opens with the default VFS ("").
std::string vfs_for(const database_settings& settings) {
  if (settings.read_only || checked_synchronous(settings.synchronous) == "NORMAL") return "";
  const char* buffered = detail::wal_write_buffer_vfs();
  return buffered != nullptr ? buffered : "";
}
}  // namespace

database::database(const database_settings& settings) : settings_(settings) {
  skip_memory_statistics();
  install_page_cache();
  // NOMUTEX: a connection is used by one thread at a time (the core thread's writer, a command's
  // own, the checkpoint thread's own), so SQLite need not lock it around every call.
  const int flags =
      SQLite::OPEN_NOMUTEX |
      (settings.read_only ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE));
  try {
    db_ = std::make_unique<SQLite::Database>(settings.path, flags, settings.busy_timeout_ms,
                                             vfs_for(settings));
    // Half SQLite's default page: a message dirties a few pages scattered over the file (the
    // member's row, their day, their ledger and board entries), each written whole to the WAL at
    // COMMIT, so smaller pages mean fewer bytes written and checksummed per update. In
    // alternating runs of the realistic mix (members known, 40 connections) 2,048 bytes took
    // 14,457 updates/s against 13,563 with 4,096 (p99 8.3 against 9.9 ms); 1,024 was slower
    // again (deeper trees). Only takes effect on a new, empty file.
    if (!settings.read_only) {
      db_->exec("PRAGMA page_size=" + std::to_string(new_file_page_size));
    }
    if (!settings.read_only) db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=" + checked_synchronous(settings.synchronous));
    db_->exec("PRAGMA foreign_keys=ON");
    detail::add_portable_functions(db_->getHandle());
    // Savepoint sub-journals and temporary b-trees stay in memory: on disk they cost a write
    // to a temporary file for every update of a batch.
    db_->exec("PRAGMA temp_store=MEMORY");
    // More pages than SQLite's default 2 MiB (database_settings::cache_mib): with a million
    // members the b-tree's inner pages stay in memory and a member's row costs one read from
    // the OS, not four.
    db_->exec("PRAGMA cache_size=" + std::to_string(-1024 * settings.cache_mib));
    // A checkpoint every 1,000 pages (SQLite's default, said here so tests can rely on it; the
    // serving writer hands it to a thread of its own, start_background_checkpoints). In
    // alternating runs of the realistic mix, 4,000 pages took as many updates per second but
    // raised the p99 from 13 to 20 ms (each checkpoint copies more at once on the core thread).
    // A WAL that did grow larger is cut back to 64 MiB once it starts over.
    if (!settings.read_only) {
      db_->exec("PRAGMA wal_autocheckpoint=" + std::to_string(wal_checkpoint_pages));
      db_->exec("PRAGMA journal_size_limit=67108864");
      if (settings.checkpoint_in_background) start_background_checkpoints();
    }
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error(
        fmt::format("database {}: {}{}", settings.path, e.what(), open_hint(settings.path)));
  }
}

database::~database() {
  if (checkpointer_) sqlite3_wal_hook(db_->getHandle(), nullptr, nullptr);
}

void database::start_background_checkpoints() {
  try {
    checkpointer_ = std::make_unique<detail::wal_checkpointer>(
        settings_.path, checked_synchronous(settings_.synchronous));
  } catch (const std::runtime_error& e) {
    core::log_warn("storage.checkpoint_thread", "COMMIT checkpoints the WAL itself",
                   {core::field("error", e.what())});
    return;
  }
  // Replaces wal_autocheckpoint (they share SQLite's one hook per connection).
  sqlite3_wal_hook(db_->getHandle(), &database::on_wal_commit, this);
}

int database::on_wal_commit(void* self, sqlite3* db, const char* name, int wal_pages) {
  auto& owner = *static_cast<database*>(self);
  if (wal_pages < owner.requested_at_pages_) owner.requested_at_pages_ = 0;  // started over
  if (wal_pages >= wal_limit_pages) {
    // The thread fell behind (or a reader held it up): copy the rest here, usually the few
    // pages written since its last checkpoint, so the WAL starts over at the next write.
    if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) ==
        SQLITE_OK) {
      ++owner.commit_checkpoints_;
    }
  } else if (wal_pages >= wal_checkpoint_pages &&
             wal_pages >= owner.requested_at_pages_ + wal_step_pages) {
    // Under load the writer appends while the thread copies, so a checkpoint rarely copies
    // all; asked after every COMMIT it would run (and sync the file) hundreds of times a
    // second. Asked every wal_step_pages, each copies at least that many pages.
    owner.requested_at_pages_ = wal_pages;
    owner.checkpointer_->request();
  }
  return SQLITE_OK;
}

database::checkpoint_counts database::checkpoints() const {
  return {checkpointer_ ? checkpointer_->completed() : 0, commit_checkpoints_};
}

int database::latest_schema_version() {
  return static_cast<int>(migrations().size());
}

int database::schema_version() {
  return db_->execAndGet("PRAGMA user_version").getInt();
}

void database::migrate() {
  const int from = schema_version();
  if (settings_.backup_before_migrate && from > 0 && from < latest_schema_version()) {
    const auto target =
        default_backup_path(settings_.path, std::time(nullptr),
                            fmt::format("v{}-before-v{}", from, latest_schema_version()));
    const auto report = back_up(*this, target);
    core::log_info(
        "storage.backup", "backed up the database before migrating it",
        {core::field("path", settings_.path), core::field("backup", report.path),
         core::field("schema", report.schema_version), core::field("bytes", report.bytes)});
  }
  migrate_to(latest_schema_version());
}

void database::migrate_to(int target_version) {
  const auto& all = migrations();
  for (int version = schema_version(); version < target_version; ++version) {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    db_->exec(std::string(all[version]));
    db_->exec("PRAGMA user_version=" + std::to_string(version + 1));
    tx.commit();
    core::log_info("storage.migrated", "migrated the schema",
                   {core::field("path", settings_.path), core::field("version", version + 1)});
  }
  if (schema_version() > static_cast<int>(all.size())) {
    throw std::runtime_error("database schema version " + std::to_string(schema_version()) +
                             " is newer than this build knows (" + std::to_string(all.size()) +
                             "); upgrade Steward");
  }
}

void database::execute(const std::string& sql) {
  db_->exec(sql);
}

void database::run_prepared(const std::string& sql) {
  auto& statement = prepared_[sql];
  if (!statement) statement = std::make_unique<SQLite::Statement>(*db_, sql);
  statement->tryReset();  // a failed earlier run must not stop this one
  statement->exec();
  statement->tryReset();
}

std::unique_ptr<statement> database::prepare(const char* sql) {
  return std::make_unique<detail::sqlite_statement>(db_->getHandle(), sql);
}

std::int64_t database::last_insert_id() {
  return sqlite3_last_insert_rowid(db_->getHandle());
}

void database::begin_write() {
  run_prepared("BEGIN IMMEDIATE");
}

long long database::query_int(const std::string& sql) {
  return db_->execAndGet(sql).getInt64();
}

void database::end_reads() {
  sqlite3* handle = db_->getHandle();
  for (sqlite3_stmt* stmt = sqlite3_next_stmt(handle, nullptr); stmt != nullptr;
       stmt = sqlite3_next_stmt(handle, stmt)) {
    if (sqlite3_stmt_busy(stmt) != 0) sqlite3_reset(stmt);
  }
}

}  // namespace steward::storage
