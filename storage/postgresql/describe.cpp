#include "storage/postgresql/describe.hpp"

#include <algorithm>
#include <string>

#include "storage/postgresql/connection.hpp"

namespace steward::storage::postgresql {

namespace {

std::string type_class(std::string_view type) {
  if (type == "bigint" || type == "integer" || type == "smallint") return "integer";
  if (type == "text") return "text";
  if (type == "double precision" || type == "real") return "real";
  if (type == "bytea") return "blob";
  return std::string(type);
}

// PostgreSQL states a default with a cast ("'member'::text"); SQLite without.
std::string without_casts(std::string text) {
  for (const char* cast : {"::text", "::bigint", "::integer"}) {
    for (auto at = text.find(cast); at != std::string::npos; at = text.find(cast))
      text.erase(at, std::string_view(cast).size());
  }
  return text;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (std::size_t start = 0;;) {
    const auto end = text.find(separator, start);
    out.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

constexpr std::string_view columns_sql = R"sql(
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       COALESCE(pg_get_expr(d.adbin, d.adrelid), '')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname != 'steward_schema'
ORDER BY c.relname, a.attnum)sql";

// Key columns of a constraint, in key order, joined by ','.
constexpr std::string_view constraints_sql = R"sql(
SELECT c.relname, k.contype,
       array_to_string(ARRAY(
         SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, position)
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
         ORDER BY u.position), ','),
       COALESCE(f.relname, ''),
       array_to_string(ARRAY(
         SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, position)
         JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum
         ORDER BY u.position), ',')
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class f ON f.oid = k.confrelid
WHERE n.nspname = current_schema() AND k.contype IN ('p', 'u', 'f')
  AND c.relname != 'steward_schema')sql";

// Indexes made by CREATE INDEX: those no constraint owns. Key columns joined by U+001F.
constexpr std::string_view indexes_sql = R"sql(
SELECT i.relname, t.relname, x.indisunique, x.indpred IS NOT NULL,
       array_to_string(ARRAY(
         SELECT pg_get_indexdef(x.indexrelid, k, true) ||
                CASE WHEN (x.indoption[k - 1] & 1) = 1 THEN ' DESC' ELSE '' END
         FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k), E'\x1f')
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid))sql";

constexpr std::string_view triggers_sql = R"sql(
SELECT c.relname, g.tgname
FROM pg_trigger g
JOIN pg_class c ON c.oid = g.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND NOT g.tgisinternal)sql";

void describe_columns(connection& db, schema_description& schema) {
  auto rows = db.query(columns_sql);
  for (int r = 0; r < rows.rows(); ++r) {
    column_description column;
    column.type = type_class(rows.text(r, 2));
    column.not_null = rows.text(r, 3) == "t";
    column.default_value = without_casts(std::string(rows.text(r, 4)));
    schema.tables[std::string(rows.text(r, 0))].columns[std::string(rows.text(r, 1))] = column;
  }
}

void describe_constraints(connection& db, schema_description& schema) {
  auto rows = db.query(constraints_sql);
  for (int r = 0; r < rows.rows(); ++r) {
    auto& table = schema.tables[std::string(rows.text(r, 0))];
    const auto kind = rows.text(r, 1);
    const std::string columns(rows.text(r, 2));
    if (kind == "p") table.primary_key = split(columns, ',');
    if (kind == "u") table.unique.push_back(columns);
    if (kind == "f")
      table.foreign_keys.push_back(columns + " -> " + std::string(rows.text(r, 3)) + "(" +
                                   std::string(rows.text(r, 4)) + ")");
  }
  for (auto& [name, table] : schema.tables) {
    std::sort(table.unique.begin(), table.unique.end());
    std::sort(table.foreign_keys.begin(), table.foreign_keys.end());
  }
}

void describe_indexes(connection& db, schema_description& schema) {
  auto rows = db.query(indexes_sql);
  for (int r = 0; r < rows.rows(); ++r) {
    schema.indexes[std::string(rows.text(r, 0))] = {std::string(rows.text(r, 1)),
                                                    split(rows.text(r, 4), '\x1f'),
                                                    rows.text(r, 2) == "t", rows.text(r, 3) == "t"};
  }
}

void describe_triggers(connection& db, schema_description& schema) {
  auto rows = db.query(triggers_sql);
  for (int r = 0; r < rows.rows(); ++r)
    schema.tables[std::string(rows.text(r, 0))].triggers.emplace_back(rows.text(r, 1));
  for (auto& [name, table] : schema.tables)
    std::sort(table.triggers.begin(), table.triggers.end());
}

}  // namespace

schema_description describe_schema(connection& db) {
  schema_description schema;
  describe_columns(db, schema);
  describe_constraints(db, schema);
  describe_indexes(db, schema);
  describe_triggers(db, schema);
  return schema;
}

}  // namespace steward::storage::postgresql
