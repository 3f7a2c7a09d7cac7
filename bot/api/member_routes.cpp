// Admin API: one member's profile and points ledger.

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"

namespace steward::api {

using namespace detail;

std::optional<response> admin_api::route_members(const call& c) {
  if (c.is({"groups", "*", "members", "*"})) {
    return unless(c.refuse("GET", 1), [&] { return member_profile(c.parts[1], c.parts[3]); });
  }
  if (c.is({"groups", "*", "members", "*", "ledger"})) {
    return unless(c.refuse("GET", 1), [&] { return member_ledger(c.parts[1], c.parts[3], c.req); });
  }
  return std::nullopt;
}

response admin_api::member_profile(const std::string& chat_id, const std::string& user_id) {
  const auto group = community_.find_group("telegram", chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  const auto m = community_.find_member(group->id, user_id);
  if (!m) return problem(404, "not_found", "no member " + user_id + " in " + chat_id, "user_id");
  const auto checkin = checkins_.latest(m->id);
  return answer(200, {{"id", m->id},
                      {"user_id", m->user_id},
                      {"name", m->display_name},
                      {"username", m->username},
                      {"points", m->points},
                      {"ledger_sum", ledger_.ledger_sum(m->id)},
                      {"xp", m->xp},
                      {"messages", m->message_count},
                      {"first_seen", m->first_seen},
                      {"rank", community_.rank_by_points(group->id, m->points)},
                      {"last_checkin", checkin ? json(checkin->day_iso) : json(nullptr)},
                      {"last_streak", checkin ? checkin->streak : 0},
                      {"badges", badges_.of(m->id)}});
}

response admin_api::member_ledger(const std::string& chat_id, const std::string& user_id,
                                  const request& req) {
  response error;
  const auto limit = limit_of(req, error);
  if (!limit) return error;
  const auto group = community_.find_group("telegram", chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  const auto m = community_.find_member(group->id, user_id);
  if (!m) return problem(404, "not_found", "no member " + user_id + " in " + chat_id, "user_id");
  json out = json::array();
  for (const auto& e : ledger_.recent(m->id, *limit)) {
    out.push_back({{"delta", e.delta},
                   {"reason", e.reason},
                   {"source_event", e.source_event},
                   {"key", e.idempotency_key},
                   {"at", e.created_at}});
  }
  return answer(200, {{"user_id", user_id}, {"balance", m->points}, {"entries", out}});
}

}  // namespace steward::api
