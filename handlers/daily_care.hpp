#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "handlers/badge_digest.hpp"
#include "handlers/churn.hpp"
#include "handlers/review.hpp"
#include "handlers/tiers.hpp"
#include "storage/care_store.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// Runs the daily member care of every group — tiers recomputed, churn warnings given, the
/// weekly and monthly reviews posted when a period is over, the badge digest — once a
/// local day, at `daily_at_minute` (minutes after local midnight) in each group's time zone or
/// at the first check after it (after downtime: once, the same day), spread over the core's
/// ticks so that a thousand groups never hold up webhooks for long.
class daily_care {
 public:
  /// Runs one group's work in its own savepoint (pipeline::run_isolated): false if it failed.
  using isolate_fn = std::function<bool(const std::string& what, const std::function<void()>&)>;
  /// Queues an action in the outbox (pipeline::enqueue), in the same savepoint.
  using enqueue_fn = std::function<void(const core::action&)>;

  daily_care(storage::community_store& community, storage::care_store& care, tier_keeper& tiers,
             churn_watch& churn, review_writer& reviews, int daily_at_minute);

  /// Runs due groups, a few at a time so that webhooks are not held up: each call works for at
  /// most `budget_ms` (at least one group), and a scan for due groups starts at most once a
  /// minute. Queues what they post; the number of groups that ran.
  int due(std::int64_t now_s, const isolate_fn& isolate, const enqueue_fn& enqueue);
  /// Adds the badge digest to each group's daily run (before start; must outlive this).
  void set_badge_digest(badge_digest* digest) { digest_ = digest; }
  /// Makes every group due at the next call, whether or not it ran today (an operator asked);
  /// the number of groups.
  std::size_t run_all_soon();

 private:
  std::vector<storage::group_row> due_groups(std::int64_t now_s);
  bool run_group(const storage::group_row& group, std::int64_t now_s, const isolate_fn& isolate,
                 const enqueue_fn& enqueue);

  storage::community_store& community_;
  storage::care_store& care_;
  tier_keeper& tiers_;
  churn_watch& churn_;
  review_writer& reviews_;
  badge_digest* digest_ = nullptr;
  int daily_at_minute_;
  std::int64_t next_check_s_ = 0;
  bool everyone_ = false;                  // run_all_soon() was asked
  std::vector<storage::group_row> queue_;  // due, not yet run, in order
  static constexpr double budget_ms = 100;
};

}  // namespace steward::handlers
