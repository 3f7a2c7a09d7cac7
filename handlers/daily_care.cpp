#include "handlers/daily_care.hpp"

#include <algorithm>
#include <chrono>

#include "bot/core/local_day.hpp"
#include "bot/core/log.hpp"

namespace steward::handlers {

namespace {

constexpr std::int64_t check_every_s = 60;
constexpr const char* job_name = "care";

}  // namespace

daily_care::daily_care(storage::community_store& community, storage::care_store& care,
                       tier_keeper& tiers, churn_watch& churn, review_writer& reviews,
                       int daily_at_minute)
    : community_(community),
      care_(care),
      tiers_(tiers),
      churn_(churn),
      reviews_(reviews),
      daily_at_minute_(daily_at_minute) {}

int daily_care::due(std::int64_t now_s, const isolate_fn& isolate, const enqueue_fn& enqueue) {
  if (queue_.empty() && (now_s >= next_check_s_ || everyone_)) {
    next_check_s_ = now_s + check_every_s;
    queue_ = due_groups(now_s);
    std::reverse(queue_.begin(), queue_.end());  // taken from the back
    everyone_ = false;
  }
  const auto started = std::chrono::steady_clock::now();
  int ran = 0;
  while (!queue_.empty()) {
    const auto group = std::move(queue_.back());
    queue_.pop_back();
    if (run_group(group, now_s, isolate, enqueue)) ++ran;
    const std::chrono::duration<double, std::milli> spent =
        std::chrono::steady_clock::now() - started;
    if (spent.count() >= budget_ms) break;  // the rest at the next tick
  }
  return ran;
}

std::size_t daily_care::run_all_soon() {
  everyone_ = true;
  return community_.all_groups().size();
}

std::vector<storage::group_row> daily_care::due_groups(std::int64_t now_s) {
  std::vector<storage::group_row> out;
  for (auto& group : community_.all_groups()) {
    if (everyone_) {
      out.push_back(std::move(group));
      continue;
    }
    const auto today = core::local_day_at(now_s, group.time_zone);
    if (!today) continue;
    const auto midnight = core::local_day_start(today->day_number, group.time_zone);
    if (!midnight || (now_s - *midnight) / 60 < daily_at_minute_) continue;
    const auto last = care_.last_run(group.id, job_name);
    if (last && *last >= today->day_number) continue;
    out.push_back(std::move(group));
  }
  return out;
}

bool daily_care::run_group(const storage::group_row& group, std::int64_t now_s,
                           const isolate_fn& isolate, const enqueue_fn& enqueue) {
  const auto today = core::local_day_at(now_s, group.time_zone);
  if (!today) return false;
  // One group's failure is undone alone (its posts too) and retried at the next scan.
  return isolate("daily care of " + group.chat_id, [&] {
    const auto started = std::chrono::steady_clock::now();
    const auto tiers = tiers_.recompute(group, today->day_number, now_s);
    auto actions = churn_.run(group, now_s);
    for (auto& review : reviews_.due(group, today->day_number, now_s))
      actions.push_back(std::move(review));
    if (digest_ != nullptr) {
      if (auto digest = digest_->due(group)) actions.push_back(std::move(*digest));
    }
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
}

}  // namespace steward::handlers
