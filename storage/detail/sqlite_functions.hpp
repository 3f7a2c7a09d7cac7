#pragma once

struct sqlite3;

namespace steward::storage::detail {

/// Adds PostgreSQL's `greatest(a, b, …)` and `least(a, b, …)` to an SQLite connection, so the
/// stores' SQL reads the same on both backends (SQLite's spelling, two-argument `max`/`min`,
/// means an aggregate on PostgreSQL). As on PostgreSQL, NULL arguments are skipped and the
/// result is NULL only when all are; numbers compare as numbers, text as text.
void add_portable_functions(sqlite3* db);

}  // namespace steward::storage::detail
