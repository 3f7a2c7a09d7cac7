// Admin API: the community's numbers — KPIs for a period with their targets, series per day /
// week / month, and the weekday × hour heatmap, in the group's time zone; JSON or CSV.

#include <date/date.h>
#include <fmt/format.h>

#include <charconv>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/api/detail/csv.hpp"
#include "bot/api/detail/stats_json.hpp"
#include "bot/core/local_day.hpp"

namespace steward::api {

using namespace detail;

namespace {

constexpr std::int64_t default_days = 30;
constexpr std::int64_t max_days = 3660;  // ten years of daily rows
constexpr const char* weekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

}  // namespace

std::optional<std::int64_t> detail::parse_day(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {};
  const std::pair<std::size_t, std::size_t> spans[] = {{0, 4}, {5, 2}, {8, 2}};
  for (int i = 0; i < 3; ++i) {
    const char* first = text.data() + spans[i].first;
    const char* last = first + spans[i].second;
    const auto [ptr, ec] = std::from_chars(first, last, parts[i]);
    if (ec != std::errc{} || ptr != last) return std::nullopt;
  }
  const date::year_month_day ymd{date::year{parts[0]}, date::month{unsigned(parts[1])},
                                 date::day{unsigned(parts[2])}};
  if (!ymd.ok() || parts[0] < 1970 || parts[0] > 2999) return std::nullopt;
  return date::sys_days{ymd}.time_since_epoch().count();
}

std::string detail::day_text(std::int64_t day_number) {
  return date::format("%F", date::sys_days{date::days{day_number}});
}

namespace {

std::string csv_share(const std::optional<double>& value) {
  return value ? fmt::format("{:.4f}", *value) : "";
}

struct period_query {
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::string interval = "day";
};

// from / to (inclusive local dates; default the last 30 days to today) and interval.
std::optional<period_query> period_of(const request& req, const storage::group_row& group,
                                      std::int64_t now_s, response& error) {
  const auto today = core::local_day_at(now_s, group.time_zone);
  if (!today) {
    error = problem(500, "internal", today.failure().message);
    return std::nullopt;
  }
  period_query q;
  q.to = today->day_number;
  if (const auto text = query_of(req, "to"); !text.empty()) {
    const auto day = parse_day(text);
    if (!day) {
      error =
          problem(400, "bad_request", "to must be a date like 2026-11-29 (years 1970-2999)", "to");
      return std::nullopt;
    }
    q.to = *day;
  }
  q.from = q.to - default_days + 1;
  if (const auto text = query_of(req, "from"); !text.empty()) {
    const auto day = parse_day(text);
    if (!day) {
      error = problem(400, "bad_request", "from must be a date like 2026-11-01 (years 1970-2999)",
                      "from");
      return std::nullopt;
    }
    q.from = *day;
  }
  if (q.from > q.to) {
    error = problem(400, "bad_request", "from must not be after to", "from");
    return std::nullopt;
  }
  if (q.to - q.from + 1 > max_days) {
    error =
        problem(400, "bad_request", fmt::format("a period is at most {} days", max_days), "from");
    return std::nullopt;
  }
  if (const auto interval = query_of(req, "interval"); !interval.empty()) q.interval = interval;
  if (q.interval != "day" && q.interval != "week" && q.interval != "month") {
    error = problem(400, "bad_request", "interval must be day, week or month", "interval");
    return std::nullopt;
  }
  return q;
}

}  // namespace

json detail::share(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json detail::counts_json(const handlers::period_facts& f) {
  const auto& t = f.totals;
  return {{"from", day_text(f.from_day)},
          {"to", day_text(f.to_day)},
          {"members_start", f.members_start},
          {"members_end", f.members_end},
          {"messages", t.messages},
          {"speakers", f.active_members},
          {"joins", t.joins},
          {"leaves", t.leaves()},
          {"left", t.left},
          {"kicked", t.kicked},
          {"banned", t.banned},
          {"checkins", t.checkins},
          {"points_earned", t.earned},
          {"points_spent", t.spent},
          {"redemptions", t.redemptions},
          {"invites", t.invites}};
}

namespace {

const char* const series_columns[] = {
    "from",          "to",           "members_start", "members_end", "messages",    "speakers",
    "joins",         "leaves",       "left",          "kicked",      "banned",      "checkins",
    "points_earned", "points_spent", "redemptions",   "invites",     "active_rate", "speaking_rate",
    "join_rate",     "exit_rate",    "checkin_rate"};

}  // namespace

std::optional<response> admin_api::route_stats(const call& c) {
  if (analytics_.stats == nullptr) return std::nullopt;
  if (c.is({"groups", "*", "stats"})) {
    return unless(c.refuse("GET", 1), [&] { return stats(c, c.parts[1]); });
  }
  if (c.is({"groups", "*", "stats", "heatmap"})) {
    return unless(c.refuse("GET", 1), [&] { return heatmap(c, c.parts[1]); });
  }
  if (analytics_.care == nullptr) return std::nullopt;
  if (c.is({"groups", "*", "tiers"})) {
    return unless(c.refuse("GET", 1), [&] { return tiers(c, c.parts[1]); });
  }
  if (c.is({"groups", "*", "churn"})) {
    return unless(c.refuse("GET", 1), [&] { return churn(c, c.parts[1]); });
  }
  if (c.is({"groups", "*", "review"}) && analytics_.reviews != nullptr) {
    return unless(c.refuse("GET", 1), [&] { return review(c, c.parts[1]); });
  }
  if (c.is({"care", "run"}) && analytics_.run_care) {
    return unless(c.refuse("POST", 3), [&] {
      tokens_.audit({0, c.who.name, "care.run", "every group", "", "", c.now_s});
      return answer(202, {{"groups", analytics_.run_care()}});
    });
  }
  return std::nullopt;
}

response admin_api::stats(const call& c, const std::string& chat_id) {
  const auto group = find_group_at(chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  response error;
  const auto q = period_of(c.req, *group, c.now_s, error);
  if (!q) return error;
  const auto& settings = analytics_.stats->settings();
  const auto series = analytics_.stats->series(*group, q->from, q->to, q->interval, c.now_s);
  if (wants_csv(c.req)) {
    std::vector<std::vector<std::string>> rows;
    rows.emplace_back(std::begin(series_columns), std::end(series_columns));
    for (const auto& f : series) {
      const auto j = counts_json(f);
      std::vector<std::string> row{j["from"].get<std::string>(), j["to"].get<std::string>()};
      for (std::size_t i = 2; i < 16; ++i)
        row.push_back(std::to_string(j[series_columns[i]].get<std::int64_t>()));
      for (const auto& k : handlers::compute_kpis(f, settings)) {
        if (row.size() < std::size(series_columns)) row.push_back(csv_share(k.value));
      }
      rows.push_back(std::move(row));
    }
    return csv_answer(
        fmt::format("steward-stats-{}-{}-{}", chat_id, day_text(q->from), day_text(q->to)), rows);
  }
  json points = json::array();
  for (const auto& f : series) {
    auto j = counts_json(f);
    for (const auto& k : handlers::compute_kpis(f, settings)) {
      // Retention, reactivation and conversion are read for whole periods only.
      if (k.name.rfind("retention", 0) != 0 && k.name != "conversion" &&
          k.name != "reactivation_rate") {
        j[k.name] = share(k.value);
      }
    }
    points.push_back(std::move(j));
  }
  const auto whole = analytics_.stats->period(*group, q->from, q->to, c.now_s);
  auto summary = counts_json(whole);
  summary["days"] = whole.days();
  summary["dau"] = static_cast<double>(whole.totals.day_speakers) / whole.days();
  summary["wau"] = analytics_.stats->distinct_active(*group, q->to - 6, q->to, c.now_s);
  summary["mau"] = analytics_.stats->distinct_active(*group, q->to - 29, q->to, c.now_s);
  json kpis = json::array();
  for (const auto& k : handlers::compute_kpis(whole, settings)) {
    kpis.push_back({{"name", k.name},
                    {"value", share(k.value)},
                    {"target", share(k.target)},
                    {"progress", share(k.progress())}});
  }
  summary["kpis"] = std::move(kpis);
  json moderation = json::array();
  for (const auto& [key, count] : analytics_.stats->moderation(*group, q->from, q->to)) {
    const auto slash = key.rfind('/');
    moderation.push_back(
        {{"rule", key.substr(0, slash)}, {"action", key.substr(slash + 1)}, {"count", count}});
  }
  summary["moderation"] = std::move(moderation);
  json sends = json::array();
  for (const auto& [key, count] : analytics_.stats->template_sends(*group, q->from, q->to))
    sends.push_back({{"template", key}, {"count", count}});
  summary["template_sends"] = std::move(sends);
  return answer(200, {{"chat_id", chat_id},
                      {"time_zone", group->time_zone},
                      {"interval", q->interval},
                      {"summary", std::move(summary)},
                      {"series", std::move(points)}});
}

response admin_api::heatmap(const call& c, const std::string& chat_id) {
  const auto group = find_group_at(chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  response error;
  const auto q = period_of(c.req, *group, c.now_s, error);
  if (!q) return error;
  const auto map = analytics_.stats->heatmap(*group, q->from, q->to);
  if (wants_csv(c.req)) {
    std::vector<std::vector<std::string>> rows{{"weekday"}};
    for (int h = 0; h < 24; ++h)
      rows[0].push_back(std::to_string(h));
    for (std::size_t d = 0; d < 7; ++d) {
      std::vector<std::string> row{weekdays[d]};
      for (const auto n : map[d])
        row.push_back(std::to_string(n));
      rows.push_back(std::move(row));
    }
    return csv_answer(fmt::format("steward-heatmap-{}", chat_id), rows);
  }
  json days = json::array();
  for (std::size_t d = 0; d < 7; ++d)
    days.push_back({{"weekday", weekdays[d]}, {"messages", map[d]}});
  return answer(200, {{"chat_id", chat_id},
                      {"time_zone", group->time_zone},
                      {"from", day_text(q->from)},
                      {"to", day_text(q->to)},
                      {"hours", std::move(days)}});
}

}  // namespace steward::api
