#pragma once

#include <vector>

#include "handlers/handler.hpp"
#include "handlers/levels.hpp"
#include "handlers/template_book.hpp"
#include "storage/badge_store.hpp"
#include "storage/care_store.hpp"
#include "storage/checkin_store.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// /points and 积分: the member's balance, current streak and rank in the group.
class points_handler final : public handler {
 public:
  /// `care`: where the member's tier is read for `{tier}` (may be null: no tier).
  points_handler(storage::community_store& community, storage::checkin_store& checkins,
                 storage::badge_store& badges, const template_book& book, level_curve levels,
                 storage::care_store* care = nullptr);
  std::string_view name() const override { return "points"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;

 private:
  std::int64_t current_streak(const context& ctx);
  std::string tier_text(const context& ctx, bool zh);
  storage::community_store& community_;
  storage::checkin_store& checkins_;
  storage::badge_store& badges_;
  const template_book& book_;
  level_curve levels_;
  storage::care_store* care_;
};

}  // namespace steward::handlers
