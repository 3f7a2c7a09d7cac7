#pragma once

#include <random>
#include <vector>

#include "handlers/handler.hpp"
#include "handlers/levels.hpp"
#include "handlers/template_book.hpp"
#include "storage/badge_store.hpp"
#include "storage/care_store.hpp"
#include "storage/ledger_store.hpp"
#include "storage/shop_store.hpp"

namespace steward::handlers {

/// What became of a fulfil or refund request.
enum class settle_outcome { done, unknown_code, not_pending };

/// The result of settle_redemption: the redemption as it was found, and the member's balance
/// after a refund.
struct settle_result {
  settle_outcome outcome = settle_outcome::unknown_code;
  storage::redemption found;
  std::int64_t balance = 0;
};

/// Marks a pending redemption fulfilled, or refunds it (a ledger credit keyed by the code, and
/// its stock comes back). Used by /fulfil, /refund and the admin API alike; `actor` is who
/// asked, for the ledger ("admin:<user id>", "api:<token name>").
settle_result settle_redemption(storage::shop_store& shop, storage::ledger_store& ledger,
                                const std::string& code, bool refund,
                                const std::string& source_event, const std::string& actor,
                                std::int64_t at);

/// A new redemption code, "XXXX-XXXX": unambiguous letters and digits that spell no word and
/// hold nothing the contact detectors read as a WeChat or QQ contact (members post their codes).
std::string redemption_code(std::mt19937_64& random);

/// /shop (积分商城) lists the items; /redeem <item> (兑换) buys one in a single transaction:
/// availability, level and badge, stock, per-member limit and balance are checked, the points
/// debited and a redemption with a unique code created. The reply carries the code.
class shop_handler final : public handler {
 public:
  /// `care`: the members' tiers, for items kept for a tier (may be null: such items refuse).
  shop_handler(storage::shop_store& shop, storage::ledger_store& ledger,
               storage::badge_store& badges, const template_book& book, level_curve levels,
               storage::care_store* care = nullptr);
  std::string_view name() const override { return "shop"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  core::action list(const context& ctx);
  handler_result redeem(const context& ctx, const std::string& wanted);
  /// Why the member cannot have the item now, or empty when they can.
  std::string refusal(const context& ctx, const storage::shop_item& item);
  std::string item_line(const context& ctx, const storage::shop_item& item);
  std::string new_code();

  storage::shop_store& shop_;
  storage::ledger_store& ledger_;
  storage::badge_store& badges_;
  const template_book& book_;
  level_curve levels_;
  storage::care_store* care_;
  std::mt19937_64 random_{std::random_device{}()};
};

/// /fulfil <code> and /refund <code> (admins): hand a redemption over, or give its points back
/// (a ledger credit; the stock returns).
class redemption_admin_handler final : public handler {
 public:
  redemption_admin_handler(storage::shop_store& shop, storage::ledger_store& ledger,
                           const template_book& book);
  std::string_view name() const override { return "redemption_admin"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  std::string apply(const context& ctx, bool refund);
  storage::shop_store& shop_;
  storage::ledger_store& ledger_;
  const template_book& book_;
};

}  // namespace steward::handlers
