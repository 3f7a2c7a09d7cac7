#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
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

  /// Runs due groups, a slice at a time so that webhooks are not held up: each call works for
  /// about `budget_ms` (a large group's tiers are written over several calls, each slice in its
  /// own savepoint; its posts and its mark as done come with the last), and a scan for due
  /// groups starts at most once a minute. Queues what they post; the number of groups finished.
  int due(std::int64_t now_s, const isolate_fn& isolate, const enqueue_fn& enqueue);
  /// How long one call to due() may work (tests: 0 writes one slice per call).
  void set_budget(std::chrono::milliseconds budget) { budget_ = budget; }
  /// Adds the badge digest to each group's daily run (before start; must outlive this).
  void set_badge_digest(badge_digest* digest) { digest_ = digest; }
  /// Makes every group due at the next call, whether or not it ran today (an operator asked);
  /// the number of groups.
  std::size_t run_all_soon();

 private:
  /// A group whose care has begun: its tiers planned, written a slice per call.
  struct in_care {
    storage::group_row group;
    std::int64_t day = 0;  ///< the local day the care is for
    tier_plan tiers;
    std::chrono::steady_clock::duration worked{};  ///< over every call so far
    std::size_t posts = 0;                         ///< queued when it finished
    std::uint64_t rollbacks = 0;  ///< care_store::transaction_rollbacks() after its last slice
  };
  std::vector<storage::group_row> due_groups(std::int64_t now_s);
  /// Plans the group's tiers (reads only); on success the group becomes current_.
  void start_group(storage::group_row group, std::int64_t now_s, const isolate_fn& isolate);
  /// Writes a slice of current_'s tiers and, with the last, does the rest of its care; true when
  /// the group's care is done. A failed slice is undone and the group dropped until the next
  /// scan finds it due again (its earlier slices stay: the next plan writes only what differs).
  bool go_on_with_group(std::int64_t now_s, const isolate_fn& isolate, const enqueue_fn& enqueue,
                        const std::function<bool()>& within_budget);
  void finish_group(std::int64_t now_s, const enqueue_fn& enqueue);

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
  std::optional<in_care> current_;
  // Webhooks that arrive meanwhile wait for the tick's batch: 100 ms per tick (a whole group
  // at a time) made a p99 of 400 ms with a million members (tests/bench/million.sh).
  std::chrono::milliseconds budget_{40};
};

}  // namespace steward::handlers
