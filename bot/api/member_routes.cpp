// Admin API: one member's profile and points ledger, and their data exported or erased.

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"

namespace steward::api {

using namespace detail;

std::optional<admin_api::found_member> admin_api::find_member(const std::string& chat_id,
                                                              const std::string& user_id,
                                                              response& error) {
  const auto group = community_.find_group("telegram", chat_id);
  if (!group) {
    error = problem(404, "not_found", "no group with chat id " + chat_id, "chat_id");
    return std::nullopt;
  }
  auto member = community_.find_member(group->id, user_id);
  if (!member) {
    error = problem(404, "not_found", "no member " + user_id + " in " + chat_id, "user_id");
    return std::nullopt;
  }
  return found_member{*group, std::move(*member)};
}

std::optional<response> admin_api::route_members(const call& c) {
  if (c.is({"groups", "*", "members", "*"})) {
    return unless(c.refuse("GET", 1), [&] { return member_profile(c.parts[1], c.parts[3]); });
  }
  if (c.is({"groups", "*", "members", "*", "ledger"})) {
    return unless(c.refuse("GET", 1), [&] { return member_ledger(c.parts[1], c.parts[3], c.req); });
  }
  // A member's own data, on their request: admins only, and audited either way.
  if (c.is({"groups", "*", "members", "*", "export"})) {
    return unless(c.refuse("GET", 3), [&] { return export_member(c, c.parts[1], c.parts[3]); });
  }
  if (c.is({"groups", "*", "members", "*", "erase"})) {
    return unless(c.refuse("POST", 3), [&] { return erase_member(c, c.parts[1], c.parts[3]); });
  }
  return std::nullopt;
}

response admin_api::member_profile(const std::string& chat_id, const std::string& user_id) {
  response error;
  const auto found = find_member(chat_id, user_id, error);
  if (!found) return error;
  const auto& group = found->group;
  const auto& m = found->member;
  const auto checkin = checkins_.latest(m.id);
  return answer(200, {{"id", m.id},
                      {"user_id", m.user_id},
                      {"name", m.display_name},
                      {"username", m.username},
                      {"points", m.points},
                      {"ledger_sum", ledger_.ledger_sum(m.id)},
                      {"xp", m.xp},
                      {"messages", m.message_count},
                      {"first_seen", m.first_seen},
                      {"rank", community_.rank_by_points(group.id, m.points)},
                      {"last_checkin", checkin ? json(checkin->day_iso) : json(nullptr)},
                      {"last_streak", checkin ? checkin->streak : 0},
                      {"badges", badges_.of(m.id)},
                      {"tier", tier_json(m.id)}});
}

response admin_api::member_ledger(const std::string& chat_id, const std::string& user_id,
                                  const request& req) {
  response error;
  const auto limit = limit_of(req, error);
  if (!limit) return error;
  const auto found = find_member(chat_id, user_id, error);
  if (!found) return error;
  const auto& m = found->member;
  json out = json::array();
  for (const auto& e : ledger_.recent(m.id, *limit)) {
    out.push_back({{"delta", e.delta},
                   {"reason", e.reason},
                   {"source_event", e.source_event},
                   {"key", e.idempotency_key},
                   {"at", e.created_at}});
  }
  return answer(200, {{"user_id", user_id}, {"balance", m.points}, {"entries", out}});
}

namespace {

json to_json(const storage::stored_value& value) {
  return std::visit(
      [](const auto& v) -> json {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::nullptr_t>) {
          return nullptr;
        } else {
          return v;
        }
      },
      value);
}

}  // namespace

response admin_api::export_member(const call& c, const std::string& chat_id,
                                  const std::string& user_id) {
  response error;
  const auto found = find_member(chat_id, user_id, error);
  if (!found) return error;
  const auto data = member_data_.export_member(found->identity());
  json tables = json::object();
  for (const auto& [name, rows] : data.tables) {
    auto& out = tables[name] = json::array();
    for (const auto& row : rows) {
      json object = json::object();
      for (const auto& [column, value] : row)
        object[column] = to_json(value);
      out.push_back(std::move(object));
    }
  }
  tokens_.audit({0, c.who.name, "member.export", found->audit_target(), "", "", c.now_s});
  return answer(200, {{"platform", found->group.platform},
                      {"chat_id", chat_id},
                      {"user_id", user_id},
                      {"exported_at", c.now_s},
                      {"tables", std::move(tables)}});
}

response admin_api::erase_member(const call& c, const std::string& chat_id,
                                 const std::string& user_id) {
  response error;
  const auto found = find_member(chat_id, user_id, error);
  if (!found) return error;
  const auto r = member_data_.erase_member(found->identity(), c.now_s);
  const json report{{"member", found->member.id},
                    {"messages_deleted", r.messages_deleted},
                    {"moderation_texts_cleared", r.log_entries_anonymised},
                    {"warning_reasons_cleared", r.warnings_cleared},
                    {"invite_links_deleted", r.invite_links_deleted},
                    {"welcomes_deleted", r.welcomes_deleted},
                    {"replies_blanked", r.replies_anonymised},
                    {"points_kept", found->member.points}};
  // The audit names the member row, not the person: the erasure must not keep what it erased.
  tokens_.audit({0, c.who.name, "member.erase", found->audit_target(), "", report.dump(), c.now_s});
  return answer(200, report);
}

}  // namespace steward::api
