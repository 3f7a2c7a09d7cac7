#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/analytics_store.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// Which members count as converted in a period (the playbook's 转化率).
struct conversion_goal {
  std::string event = "redeem";  ///< "redeem" (any shop item) or "checkin"
  std::string item;              ///< with "redeem": only this item ("" any)
};

/// KPI targets, the conversion goal, tiers and churn, from [analytics] in the configuration.
struct stats_settings {
  /// Target per KPI name (a share, 0-1); default: active rate 30 %.
  std::map<std::string, double, std::less<>> targets = {{"active_rate", 0.30}};
  conversion_goal conversion;
  int return_window_days = 7;  ///< analytics.churn.return_window_days (for reactivation_rate)
};

/// Everything counted about one group over a run of local days, before any ratio.
struct period_facts {
  std::int64_t from_day = 0;       ///< first local day (days since 1970-01-01)
  std::int64_t to_day = 0;         ///< last local day, inclusive
  std::int64_t members_start = 0;  ///< members at the start of from_day
  std::int64_t members_end = 0;    ///< members at the end of to_day
  storage::hour_counts totals;
  std::int64_t active_members = 0;  ///< distinct members who wrote on any day of the period
  std::int64_t converted = 0;       ///< distinct members who reached the conversion goal
  std::optional<storage::cohort> retention_d1, retention_d7, retention_d30;
  /// Churn warnings given in the period (decided) and those answered by a return in time.
  std::optional<storage::cohort> reactivation;
  std::int64_t days() const { return to_day - from_day + 1; }
};

/// One KPI: its value when it can be computed (no members: no rate) and its target if set.
struct kpi {
  std::string name;
  std::optional<double> value;
  std::optional<double> target;
  /// value ÷ target (for exit_rate, where lower is better: target ÷ value).
  std::optional<double> progress() const;
};

/// The playbook's KPIs for a period: active rate (active members ÷ members at the end), speaking
/// rate (average daily speakers ÷ members), join and exit rates (÷ members at the start),
/// check-in rate (average daily check-ins ÷ members), retention of new members after 1 / 7 / 30
/// days, reactivation (warned members who came back within the return window ÷ warned members
/// whose window closed), and conversion (÷ members at the end). A rate over no members has no
/// value.
std::vector<kpi> compute_kpis(const period_facts& facts, const stats_settings& settings);
/// The KPI called `name` in `kpis`, or null.
const kpi* find_kpi(const std::vector<kpi>& kpis, std::string_view name);
/// A share as a percentage with one decimal ("31.5%"), or "—" when there is none.
std::string percent_text(const std::optional<double>& share);

/// A period's facts and KPIs, and daily / weekly / monthly series, read from the roll-ups.
class community_stats {
 public:
  community_stats(storage::analytics_store& analytics, stats_settings settings);

  /// The facts of one period (retention and conversion included).
  period_facts period(const storage::group_row& group, std::int64_t from_day, std::int64_t to_day,
                      std::int64_t now_s);
  /// The facts per interval ("day", "week" from Monday, "month", or "all": one bucket) covering
  /// from..to (from ≤ to); the first and last buckets are cut to the period. Retention and
  /// conversion are left out of series.
  std::vector<period_facts> series(const storage::group_row& group, std::int64_t from_day,
                                   std::int64_t to_day, const std::string& interval,
                                   std::int64_t now_s = 0);
  /// Distinct members who wrote on any day of from..to. When the period runs to today (`now_s`
  /// given), the members' last message answers it, without reading every day of the period.
  std::int64_t distinct_active(const storage::group_row& group, std::int64_t from_day,
                               std::int64_t to_day, std::int64_t now_s = 0);
  /// Moderation actions over from..to by "rule/action", most first.
  std::vector<std::pair<std::string, std::int64_t>> moderation(const storage::group_row& group,
                                                               std::int64_t from_day,
                                                               std::int64_t to_day) {
    return analytics_.keyed(group.id, "moderation", from_day, to_day);
  }
  /// Delivered messages by the template they rendered over from..to, most first.
  std::vector<std::pair<std::string, std::int64_t>> template_sends(const storage::group_row& group,
                                                                   std::int64_t from_day,
                                                                   std::int64_t to_day) {
    return analytics_.keyed(group.id, "template", from_day, to_day);
  }
  /// Messages by local weekday and hour over from..to.
  storage::week_heatmap heatmap(const storage::group_row& group, std::int64_t from_day,
                                std::int64_t to_day) {
    return analytics_.heatmap(group.id, from_day, to_day);
  }
  const stats_settings& settings() const { return settings_; }

 private:
  storage::analytics_store& analytics_;
  stats_settings settings_;
};

}  // namespace steward::handlers
