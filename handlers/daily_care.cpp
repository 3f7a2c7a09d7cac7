#include "handlers/daily_care.hpp"

#include <chrono>

#include "bot/core/local_day.hpp"
#include "bot/core/log.hpp"

namespace steward::handlers {

namespace {

constexpr std::int64_t check_every_s = 60;
constexpr const char* job_name = "care";

}  // namespace

daily_care::daily_care(storage::community_store& community, storage::care_store& care,
                       tier_keeper& tiers, churn_watch& churn, int daily_at_minute)
    : community_(community),
      care_(care),
      tiers_(tiers),
      churn_(churn),
      daily_at_minute_(daily_at_minute) {}

int daily_care::due(std::int64_t now_s, const isolate_fn& isolate, const enqueue_fn& enqueue) {
  if (now_s < next_check_s_) return 0;
  next_check_s_ = now_s + check_every_s;
  return run_groups(now_s, true, isolate, enqueue);
}

int daily_care::run_all(std::int64_t now_s, const isolate_fn& isolate,
                        const enqueue_fn& enqueue) {
  return run_groups(now_s, false, isolate, enqueue);
}

int daily_care::run_groups(std::int64_t now_s, bool only_due, const isolate_fn& isolate,
                           const enqueue_fn& enqueue) {
  int ran = 0;
  for (const auto& group : community_.groups_of("telegram")) {
    const auto today = core::local_day_at(now_s, group.time_zone);
    if (!today) continue;
    const auto midnight = core::local_day_start(today->day_number, group.time_zone);
    if (!midnight) continue;
    if (only_due) {
      if ((now_s - *midnight) / 60 < daily_at_minute_) continue;
      const auto last = care_.last_run(group.id, job_name);
      if (last && *last >= today->day_number) continue;
    }
    // One group's failure is undone alone (its posts too) and retried at the next check.
    const bool ok = isolate("daily care of " + group.chat_id, [&] {
      const auto started = std::chrono::steady_clock::now();
      const auto tiers = tiers_.recompute(group, today->day_number, now_s);
      const auto actions = churn_.run(group, now_s);
      for (const auto& a : actions)
        enqueue(a);
      care_.mark_run(group.id, job_name, today->day_number);
      core::log_info("care.done", "tiers recomputed and churn checked",
                     {core::field("chat", group.chat_id), core::field("tier_changes", tiers.changes),
                      core::field("posts", actions.size()),
                      core::field("ms", std::chrono::duration<double, std::milli>(
                                            std::chrono::steady_clock::now() - started)
                                            .count())});
    });
    if (ok) ++ran;
  }
  return ran;
}

}  // namespace steward::handlers
