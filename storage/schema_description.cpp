#include "storage/schema_description.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cctype>

#include "storage/database.hpp"

namespace steward::storage {

namespace {

std::string lowercase(std::string text) {
  for (auto& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// SQLite's declared types as the affinity they give (https://sqlite.org/datatype3.html §3.1).
std::string affinity(const std::string& declared) {
  const auto type = lowercase(declared);
  if (type.find("int") != std::string::npos) return "integer";
  if (type.find("char") != std::string::npos || type.find("text") != std::string::npos ||
      type.find("clob") != std::string::npos)
    return "text";
  if (type.empty() || type.find("blob") != std::string::npos) return "blob";
  if (type.find("real") != std::string::npos || type.find("floa") != std::string::npos ||
      type.find("doub") != std::string::npos)
    return "real";
  return type;
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : separator) + p;
  return out;
}

// The first column of every row of `sql`, with `arg` bound to its one parameter if it has one.
std::vector<std::string> names_of(database& db, const char* sql, const std::string* arg) {
  SQLite::Statement q(db.native(), sql);
  if (arg) q.bind(1, *arg);
  std::vector<std::string> out;
  while (q.executeStep())
    out.push_back(q.getColumn(0).getString());
  return out;
}

void describe_columns(database& db, const std::string& name, table_description& table) {
  SQLite::Statement q(db.native(),
                      "SELECT name, type, \"notnull\", dflt_value, pk FROM "
                      "pragma_table_info(?) ORDER BY cid");
  q.bind(1, name);
  std::vector<std::pair<int, std::string>> key;
  while (q.executeStep()) {
    column_description column;
    column.type = affinity(q.getColumn(1).getString());
    const int pk_position = q.getColumn(4).getInt();
    // A single-column INTEGER PRIMARY KEY is the row id: never NULL, whatever it declares.
    column.not_null = q.getColumn(2).getInt() != 0 || pk_position > 0;
    column.default_value = q.getColumn(3).isNull() ? "" : q.getColumn(3).getString();
    if (pk_position > 0) key.emplace_back(pk_position, q.getColumn(0).getString());
    table.columns[q.getColumn(0).getString()] = column;
  }
  std::sort(key.begin(), key.end());
  for (auto& [position, column] : key)
    table.primary_key.push_back(column);
}

std::vector<std::string> index_columns(database& db, const std::string& index) {
  SQLite::Statement q(db.native(),
                      "SELECT name, \"desc\", coll FROM pragma_index_xinfo(?) WHERE key = 1 "
                      "ORDER BY seqno");
  q.bind(1, index);
  std::vector<std::string> out;
  while (q.executeStep()) {
    std::string column = q.getColumn(0).isNull() ? "<expression>" : q.getColumn(0).getString();
    if (q.getColumn(2).getString() == "NOCASE") column = "lower(" + column + ")";
    if (q.getColumn(1).getInt() != 0) column += " DESC";
    out.push_back(column);
  }
  return out;
}

void describe_indexes(database& db, const std::string& name, table_description& table,
                      schema_description& schema) {
  SQLite::Statement q(db.native(),
                      "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)");
  q.bind(1, name);
  while (q.executeStep()) {
    const auto index = q.getColumn(0).getString();
    const auto origin = q.getColumn(2).getString();
    if (origin == "pk") continue;  // the primary key, described as such
    auto columns = index_columns(db, index);
    if (origin == "u") {
      table.unique.push_back(joined(columns, ","));
      continue;
    }
    schema.indexes[index] = {name, std::move(columns), q.getColumn(1).getInt() != 0,
                             q.getColumn(3).getInt() != 0};
  }
  std::sort(table.unique.begin(), table.unique.end());
}

void describe_foreign_keys(database& db, const std::string& name, table_description& table) {
  SQLite::Statement q(db.native(),
                      "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?)");
  q.bind(1, name);
  while (q.executeStep()) {
    table.foreign_keys.push_back(q.getColumn(0).getString() + " -> " + q.getColumn(1).getString() +
                                 "(" + q.getColumn(2).getString() + ")");
  }
  std::sort(table.foreign_keys.begin(), table.foreign_keys.end());
}

template <typename T>
std::string shown(const T& value) {
  if constexpr (std::is_same_v<T, std::vector<std::string>>)
    return "[" + joined(value, "; ") + "]";
  else if constexpr (std::is_same_v<T, bool>)
    return value ? "yes" : "no";
  else
    return value;
}

template <typename T>
void compare(std::vector<std::string>& out, const std::string& what, const T& a,
             const std::string& a_name, const T& b, const std::string& b_name) {
  if (a == b) return;
  out.push_back(what + ": " + shown(a) + " in " + a_name + ", " + shown(b) + " in " + b_name);
}

void compare_tables(std::vector<std::string>& out, const std::string& name,
                    const table_description& a, const std::string& a_name,
                    const table_description& b, const std::string& b_name) {
  for (const auto& [column, described] : a.columns) {
    const auto other = b.columns.find(column);
    if (other == b.columns.end()) {
      out.push_back(name + "." + column + ": only in " + a_name);
      continue;
    }
    const auto where = name + "." + column;
    compare(out, where + " type", described.type, a_name, other->second.type, b_name);
    compare(out, where + " not null", described.not_null, a_name, other->second.not_null, b_name);
    compare(out, where + " default", described.default_value, a_name, other->second.default_value,
            b_name);
  }
  for (const auto& [column, described] : b.columns)
    if (!a.columns.count(column)) out.push_back(name + "." + column + ": only in " + b_name);
  compare(out, name + " primary key", a.primary_key, a_name, b.primary_key, b_name);
  compare(out, name + " unique", a.unique, a_name, b.unique, b_name);
  compare(out, name + " foreign keys", a.foreign_keys, a_name, b.foreign_keys, b_name);
  compare(out, name + " triggers", a.triggers, a_name, b.triggers, b_name);
}

}  // namespace

schema_description describe_schema(database& db) {
  schema_description schema;
  const auto tables = names_of(
      db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'",
      nullptr);
  for (const auto& name : tables) {
    auto& table = schema.tables[name];
    describe_columns(db, name, table);
    describe_indexes(db, name, table, schema);
    describe_foreign_keys(db, name, table);
    table.triggers = names_of(
        db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
        &name);
  }
  return schema;
}

std::vector<std::string> schema_differences(const schema_description& a, const std::string& a_name,
                                            const schema_description& b,
                                            const std::string& b_name) {
  std::vector<std::string> out;
  for (const auto& [name, table] : a.tables) {
    const auto other = b.tables.find(name);
    if (other == b.tables.end())
      out.push_back("table " + name + ": only in " + a_name);
    else
      compare_tables(out, name, table, a_name, other->second, b_name);
  }
  for (const auto& [name, table] : b.tables)
    if (!a.tables.count(name)) out.push_back("table " + name + ": only in " + b_name);
  for (const auto& [name, index] : a.indexes) {
    const auto other = b.indexes.find(name);
    if (other == b.indexes.end()) {
      out.push_back("index " + name + ": only in " + a_name);
      continue;
    }
    compare(out, "index " + name + " table", index.table, a_name, other->second.table, b_name);
    compare(out, "index " + name + " columns", index.columns, a_name, other->second.columns,
            b_name);
    compare(out, "index " + name + " unique", index.unique, a_name, other->second.unique, b_name);
    compare(out, "index " + name + " partial", index.partial, a_name, other->second.partial,
            b_name);
  }
  for (const auto& [name, index] : b.indexes)
    if (!a.indexes.count(name)) out.push_back("index " + name + ": only in " + b_name);
  return out;
}

}  // namespace steward::storage
