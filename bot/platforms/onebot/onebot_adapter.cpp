#include "bot/platforms/onebot/onebot_adapter.hpp"

#include <nlohmann/json.hpp>

#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/common/signature.hpp"
#include "bot/platforms/common/unusable_answer.hpp"

namespace steward::platforms::onebot {

namespace {

using nlohmann::json;

/// The `data` of a successful OneBot answer ({"status":"ok","retcode":0,"data":…}), or null.
json data_of(const core::delivery_response& response) {
  const auto body = json::parse(response.body, nullptr, false);
  if (response.status != 200 || !body.is_object() || integer_field(body, "retcode", -1) != 0 ||
      !body.contains("data")) {
    return nullptr;
  }
  return body["data"];
}

}  // namespace

std::string signature_of(std::string_view secret, std::string_view body) {
  return "sha1=" + hmac_hex(digest::sha1, secret, body);
}

onebot_adapter::onebot_adapter(onebot_settings settings) : settings_(std::move(settings)) {
  while (!settings_.api_url.empty() && settings_.api_url.back() == '/')
    settings_.api_url.pop_back();
}

bool onebot_adapter::verify(const core::raw_request& request) const {
  // The configuration requires a secret: without one anybody could post events.
  if (settings_.secret.empty()) return false;
  return equal_in_constant_time(signature_of(settings_.secret, request.body),
                                request.header("X-Signature"));
}

core::result<core::inbound_update> onebot_adapter::parse(const core::raw_request& request) const {
  return parse_event(request.body);
}

std::string onebot_adapter::endpoint_url(std::string_view method) const {
  // OneBot takes the token as a query parameter as well as a header; the dispatcher's calls
  // carry no headers of their own.
  std::string url = settings_.api_url + "/" + std::string(method);
  if (!settings_.access_token.empty()) url += "?access_token=" + settings_.access_token;
  return url;
}

std::optional<core::send_limits> onebot_adapter::own_limits() const {
  return settings_.limits;
}

core::capabilities onebot_adapter::caps() const {
  // As a group administrator (or owner): the bot is an ordinary QQ account.
  return {.delete_others_messages = true,
          .mute_with_duration = true,
          .kick = true,
          .ban = true,  // a kick that refuses their requests to join again
          .sees_all_messages = true,
          .timed_ban = false,
          .inline_buttons = false,
          .edit_messages = false,
          .longest_mute_s = longest_mute_s,
          .shows_styles = false,  // QQ messages are plain text segments
          .shows_links = false};
}

core::delivery_verdict onebot_adapter::classify(const core::delivery_response& response) const {
  using kind = core::delivery_verdict::kind;
  const auto body = json::parse(response.body, nullptr, false);
  if (response.status == 200 && body.is_object()) {
    const auto retcode = integer_field(body, "retcode", -1);
    // retcode 1 is "async": accepted, carried out later.
    if (retcode == 0 || retcode == 1) return {kind::delivered, 0, ""};
    std::string description = text_field(body, "msg");
    for (const char* key : {"wording", "message"}) {
      const std::string more = text_field(body, key);
      if (!more.empty() && more != description) {
        description += (description.empty() ? "" : ": ") + more;
      }
    }
    if (description.empty()) description = "retcode " + std::to_string(retcode);
    return {kind::permanent, 0, description};
  }
  if (response.status == 429) {
    const auto wait = std::strtoll(response.retry_after_header.c_str(), nullptr, 10);
    return {kind::retry_after, std::max<std::int64_t>(wait, 1), "rate-limited"};
  }
  if (response.status == 0 || response.status >= 500) {
    return {kind::transient, 0, response.body.substr(0, 200)};
  }
  if (response.status == 401 || response.status == 403) {
    return {kind::permanent, 0,
            "HTTP " + std::to_string(response.status) +
                ": the OneBot API refused the access token (onebot.access_token)"};
  }
  return {kind::permanent, 0, "HTTP " + std::to_string(response.status)};
}

core::refusal onebot_adapter::explain_failure(std::string_view error) const {
  // go-cqhttp's msg codes and NapCat's wordings, matched by their stable parts.
  const auto has = [&](std::string_view part) {
    return error.find(part) != std::string_view::npos;
  };
  using core::refusal;
  if (has("NOT_MANAGEABLE") || has("权限不足") || has("not admin") || has("无权限")) {
    return refusal::lacks_right;
  }
  if (has("管理员") || has("群主") || has("is admin") || has("owner")) {
    return refusal::target_is_admin;
  }
  if (has("MSG_NOT_FOUND") || has("消息不存在") || has("message not found")) {
    return refusal::message_gone;
  }
  if (has("MEMBER_NOT_FOUND") || has("群成员不存在") || has("member not found") || has("不在群")) {
    return refusal::target_absent;
  }
  return refusal::unknown;
}

core::lane onebot_adapter::lane_of(std::string_view method) const {
  if (method == "send_group_msg" || method == "send_private_msg") return core::lane::messages;
  if (method == "delete_msg" || method == "set_group_ban" || method == "set_group_kick") {
    return core::lane::moderation;
  }
  return core::lane::lookups;
}

std::string onebot_adapter::member_of_call(const core::outbound_request& call) const {
  const auto body = json::parse(call.body, nullptr, false);
  if (!body.is_object() || !body.contains("user_id")) return {};
  const auto& user = body["user_id"];
  return user.is_number_integer() ? std::to_string(user.get<std::int64_t>())
                                  : (user.is_string() ? user.get<std::string>() : "");
}

core::outbound_request onebot_adapter::admin_list_request(std::string_view chat_id) const {
  json body{{"group_id", std::stoll(std::string(chat_id))}};
  return {"get_group_member_list", body.dump()};
}

std::string onebot_adapter::sent_message_id(const core::delivery_response& response) const {
  const auto data = data_of(response);
  if (!data.is_object() || !data.contains("message_id")) return {};
  const auto& id = data["message_id"];
  return id.is_number_integer() ? std::to_string(id.get<std::int64_t>())
                                : (id.is_string() ? id.get<std::string>() : "");
}

core::result<std::vector<std::string>> onebot_adapter::parse_admin_list(
    const core::delivery_response& response) const {
  const auto data = data_of(response);
  if (!data.is_array()) {
    return core::error{"admin_list_failed",
                       unusable_answer("get_group_member_list", response, classify(response),
                                       "a list of members")};
  }
  std::vector<std::string> ids;
  for (const auto& member : data) {
    if (!member.is_object() || !member.contains("user_id")) continue;
    const std::string role = text_field(member, "role");
    if (role != "owner" && role != "admin") continue;
    const auto& id = member["user_id"];
    if (id.is_number_integer()) ids.push_back(std::to_string(id.get<std::int64_t>()));
  }
  return ids;
}

std::string onebot_adapter::parsed_chat_title(const core::delivery_response& response) const {
  const auto data = data_of(response);
  return text_field(data, "group_name");
}

std::optional<core::bot_rights> onebot_adapter::parsed_bot_rights(
    const core::delivery_response& response) const {
  const auto data = data_of(response);
  if (!data.is_object() || !data.contains("role")) return std::nullopt;
  const std::string role = text_field(data, "role");
  const bool admin = role == "owner" || role == "admin";
  core::bot_rights rights;
  rights.is_admin = admin;
  rights.can_delete = admin;
  rights.can_restrict = admin;
  rights.can_mute = admin;
  // can_invite stays untold: QQ has no invite links to grant, so nothing to ask an admin for.
  return rights;
}

}  // namespace steward::platforms::onebot
