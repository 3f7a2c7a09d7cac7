#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/cron.hpp"
#include "handlers/entry_problem.hpp"
#include "handlers/experiments.hpp"
#include "storage/community_store.hpp"
#include "storage/schedule_store.hpp"

namespace steward::handlers {

/// One scheduled SOP post from `[[schedules]]`.
struct schedule_entry {
  std::string id;
  std::string cron;                  ///< recurring, in each group's time zone; or
  std::optional<std::int64_t> once;  ///< a one-off at this Unix time
  std::vector<std::string> groups;   ///< chat ids; empty: every known group
  std::string text;                  ///< a template: {group}, {date}
  bool enabled = true;
  bool catch_up = false;  ///< after downtime: post a missed run once (true) or skip it (false)
};

/// Checks an entry (exactly one of cron/once, cron syntax, text placeholders and markup);
/// returns the problem with the field it is about, or nullopt.
std::optional<entry_problem> check_schedule(const schedule_entry& entry);

/// Posts scheduled SOP messages through the outbox. Runs are judged against the last recorded
/// run per group: a run due now is posted; runs missed while Steward was down are skipped or
/// caught up once, as the entry says. A schedule starts counting when it first sees a group.
class scheduler {
 public:
  scheduler(std::vector<schedule_entry> entries, storage::community_store& community,
            storage::schedule_store& runs, std::string platform = "telegram");

  /// Puts `entries` in force (an operator edit); runs already recorded still count.
  void replace(std::vector<schedule_entry> entries);
  /// The entries in force.
  std::vector<schedule_entry> entries() const;

  /// The posts due at `now_s` (called by the clock tick inside a transaction).
  std::vector<core::action> due(std::int64_t now_s);

  /// Lets A/B tests of a post ("schedule:<id>") choose its text (may be null: none).
  void set_experiments(const experiment_runner* experiments) { experiments_ = experiments; }

  /// How late a run may be and still count as on time (a slow tick, not downtime).
  static constexpr std::int64_t on_time_s = 120;

 private:
  struct plan {
    schedule_entry entry;
    std::optional<core::cron_expression> cron;
  };
  std::optional<std::int64_t> next_after(const plan& p, std::int64_t after,
                                         const std::string& zone) const;
  void run(const plan& p, const storage::group_row& g, std::int64_t now_s,
           std::vector<core::action>& out);

  std::vector<plan> plans_;
  storage::community_store& community_;
  storage::schedule_store& runs_;
  std::string platform_;
  std::map<std::string, std::int64_t> next_due_;  // schedule + group → next run (cache)
  const experiment_runner* experiments_ = nullptr;
};

}  // namespace steward::handlers
