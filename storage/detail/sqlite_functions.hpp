#pragma once

struct sqlite3;

namespace steward::storage::detail {

/// Adds PostgreSQL's `greatest(a, b, …)` and `strpos(text, part)` to an SQLite connection, so
/// the stores' SQL reads the same on both backends (SQLite's spellings, two-argument `max` and
/// `instr`, are an aggregate or unknown on PostgreSQL). As on PostgreSQL, greatest skips NULL
/// arguments and gives NULL only when all are; numbers compare as numbers, text as text.
/// strpos counts characters from 1, 0 when not found.
void add_portable_functions(sqlite3* db);

}  // namespace steward::storage::detail
