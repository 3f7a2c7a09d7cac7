#include "storage/postgresql/statement.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>

namespace steward::storage::postgresql {

namespace {

// PostgreSQL's type OIDs (src/include/catalog/pg_type.dat), stable across versions.
constexpr unsigned bool_oid = 16;
constexpr unsigned int8_oid = 20;
constexpr unsigned int2_oid = 21;
constexpr unsigned int4_oid = 23;
constexpr unsigned text_oid = 25;
constexpr unsigned float4_oid = 700;
constexpr unsigned float8_oid = 701;
constexpr unsigned numeric_oid = 1700;

// The end of the quoted text or comment starting at `at`, or `at` itself when none starts there.
std::size_t skip_quoted(std::string_view sql, std::size_t at) {
  const char c = sql[at];
  if (c == '\'' || c == '"') {
    for (auto i = at + 1; i < sql.size(); ++i) {
      if (sql[i] != c) continue;
      if (i + 1 < sql.size() && sql[i + 1] == c) {  // a doubled quote stands for itself
        ++i;
        continue;
      }
      return i + 1;
    }
    return sql.size();
  }
  if (c == '-' && at + 1 < sql.size() && sql[at + 1] == '-') {
    const auto end = sql.find('\n', at);
    return end == std::string_view::npos ? sql.size() : end;
  }
  return at;
}

}  // namespace

std::string with_numbered_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int highest = 0;
  for (std::size_t i = 0; i < sql.size();) {
    if (const auto end = skip_quoted(sql, i); end != i) {
      out.append(sql.substr(i, end - i));
      i = end;
      continue;
    }
    if (sql[i] != '?') {
      out += sql[i++];
      continue;
    }
    auto digits = i + 1;
    while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9')
      ++digits;
    int number = highest + 1;
    if (digits > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + digits, number);
    highest = std::max(highest, number);
    out += '$';
    out += std::to_string(number);
    i = digits;
  }
  return out;
}

pg_statement::pg_statement(connection& db, std::string name, std::string_view sql)
    : db_(db), name_(std::move(name)), sql_(with_numbered_parameters(sql)) {}

void pg_statement::set(int index, parameter value, unsigned type) {
  if (index < 1) throw statement_error(fmt::format("parameter {} out of range", index), 0);
  const auto slot = static_cast<std::size_t>(index - 1);
  if (values_.size() <= slot) {
    values_.resize(slot + 1);
    // A number the store's SQL skips (SQLite's ?4 without ?2) is never bound: typed as text,
    // since the server cannot infer a type for a parameter the statement does not use.
    types_.resize(slot + 1, text_oid);
  }
  values_[slot] = std::move(value);
  if (!typed_) {
    types_[slot] = type;
  } else if (type != 0 && types_[slot] != 0 && types_[slot] != type) {
    // A NULL's slot (0) keeps the type the server inferred from where it is used.
    types_[slot] = type;
    retyped_ = true;
  }
}

void pg_statement::bind_integer(int index, std::int64_t value) {
  set(index, std::to_string(value), int8_oid);
}
void pg_statement::bind_real(int index, double value) {
  set(index, fmt::format("{}", value), float8_oid);  // shortest text that reads back the same
}
void pg_statement::bind_text(int index, std::string_view value) {
  set(index, std::string(value), text_oid);
}
void pg_statement::bind_null(int index) {
  set(index, std::nullopt, 0);  // 0: the server infers the type from where it is used
}

void pg_statement::prepare_if_needed() {
  // Prepared again after a reconnect: the server forgot it with the old session.
  if (retyped_ && prepared_in_ == db_.session()) {
    // The old one stays on the server under its name until the session ends: rare enough.
    name_ += "_" + std::to_string(++versions_);
    prepared_in_ = 0;
  }
  retyped_ = false;
  if (prepared_in_ != db_.session()) {
    db_.prepare(name_, sql_, types_);
    typed_ = true;
    prepared_in_ = db_.session();
  }
}

statement_error pg_statement::failed(const error& e) const {
  // An earlier statement's failure names that statement already.
  if (e.earlier())
    return statement_error(std::string(e.what()) + " [SQLSTATE " + e.sqlstate() + "]", 0);
  return statement_error(std::string(e.what()) + " [SQLSTATE " + e.sqlstate() + "] in: " + sql_, 0);
}

void pg_statement::execute() {
  try {
    prepare_if_needed();
    result_.emplace(db_.run_prepared(name_, values_));
  } catch (const error& e) {
    throw failed(e);
  }
  row_ = -1;
}

void pg_statement::run_later() {
  try {
    prepare_if_needed();
    db_.send_prepared(name_, values_, sql_);
  } catch (const error& e) {
    throw failed(e);
  }
  result_.reset();
  row_ = -1;
}

bool pg_statement::step() {
  if (!result_) execute();
  if (row_ + 1 >= result_->rows()) {
    row_ = result_->rows();
    return false;
  }
  ++row_;
  return true;
}

int pg_statement::run() {
  execute();
  return result_->changed_rows();
}

void pg_statement::reset() {
  result_.reset();
  row_ = -1;
  std::fill(values_.begin(), values_.end(), std::nullopt);
}

result& pg_statement::current(int column) {
  if (!result_ || row_ < 0 || row_ >= result_->rows() || column < 0 || column >= result_->columns())
    throw statement_error(fmt::format("no column {} in the current row of: {}", column, sql_), 0);
  return *result_;
}

std::int64_t pg_statement::integer(int column) {
  auto& rows = current(column);
  if (rows.is_null(row_, column)) return 0;
  const auto value = rows.text(row_, column);
  if (rows.column_type(column) == bool_oid) return value == "t" ? 1 : 0;
  std::int64_t out = 0;
  std::from_chars(value.data(), value.data() + value.size(), out);
  return out;
}

double pg_statement::real(int column) {
  auto& rows = current(column);
  if (rows.is_null(row_, column)) return 0;
  return std::strtod(std::string(rows.text(row_, column)).c_str(), nullptr);
}

std::string pg_statement::text(int column) {
  auto& rows = current(column);
  return std::string(rows.text(row_, column));
}

bool pg_statement::is_null(int column) {
  return current(column).is_null(row_, column);
}

value_kind pg_statement::kind(int column) {
  auto& rows = current(column);
  if (rows.is_null(row_, column)) return value_kind::null;
  switch (rows.column_type(column)) {
    case bool_oid:
    case int2_oid:
    case int4_oid:
    case int8_oid:
      return value_kind::integer;
    case float4_oid:
    case float8_oid:
    case numeric_oid:
      return value_kind::real;
    default:
      return value_kind::text;
  }
}

int pg_statement::columns() {
  if (!result_) execute();
  return result_->columns();
}

std::string pg_statement::column_name(int column) {
  if (!result_) execute();
  return result_->column_name(column);
}

}  // namespace steward::storage::postgresql
