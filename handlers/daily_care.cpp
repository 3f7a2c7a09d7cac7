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
  if (!current_ && queue_.empty() && (now_s >= next_check_s_ || everyone_)) {
    next_check_s_ = now_s + check_every_s;
    queue_ = due_groups(now_s);
    std::reverse(queue_.begin(), queue_.end());  // taken from the back
    everyone_ = false;
  }
  const auto started = std::chrono::steady_clock::now();
  const auto within_budget = [&] { return std::chrono::steady_clock::now() - started < budget_; };
  int finished = 0;
  while (current_ || !queue_.empty()) {
    if (!current_) {
      auto group = std::move(queue_.back());
      queue_.pop_back();
      start_group(std::move(group), now_s, isolate);
    }
    if (current_ && go_on_with_group(now_s, isolate, enqueue, within_budget)) ++finished;
    if (!within_budget()) break;  // the rest at the next tick
  }
  return finished;
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

void daily_care::start_group(storage::group_row group, std::int64_t now_s,
                             const isolate_fn& isolate) {
  const auto today = core::local_day_at(now_s, group.time_zone);
  if (!today) return;
  const auto started = std::chrono::steady_clock::now();
  tier_plan plan;
  if (!isolate("daily care of " + group.chat_id,
               [&] { plan = tiers_.plan(group, today->day_number, now_s); })) {
    return;  // logged by isolate; the next scan finds the group due again
  }
  current_ = in_care{std::move(group), today->day_number, std::move(plan),
                     std::chrono::steady_clock::now() - started};
  current_->rollbacks = care_.transaction_rollbacks();
}

bool daily_care::go_on_with_group(std::int64_t now_s, const isolate_fn& isolate,
                                  const enqueue_fn& enqueue,
                                  const std::function<bool()>& within_budget) {
  if (care_.transaction_rollbacks() != current_->rollbacks) {
    // A transaction rolled back since the last slice (its batch failed to commit, say) may
    // have undone slices the plan counts as written: plan the group again, from what is
    // stored. (A savepoint's rollback cannot undo a slice: each slice's savepoint was released.)
    queue_.push_back(std::move(current_->group));
    current_.reset();
    return false;
  }
  const auto started = std::chrono::steady_clock::now();
  bool done = false;
  // One slice's failure is undone alone (its posts too); the group is retried at the next scan.
  const bool ok = isolate("daily care of " + current_->group.chat_id, [&] {
    if (!tiers_.write(current_->tiers, within_budget)) return;
    finish_group(now_s, enqueue);
    done = true;
  });
  if (ok && !done) {
    current_->worked += std::chrono::steady_clock::now() - started;
    current_->rollbacks = care_.transaction_rollbacks();
    return false;
  }
  if (ok) {
    const auto worked = current_->worked + (std::chrono::steady_clock::now() - started);
    core::log_info("care.done", "tiers recomputed and churn checked",
                   {core::field("chat", current_->group.chat_id),
                    core::field("tier_changes", current_->tiers.summary.changes),
                    core::field("posts", current_->posts),
                    core::field("ms", std::chrono::duration<double, std::milli>(worked).count())});
  }
  current_.reset();
  return ok;
}

void daily_care::finish_group(std::int64_t now_s, const enqueue_fn& enqueue) {
  const auto& group = current_->group;
  auto actions = churn_.run(group, now_s);
  for (auto& review : reviews_.due(group, current_->day, now_s))
    actions.push_back(std::move(review));
  if (digest_ != nullptr) {
    if (auto digest = digest_->due(group)) actions.push_back(std::move(*digest));
  }
  for (const auto& a : actions)
    enqueue(a);
  current_->posts = actions.size();
  care_.mark_run(group.id, job_name, current_->day);
}

}  // namespace steward::handlers
