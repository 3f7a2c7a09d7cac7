// Admin API: tokens (list, create, revoke) for admins, and a group's time zone.

#include <fmt/format.h>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/core/local_day.hpp"
#include "bot/core/text.hpp"

namespace steward::api {

using namespace detail;

namespace {

json token_json(const storage::api_token_info& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"role", t.role},
          {"groups", groups_json(t.groups)},
          {"created_at", t.created_at},
          {"revoked_at", t.revoked_at ? json(*t.revoked_at) : json(nullptr)}};
}

}  // namespace

std::optional<response> admin_api::route_tokens(const call& c) {
  if (c.is({"tokens"})) {
    if (c.req.method == "POST") return unless(c.refuse("POST", 3), [&] { return create_token(c); });
    return unless(c.refuse("GET", 3), [&] {
      json out = json::array();
      for (const auto& t : tokens_.tokens())
        out.push_back(token_json(t));
      return answer(200, {{"tokens", out}});
    });
  }
  if (c.is({"tokens", "*", "revoke"})) {
    return unless(c.refuse("POST", 3), [&] {
      const auto id = whole_number(c.parts[1]);
      if (!id || !tokens_.revoke_token(*id, c.now_s)) {
        return problem(404, "not_found", "no live token with id " + c.parts[1], "id");
      }
      tokens_.audit({0, c.who.name, "token.revoke", c.parts[1], "live", "revoked", c.now_s});
      return answer(200, {{"id", *id}, {"revoked", true}});
    });
  }
  if (c.is({"groups", "*", "time_zone"})) {
    return unless(c.refuse("PUT", 2), [&] { return set_time_zone(c, c.parts[1]); });
  }
  return std::nullopt;
}

// {"name", "role", "groups"?: [chat id]}: the secret is in this answer only; its hash is kept.
response admin_api::create_token(const call& c) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const std::string name = text_of(*body, "name");
  if (name.empty() || core::count_chars(name) > 100) {
    return problem(400, "bad_request", "name must say who uses it, in 1-100 characters", "name");
  }
  const std::string role = text_of(*body, "role");
  if (role_rank(role) == 0) {
    return problem(400, "bad_request", "role must be viewer, operator or admin", "role");
  }
  std::string groups;
  if (const auto list = body->find("groups"); list != body->end() && !list->is_null()) {
    if (!list->is_array()) throw bad_field("groups", "a list of chat ids");
    for (const auto& chat : *list) {
      if (!chat.is_string() || !find_group_at(chat.get<std::string>())) {
        return problem(400, "bad_request",
                       "groups must name chat ids Steward knows, not " + chat.dump(), "groups");
      }
      groups += (groups.empty() ? "" : ",") + chat.get<std::string>();
    }
  }
  const std::string secret = new_token_secret();
  const auto id = tokens_.create_token(name, role, hash_secret(secret), c.now_s, groups);
  tokens_.audit({0, c.who.name, "token.create", std::to_string(id), "",
                 json{{"name", name}, {"role", role}, {"groups", groups_json(groups)}}.dump(),
                 c.now_s});
  return answer(201, {{"id", id},
                      {"name", name},
                      {"role", role},
                      {"groups", groups_json(groups)},
                      {"token", secret},
                      {"message", "shown only now: copy it; Steward keeps only its hash"}});
}

response admin_api::set_time_zone(const call& c, const std::string& chat_id) {
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const auto group = find_group_at(chat_id);
  if (!group) return problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
  const std::string zone = text_of(*body, "time_zone");
  if (!core::is_known_time_zone(zone)) {
    return problem(
        400, "bad_request",
        "time_zone must be an IANA zone such as Asia/Shanghai or Europe/Berlin, not '" + zone + "'",
        "time_zone");
  }
  community_.set_group_time_zone(group->id, zone);
  groups_changed_ = true;
  tokens_.audit({0, c.who.name, "group.time_zone", chat_id, json(group->time_zone).dump(),
                 json(zone).dump(), c.now_s});
  return answer(200, {{"chat_id", chat_id}, {"time_zone", zone}});
}

}  // namespace steward::api
