#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "handlers/community_stats.hpp"
#include "handlers/template_book.hpp"
#include "storage/care_store.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// [analytics] reviews: which periodic reviews (周复盘 / 月总结) are posted, and where.
struct review_settings {
  bool weekly = true;
  bool monthly = true;
  std::string report_chat;  ///< moderation.report_chat (empty: reviews only through the API)
};

/// A run of local days a review covers.
struct review_period {
  std::string kind;  ///< "week" (Monday to Sunday) or "month"
  std::int64_t from_day = 0;
  std::int64_t to_day = 0;  ///< inclusive
};

/// The last complete week or month before local day `today`.
review_period last_complete(const std::string& kind, std::int64_t today);
/// The week or month that contains local day `day`.
review_period period_containing(const std::string& kind, std::int64_t day);
/// The week or month before `p`.
review_period previous_of(const review_period& p);

/// One hour of the week (Monday 0) and the messages written in it over the period.
struct busy_hour {
  int weekday = 0;
  int hour = 0;
  std::int64_t messages = 0;
};

/// A weekly or monthly review of one group: every number read from the roll-ups and the member
/// tables, none estimated.
struct group_review {
  review_period period;
  /// The first local day anything was counted for the group (a period starting before it is
  /// partial and said so); nullopt: nothing counted yet.
  std::optional<std::int64_t> counted_since;
  period_facts current;
  std::vector<kpi> kpis;
  /// The previous period's facts and KPIs, when it was counted in full.
  std::optional<period_facts> previous;
  std::vector<kpi> previous_kpis;
  std::map<std::string, std::int64_t> tiers;  ///< members per tier now
  std::int64_t moved_up = 0, moved_down = 0, first_tiers = 0;
  std::vector<storage::top_member> top;  ///< most messages; hidden members left out
  storage::newcomer_count newcomers;
  std::int64_t warned = 0;            ///< churn warnings given in the period
  std::int64_t returned = 0;          ///< of them, members who came back (so far)
  std::vector<busy_hour> best_hours;  ///< up to 3, busiest first
  std::vector<std::pair<std::string, std::int64_t>> moderation;  ///< "rule/action" → count
  std::int64_t moderation_total = 0;
  /// True when counting had not started by the period's end (no review is posted).
  bool empty() const;
};

/// Composes the playbook's weekly and monthly reviews and posts them to the report chat once
/// the period is over, at the daily care time.
class review_writer {
 public:
  review_writer(community_stats& stats, storage::care_store& care, const template_book& book,
                review_settings settings);

  /// The review of `period` for a group.
  group_review compose(const storage::group_row& group, const review_period& period,
                       std::int64_t now_s);
  /// The review as a message in the group's language (template review_week / review_month).
  std::string render(const storage::group_row& group, const group_review& review) const;
  /// The reviews owed for a group on local day `today` (the last complete week and month not yet
  /// reviewed), recorded as given; what to post (nothing without a report chat or when nothing
  /// was counted in the period).
  std::vector<core::action> due(const storage::group_row& group, std::int64_t today,
                                std::int64_t now_s);
  const review_settings& settings() const { return settings_; }

 private:
  community_stats& stats_;
  storage::care_store& care_;
  const template_book& book_;
  review_settings settings_;
};

}  // namespace steward::handlers
