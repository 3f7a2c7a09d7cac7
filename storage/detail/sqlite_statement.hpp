#pragma once

#include "storage/statement.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace steward::storage::detail {

/// A statement prepared once on an SQLite connection and kept (SQLITE_PREPARE_PERSISTENT),
/// straight over SQLite's C interface: reading a column costs no allocation beyond the text
/// it returns.
class sqlite_statement final : public statement {
 public:
  sqlite_statement(sqlite3* db, const char* sql);
  ~sqlite_statement() override;
  sqlite_statement(const sqlite_statement&) = delete;
  sqlite_statement& operator=(const sqlite_statement&) = delete;

  bool step() override;
  int run() override;
  void reset() override;
  std::int64_t integer(int column) override;
  double real(int column) override;
  std::string text(int column) override;
  bool is_null(int column) override;
  value_kind kind(int column) override;
  int columns() override;
  std::string column_name(int column) override;

 protected:
  void bind_integer(int index, std::int64_t value) override;
  void bind_real(int index, double value) override;
  void bind_text(int index, std::string_view value) override;
  void bind_null(int index) override;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;

  [[noreturn]] void fail(int rc) const;
  void check_bind(int rc) const;
};

}  // namespace steward::storage::detail
