#include "storage/detail/sqlite_functions.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace steward::storage::detail {

namespace {

// Orders two non-NULL values as SQLite's own comparison does (numbers before text, numbers by
// value, text by bytes), which is how PostgreSQL orders values of one type.
int compare(sqlite3_value* a, sqlite3_value* b) {
  const int ta = sqlite3_value_numeric_type(a);
  const int tb = sqlite3_value_numeric_type(b);
  const bool a_number = ta == SQLITE_INTEGER || ta == SQLITE_FLOAT;
  const bool b_number = tb == SQLITE_INTEGER || tb == SQLITE_FLOAT;
  if (a_number != b_number) return a_number ? -1 : 1;
  if (a_number) {
    if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
      const auto x = sqlite3_value_int64(a);
      const auto y = sqlite3_value_int64(b);
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    const double x = sqlite3_value_double(a);
    const double y = sqlite3_value_double(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  const std::string x(reinterpret_cast<const char*>(sqlite3_value_text(a)),
                      static_cast<std::size_t>(sqlite3_value_bytes(a)));
  const std::string y(reinterpret_cast<const char*>(sqlite3_value_text(b)),
                      static_cast<std::size_t>(sqlite3_value_bytes(b)));
  return x.compare(y);
}

// greatest(a, b, …): the greatest value that is not NULL.
void greatest(sqlite3_context* context, int count, sqlite3_value** values) {
  sqlite3_value* best = nullptr;
  for (int i = 0; i < count; ++i) {
    if (sqlite3_value_type(values[i]) == SQLITE_NULL) continue;
    if (!best || compare(values[i], best) > 0) best = values[i];
  }
  if (best) {
    sqlite3_result_value(context, best);
  } else {
    sqlite3_result_null(context);
  }
}

// strpos(text, part): where `part` first starts in `text`, in characters from 1; 0 when it
// does not occur; NULL when either is NULL.
void string_position(sqlite3_context* context, int count, sqlite3_value** values) {
  if (count != 2) {
    sqlite3_result_error(context, "strpos() takes two arguments", -1);
    return;
  }
  if (sqlite3_value_type(values[0]) == SQLITE_NULL ||
      sqlite3_value_type(values[1]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const std::string_view text(reinterpret_cast<const char*>(sqlite3_value_text(values[0])),
                              static_cast<std::size_t>(sqlite3_value_bytes(values[0])));
  const std::string_view part(reinterpret_cast<const char*>(sqlite3_value_text(values[1])),
                              static_cast<std::size_t>(sqlite3_value_bytes(values[1])));
  const auto at = text.find(part);
  if (at == std::string_view::npos) {
    sqlite3_result_int64(context, 0);
    return;
  }
  std::int64_t characters = 1;
  for (std::size_t i = 0; i < at; ++i)  // continuation bytes (10xxxxxx) do not start one
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++characters;
  sqlite3_result_int64(context, characters);
}

void add(sqlite3* db, const char* name, void (*function)(sqlite3_context*, int, sqlite3_value**)) {
  const int rc = sqlite3_create_function_v2(db, name, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                            nullptr, function, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    throw std::runtime_error(std::string("cannot add SQL function ") + name + ": " +
                             sqlite3_errstr(rc));
}

}  // namespace

void add_portable_functions(sqlite3* db) {
  add(db, "greatest", &greatest);
  add(db, "strpos", &string_position);
}

}  // namespace steward::storage::detail
