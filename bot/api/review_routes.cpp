// Admin API: the weekly and monthly review (周复盘 / 月总结) of a group — the numbers and the text
// Steward posts (or would post) to the report chat.

#include <fmt/format.h>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/api/detail/stats_json.hpp"
#include "bot/core/local_day.hpp"

namespace steward::api {

using namespace detail;

namespace {

constexpr const char* weekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

json kpis_json(const handlers::group_review& r) {
  json out = json::array();
  for (const auto& k : r.kpis) {
    const auto* before = r.previous ? handlers::find_kpi(r.previous_kpis, k.name) : nullptr;
    out.push_back({{"name", k.name},
                   {"value", share(k.value)},
                   {"previous", before ? share(before->value) : json(nullptr)},
                   {"target", share(k.target)},
                   {"progress", share(k.progress())}});
  }
  return out;
}

json review_json(const handlers::group_review& r) {
  json top = json::array();
  for (const auto& m : r.top) {
    top.push_back({{"user_id", m.user_id},
                   {"name", m.name},
                   {"messages", m.messages},
                   {"active_days", m.active_days}});
  }
  json hours = json::array();
  for (const auto& h : r.best_hours) {
    hours.push_back({{"weekday", weekdays[h.weekday]}, {"hour", h.hour}, {"messages", h.messages}});
  }
  json moderation = json::array();
  for (const auto& [key, count] : r.moderation) {
    const auto slash = key.rfind('/');
    moderation.push_back(
        {{"rule", key.substr(0, slash)}, {"action", key.substr(slash + 1)}, {"count", count}});
  }
  json tiers{{"core", 0}, {"potential", 0}, {"base", 0}};
  for (const auto& [tier, count] : r.tiers)
    tiers[tier] = count;
  return {{"facts", counts_json(r.current)},
          {"previous_facts", r.previous ? counts_json(*r.previous) : json(nullptr)},
          {"kpis", kpis_json(r)},
          {"tiers", std::move(tiers)},
          {"tier_moves", {{"up", r.moved_up}, {"down", r.moved_down}, {"first", r.first_tiers}}},
          {"top_members", std::move(top)},
          {"newcomers", {{"joined", r.newcomers.joined}, {"stayed", r.newcomers.stayed}}},
          {"churn_warnings", {{"warned", r.warned}, {"returned", r.returned}}},
          {"best_hours", std::move(hours)},
          {"moderation", std::move(moderation)},
          {"moderation_total", r.moderation_total}};
}

}  // namespace

response admin_api::review(const call& c, const std::string& chat_id) {
  const auto group = find_group_at(chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  const auto today = core::local_day_at(c.now_s, group->time_zone);
  if (!today) return problem(500, "internal", today.failure().message);
  auto kind = query_of(c.req, "period");
  if (kind.empty()) kind = "week";
  if (kind != "week" && kind != "month") {
    return problem(400, "bad_request", "period must be week or month", "period");
  }
  // Default: the last complete period, as posted; a date picks the period containing it.
  auto period = handlers::last_complete(kind, today->day_number);
  if (const auto text = query_of(c.req, "date"); !text.empty()) {
    const auto day = parse_day(text);
    if (!day) {
      return problem(400, "bad_request", "date must be a date like 2026-11-23 (years 1970-2999)",
                     "date");
    }
    period = handlers::period_containing(kind, *day);
  }
  if (period.from_day > today->day_number) {
    return problem(400, "bad_request", "that " + kind + " has not started yet", "date");
  }
  auto& writer = *analytics_.reviews;
  const auto r = writer.compose(*group, period, c.now_s);
  auto body = review_json(r);
  body["chat_id"] = chat_id;
  body["time_zone"] = group->time_zone;
  body["period"] = kind;
  body["from"] = day_text(period.from_day);
  body["to"] = day_text(period.to_day);
  body["complete"] = period.to_day < today->day_number;
  body["counted_since"] = r.counted_since ? json(day_text(*r.counted_since)) : json(nullptr);
  body["text"] = r.empty() ? json(nullptr) : json(writer.render(*group, r));
  return answer(200, body);
}

}  // namespace steward::api
