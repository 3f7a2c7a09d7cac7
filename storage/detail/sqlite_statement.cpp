#include "storage/detail/sqlite_statement.hpp"

#include <sqlite3.h>

namespace steward::storage::detail {

sqlite_statement::sqlite_statement(sqlite3* db, const char* sql) : db_(db) {
  const int rc = sqlite3_prepare_v3(db_, sql, -1, 0, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    fail(rc);
  }
}

sqlite_statement::~sqlite_statement() {
  sqlite3_finalize(stmt_);
}

void sqlite_statement::fail(int rc) const {
  const int extended = sqlite3_extended_errcode(db_);
  throw statement_error(sqlite3_errmsg(db_), extended != SQLITE_OK ? extended : rc);
}

void sqlite_statement::check_bind(int rc) const {
  if (rc != SQLITE_OK) fail(rc);
}

bool sqlite_statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc);
}

int sqlite_statement::run() {
  for (int rc = sqlite3_step(stmt_); rc != SQLITE_DONE; rc = sqlite3_step(stmt_)) {
    if (rc != SQLITE_ROW) fail(rc);
  }
  return sqlite3_changes(db_);
}

void sqlite_statement::reset() {
  sqlite3_reset(stmt_);  // its result repeats the last step's error, already reported
  sqlite3_clear_bindings(stmt_);
}

std::int64_t sqlite_statement::integer(int column) {
  return sqlite3_column_int64(stmt_, column);
}
double sqlite_statement::real(int column) {
  return sqlite3_column_double(stmt_, column);
}

std::string sqlite_statement::text(int column) {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!data) return {};
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

bool sqlite_statement::is_null(int column) {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

value_kind sqlite_statement::kind(int column) {
  switch (sqlite3_column_type(stmt_, column)) {
    case SQLITE_NULL:
      return value_kind::null;
    case SQLITE_INTEGER:
      return value_kind::integer;
    case SQLITE_FLOAT:
      return value_kind::real;
    default:
      return value_kind::text;
  }
}

int sqlite_statement::columns() {
  return sqlite3_column_count(stmt_);
}
std::string sqlite_statement::column_name(int column) {
  return sqlite3_column_name(stmt_, column);
}

void sqlite_statement::bind_integer(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value));
}
void sqlite_statement::bind_real(int index, double value) {
  check_bind(sqlite3_bind_double(stmt_, index, value));
}
void sqlite_statement::bind_text(int index, std::string_view value) {
  // An empty view may have no data pointer, which SQLite would bind as NULL, not ''.
  const char* data = value.data() ? value.data() : "";
  check_bind(sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}
void sqlite_statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_, index));
}

}  // namespace steward::storage::detail
