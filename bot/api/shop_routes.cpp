// Admin API: the points shop's items and redemptions (list, fulfil, refund).

#include <fmt/format.h>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "handlers/shop.hpp"

namespace steward::api {

using namespace detail;

namespace {

json optional_int(const std::optional<std::int64_t>& v) {
  return v ? json(*v) : json(nullptr);
}

json redemption_json(const storage::redemption& r) {
  return {{"code", r.code}, {"item", r.item_id}, {"price", r.price}, {"state", r.state}};
}

}  // namespace

std::optional<response> admin_api::route_shop(const call& c) {
  if (c.is({"shop", "items"})) return unless(c.refuse("GET", 1), [&] { return shop_items(); });
  if (c.is({"shop", "redemptions"})) {
    return unless(c.refuse("GET", 1), [&] { return redemptions(c.req); });
  }
  if (c.is({"shop", "redemptions", "*", "fulfil"}) ||
      c.is({"shop", "redemptions", "*", "refund"})) {
    return unless(c.refuse("POST", 2),
                  [&] { return settle(c, c.parts[2], c.parts[3] == "refund"); });
  }
  return std::nullopt;
}

response admin_api::shop_items() {
  json out = json::array();
  for (const auto& item : shop_.items()) {
    const std::int64_t taken = shop_.taken(item.id);
    out.push_back({{"id", item.id},
                   {"name", item.name},
                   {"description", item.description},
                   {"price", item.price},
                   {"stock", optional_int(item.stock)},
                   {"taken", taken},
                   {"left", item.stock ? json(*item.stock - taken) : json(nullptr)},
                   {"per_member_limit", optional_int(item.per_member_limit)},
                   {"valid_from", optional_int(item.valid_from)},
                   {"valid_until", optional_int(item.valid_until)},
                   {"min_level", item.min_level},
                   {"required_badge", item.required_badge}});
  }
  return answer(200, {{"items", out}});
}

response admin_api::redemptions(const request& req) {
  response error;
  const auto limit = limit_of(req, error);
  if (!limit) return error;
  const std::string chat = query_of(req, "group");
  if (chat.empty()) return problem(400, "bad_request", "group (a chat id) is required", "group");
  const auto group = community_.find_group("telegram", chat);
  if (!group) return problem(400, "bad_request", "no group with chat id " + chat, "group");
  const std::string state = query_of(req, "state");
  if (!state.empty() && state != "pending" && state != "fulfilled" && state != "refunded") {
    return problem(400, "bad_request", "state must be pending, fulfilled or refunded", "state");
  }
  json out = json::array();
  for (const auto& v : shop_.redemptions_in(group->id, state, *limit)) {
    json row = redemption_json(v.r);
    row["user_id"] = v.user_id;
    row["name"] = v.member_name;
    row["created_at"] = v.created_at;
    row["updated_at"] = v.updated_at;
    out.push_back(row);
  }
  return answer(200, {{"redemptions", out}});
}

response admin_api::settle(const call& c, const std::string& code, bool refund) {
  const std::string action = refund ? "refund" : "fulfil";
  const auto result =
      handlers::settle_redemption(shop_, ledger_, code, refund, "api:" + c.who.name, c.now_s);
  switch (result.outcome) {
    case handlers::settle_outcome::unknown_code:
      return problem(404, "not_found", "no redemption with code " + code, "code");
    case handlers::settle_outcome::not_pending:
      return problem(409, "conflict",
                     fmt::format("{} is {}; only pending redemptions can be {}", code,
                                 result.found.state, refund ? "refunded" : "fulfilled"),
                     "code");
    case handlers::settle_outcome::done:
      break;
  }
  json after = redemption_json(result.found);
  after["state"] = refund ? "refunded" : "fulfilled";
  if (refund) after["balance"] = result.balance;
  tokens_.audit({0, c.who.name, "shop." + action, result.found.code,
                 redemption_json(result.found).dump(), after.dump(), c.now_s});
  return answer(200, after);
}

}  // namespace steward::api
