#include "bot/app/maintenance.hpp"

#include <fmt/format.h>

#include <ctime>
#include <filesystem>
#include <ostream>
#include <stdexcept>

#include "storage/backup.hpp"
#include "storage/database.hpp"

namespace steward::app {

namespace {

constexpr int exit_failed = 1;

std::string describe(const storage::backup_report& r) {
  return fmt::format("{} (schema v{}, {:.1f} KiB, integrity checked)", r.path, r.schema_version,
                     static_cast<double>(r.bytes) / 1024.0);
}

}  // namespace

int back_up_database(const config& cfg, const std::string& to, std::ostream& out,
                     std::ostream& err) {
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
