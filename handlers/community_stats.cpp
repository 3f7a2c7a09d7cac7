#include "handlers/community_stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "bot/core/local_day.hpp"

namespace steward::handlers {

namespace {

std::optional<double> ratio(double part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return part / static_cast<double>(whole);
}

std::optional<double> retained_share(const std::optional<storage::cohort>& c) {
  if (!c) return std::nullopt;
  return ratio(static_cast<double>(c->retained), c->joined);
}

// The last day of the interval that starts the bucket holding `day`.
std::int64_t bucket_end(std::int64_t day, const std::string& interval) {
  if (interval == "all") return std::numeric_limits<std::int64_t>::max();
  if (interval == "week") return core::week_start(day) + 6;
  if (interval == "month") return core::month_start(core::month_start(day) + 31) - 1;
  return day;
}

std::int64_t start_of(std::int64_t day, const std::string& zone) {
  auto start = core::local_day_start(day, zone);
  if (!start) throw std::invalid_argument(start.failure().message);
  return *start;
}

}  // namespace

std::optional<double> kpi::progress() const {
  if (!value || !target) return std::nullopt;
  if (name == "exit_rate") {  // lower is better
    if (*value <= 0) return std::nullopt;
    return *target / *value;
  }
  if (*target <= 0) return std::nullopt;
  return *value / *target;
}

const kpi* find_kpi(const std::vector<kpi>& kpis, std::string_view name) {
  for (const auto& k : kpis) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::string percent_text(const std::optional<double>& share) {
  if (!share) return "—";
  return fmt::format("{:.1f}%", *share * 100);
}

std::vector<kpi> compute_kpis(const period_facts& f, const stats_settings& settings) {
  const auto days = static_cast<double>(f.days());
  const auto& t = f.totals;
  std::vector<kpi> out = {
      {"active_rate", ratio(static_cast<double>(f.active_members), f.members_end), {}},
      {"speaking_rate", ratio(static_cast<double>(t.day_speakers) / days, f.members_end), {}},
      {"join_rate", ratio(static_cast<double>(t.joins), f.members_start), {}},
      {"exit_rate", ratio(static_cast<double>(t.leaves()), f.members_start), {}},
      {"checkin_rate", ratio(static_cast<double>(t.checkins) / days, f.members_end), {}},
      {"retention_d1", retained_share(f.retention_d1), {}},
      {"retention_d7", retained_share(f.retention_d7), {}},
      {"retention_d30", retained_share(f.retention_d30), {}},
      {"reactivation_rate", retained_share(f.reactivation), {}},
      {"conversion", ratio(static_cast<double>(f.converted), f.members_end), {}},
  };
  for (auto& k : out) {
    if (const auto target = settings.targets.find(k.name); target != settings.targets.end())
      k.target = target->second;
  }
  return out;
}

community_stats::community_stats(storage::analytics_store& analytics, stats_settings settings)
    : analytics_(analytics), settings_(std::move(settings)) {}

std::int64_t community_stats::distinct_active(const storage::group_row& group,
                                              std::int64_t from_day, std::int64_t to_day,
                                              std::int64_t now_s) {
  if (now_s > 0) {
    const auto today = core::local_day_at(now_s, group.time_zone);
    if (today && to_day >= today->day_number) {
      return analytics_.wrote_since(group.id, start_of(from_day, group.time_zone));
    }
  }
  return analytics_.distinct_active(group.id, from_day, to_day);
}

std::vector<period_facts> community_stats::series(const storage::group_row& group,
                                                  std::int64_t from_day, std::int64_t to_day,
                                                  const std::string& interval, std::int64_t now_s) {
  const auto rows = analytics_.days(group.id, from_day, to_day);
  const std::int64_t members_at_to =
      analytics_.members_now(group.id) - analytics_.member_change_after(group.id, to_day);
  // Members at the end of `day` (from_day - 1 ≤ day ≤ to_day): later changes taken back.
  const auto members_after = [&](std::int64_t day) {
    std::int64_t later = 0;
    for (const auto& r : rows) {
      if (r.day_number > day) later += r.counts.member_change;
    }
    return members_at_to - later;
  };
  std::vector<period_facts> out;
  for (std::int64_t start = from_day; start <= to_day;) {
    period_facts f;
    f.from_day = start;
    f.to_day = std::min(to_day, bucket_end(start, interval));
    for (const auto& r : rows) {
      if (r.day_number >= f.from_day && r.day_number <= f.to_day) f.totals += r.counts;
    }
    f.members_start = members_after(f.from_day - 1);
    f.members_end = members_after(f.to_day);
    // On one day, distinct speakers are the day's first messages; longer buckets ask.
    f.active_members =
        f.days() == 1 ? f.totals.day_speakers : distinct_active(group, f.from_day, f.to_day, now_s);
    out.push_back(f);
    start = f.to_day + 1;
  }
  return out;
}

period_facts community_stats::period(const storage::group_row& group, std::int64_t from_day,
                                     std::int64_t to_day, std::int64_t now_s) {
  auto f = series(group, from_day, to_day, "all", now_s).front();
  const std::int64_t from_s = start_of(from_day, group.time_zone);
  const std::int64_t to_s = start_of(to_day + 1, group.time_zone);
  f.retention_d1 = analytics_.retention(group.id, from_s, to_s, 1, now_s);
  f.retention_d7 = analytics_.retention(group.id, from_s, to_s, 7, now_s);
  f.retention_d30 = analytics_.retention(group.id, from_s, to_s, 30, now_s);
  f.reactivation = analytics_.reactivation(
      group.id, from_s, to_s, std::int64_t{settings_.return_window_days} * 86400, now_s);
  const auto& goal = settings_.conversion;
  f.converted = goal.event == "checkin"
                    ? analytics_.distinct_checkers(group.id, from_day, to_day)
                    : analytics_.distinct_redeemers(group.id, from_s, to_s, goal.item);
  return f;
}

}  // namespace steward::handlers
