#include "bot/app/copy_cli.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <ostream>

#include "storage/database.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/postgresql/copy.hpp"
#include "storage/postgresql/migrations.hpp"

namespace steward::app {

int copy_to_postgresql(const config& cfg, const std::string& conninfo, std::ostream& out,
                       std::ostream& err) {
  constexpr int exit_failed = 1;
  try {
    if (!std::filesystem::exists(cfg.storage.path)) {
      err << "steward copy: " << cfg.storage.path << ": no such database (check storage.path in "
          << cfg.file << ")\n";
      return exit_failed;
    }
    storage::database source(cfg.storage);  // only read
    storage::postgresql::connection target(conninfo);
    const auto report = storage::postgresql::copy_to_postgresql(source, target);
    if (!report.problems.empty()) {
      err << "steward copy: the copy did not check out, so nothing was committed to "
          << target.where() << ":\n";
      for (const auto& problem : report.problems)
        err << "  " << problem << "\n";
      return exit_failed;
    }
    out << fmt::format("copied {} rows in {} tables from {} to {}\n", report.rows,
                       report.tables.size(), cfg.storage.path, target.where());
    for (const auto& [table, rows] : report.tables)
      if (rows > 0) out << fmt::format("  {:<22} {:>10}\n", table, rows);
    out << fmt::format(
        "checked: the same rows in every table, {} members' balances equal to their ledgers, "
        "{} items' stock not oversold\n",
        report.members_checked, report.items_checked);
    return 0;
  } catch (const std::exception& e) {
    err << "steward copy: " << e.what() << "\n";
    return exit_failed;
  }
}

int migrate_postgresql(const std::string& conninfo, std::ostream& out, std::ostream& err) {
  try {
    storage::postgresql::connection db(conninfo);
    // What this run did, read under the migration lock: another instance may have migrated
    // between connecting and taking the lock.
    const auto outcome = storage::postgresql::migrate(db);
    if (outcome.ahead_of_build) {
      out << fmt::format(
          "{}: the schema is at version {}, newer than this build's {}; the steps "
          "since only add, so this build can serve beside the newer one\n",
          db.where(), outcome.to, storage::postgresql::latest_schema_version());
    } else if (!outcome.applied()) {
      out << fmt::format("{}: the schema is current (version {})\n", db.where(), outcome.to);
    } else {
      out << fmt::format("{}: migrated the schema to version {} (was {})\n", db.where(), outcome.to,
                         outcome.from);
    }
    return 0;
  } catch (const std::exception& e) {
    err << "steward migrate: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace steward::app
