#include "bot/platforms/slack/slack_adapter.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/common/signature.hpp"

namespace steward::platforms::slack {

namespace {

using nlohmann::json;

/// Slack answers logical errors with HTTP 200 and {"ok":false,"error":"…"}.
json ok_answer(const core::delivery_response& response) {
  const auto body = json::parse(response.body, nullptr, false);
  if (response.status != 200 || !body.is_object() || !flag_field(body, "ok")) return nullptr;
  return body;
}

}  // namespace

std::string signature_of(std::string_view secret, std::string_view timestamp,
                         std::string_view body) {
  std::string base = "v0:";
  base.append(timestamp);
  base += ':';
  base.append(body);
  return "v0=" + hmac_hex(digest::sha256, secret, base);
}

slack_adapter::slack_adapter(slack_settings settings, std::function<std::int64_t()> now_s)
    : settings_(std::move(settings)), now_s_(std::move(now_s)) {
  while (!settings_.api_base_url.empty() && settings_.api_base_url.back() == '/') {
    settings_.api_base_url.pop_back();
  }
}

bool slack_adapter::verify(const core::raw_request& request) const {
  if (settings_.signing_secret.empty()) return false;
  const auto stamp = request.header("X-Slack-Request-Timestamp");
  if (stamp.empty() || stamp.size() > 12 ||
      stamp.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  // Slack's window is five minutes either way (stricter than Bolt, which ignores the future).
  if (std::llabs(now_s_() - std::stoll(std::string(stamp))) > 300) return false;
  return equal_in_constant_time(signature_of(settings_.signing_secret, stamp, request.body),
                                request.header("X-Slack-Signature"));
}

core::result<core::inbound_update> slack_adapter::parse(const core::raw_request& request) const {
  return parse_request(request.body, settings_.bot_user_id);
}

std::vector<std::pair<std::string, std::string>> slack_adapter::headers_to_send(
    std::string_view, const std::string&, std::int64_t) const {
  return {{"Authorization", "Bearer " + settings_.bot_token}};
}

// Slack's read methods take their arguments in the query, not as JSON (users.info).
core::http_call slack_adapter::call_for(std::string_view method, const std::string& stored_body,
                                        std::int64_t now_s, std::string_view access_token) const {
  auto call = platform_adapter::call_for(method, stored_body, now_s, access_token);
  if (method == "users.info") {
    call.verb = "GET";
    call.url += "?user=" + text_field(json::parse(stored_body, nullptr, false), "user");
    call.body.clear();
  }
  return call;
}

// The name members see: the display name they chose, else their real name, else the handle.
std::string slack_adapter::parsed_member_name(const core::delivery_response& response) const {
  const auto answer = ok_answer(response);
  const auto& user = object_field(answer, "user");
  const auto& profile = object_field(user, "profile");
  for (const auto& name : {text_field(profile, "display_name"), text_field(profile, "real_name"),
                           text_field(user, "real_name"), text_field(user, "name")}) {
    if (!name.empty()) return name;
  }
  return {};
}

std::optional<core::send_limits> slack_adapter::own_limits() const {
  // chat.postMessage: about one message a second per channel with short bursts (§2.6).
  return core::send_limits{.per_chat_per_second = 1.0,
                           .per_chat_burst = 3.0,
                           .per_chat_per_minute = 60.0,
                           .global_per_second = 20.0};
}

std::string slack_adapter::endpoint_url(std::string_view method) const {
  return settings_.api_base_url + "/api/" + std::string(method);
}

core::capabilities slack_adapter::caps() const {
  // A bot token deletes only the bot's own messages; no mutes, no bans; kicks from a channel.
  return {.delete_others_messages = false,
          .mute_with_duration = false,
          .kick = true,
          .ban = false,
          .sees_all_messages = true,
          .timed_ban = false,
          .inline_buttons = false,
          .edit_messages = true};
}

core::delivery_verdict slack_adapter::classify(const core::delivery_response& response) const {
  using kind = core::delivery_verdict::kind;
  const auto body = json::parse(response.body, nullptr, false);
  const std::string error = text_field(body, "error");
  if (response.status == 200 && flag_field(body, "ok")) {
    return {kind::delivered, 0, ""};
  }
  if (response.status == 429) {
    const auto wait = std::strtoll(response.retry_after_header.c_str(), nullptr, 10);
    return {kind::retry_after, std::max<std::int64_t>(wait, 1), error};
  }
  if (response.status == 0 || response.status >= 500) {
    return {kind::transient, 0, error.empty() ? response.body.substr(0, 200) : error};
  }
  if (!error.empty()) return {kind::permanent, 0, error};
  return {kind::permanent, 0, "HTTP " + std::to_string(response.status)};
}

core::refusal slack_adapter::explain_failure(std::string_view error) const {
  using core::refusal;
  if (error == "not_in_channel" || error == "user_not_found") return refusal::target_absent;
  if (error == "restricted_action" || error == "missing_scope" ||
      error == "not_allowed_token_type") {
    return refusal::lacks_right;
  }
  if (error == "message_not_found") return refusal::message_gone;
  if (error == "cant_delete_message") return refusal::too_old;
  if (error == "cant_kick_from_general" || error == "cant_kick_self") return refusal::unsupported;
  return refusal::unknown;
}

core::lane slack_adapter::lane_of(std::string_view method) const {
  if (method == "chat.postMessage" || method == "chat.update") return core::lane::messages;
  if (method == "chat.delete" || method == "conversations.kick") return core::lane::moderation;
  return core::lane::lookups;
}

std::string slack_adapter::member_of_call(const core::outbound_request& call) const {
  const auto body = json::parse(call.body, nullptr, false);
  return text_field(body, "user");
}

core::outbound_request slack_adapter::admin_list_request(std::string_view chat_id) const {
  // Slack channels have no administrators of their own (admins come from moderation.admin_ids).
  (void)chat_id;
  return {};
}

std::string slack_adapter::sent_message_id(const core::delivery_response& response) const {
  const auto body = ok_answer(response);
  return text_field(body, "ts");
}

core::result<std::vector<std::string>> slack_adapter::parse_admin_list(
    const core::delivery_response&) const {
  return core::error{"admin_list_unsupported",
                     "Slack channels have no administrators; list them in moderation.admin_ids"};
}

}  // namespace steward::platforms::slack
