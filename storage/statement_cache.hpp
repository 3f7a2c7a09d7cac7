#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/statement.hpp"

namespace steward::storage {

class backend;

/// Prepared statements kept for the life of a store, compiled on first use and reset before
/// each use (prepare once, reset, rebind), on either backend.
class statement_cache {
 public:
  explicit statement_cache(backend& db);
  ~statement_cache();
  statement_cache(const statement_cache&) = delete;
  statement_cache& operator=(const statement_cache&) = delete;

  /// The prepared statement for `sql`, reset and with bindings cleared.
  statement& get(const char* sql);
  /// The same for a statement the two engines spell differently (kept to what an index needs).
  statement& get(const char* sqlite_sql, const char* postgresql_sql);
  /// The row id of the last INSERT on this connection. Cheaper than `RETURNING id`, which makes
  /// SQLite open a temporary table for each execution.
  std::int64_t last_insert_id() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace steward::storage
