#pragma once

#include "handlers/badges.hpp"
#include "handlers/earnings.hpp"
#include "handlers/handler.hpp"
#include "handlers/levels.hpp"
#include "handlers/template_book.hpp"
#include "storage/activity_store.hpp"

namespace steward::handlers {

/// What taking part in the conversation is worth.
struct activity_settings {
  std::int64_t xp_per_message = 10;
  std::int64_t points_per_message = 1;  ///< 0 = messages earn XP only
  std::int64_t cooldown_s = 60;         ///< at most one rewarded message per member per this
  level_curve levels;
};

/// Counts ordinary member messages (not commands, not bots) per local day and rewards them with
/// XP and points at most once per cooldown; announces level-ups. Never consumes the event, so
/// later handlers still see it.
class activity_handler final : public handler {
 public:
  activity_handler(storage::activity_store& activity, earnings& points, badge_rules& badges,
                   const template_book& book, activity_settings settings);
  std::string_view name() const override { return "activity"; }
  handler_result handle(const context& ctx) override;

 private:
  storage::activity_store& activity_;
  earnings& points_;
  badge_rules& badges_;
  const template_book& book_;
  activity_settings settings_;
};

}  // namespace steward::handlers
