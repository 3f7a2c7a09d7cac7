#pragma once

#include <map>
#include <string>
#include <vector>

namespace steward::storage {

class database;

/// A column as both SQL dialects can state it.
struct column_description {
  /// "integer", "text", "real" or "blob" (SQLite's affinities; PostgreSQL's BIGINT, TEXT,
  /// DOUBLE PRECISION and BYTEA map to them); any other type keeps its own name.
  std::string type;
  bool not_null = false;
  /// The default as SQL text without casts ("0", "'member'"), "" for none.
  std::string default_value;
  bool operator==(const column_description&) const = default;
};

/// A table: its columns and the constraints that stores rely on.
struct table_description {
  std::map<std::string, column_description> columns;
  std::vector<std::string> primary_key;  ///< in key order
  /// Each UNIQUE constraint as its columns joined by ",", sorted.
  std::vector<std::string> unique;
  /// Each foreign key as "column -> table(column)", sorted.
  std::vector<std::string> foreign_keys;
  /// Names of the table's triggers, sorted.
  std::vector<std::string> triggers;
};

/// An index made by CREATE INDEX (not one that backs a constraint).
struct index_description {
  std::string table;
  /// The key columns in order; "name DESC" for a descending one, "lower(name)" for one compared
  /// without case (SQLite's COLLATE NOCASE).
  std::vector<std::string> columns;
  bool unique = false;
  bool partial = false;  ///< has a WHERE clause
  bool operator==(const index_description&) const = default;
};

/// What a schema holds, in terms both dialects share, to check that SQLite's and PostgreSQL's
/// migrations build the same tables. Not compared: CHECK constraints and partial indexes'
/// conditions (each dialect rewrites them in its own words).
struct schema_description {
  std::map<std::string, table_description> tables;
  std::map<std::string, index_description> indexes;
};

/// Describes an SQLite database's schema (its own tables, not SQLite's).
schema_description describe_schema(database& db);

/// Every difference between two descriptions, one readable line each ("members.xp: not null
/// in sqlite, nullable in postgresql"); empty when they agree.
std::vector<std::string> schema_differences(const schema_description& a, const std::string& a_name,
                                            const schema_description& b, const std::string& b_name);

}  // namespace steward::storage
