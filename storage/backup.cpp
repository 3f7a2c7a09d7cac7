#include "storage/backup.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <ctime>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "storage/database.hpp"

namespace fs = std::filesystem;

namespace steward::storage {

namespace {

/// Copies every page of `from` into `to` in one step (one read snapshot of the source).
void copy_pages(sqlite3* from, sqlite3* to, const std::string& what) {
  std::unique_ptr<sqlite3_backup, decltype(&sqlite3_backup_finish)> copy(
      sqlite3_backup_init(to, "main", from, "main"), &sqlite3_backup_finish);
  if (!copy) throw std::runtime_error(what + ": " + sqlite3_errmsg(to));
  const int step = sqlite3_backup_step(copy.get(), -1);
  if (step != SQLITE_DONE) {
    throw std::runtime_error(
        what + ": " + sqlite3_errstr(step) +
        (step == SQLITE_BUSY || step == SQLITE_LOCKED ? " (the database is busy; try again)" : ""));
  }
  if (sqlite3_backup_finish(copy.release()) != SQLITE_OK) {
    throw std::runtime_error(what + ": " + sqlite3_errmsg(to));
  }
}

void check_integrity(SQLite::Database& db, const std::string& path) {
  SQLite::Statement check(db, "PRAGMA integrity_check");
  std::string problems;
  while (check.executeStep()) {
    const std::string line = check.getColumn(0).getString();
    if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
  }
  if (!problems.empty()) throw std::runtime_error(path + ": damaged: " + problems);
}

std::int64_t file_bytes(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(size);
}

}  // namespace

backup_report back_up(database& source, const std::string& target) {
  if (fs::exists(target)) {
    throw std::runtime_error(target + ": already exists; choose a new file for the backup");
  }
  if (const auto folder = fs::path(target).parent_path(); !folder.empty()) {
    fs::create_directories(folder);
  }
  {
    SQLite::Database copy(target, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    copy_pages(source.native().getHandle(), copy.getHandle(), "backup to " + target);
    // A backup is one self-contained file: no -wal beside it.
    copy.exec("PRAGMA journal_mode=DELETE");
  }
  return check_backup(target);
}

std::string default_backup_path(const std::string& db_path, std::int64_t now_s,
                                std::string_view reason) {
  const fs::path db(db_path);
  const std::time_t t = static_cast<std::time_t>(now_s);
  const std::string name = fmt::format("{}{}{}-{:%Y%m%dT%H%M%SZ}.db", db.stem().string(),
                                       reason.empty() ? "" : "-", reason, fmt::gmtime(t));
  return (db.parent_path() / "backups" / name).string();
}

backup_report check_backup(const std::string& path) {
  if (!fs::is_regular_file(path)) throw std::runtime_error(path + ": no such backup file");
  backup_report report{path, file_bytes(path), 0};
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    check_integrity(db, path);
    report.schema_version = db.execAndGet("PRAGMA user_version").getInt();
    const int steward_tables =
        db.execAndGet(
              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
              "('groups', 'members', 'ledger', 'processed_events', 'outbox')")
            .getInt();
    if (report.schema_version < 1 || steward_tables != 5) {
      throw std::runtime_error(path + ": not a Steward database (Steward's tables are missing)");
    }
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error(path + ": not a readable SQLite database: " + e.what());
  }
  if (report.schema_version > database::latest_schema_version()) {
    throw std::runtime_error(fmt::format(
        "{}: schema version {} is newer than this build knows ({}); restore it with a newer "
        "Steward",
        path, report.schema_version, database::latest_schema_version()));
  }
  return report;
}

restore_report restore_backup(const std::string& from, const std::string& db_path,
                              std::int64_t now_s) {
  restore_report report{check_backup(from), {}};
  SQLite::Database target(db_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 0);
  // In WAL mode every open connection holds a shared lock on the file, so an exclusive lock is
  // only granted when no other process (a running Steward, `steward backup`) has it open.
  target.exec("PRAGMA locking_mode=EXCLUSIVE");
  try {
    target.exec("BEGIN EXCLUSIVE");
    target.exec("COMMIT");
  } catch (const SQLite::Exception&) {
    throw std::runtime_error(db_path +
                             ": is in use by another process; stop Steward before restoring");
  }
  auto& kept = report.kept;
  if (target.execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0) {
    kept = default_backup_path(db_path, now_s, "before-restore");
    fs::create_directories(fs::path(kept).parent_path());
    SQLite::Database copy(kept, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    copy_pages(target.getHandle(), copy.getHandle(), "backup to " + kept);
  }
  SQLite::Database backup(from, SQLite::OPEN_READONLY);
  // Out of WAL mode while copying: SQLite refuses to copy into a WAL database whose page size
  // differs from the backup's (a backup from an older install restored into a new file).
  target.exec("PRAGMA journal_mode=DELETE");
  copy_pages(backup.getHandle(), target.getHandle(), "restore into " + db_path);
  target.exec("PRAGMA journal_mode=WAL");
  check_integrity(target, db_path);
  return report;
}

}  // namespace steward::storage
