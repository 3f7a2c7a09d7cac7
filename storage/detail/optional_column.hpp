#pragma once

// NULL-able columns for the stores' .cpp files.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/statement.hpp"

namespace steward::storage::detail {

/// Binds `value`, or NULL when it is empty.
inline void bind_optional(statement& s, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind(index);
  }
}

/// Binds `value`, or NULL when it is empty.
inline void bind_optional(statement& s, int index, const std::optional<std::string>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind(index);
  }
}

/// The column's integer, or nullopt for NULL.
inline std::optional<std::int64_t> optional_int(statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.integer(column);
}

/// The column's text, or nullopt for NULL.
inline std::optional<std::string> optional_text(statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.text(column);
}

}  // namespace steward::storage::detail
