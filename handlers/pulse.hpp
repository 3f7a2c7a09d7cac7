#pragma once

#include "handlers/churn.hpp"
#include "handlers/experiments.hpp"
#include "handlers/handler.hpp"
#include "storage/analytics_store.hpp"
#include "storage/ledger_store.hpp"

namespace steward::handlers {

/// Turns what happens in a group into the hourly roll-ups: messages and speakers, joins and
/// leaves (and why), members present, check-ins, redemptions, moderation actions by rule, and —
/// through the ledger — points earned and spent and invites credited. Bots are not counted.
class community_pulse final : public event_observer {
 public:
  /// `churn`: told when a member writes, to mark their churn warnings answered (may be null).
  explicit community_pulse(storage::analytics_store& analytics, churn_watch* churn = nullptr);
  /// Tells A/B tests of templates when members write and check in (may be null: none).
  void set_experiments(experiment_runner* experiments) { experiments_ = experiments; }

  void observe(const context& ctx, std::span<const core::tally> tallies) override;
  /// Counts a points change (wired to ledger_store::on_append): earned, spent, invites.
  void points_changed(const storage::ledger_entry& entry);

 private:
  void count_speaker(const context& ctx, core::local_hour now, storage::hour_counts& counts);

  storage::analytics_store& analytics_;
  churn_watch* churn_;
  experiment_runner* experiments_ = nullptr;
};

}  // namespace steward::handlers
