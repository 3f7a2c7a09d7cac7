#pragma once

#include <random>

#include "handlers/handler.hpp"
#include "handlers/levels.hpp"
#include "storage/badge_store.hpp"
#include "storage/ledger_store.hpp"
#include "storage/shop_store.hpp"

namespace steward::handlers {

/// /shop (积分商城) lists the items; /redeem <item> (兑换) buys one in a single transaction:
/// availability, level and badge, stock, per-member limit and balance are checked, the points
/// debited and a redemption with a unique code created. The reply carries the code.
class shop_handler final : public handler {
 public:
  shop_handler(storage::shop_store& shop, storage::ledger_store& ledger,
               storage::badge_store& badges, level_curve levels);
  std::string_view name() const override { return "shop"; }
  handler_result handle(const context& ctx) override;

 private:
  std::string list(const context& ctx);
  std::string redeem(const context& ctx, const std::string& wanted);
  /// Why the member cannot have the item now, or empty when they can.
  std::string refusal(const context& ctx, const storage::shop_item& item);
  std::string new_code();

  storage::shop_store& shop_;
  storage::ledger_store& ledger_;
  storage::badge_store& badges_;
  level_curve levels_;
  std::mt19937_64 random_{std::random_device{}()};
};

/// /fulfil <code> and /refund <code> (admins): hand a redemption over, or give its points back
/// (a ledger credit; the stock returns).
class redemption_admin_handler final : public handler {
 public:
  redemption_admin_handler(storage::shop_store& shop, storage::ledger_store& ledger);
  std::string_view name() const override { return "redemption_admin"; }
  handler_result handle(const context& ctx) override;

 private:
  std::string apply(const context& ctx, bool refund);
  storage::shop_store& shop_;
  storage::ledger_store& ledger_;
};

}  // namespace steward::handlers
