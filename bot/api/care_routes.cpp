// Admin API: member care — the tiers and their movements, members slipping away (churn levels,
// warnings given, who came back) — per group.

#include <fmt/format.h>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/api/detail/csv.hpp"

namespace steward::api {

using namespace detail;

namespace {

constexpr std::int64_t day_s = 86400;
constexpr std::int64_t history_days = 30;

// A member in a list of movements (like a leaderboard): members hidden with /hide are unnamed.
json who(const std::string& user_id, const std::string& name, bool hidden) {
  if (hidden) return {{"user_id", nullptr}, {"name", nullptr}, {"hidden", true}};
  return {{"user_id", user_id}, {"name", name}, {"hidden", false}};
}

json optional_time(const std::optional<std::int64_t>& at) {
  return at ? json(*at) : json(nullptr);
}

}  // namespace

response admin_api::tiers(const call& c, const std::string& chat_id) {
  const auto group = find_group_at(chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  response error;
  const auto limit = limit_of(c.req, error);
  if (!limit) return error;
  json distribution{{"core", 0}, {"potential", 0}, {"base", 0}};
  for (const auto& [member, row] : analytics_.care->tiers(group->id))
    distribution[row.tier] = distribution[row.tier].get<std::int64_t>() + 1;
  json changes = json::array();
  for (const auto& ch : analytics_.care->tier_changes(group->id, c.now_s - history_days * day_s,
                                                      c.now_s + 1, *limit)) {
    auto j = who(ch.user_id, ch.name, ch.hidden);
    j["from"] = ch.from ? json(*ch.from) : json(nullptr);
    j["to"] = ch.to;
    j["at"] = ch.at;
    changes.push_back(std::move(j));
  }
  json settings;
  if (analytics_.tiers != nullptr) {
    const auto& s = analytics_.tiers->settings();
    settings = {{"window_days", s.window_days},
                {"core_share", s.core_share},
                {"potential_share", s.potential_share},
                {"weights",
                 {{"active_day", s.per_active_day},
                  {"message", s.per_message},
                  {"checkin", s.per_checkin},
                  {"invite", s.per_invite}}}};
  }
  if (wants_csv(c.req)) {  // the changes: the list in this answer
    return csv_of("steward-tier-changes-" + chat_id, changes,
                  {"user_id", "name", "hidden", "from", "to", "at"});
  }
  return answer(200, {{"chat_id", chat_id},
                      {"distribution", std::move(distribution)},
                      {"settings", std::move(settings)},
                      {"changes", std::move(changes)}});
}

response admin_api::churn(const call& c, const std::string& chat_id) {
  const auto group = find_group_at(chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  response error;
  const auto limit = limit_of(c.req, error);
  if (!limit) return error;
  const auto& watch = *analytics_.churn;
  const auto& levels = watch.levels_of(chat_id);
  json idle = json::array();
  if (!levels.empty()) {
    for (const auto& m :
         analytics_.care->idle_members(group->id, c.now_s - levels.front() * day_s)) {
      int level = 0;
      for (const int l : levels) {
        if (c.now_s - m.idle_since >= l * day_s) level = l;
      }
      // Named even if hidden from the boards: the operator needs to know whom to reach out to.
      json j{{"user_id", m.user_id}, {"name", m.name}, {"hidden", m.hidden}};
      j["idle_since"] = m.idle_since;
      j["idle_days"] = (c.now_s - m.idle_since) / day_s;
      j["level_days"] = level;
      idle.push_back(std::move(j));
      if (idle.size() >= static_cast<std::size_t>(*limit)) break;
    }
  }
  json warnings = json::array();
  for (const auto& w :
       analytics_.care->warnings(group->id, c.now_s - history_days * day_s, *limit)) {
    json j{{"user_id", w.user_id}, {"name", w.name}};
    j["level_days"] = w.level_days;
    j["idle_since"] = w.idle_since;
    j["warned_at"] = w.warned_at;
    j["actions"] = w.actions;
    j["returned_at"] = optional_time(w.returned_at);
    warnings.push_back(std::move(j));
  }
  json reactivation = json::array();
  const auto window_s = static_cast<std::int64_t>(watch.settings().return_window_days) * day_s;
  for (const auto& r : analytics_.care->reactivation(group->id, c.now_s - 90 * day_s, c.now_s + 1,
                                                     window_s, c.now_s)) {
    reactivation.push_back({{"level_days", r.level_days},
                            {"actions", r.actions},
                            {"warned", r.warned},
                            {"returned", r.returned},
                            {"rate", r.warned > 0 ? json(static_cast<double>(r.returned) / r.warned)
                                                  : json(nullptr)}});
  }
  if (wants_csv(c.req)) {  // ?list=idle (default) or warnings
    const auto list = query_of(c.req, "list");
    if (list == "warnings") {
      return csv_of(
          "steward-churn-warnings-" + chat_id, warnings,
          {"user_id", "name", "level_days", "idle_since", "warned_at", "actions", "returned_at"});
    }
    if (!list.empty() && list != "idle") {
      return problem(400, "bad_request", "list must be idle or warnings", "list");
    }
    return csv_of("steward-churn-idle-" + chat_id, idle,
                  {"user_id", "name", "hidden", "idle_since", "idle_days", "level_days"});
  }
  return answer(200, {{"chat_id", chat_id},
                      {"levels", levels},
                      {"return_window_days", watch.settings().return_window_days},
                      {"idle", std::move(idle)},
                      {"warnings", std::move(warnings)},
                      {"reactivation", std::move(reactivation)}});
}

}  // namespace steward::api
