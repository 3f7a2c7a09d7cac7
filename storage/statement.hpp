#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace steward::storage {

/// A statement the database refused or failed ("UNIQUE constraint failed: …", "the points
/// ledger is append-only"), with the backend's own code.
class statement_error : public std::runtime_error {
 public:
  statement_error(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
  /// SQLite's extended result code (SQLITE_CONSTRAINT_UNIQUE, …).
  int code() const { return code_; }

 private:
  int code_;
};

/// What a column holds in the current row.
enum class value_kind { null, integer, real, text };

/// A prepared statement, the one shape every store writes its SQL through, whatever the
/// backend: bind by 1-based position (`?`, `?N`), step through rows, read columns by 0-based
/// position. A statement comes from a store's `statement_cache`, reset and unbound.
class statement {
 public:
  virtual ~statement() = default;

  /// Binds an integer (any integral type, bool included).
  template <std::integral T>
  void bind(int index, T value) {
    bind_integer(index, static_cast<std::int64_t>(value));
  }
  /// Binds a real number.
  void bind(int index, double value) { bind_real(index, value); }
  /// Binds text (copied: the argument may go away before the statement runs).
  void bind(int index, std::string_view value) { bind_text(index, value); }
  void bind(int index, const std::string& value) { bind_text(index, value); }
  void bind(int index, const char* value) { bind_text(index, value); }
  /// Binds NULL.
  void bind(int index) { bind_null(index); }

  /// Moves to the next row; false when there is none (the statement has finished).
  virtual bool step() = 0;
  /// Runs a statement that returns no rows to its end; the number of rows it changed.
  virtual int run() = 0;
  /// Runs a write whose outcome nobody reads (how many rows it changed). On a server across a
  /// network (PostgreSQL) it goes out without waiting for the answer, with the next statement
  /// that waits for one — at the latest the update's RELEASE or the COMMIT — and a failure is
  /// thrown there, still inside the same savepoint. SQLite runs it at once.
  virtual void run_later() { run(); }
  /// Makes the statement ready to run again and clears its bindings.
  virtual void reset() = 0;

  /// The current row's column as an integer (0 for NULL).
  virtual std::int64_t integer(int column) = 0;
  /// The current row's column as a real number (0 for NULL).
  virtual double real(int column) = 0;
  /// The current row's column as text ("" for NULL).
  virtual std::string text(int column) = 0;
  /// Whether the current row's column is NULL.
  virtual bool is_null(int column) = 0;
  /// What the current row's column holds.
  virtual value_kind kind(int column) = 0;
  /// The number of columns in a row.
  virtual int columns() = 0;
  /// A column's name (its alias when the SQL gives one).
  virtual std::string column_name(int column) = 0;

 protected:
  virtual void bind_integer(int index, std::int64_t value) = 0;
  virtual void bind_real(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_null(int index) = 0;
};

}  // namespace steward::storage
