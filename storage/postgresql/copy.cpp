#include "storage/postgresql/copy.hpp"

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>

#include <set>

#include "storage/database.hpp"
#include "storage/detail/sqlite_statement.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/postgresql/migrations.hpp"
#include "storage/schema_description.hpp"

namespace steward::storage::postgresql {

namespace {

constexpr std::size_t copy_chunk_bytes = 1 << 20;

std::string quoted(const std::string& name) {
  return "\"" + name + "\"";
}

std::string column_list(const table_description& table) {
  std::string out;
  for (const auto& [name, column] : table.columns)
    out += (out.empty() ? "" : ", ") + quoted(name);
  return out;
}

// Tables in an order where every table comes after the tables it references (a table may
// reference itself: COPY checks its foreign keys once the whole table is in).
std::vector<std::string> referenced_first(const schema_description& schema) {
  std::vector<std::string> order;
  std::set<std::string> placed;
  while (order.size() < schema.tables.size()) {
    const auto before = order.size();
    for (const auto& [name, table] : schema.tables) {
      if (placed.count(name)) continue;
      bool ready = true;
      for (const auto& key : table.foreign_keys) {
        const auto target = key.substr(key.find("-> ") + 3, key.find('(') - key.find("-> ") - 3);
        if (target != name && !placed.count(target)) ready = false;
      }
      if (!ready) continue;
      order.push_back(name);
      placed.insert(name);
    }
    if (order.size() == before) throw error("the tables' foreign keys form a cycle", "");
  }
  return order;
}

// One value in COPY's text format.
void append_value(std::string& out, detail::sqlite_statement& row, int column) {
  switch (row.kind(column)) {
    case value_kind::null:
      out += "\\N";
      return;
    case value_kind::integer:
      out += std::to_string(row.integer(column));
      return;
    case value_kind::real:
      out += fmt::format("{}", row.real(column));
      return;
    case value_kind::text:
      break;
  }
  for (const char c : row.text(column)) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

std::int64_t copy_table(database& source, connection& target, const std::string& name,
                        const table_description& table) {
  const auto columns = column_list(table);
  detail::sqlite_statement rows(source.native().getHandle(),
                                ("SELECT " + columns + " FROM " + quoted(name)).c_str());
  target.begin_copy("COPY " + quoted(name) + " (" + columns + ") FROM STDIN");
  std::string chunk;
  std::int64_t copied = 0;
  while (rows.step()) {
    for (int c = 0; c < rows.columns(); ++c) {
      if (c > 0) chunk += '\t';
      append_value(chunk, rows, c);
    }
    chunk += '\n';
    ++copied;
    if (chunk.size() >= copy_chunk_bytes) {
      target.copy_data(chunk);
      chunk.clear();
    }
  }
  if (!chunk.empty()) target.copy_data(chunk);
  target.end_copy();
  return copied;
}

// Identity columns continue after the highest id copied, not from 1.
void continue_identities(connection& target) {
  auto identities = target.query(
      "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND a.attidentity != ''");
  for (int r = 0; r < identities.rows(); ++r) {
    const std::string table(identities.text(r, 0)), column(identities.text(r, 1));
    target.query(fmt::format("SELECT setval(pg_get_serial_sequence($1, $2), "
                             "COALESCE((SELECT max({1}) FROM {0}), 0) + 1, false)",
                             quoted(table), quoted(column)),
                 {table, column});
  }
}

void check_copy(database& source, connection& target, copy_report& report) {
  for (const auto& [table, rows] : report.tables) {
    const auto in_target = target.query("SELECT count(*) FROM " + quoted(table)).integer(0, 0);
    const auto in_source = source.query_int("SELECT count(*) FROM " + quoted(table));
    if (in_target != rows || in_source != rows)
      report.problems.push_back(fmt::format("{}: {} rows in SQLite, {} copied, {} in PostgreSQL",
                                            table, in_source, rows, in_target));
  }
  auto balances = target.query(
      "SELECT m.id, m.points, COALESCE(sum(l.delta), 0) FROM members m "
      "LEFT JOIN ledger l ON l.member_id = m.id GROUP BY m.id, m.points "
      "HAVING m.points != COALESCE(sum(l.delta), 0) ORDER BY m.id LIMIT 10");
  for (int r = 0; r < balances.rows(); ++r)
    report.problems.push_back(fmt::format("member {}: balance {}, but the ledger sums to {}",
                                          balances.text(r, 0), balances.text(r, 1),
                                          balances.text(r, 2)));
  report.members_checked = target.query("SELECT count(*) FROM members").integer(0, 0);
  auto oversold = target.query(
      "SELECT i.id, i.stock, count(r.id) FROM shop_items i JOIN redemptions r "
      "ON r.item_id = i.id AND r.state != 'refunded' WHERE i.stock IS NOT NULL "
      "GROUP BY i.id, i.stock HAVING count(r.id) > i.stock ORDER BY i.id LIMIT 10");
  for (int r = 0; r < oversold.rows(); ++r)
    report.problems.push_back(fmt::format("item {}: stock {}, but {} redeemed", oversold.text(r, 0),
                                          oversold.text(r, 1), oversold.text(r, 2)));
  report.items_checked =
      target.query("SELECT count(*) FROM shop_items WHERE stock IS NOT NULL").integer(0, 0);
}

void refuse_unless_empty(connection& target, const std::vector<std::string>& tables) {
  for (const auto& table : tables) {
    if (target.query("SELECT EXISTS (SELECT 1 FROM " + quoted(table) + ")").text(0, 0) == "t")
      throw error("the PostgreSQL database already holds a community (table " + table +
                      " has rows): copy into an empty database",
                  "");
  }
}

}  // namespace

copy_report copy_to_postgresql(database& source, connection& target) {
  if (source.schema_version() != database::latest_schema_version())
    throw error(fmt::format("the SQLite database is at schema version {}, not {}: run `steward "
                            "migrate` on it first",
                            source.schema_version(), database::latest_schema_version()),
                "");
  migrate(target);
  const auto schema = describe_schema(source);
  const auto order = referenced_first(schema);
  copy_report report;
  // One read transaction on SQLite: a consistent snapshot even if Steward still writes.
  source.execute("BEGIN");
  target.execute("BEGIN");
  try {
    refuse_unless_empty(target, order);
    for (const auto& table : order) {
      const auto rows = copy_table(source, target, table, schema.tables.at(table));
      report.tables.emplace_back(table, rows);
      report.rows += rows;
    }
    continue_identities(target);
    check_copy(source, target, report);
    target.execute(report.problems.empty() ? "COMMIT" : "ROLLBACK");
  } catch (...) {
    try {
      target.execute("ROLLBACK");
    } catch (const error&) {
      // The connection is gone: the server rolls back by itself.
    }
    source.execute("ROLLBACK");
    throw;
  }
  source.execute("ROLLBACK");
  return report;
}

}  // namespace steward::storage::postgresql
