#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace steward::storage {

class database;

/// What a backup holds, as checked after writing it or before restoring it.
struct backup_report {
  std::string path;
  std::int64_t bytes = 0;
  int schema_version = 0;
};

/// Copies the open database into `target` (which must not exist yet) with SQLite's online backup
/// API: a consistent snapshot even while Steward keeps writing. The copy is checked
/// (integrity_check) before this returns. Throws std::runtime_error naming the file and the
/// problem.
backup_report back_up(database& source, const std::string& target);

/// Where a backup of `db_path` taken at `now_s` goes by default: a `backups` folder beside the
/// database, the file named after it, the reason (e.g. "before-v13") and the UTC time.
std::string default_backup_path(const std::string& db_path, std::int64_t now_s,
                                std::string_view reason = {});

/// Checks that `path` is a Steward database this build can open: SQLite's integrity_check
/// passes, the schema version is known, and Steward's tables are there. Throws
/// std::runtime_error saying what is wrong.
backup_report check_backup(const std::string& path);

/// What a restore put back, and where the contents it replaced were kept (empty: none).
struct restore_report {
  backup_report backup;
  std::string kept;
};

/// Checks the backup `from` (check_backup) and puts it in place of the database at `db_path`; the
/// current contents are first backed up beside it. Refuses while any other process has the
/// database open, e.g. a running Steward.
restore_report restore_backup(const std::string& from, const std::string& db_path,
                              std::int64_t now_s);

}  // namespace steward::storage
