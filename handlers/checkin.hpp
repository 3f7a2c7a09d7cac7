#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "bot/core/local_day.hpp"
#include "handlers/badges.hpp"
#include "handlers/earnings.hpp"
#include "handlers/experiments.hpp"
#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/checkin_store.hpp"

namespace steward::handlers {

/// Points and limits of the daily check-in.
struct checkin_settings {
  std::int64_t base_points = 10;               ///< points for any check-in
  std::int64_t streak_bonus = 2;               ///< extra points per consecutive day after the first
  std::int64_t max_streak_bonus = 20;          ///< cap on the extra points
  std::int64_t repeat_notice_cooldown_s = 60;  ///< at most one "already checked in" per this
  /// How a second check-in the same day is answered: "reply" (the checkin_again text),
  /// "reaction" (👌 on the member's message, nothing posted) or "silent".
  std::string repeat_answer = "reply";
};

/// The outcome of a check-in attempt, before anything is written.
struct checkin_award {
  bool already_checked_in = false;
  std::int64_t streak = 0;
  std::int64_t points = 0;
};

/// Decides a check-in on `today` given the member's latest one: already done today, a streak
/// continued from yesterday, or a fresh streak of 1.
checkin_award decide_checkin(const std::optional<storage::checkin_row>& latest, std::int64_t today,
                             const checkin_settings& settings);

/// /checkin and its aliases (签到): once per member per local day in the group's time zone.
class checkin_handler final : public handler {
 public:
  checkin_handler(storage::checkin_store& checkins, earnings& points, badge_rules& badges,
                  const template_book& book, checkin_settings settings);
  std::string_view name() const override { return "checkin"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;
  /// Lets A/B tests of the check-in reply choose its text (may be null: none).
  void set_experiments(const experiment_runner* experiments) { experiments_ = experiments; }

 private:
  handler_result answer_repeat(const context& ctx, const core::local_day& today,
                               const storage::checkin_row& done);
  storage::checkin_store& checkins_;
  earnings& points_;
  badge_rules& badges_;
  const template_book& book_;
  checkin_settings settings_;
  const experiment_runner* experiments_ = nullptr;
};

}  // namespace steward::handlers
