#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "handlers/churn.hpp"
#include "handlers/tiers.hpp"
#include "storage/care_store.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// Runs the daily member care of every group — tiers recomputed, churn warnings given — once a
/// local day, at `daily_at_minute` (minutes after local midnight) in each group's time zone or
/// at the first check after it (after downtime: once, the same day).
class daily_care {
 public:
  /// Runs one group's work in its own savepoint (pipeline::run_isolated): false if it failed.
  using isolate_fn = std::function<bool(const std::string& what, const std::function<void()>&)>;
  /// Queues an action in the outbox (pipeline::enqueue), in the same savepoint.
  using enqueue_fn = std::function<void(const core::action&)>;

  daily_care(storage::community_store& community, storage::care_store& care, tier_keeper& tiers,
             churn_watch& churn, int daily_at_minute);

  /// Checks (at most once a minute) which groups are due and runs them, queuing what they post;
  /// the number of groups that ran.
  int due(std::int64_t now_s, const isolate_fn& isolate, const enqueue_fn& enqueue);
  /// Runs every group now, due or not (an operator asked); the number of groups that ran.
  int run_all(std::int64_t now_s, const isolate_fn& isolate, const enqueue_fn& enqueue);

 private:
  int run_groups(std::int64_t now_s, bool only_due, const isolate_fn& isolate,
                 const enqueue_fn& enqueue);

  storage::community_store& community_;
  storage::care_store& care_;
  tier_keeper& tiers_;
  churn_watch& churn_;
  int daily_at_minute_;
  std::int64_t next_check_s_ = 0;
};

}  // namespace steward::handlers
