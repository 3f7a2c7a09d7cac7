#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/postgresql/connection.hpp"
#include "storage/statement.hpp"

namespace steward::storage::postgresql {

/// SQL written for SQLite's placeholders (`?`, `?N`) with PostgreSQL's (`$N`), numbered as
/// SQLite numbers them: `?N` is parameter N, a bare `?` the one after the highest so far. Text
/// in quotes and comments is left as it is.
std::string with_numbered_parameters(std::string_view sql);

/// A store's statement on PostgreSQL: prepared on the server the first time it runs, with the
/// parameter types of the values bound then (BIGINT, DOUBLE PRECISION, TEXT; NULL's inferred),
/// and its rows read from the whole result, as SQLite steps through them. A later run that
/// binds a value of another type to a parameter (text where an integer was) prepares it again
/// with that type, as SQLite would take the value as bound.
class pg_statement final : public statement {
 public:
  /// `name` must be unique on the connection (the server keeps the statement by it).
  pg_statement(connection& db, std::string name, std::string_view sql);

  bool step() override;
  int run() override;
  void run_later() override;
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
  connection& db_;
  std::string name_;
  std::string sql_;
  bool typed_ = false;             // types_ are fixed by the first run
  bool retyped_ = false;           // a value of another type was bound since: prepare again
  int versions_ = 0;               // how often it was prepared again for new types
  std::uint64_t prepared_in_ = 0;  // the connection's session it was prepared in (0: none)
  std::vector<parameter> values_;
  std::vector<unsigned> types_;
  std::optional<result> result_;
  int row_ = -1;

  void set(int index, parameter value, unsigned type);
  void prepare_if_needed();
  void execute();
  statement_error failed(const error& e) const;
  result& current(int column);
};

}  // namespace steward::storage::postgresql
