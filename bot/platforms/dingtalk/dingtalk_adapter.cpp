#include "bot/platforms/dingtalk/dingtalk_adapter.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bot/platforms/common/cipher.hpp"
#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/common/signature.hpp"

namespace steward::platforms::dingtalk {

namespace {

using nlohmann::json;

// DingTalk documents no longest mute; Steward asks for at most 30 days and says so.
constexpr std::int64_t longest_mute_s = 30 * 86400;

// DingTalk stamps callbacks in milliseconds and refuses nothing older than an hour (§4.2).
constexpr std::int64_t window_ms = 3600 * 1000;

// The older API's codes for a token it no longer takes; the v1.0 API answers 401 or these names.
bool is_token_error(const json& body, int status) {
  const auto errcode = integer_field(body, "errcode", 0);
  const auto code = text_field(body, "code");
  return status == 401 || errcode == 40014 || errcode == 42001 || errcode == 88 ||
         code == "InvalidAuthentication" ||
         code == "Forbidden.AccessDenied.AccessTokenPermissionDenied";
}

// Throttling: the per-API and per-organisation limits (§4.6). DingTalk gives no wait hint.
bool is_throttled(const json& body, int status) {
  const auto errcode = integer_field(body, "errcode", 0);
  const auto code = text_field(body, "code");
  return status == 429 || errcode == 90002 || errcode == 90018 || errcode == 90019 ||
         errcode == 130101 || code.find("QpsLimit") != std::string::npos;
}

std::string describe(const json& body, const std::string& raw) {
  if (const auto errmsg = text_field(body, "errmsg"); !errmsg.empty()) {
    return "DingTalk error " + text_field(body, "errcode") + ": " + errmsg;
  }
  if (const auto message = text_field(body, "message"); !message.empty()) {
    return "DingTalk error " + text_field(body, "code") + ": " + message;
  }
  return raw.substr(0, 200);
}

}  // namespace

std::string signature_of(std::string_view app_secret, std::string_view timestamp_ms) {
  std::string base(timestamp_ms);
  base += '\n';
  base.append(app_secret);
  return base64_encode(hmac_raw(digest::sha256, app_secret, base));
}

dingtalk_adapter::dingtalk_adapter(dingtalk_settings settings, std::function<std::int64_t()> now_s)
    : settings_(std::move(settings)), now_s_(std::move(now_s)) {
  for (auto* url : {&settings_.api_base_url, &settings_.oapi_base_url}) {
    while (!url->empty() && url->back() == '/')
      url->pop_back();
  }
}

bool dingtalk_adapter::verify(const core::raw_request& request) const {
  if (settings_.app_secret.empty()) return false;
  const auto stamp = request.header("timestamp");
  if (stamp.empty() || stamp.size() > 15 ||
      stamp.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  if (std::llabs(now_s_() * 1000 - std::stoll(std::string(stamp))) > window_ms) return false;
  return equal_in_constant_time(signature_of(settings_.app_secret, stamp), request.header("sign"));
}

core::result<core::inbound_update> dingtalk_adapter::parse(const core::raw_request& request) const {
  return parse_callback(request.body);
}

core::http_call dingtalk_adapter::call_for(std::string_view, const std::string& stored_body,
                                           std::int64_t now_s,
                                           std::string_view access_token) const {
  // Stored as {"api","path","body"}: the v1.0 API takes the token as a header, the older one
  // (scene-group removals) as a query parameter.
  const auto stored = json::parse(stored_body, nullptr, false);
  core::http_call call;
  json body = object_field(stored, "body");
  if (body.contains("steward_until")) {
    // A mute is given as a duration: counted from the moment the call leaves, so a mute that
    // waited in the queue still ends when it was announced to.
    const auto until = integer_field(body, "steward_until", 0);
    const auto seconds = until == 0 ? longest_mute_s : std::max<std::int64_t>(1, until - now_s);
    body["muteDuration"] = std::min(seconds, longest_mute_s) * 1000;
    body.erase("steward_until");
  }
  call.body = body.dump();
  if (text_field(stored, "api") == "oapi") {
    call.url = settings_.oapi_base_url + text_field(stored, "path") +
               "?access_token=" + std::string(access_token);
  } else {
    call.url = settings_.api_base_url + text_field(stored, "path");
    call.headers = {{"x-acs-dingtalk-access-token", std::string(access_token)}};
  }
  return call;
}

std::optional<core::http_call> dingtalk_adapter::token_call() const {
  return core::http_call{
      "POST", settings_.api_base_url + "/v1.0/oauth2/accessToken",
      json{{"appKey", settings_.app_key}, {"appSecret", settings_.app_secret}}.dump()};
}

core::result<core::access_grant> dingtalk_adapter::parsed_token(
    const core::delivery_response& response) const {
  const auto body = json::parse(response.body, nullptr, false);
  const auto token = text_field(body, "accessToken");
  const auto expire = integer_field(body, "expireIn", 0);
  if (response.status == 200 && !token.empty() && expire > 0) {
    return core::access_grant{token, expire};
  }
  return core::error{"token_refused", describe(body, "HTTP " + std::to_string(response.status))};
}

std::optional<core::send_limits> dingtalk_adapter::own_limits() const {
  // Robots are throttled for ten minutes past 20 messages a minute (§4.6): stay below.
  return core::send_limits{.per_chat_per_second = 1.0,
                           .per_chat_burst = 3.0,
                           .per_chat_per_minute = 19.0,
                           .global_per_second = 20.0};
}

std::string dingtalk_adapter::endpoint_url(std::string_view) const {
  return settings_.api_base_url + "/v1.0";
}

core::capabilities dingtalk_adapter::caps() const {
  // A robot recalls only its own messages; mutes and removals exist in scene groups only.
  return {.delete_others_messages = false,
          .mute_with_duration = settings_.scene_groups,
          .kick = settings_.scene_groups,
          .ban = false,
          .sees_all_messages = false,
          .timed_ban = false,
          .inline_buttons = false,
          .edit_messages = false,
          .longest_mute_s = longest_mute_s,
          .notifies_mentions = false};  // robots' markdown cannot @ anyone
}

core::delivery_verdict dingtalk_adapter::classify(const core::delivery_response& response) const {
  using kind = core::delivery_verdict::kind;
  const auto body = json::parse(response.body, nullptr, false);
  const bool errcode_ok = integer_field(body, "errcode", 0) == 0;
  if (response.status == 200 && body.is_object() && errcode_ok) return {kind::delivered, 0, ""};
  const auto description = describe(body, response.body);
  if (is_token_error(body, response.status)) return {kind::transient, 0, description, true};
  if (is_throttled(body, response.status) || response.status == 0 || response.status >= 500) {
    return {kind::transient, 0, description.empty() ? "no answer" : description};
  }
  return {kind::permanent, 0, description};
}

core::refusal dingtalk_adapter::explain_failure(std::string_view error) const {
  using core::refusal;
  if (error.find("permission") != std::string_view::npos ||
      error.find("Permission") != std::string_view::npos) {
    return refusal::lacks_right;
  }
  if (error.find("not exist") != std::string_view::npos) return refusal::target_absent;
  return refusal::unknown;
}

core::lane dingtalk_adapter::lane_of(std::string_view method) const {
  if (method == "send" || method == "send_private") return core::lane::messages;
  if (method == "recall" || method == "mute" || method == "unmute" || method == "kick") {
    return core::lane::moderation;
  }
  return core::lane::lookups;
}

std::string dingtalk_adapter::member_of_call(const core::outbound_request& call) const {
  const auto stored = json::parse(call.body, nullptr, false);
  const auto& body = object_field(stored, "body");
  if (const auto& ids = array_field(body, "userIdList"); !ids.empty() && ids[0].is_string()) {
    return ids[0].get<std::string>();
  }
  return text_field(body, "user_ids");
}

core::outbound_request dingtalk_adapter::admin_list_request(std::string_view) const {
  return {};  // DingTalk says with every message whether its sender is an admin (isAdmin)
}

std::string dingtalk_adapter::sent_message_id(const core::delivery_response& response) const {
  const auto body = json::parse(response.body, nullptr, false);
  return text_field(body, "processQueryKey");
}

core::result<std::vector<std::string>> dingtalk_adapter::parse_admin_list(
    const core::delivery_response&) const {
  return core::error{"admin_list_unsupported",
                     "DingTalk tells with each message whether its sender is an admin"};
}

}  // namespace steward::platforms::dingtalk
