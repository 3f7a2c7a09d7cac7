#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// Something members can buy with points.
struct shop_item {
  std::string id;  ///< short handle used in /redeem ("mug")
  std::string name;
  std::string description;
  std::int64_t price = 0;
  std::optional<std::int64_t> stock;             ///< total ever available; nullopt = unlimited
  std::optional<std::int64_t> per_member_limit;  ///< nullopt = no limit
  std::optional<std::int64_t> valid_from;        ///< Unix seconds
  std::optional<std::int64_t> valid_until;
  std::int64_t min_level = 0;
  std::string required_badge;
  std::string min_tier;  ///< "core", "potential" or "" (everyone)
};

/// A redemption as stored.
struct redemption {
  std::int64_t id = 0;
  std::string code;
  std::string item_id;
  std::int64_t member_id = 0;
  std::int64_t price = 0;
  std::string state;  ///< pending, fulfilled, refunded
};

/// A redemption with who made it and when, for operators.
struct redemption_view {
  redemption r;
  std::string user_id;
  std::string member_name;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

/// Shop items (synchronised from the configuration) and redemptions. Stock is never stored as a
/// counter: what is left is the item's stock minus its redemptions that were not refunded, read
/// and written inside one write transaction, so it cannot be oversold: on SQLite the only writer
/// holds the database, on PostgreSQL the item's row is locked (find_item) until COMMIT.
class shop_store {
 public:
  explicit shop_store(backend& db);

  /// Makes the configured items exactly `items` (configured ones no longer listed are disabled,
  /// never deleted: redemptions refer to them); items saved through the API are left alone.
  void sync_items(const std::vector<shop_item>& items);
  /// Saves an item from the API (created or replaced, offered at once); from then on the
  /// database owns it and the configuration no longer changes it.
  void save_item(const shop_item& item);
  /// Withdraws an item from the shop (its redemptions stay); false if it was not offered.
  bool withdraw_item(const std::string& id);
  /// The enabled items, cheapest first.
  std::vector<shop_item> items();
  /// An enabled item by id or by name (case-insensitive), to be redeemed: on PostgreSQL its row
  /// stays locked until the transaction ends, so instances redeeming it take turns and each
  /// counts what the one before it took.
  std::optional<shop_item> find_item(const std::string& id_or_name);
  /// Redemptions of an item that still hold stock (pending or fulfilled).
  std::int64_t taken(const std::string& item_id);
  /// The same, by one member.
  std::int64_t taken_by(const std::string& item_id, std::int64_t member_id);
  /// Records a redemption; false if the code is already used (the caller picks another).
  bool insert(const redemption& r, const std::string& event_id, std::int64_t now_s);
  /// A redemption by its code.
  std::optional<redemption> find_redemption(const std::string& code);
  /// Redemptions of a group's members, newest first; `state` empty: any state.
  std::vector<redemption_view> redemptions_in(std::int64_t group_id, const std::string& state,
                                              int limit);
  /// Moves a redemption to `state`; false if it was not in `from_state`.
  bool transition(const std::string& code, const std::string& from_state, const std::string& state,
                  std::int64_t now_s);

 private:
  void upsert_item(const shop_item& item, const char* source);
  statement_cache statements_;
};

}  // namespace steward::storage
