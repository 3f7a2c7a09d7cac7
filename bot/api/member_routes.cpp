// Admin API: one member's profile and points ledger, points granted or deducted, and their data
// exported or erased.

#include <fmt/format.h>

#include <cstdlib>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/core/text.hpp"

namespace steward::api {

using namespace detail;

std::optional<admin_api::found_member> admin_api::find_member(const std::string& chat_id,
                                                              const std::string& user_id,
                                                              response& error) {
  const auto group = find_group_at(chat_id);
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
    return unless(c.refuse("GET", 1), [&] { return member_profile(c, c.parts[1], c.parts[3]); });
  }
  if (c.is({"groups", "*", "members", "*", "ledger"})) {
    return unless(c.refuse("GET", 1), [&] { return member_ledger(c.parts[1], c.parts[3], c.req); });
  }
  if (c.is({"groups", "*", "members", "*", "points"})) {
    return unless(c.refuse("POST", 2), [&] { return adjust_points(c, c.parts[1], c.parts[3]); });
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

// {"delta": ±points, "reason": why, "key"?: idempotency key}: a ledger entry by the operator,
// its reason kept with it ("api:<who>: <why>"); a deduction never takes a balance below zero.
// The same key never counts twice (the console sends one per submission).
response admin_api::adjust_points(const call& c, const std::string& chat_id,
                                  const std::string& user_id) {
  constexpr std::int64_t max_delta = 1'000'000;
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  const auto delta = body->find("delta");
  if (delta == body->end() || !delta->is_number_integer() || delta->get<std::int64_t>() == 0 ||
      std::abs(delta->get<std::int64_t>()) > max_delta) {
    return problem(
        400, "bad_request",
        fmt::format("delta must be a whole number of points, not 0, within ±{}", max_delta),
        "delta");
  }
  const std::string reason = text_of(*body, "reason");
  if (reason.empty() || core::count_chars(reason) > 200) {
    return problem(400, "bad_request", "reason must say why, in 1-200 characters", "reason");
  }
  const auto found = find_member(chat_id, user_id, error);
  if (!found) return error;
  const std::int64_t amount = delta->get<std::int64_t>();
  if (found->member.points + amount < 0) {
    return problem(409, "insufficient_points",
                   fmt::format("{} has {} points; a deduction of {} would go below zero",
                               found->member.display_name, found->member.points, -amount),
                   "delta");
  }
  std::string key = text_of(*body, "key");
  if (key.empty()) key = new_token_secret().substr(4, 32);
  const auto balance = ledger_.append({found->member.id, amount, amount > 0 ? "grant" : "deduct",
                                       fmt::format("api:{}: {}", c.who.name, reason), "api:" + key,
                                       c.now_s, "api:" + c.who.name, reason});
  if (!balance) {
    return answer(200, {{"applied", false},
                        {"balance", found->member.points},
                        {"message", "a change with this key was already applied"}});
  }
  tokens_.audit({0, c.who.name, amount > 0 ? "points.grant" : "points.deduct",
                 found->audit_target(), json{{"balance", found->member.points}}.dump(),
                 json{{"balance", *balance}, {"delta", amount}, {"reason", reason}}.dump(),
                 c.now_s});
  return answer(200, {{"applied", true}, {"balance", *balance}, {"delta", amount}});
}

// Warnings still counting on the escalation ladder, the tier history (latest 20 changes),
// whether moderation skips them (approved), and the latest decisions about them.
json admin_api::member_record(const storage::member_row& m, std::int64_t now_s) {
  json warnings = json::array();
  const auto active_since = now_s - rules_.config().warning_decay_seconds;
  for (const auto& w : moderation_.active_warnings(m.id, active_since)) {
    warnings.push_back({{"at", w.at},
                        {"reason", w.reason},
                        {"actor", w.actor},
                        {"expires_at", w.at + rules_.config().warning_decay_seconds}});
  }
  json tiers = json::array();
  if (analytics_.care != nullptr) {
    for (const auto& t : analytics_.care->member_tier_changes(m.id, 20)) {
      tiers.push_back(
          {{"from", t.from ? json(*t.from) : json(nullptr)}, {"to", t.to}, {"at", t.at}});
    }
  }
  json decisions = json::array();
  storage::log_filter about;
  about.member_id = m.id;
  about.limit = 10;
  for (const auto& e : moderation_.find_log(about)) {
    decisions.push_back({{"id", e.id},
                         {"rule", e.rule},
                         {"taken", e.taken},
                         {"status", e.status},
                         {"failure", e.failure},
                         {"actor", e.actor},
                         {"reason", e.reason},
                         {"at", e.at}});
  }
  return {{"warnings", warnings},
          {"tier_history", tiers},
          {"approved", m.approved},
          {"moderation", decisions}};
}

response admin_api::member_profile(const call& c, const std::string& chat_id,
                                   const std::string& user_id) {
  response error;
  const auto found = find_member(chat_id, user_id, error);
  if (!found) return error;
  const auto& group = found->group;
  const auto& m = found->member;
  const auto checkin = checkins_.latest(m.id);
  json profile{{"id", m.id},
               {"user_id", m.user_id},
               {"name", m.display_name},
               {"username", m.username},
               {"points", m.points},
               {"ledger_sum", ledger_.ledger_sum(m.id)},
               {"xp", m.xp},
               {"messages", m.message_count},
               {"first_seen", m.first_seen},
               {"rank", community_.rank_by_points(group.id, m.id, m.points)},
               {"last_checkin", checkin ? json(checkin->day_iso) : json(nullptr)},
               {"last_streak", checkin ? checkin->streak : 0},
               {"badges", badges_.of(m.id)},
               {"tier", tier_json(m.id)}};
  profile.update(member_record(m, c.now_s));
  return answer(200, profile);
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
                   {"actor", e.actor},
                   {"note", e.note},
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
                    {"verifications_deleted", r.verifications_deleted},
                    {"replies_blanked", r.replies_anonymised},
                    {"points_kept", found->member.points}};
  // The audit names the member row, not the person: the erasure must not keep what it erased.
  tokens_.audit({0, c.who.name, "member.erase", found->audit_target(), "", report.dump(), c.now_s});
  return answer(200, report);
}

}  // namespace steward::api
