#include "bot/app/maintenance.hpp"

#include <fmt/format.h>

#include <ctime>
#include <filesystem>
#include <ostream>
#include <stdexcept>

#include "bot/app/config.hpp"
#include "storage/backup.hpp"
#include "storage/database.hpp"

namespace steward::app {

namespace {

constexpr int exit_failed = 1;

std::string describe(const storage::backup_report& r) {
  return fmt::format("{} (schema v{}, {:.1f} KiB, integrity checked)", r.path, r.schema_version,
                     static_cast<double>(r.bytes) / 1024.0);
}

// steward backup and restore copy SQLite files; a PostgreSQL server has its own tools.
bool refused_on_postgresql(const config& cfg, const char* command, std::ostream& err) {
  if (cfg.engine != storage::sql_dialect::postgresql) return false;
  err << "steward " << command << ": " << cfg.file
      << " keeps the data in PostgreSQL (storage.backend); use PostgreSQL's own tools "
         "(pg_dump, pg_restore, or the server's continuous archiving). steward "
      << command << " is for SQLite files\n";
  return true;
}

}  // namespace

int back_up_database(const config& cfg, const std::string& to, std::ostream& out,
                     std::ostream& err) {
  if (refused_on_postgresql(cfg, "backup", err)) return exit_failed;
  try {
    if (!std::filesystem::exists(cfg.storage.path)) {
      err << "steward backup: " << cfg.storage.path << ": no such database (check storage.path in "
          << cfg.file << ")\n";
      return exit_failed;
    }
    storage::database db(cfg.storage);  // only read: no migration, so no backup of its own
    const auto target =
        to.empty() ? storage::default_backup_path(cfg.storage.path, std::time(nullptr)) : to;
    out << "backed up " << cfg.storage.path << " to " << describe(storage::back_up(db, target))
        << "\n";
    return 0;
  } catch (const std::exception& e) {
    err << "steward backup: " << e.what() << "\n";
    return exit_failed;
  }
}

int restore_database(const config& cfg, const std::string& from, std::ostream& out,
                     std::ostream& err) {
  if (refused_on_postgresql(cfg, "restore", err)) return exit_failed;
  try {
    const auto restored = storage::restore_backup(from, cfg.storage.path, std::time(nullptr));
    const auto& backup = restored.backup;
    out << "restored " << cfg.storage.path << " from " << describe(backup) << "\n";
    if (!restored.kept.empty())
      out << "the replaced database was kept at " << restored.kept << "\n";
    if (backup.schema_version < storage::database::latest_schema_version()) {
      out << fmt::format("it is at schema v{}; Steward upgrades it to v{} when it next starts\n",
                         backup.schema_version, storage::database::latest_schema_version());
    }
    return 0;
  } catch (const std::exception& e) {
    err << "steward restore: " << e.what() << "\n";
    return exit_failed;
  }
}

}  // namespace steward::app
