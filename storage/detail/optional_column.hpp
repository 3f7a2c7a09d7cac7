#pragma once

// NULL-able columns for the stores' .cpp files (internal to storage/: it pulls in SQLiteCpp).

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>

namespace steward::storage::detail {

/// Binds `value`, or NULL when it is empty.
inline void bind_optional(SQLite::Statement& s, int index,
                          const std::optional<std::int64_t>& value) {
  if (value) {
    s.bind(index, static_cast<int64_t>(*value));
  } else {
    s.bind(index);
  }
}

/// Binds `value`, or NULL when it is empty.
inline void bind_optional(SQLite::Statement& s, int index,
                          const std::optional<std::string>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind(index);
  }
}

/// The column's integer, or nullopt for NULL.
inline std::optional<std::int64_t> optional_int(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

/// The column's text, or nullopt for NULL.
inline std::optional<std::string> optional_text(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getString();
}

}  // namespace steward::storage::detail
