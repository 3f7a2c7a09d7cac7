// Admin API: the points shop's items (list, save, withdraw) and redemptions (list, fulfil,
// refund).

#include <fmt/format.h>

#include "bot/api/detail/answers.hpp"
#include "bot/api/detail/call.hpp"
#include "bot/core/text.hpp"
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
  if (c.is({"shop", "items", "*"})) {
    if (c.req.method == "DELETE") {
      return unless(c.refuse("DELETE", 2), [&] { return withdraw_item(c, c.parts[2]); });
    }
    return unless(c.refuse("PUT", 2), [&] { return save_item(c, c.parts[2]); });
  }
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

namespace {

/// An optional whole number of the body within [min, max]; nullopt when absent or null.
std::optional<std::int64_t> optional_count(const json& body, const char* name, std::int64_t min,
                                           std::int64_t max = 1'000'000'000) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer() || it->get<std::int64_t>() < min || it->get<std::int64_t>() > max) {
    throw bad_field(name, fmt::format("a whole number from {} to {}, or null", min, max));
  }
  return it->get<std::int64_t>();
}

/// A Unix time of the body (up to the year 3000), or nullopt.
std::optional<std::int64_t> optional_time(const json& body, const char* name) {
  return optional_count(body, name, 0, 32'503'680'000);
}

bool valid_item_id(const std::string& id) {
  if (id.empty() || id.size() > 32) return false;
  for (const char ch : id) {
    if (!(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9') && ch != '_' && ch != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

// PUT {name, price, description?, stock?, per_member_limit?, valid_from?, valid_until?,
// min_level?, badge?, tier?}: the item as it will be offered; from now on the database owns it.
response admin_api::save_item(const call& c, const std::string& id) {
  if (!valid_item_id(id)) {
    return problem(400, "bad_request", "an item id is 1-32 of a-z, 0-9, _ and -", "id");
  }
  response error;
  const auto body = body_of(c.req, error);
  if (!body) return error;
  storage::shop_item item;
  item.id = id;
  item.name = text_of(*body, "name");
  if (item.name.empty() || core::count_chars(item.name) > 100) {
    return problem(400, "bad_request", "name must be 1-100 characters", "name");
  }
  item.description = text_of(*body, "description");
  const auto price = optional_count(*body, "price", 0);
  if (!price) return problem(400, "bad_request", "price is required (points, 0 or more)", "price");
  item.price = *price;
  item.stock = optional_count(*body, "stock", 0);
  item.per_member_limit = optional_count(*body, "per_member_limit", 1);
  item.valid_from = optional_time(*body, "valid_from");
  item.valid_until = optional_time(*body, "valid_until");
  if (item.valid_from && item.valid_until && *item.valid_until <= *item.valid_from) {
    return problem(400, "bad_request", "valid_until must be after valid_from", "valid_until");
  }
  item.min_level = optional_count(*body, "min_level", 0).value_or(0);
  item.required_badge = text_of(*body, "badge");
  item.min_tier = text_of(*body, "tier");
  if (!item.min_tier.empty() && item.min_tier != "core" && item.min_tier != "potential") {
    return problem(400, "bad_request", "tier must be core, potential or empty", "tier");
  }
  const std::int64_t taken = shop_.taken(id);
  if (item.stock && *item.stock < taken) {
    return problem(409, "conflict",
                   fmt::format("{} have already been redeemed; stock cannot be lower", taken),
                   "stock");
  }
  shop_.save_item(item);
  tokens_.audit({0, c.who.name, "shop.item.save", id, "", c.req.body, c.now_s});
  return answer(200, {{"id", id}, {"saved", true}, {"taken", taken}});
}

response admin_api::withdraw_item(const call& c, const std::string& id) {
  if (!shop_.withdraw_item(id)) {
    return problem(404, "not_found", "no item " + id + " is offered", "id");
  }
  tokens_.audit({0, c.who.name, "shop.item.withdraw", id, "", "", c.now_s});
  return answer(200, {{"id", id}, {"withdrawn", true}});
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
  const auto group = find_group_at(chat);
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
  const auto result = handlers::settle_redemption(shop_, ledger_, code, refund, "api:" + c.who.name,
                                                  "api:" + c.who.name, c.now_s);
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
