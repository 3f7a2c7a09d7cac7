#include "bot/platforms/generic/generic_adapter.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/common/signature.hpp"
#include "bot/platforms/common/unusable_answer.hpp"

namespace steward::platforms::generic {

namespace {

using nlohmann::json;

json answer_of(const core::delivery_response& response) {
  const auto body = json::parse(response.body, nullptr, false);
  if (response.status < 200 || response.status >= 300 || !body.is_object() ||
      !flag_field(body, "ok")) {
    return nullptr;
  }
  return body;
}

std::string text_at(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return {};
}

}  // namespace

std::string signature_of(std::string_view secret, std::int64_t timestamp, std::string_view body) {
  std::string message = "v1:" + std::to_string(timestamp) + ":";
  message.append(body);
  return "v1=" + hmac_hex(digest::sha256, secret, message);
}

generic_adapter::generic_adapter(generic_settings settings, std::function<std::int64_t()> now_s)
    : settings_(std::move(settings)), now_s_(std::move(now_s)) {}

bool generic_adapter::verify(const core::raw_request& request) const {
  if (settings_.secret.empty()) return false;
  const auto stamp = request.header("X-Steward-Timestamp");
  std::int64_t timestamp = 0;
  if (stamp.empty() || stamp.size() > 12 ||
      stamp.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  timestamp = std::stoll(std::string(stamp));
  // A stale or future request is a replay (or a clock to fix): refused like a forgery.
  if (std::llabs(now_s_() - timestamp) > settings_.window_s) return false;
  return equal_in_constant_time(signature_of(settings_.secret, timestamp, request.body),
                                request.header("X-Steward-Signature"));
}

core::result<core::inbound_update> generic_adapter::parse(const core::raw_request& request) const {
  return parse_event(request.body);
}

std::vector<std::pair<std::string, std::string>> generic_adapter::headers_to_send(
    std::string_view, const std::string& body, std::int64_t now_s) const {
  return {{"X-Steward-Timestamp", std::to_string(now_s)},
          {"X-Steward-Signature", signature_of(settings_.secret, now_s, body)}};
}

std::string generic_adapter::endpoint_url(std::string_view) const {
  return settings_.callback_url;  // one URL: the action is named in the body
}

bool generic_adapter::can(std::string_view what) const {
  return std::find(settings_.can.begin(), settings_.can.end(), what) != settings_.can.end();
}

core::capabilities generic_adapter::caps() const {
  return {.delete_others_messages = can("delete"),
          .mute_with_duration = can("mute"),
          .kick = can("kick"),
          .ban = can("ban"),
          .sees_all_messages = true,
          .timed_ban = can("timed_ban"),
          .inline_buttons = can("buttons"),
          .edit_messages = can("edit")};
}

core::delivery_verdict generic_adapter::classify(const core::delivery_response& response) const {
  using kind = core::delivery_verdict::kind;
  const auto body = json::parse(response.body, nullptr, false);
  const std::string error = body.is_object() ? text_at(body, "error") : "";
  if (response.status >= 200 && response.status < 300) {
    if (flag_field(body, "ok")) return {kind::delivered, 0, ""};
    return {kind::permanent, 0, error.empty() ? "the relay answered without \"ok\": true" : error};
  }
  if (response.status == 429) {
    const auto wait = std::strtoll(response.retry_after_header.c_str(), nullptr, 10);
    return {kind::retry_after, std::max<std::int64_t>(wait, 1), error};
  }
  if (response.status == 0 || response.status >= 500) {
    return {kind::transient, 0, error.empty() ? response.body.substr(0, 200) : error};
  }
  return {kind::permanent, 0,
          "HTTP " + std::to_string(response.status) + (error.empty() ? "" : ": " + error)};
}

core::refusal generic_adapter::explain_failure(std::string_view error) const {
  // The relay names the reason with one of these words (docs/generic-webhook.md).
  for (const auto& [word, why] : std::initializer_list<std::pair<std::string_view, core::refusal>>{
           {"target_is_admin", core::refusal::target_is_admin},
           {"lacks_right", core::refusal::lacks_right},
           {"not_admin", core::refusal::not_admin},
           {"target_absent", core::refusal::target_absent},
           {"message_gone", core::refusal::message_gone},
           {"too_old", core::refusal::too_old},
           {"unsupported", core::refusal::unsupported}}) {
    if (error.rfind(word, 0) == 0) return why;
  }
  return core::refusal::unknown;
}

core::lane generic_adapter::lane_of(std::string_view method) const {
  if (method == "send_message" || method == "edit_message" || method == "forward_message") {
    return core::lane::messages;
  }
  if (method == "delete_message" || method == "mute" || method == "unmute" || method == "kick" ||
      method == "ban" || method == "unban") {
    return core::lane::moderation;
  }
  return core::lane::lookups;
}

std::string generic_adapter::member_of_call(const core::outbound_request& call) const {
  const auto body = json::parse(call.body, nullptr, false);
  return body.is_object() ? text_at(body, "user_id") : "";
}

core::outbound_request generic_adapter::admin_list_request(std::string_view chat_id) const {
  return {"get_admins", json{{"action", "get_admins"}, {"chat_id", chat_id}}.dump()};
}

std::string generic_adapter::created_invite_link(const core::delivery_response& response) const {
  const auto body = answer_of(response);
  return body.is_object() ? text_at(body, "invite_link") : "";
}

std::string generic_adapter::sent_message_id(const core::delivery_response& response) const {
  const auto body = answer_of(response);
  return body.is_object() ? text_at(body, "message_id") : "";
}

core::result<std::vector<std::string>> generic_adapter::parse_admin_list(
    const core::delivery_response& response) const {
  const auto body = answer_of(response);
  if (!body.is_object() || !body.contains("admins") || !body["admins"].is_array()) {
    return core::error{"admin_list_failed",
                       unusable_answer("get_admins", response, classify(response),
                                       "a list of admins (\"admins\": [...])")};
  }
  std::vector<std::string> ids;
  for (const auto& id : body["admins"]) {
    if (id.is_string()) ids.push_back(id.get<std::string>());
    if (id.is_number_integer()) ids.push_back(std::to_string(id.get<std::int64_t>()));
  }
  return ids;
}

}  // namespace steward::platforms::generic
