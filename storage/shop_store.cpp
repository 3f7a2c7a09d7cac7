#include "storage/shop_store.hpp"

#include "storage/detail/optional_column.hpp"

namespace steward::storage {

namespace {

using detail::bind_optional;
using detail::optional_int;

constexpr const char* item_columns =
    "id, name, description, price, stock, per_member_limit, valid_from, valid_until, min_level, "
    "required_badge, min_tier";

shop_item read_item(statement& row) {
  return shop_item{row.text(0),          row.text(1),          row.text(2),
                   row.integer(3),       optional_int(row, 4), optional_int(row, 5),
                   optional_int(row, 6), optional_int(row, 7), row.integer(8),
                   row.text(9),          row.text(10)};
}

}  // namespace

shop_store::shop_store(backend& db) : statements_(db) {}

// The configuration seeds items: it adds and updates its own, and withdraws those it no longer
// lists, but never touches one an operator saved or removed through the API.
void shop_store::sync_items(const std::vector<shop_item>& items) {
  statements_.get("UPDATE shop_items SET enabled = 0 WHERE source = 'config'").run();
  for (const auto& item : items)
    upsert_item(item, "config");
}

void shop_store::save_item(const shop_item& item) {
  upsert_item(item, "api");
}

// An item saved through the API replaces whatever was there and is the database's from then on;
// one from the configuration replaces only a configured one.
void shop_store::upsert_item(const shop_item& item, const char* source) {
  auto& upsert = statements_.get(
      "INSERT INTO shop_items (id, name, description, price, stock, per_member_limit, "
      "valid_from, valid_until, min_level, required_badge, min_tier, enabled, source) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET "
      "name = excluded.name, description = excluded.description, price = excluded.price, "
      "stock = excluded.stock, per_member_limit = excluded.per_member_limit, "
      "valid_from = excluded.valid_from, valid_until = excluded.valid_until, "
      "min_level = excluded.min_level, required_badge = excluded.required_badge, "
      "min_tier = excluded.min_tier, enabled = 1, source = excluded.source "
      "WHERE shop_items.source = 'config' OR excluded.source = 'api'");
  upsert.bind(1, item.id);
  upsert.bind(2, item.name);
  upsert.bind(3, item.description);
  upsert.bind(4, static_cast<int64_t>(item.price));
  bind_optional(upsert, 5, item.stock);
  bind_optional(upsert, 6, item.per_member_limit);
  bind_optional(upsert, 7, item.valid_from);
  bind_optional(upsert, 8, item.valid_until);
  upsert.bind(9, static_cast<int64_t>(item.min_level));
  upsert.bind(10, item.required_badge);
  upsert.bind(11, item.min_tier);
  upsert.bind(12, source);
  upsert.run();
}

bool shop_store::withdraw_item(const std::string& id) {
  auto& update = statements_.get(
      "UPDATE shop_items SET enabled = 0, source = 'api' WHERE id = ? AND enabled = 1");
  update.bind(1, id);
  return update.run() == 1;
}

std::vector<shop_item> shop_store::items() {
  static const std::string sql = std::string("SELECT ") + item_columns +
                                 " FROM shop_items WHERE enabled = 1 ORDER BY price, id";
  auto& query = statements_.get(sql.c_str());
  std::vector<shop_item> out;
  while (query.step())
    out.push_back(read_item(query));
  return out;
}

std::optional<shop_item> shop_store::find_item(const std::string& id_or_name) {
  static const std::string sql = std::string("SELECT ") + item_columns +
                                 " FROM shop_items WHERE enabled = 1 AND (lower(id) = lower(?1) "
                                 "OR lower(name) = lower(?1)) LIMIT 1";
  static const std::string locking_sql = sql + " FOR UPDATE";
  auto& query = statements_.get(sql.c_str(), locking_sql.c_str());
  query.bind(1, id_or_name);
  if (!query.step()) return std::nullopt;
  return read_item(query);
}

std::int64_t shop_store::taken(const std::string& item_id) {
  auto& query =
      statements_.get("SELECT COUNT(*) FROM redemptions WHERE item_id = ? AND state != 'refunded'");
  query.bind(1, item_id);
  query.step();
  return query.integer(0);
}

std::int64_t shop_store::taken_by(const std::string& item_id, std::int64_t member_id) {
  auto& query = statements_.get(
      "SELECT COUNT(*) FROM redemptions WHERE item_id = ? AND member_id = ? AND "
      "state != 'refunded'");
  query.bind(1, item_id);
  query.bind(2, static_cast<int64_t>(member_id));
  query.step();
  return query.integer(0);
}

bool shop_store::insert(const redemption& r, const std::string& event_id, std::int64_t now_s) {
  auto& insert = statements_.get(
      "INSERT INTO redemptions (code, item_id, member_id, price, event_id, created_at, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT DO NOTHING");
  insert.bind(1, r.code);
  insert.bind(2, r.item_id);
  insert.bind(3, static_cast<int64_t>(r.member_id));
  insert.bind(4, static_cast<int64_t>(r.price));
  insert.bind(5, event_id);
  insert.bind(6, static_cast<int64_t>(now_s));
  return insert.run() == 1;
}

std::optional<redemption> shop_store::find_redemption(const std::string& code) {
  auto& query = statements_.get(
      // Codes are made of capitals (handlers/shop.cpp): an admin's typing is read in capitals,
      // and the code's unique index finds it.
      "SELECT id, code, item_id, member_id, price, state FROM redemptions WHERE code = upper(?)");
  query.bind(1, code);
  if (!query.step()) return std::nullopt;
  return redemption{query.integer(0), query.text(1),    query.text(2),
                    query.integer(3), query.integer(4), query.text(5)};
}

bool shop_store::transition(const std::string& code, const std::string& from_state,
                            const std::string& state, std::int64_t now_s) {
  auto& update = statements_.get(
      "UPDATE redemptions SET state = ?, updated_at = ? WHERE code = upper(?) AND state = ?");
  update.bind(1, state);
  update.bind(2, static_cast<int64_t>(now_s));
  update.bind(3, code);
  update.bind(4, from_state);
  return update.run() == 1;
}

std::vector<redemption_view> shop_store::redemptions_in(std::int64_t group_id,
                                                        const std::string& state, int limit) {
  auto& query = statements_.get(
      "SELECT r.id, r.code, r.item_id, r.member_id, r.price, r.state, m.user_id, m.display_name, "
      "r.created_at, r.updated_at FROM redemptions r JOIN members m ON m.id = r.member_id "
      "WHERE m.group_id = ?1 AND (?2 = '' OR r.state = ?2) ORDER BY r.id DESC LIMIT ?3");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, state);
  query.bind(3, limit);
  std::vector<redemption_view> out;
  while (query.step()) {
    out.push_back({{query.integer(0), query.text(1), query.text(2), query.integer(3),
                    query.integer(4), query.text(5)},
                   query.text(6),
                   query.text(7),
                   query.integer(8),
                   query.integer(9)});
  }
  return out;
}

}  // namespace steward::storage
