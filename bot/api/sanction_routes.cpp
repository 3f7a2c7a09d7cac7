// Admin API: operators' sanctions (warn, mute, kick, ban, unmute, unban) and approvals of
// members, with the same truthfulness as in chat: the group hears of a platform call only once
// the platform confirmed it, and the moderation log entry says how it ended.

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/core/duration.hpp"
#include "bot/core/text.hpp"

namespace steward::api {

using namespace detail;

namespace {

/// The order's duration: a whole number of seconds or a text such as "10m"; 0 when absent.
std::optional<std::int64_t> duration_of(const json& body, response& error) {
  const auto it = body.find("duration");
  if (it == body.end() || it->is_null()) return 0;
  std::optional<std::int64_t> seconds;
  if (it->is_number_integer()) seconds = it->get<std::int64_t>();
  if (it->is_string()) seconds = core::parse_duration(it->get<std::string>());
  if (!seconds || *seconds < 0) {
    error = problem(400, "bad_request",
                    "duration must be seconds or a text like 30m, 2h or 7d (0 or none: the "
                    "ladder's mute, a ban for good)",
                    "duration");
    return std::nullopt;
  }
  if (*seconds != 0 && *seconds < handlers::shortest_timed_sanction_s) {
    error = problem(400, "bad_request",
                    "the shortest duration is 1 minute (Telegram treats shorter ones as "
                    "permanent)",
                    "duration");
    return std::nullopt;
  }
  return seconds;
}

}  // namespace

std::optional<response> admin_api::route_sanctions(const call& c) {
  if (c.is({"groups", "*", "members", "*", "sanctions"})) {
    return unless(c.refuse("POST", 2), [&] { return sanction(c, c.parts[1], c.parts[3]); });
  }
  if (c.is({"groups", "*", "members", "*", "approval"})) {
    if (c.req.method != "PUT" && c.req.method != "DELETE") {
      return call::wrong_method("PUT, DELETE");
    }
    return unless(c.refuse(c.req.method, 2),
                  [&] { return approve(c, c.parts[1], c.parts[3], c.req.method == "PUT"); });
  }
  if (c.is({"groups", "*", "approvals"})) {
    return unless(c.refuse("GET", 1), [&] { return approvals(c.parts[1]); });
  }
  return std::nullopt;
}

// {"action", "duration"?, "reason"?, "announce"?}: 202 while the platform is asked (the log
// entry's status follows its answer), 200 for a warning (Steward's own record), 409 when the
// bot cannot do it here.
response admin_api::sanction(const call& c, const std::string& chat_id,
                             const std::string& user_id) {
  if (sanctions_ == nullptr) return problem(404, "not_found", "sanctions are not served here");
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  handlers::sanction_order order;
  order.kind = text_of(*body, "action");
  if (!handlers::operator_sanctions::is_order(order.kind)) {
    return problem(400, "bad_request", "action must be warn, mute, kick, ban, unmute or unban",
                   "action");
  }
  const auto seconds = duration_of(*body, error);
  if (!seconds) return error;
  if (*seconds != 0 && order.kind != "mute" && order.kind != "ban") {
    return problem(400, "bad_request", "only a mute or a ban has a duration", "duration");
  }
  order.seconds = *seconds;
  order.reason = text_of(*body, "reason");
  if (core::count_chars(order.reason) > 200) {
    return problem(400, "bad_request", "reason must be at most 200 characters", "reason");
  }
  const auto announce = body->find("announce");
  if (announce != body->end() && !announce->is_boolean()) {
    return problem(400, "bad_request", "announce must be true or false", "announce");
  }
  order.announce = announce == body->end() || announce->get<bool>();
  order.actor = "api:" + c.who.name;
  const auto found = find_member(chat_id, user_id, error);
  if (!found) return error;
  if (!sanctions_->serves(found->group.platform)) {
    return problem(409, "platform_not_configured",
                   handlers::operator_sanctions::not_configured(found->group.platform), "chat_id");
  }
  const auto lang = content_.templates != nullptr && content_.templates->language(chat_id) == "en"
                        ? core::language::en
                        : core::language::zh;
  auto ticket = sanctions_->order(found->group, found->member, order, lang, c.now_s);
  const json record{{"action", order.kind},    {"done", ticket.kind},
                    {"taken", ticket.taken},   {"reason", order.reason},
                    {"log_id", ticket.log_id}, {"refused", ticket.refused}};
  tokens_.audit(
      {0, c.who.name, "member.sanction", found->audit_target(), "", record.dump(), c.now_s});
  if (!ticket.refused.empty()) {
    return problem(409, "cannot", "not done: " + ticket.refused);
  }
  for (const auto& action : ticket.actions)
    enqueue_(action);
  const std::string status = ticket.awaits_platform ? "pending" : "done";
  return answer(ticket.awaits_platform ? 202 : 200,
                {{"log_id", ticket.log_id},
                 {"action", ticket.kind},
                 {"taken", ticket.taken},
                 {"status", status},
                 {"announce", order.announce},
                 {"message", ticket.awaits_platform
                                 ? "asked the platform; the log entry says when it confirmed or "
                                   "refused, and the group is told only after it confirmed"
                                 : "recorded"}});
}

response admin_api::approve(const call& c, const std::string& chat_id, const std::string& user_id,
                            bool approved) {
  response error;
  const auto found = find_member(chat_id, user_id, error);
  if (!found) return error;
  const bool changed =
      moderation_.set_approved(found->member.id, approved, "api:" + c.who.name, c.now_s);
  if (changed) {
    storage::moderation_entry entry;
    entry.group_id = found->group.id;
    entry.member_id = found->member.id;
    entry.rule = entry.action = entry.taken = approved ? "approve" : "unapprove";
    entry.actor = "api:" + c.who.name;
    entry.at = c.now_s;
    moderation_.log(entry);
    tokens_.audit({0, c.who.name, approved ? "member.approve" : "member.unapprove",
                   found->audit_target(), json{{"approved", !approved}}.dump(),
                   json{{"approved", approved}}.dump(), c.now_s});
  }
  return answer(200, {{"approved", approved}, {"changed", changed}});
}

response admin_api::approvals(const std::string& chat_id) {
  const auto group = find_group_at(chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  json out = json::array();
  for (const auto& a : moderation_.approvals(group->id)) {
    out.push_back({{"user_id", a.user_id}, {"name", a.name}, {"actor", a.actor}, {"at", a.at}});
  }
  return answer(200, {{"approvals", out}});
}

}  // namespace steward::api
