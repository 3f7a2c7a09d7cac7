#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace steward::storage {
class database;
}

namespace steward::storage::postgresql {

class connection;

/// What a copy from SQLite to PostgreSQL did.
struct copy_report {
  /// Each table with the rows copied, in the order they were copied (referenced tables first).
  std::vector<std::pair<std::string, std::int64_t>> tables;
  std::int64_t rows = 0;
  std::int64_t members_checked = 0;  ///< members whose balance was checked against the ledger
  std::int64_t items_checked = 0;    ///< shop items whose stock was checked against redemptions
  /// Checks the copy failed (then nothing was committed); empty when it is committed.
  std::vector<std::string> problems;
};

/// Copies a community from an SQLite database at the latest schema into an empty PostgreSQL
/// database, in one transaction: PostgreSQL's schema is migrated first, every table is copied
/// whole (COPY, referenced tables first), identity sequences are set past the highest ids, and
/// then, before COMMIT, the copy is checked — the same number of rows in every table, every
/// member's balance equal to the sum of their ledger, no item sold beyond its stock. When a
/// check fails the transaction is rolled back and the report lists why. Throws `error` when the
/// source is not at the latest schema or the target already holds a community.
copy_report copy_to_postgresql(database& source, connection& target);

}  // namespace steward::storage::postgresql
