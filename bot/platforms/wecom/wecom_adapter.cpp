#include "bot/platforms/wecom/wecom_adapter.hpp"

#include <nlohmann/json.hpp>

#include "bot/core/url.hpp"
#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/common/signature.hpp"
#include "bot/platforms/wecom/msg_crypt.hpp"

namespace steward::platforms::wecom {

namespace {

using nlohmann::json;

// WeCom's codes for a token it no longer takes (invalid, expired, missing).
bool is_token_error(std::int64_t code) {
  return code == 40014 || code == 42001 || code == 41001;
}

// Busy, or over a frequency limit (blocks last a minute or more; WeCom gives no wait hint).
bool is_throttled(std::int64_t code) {
  return code == -1 || code == 45009 || code == 45033;
}

// Base64 in a query: a '+' that arrived unencoded was decoded as a space.
std::string base64_param(std::string value) {
  for (auto& c : value) {
    if (c == ' ') c = '+';
  }
  return value;
}

}  // namespace

wecom_adapter::wecom_adapter(wecom_settings settings, std::function<std::int64_t()> now_s)
    : settings_(std::move(settings)),
      aes_key_(aes_key_of(settings_.encoding_aes_key).value_or("")),
      now_s_(std::move(now_s)) {
  while (!settings_.api_base_url.empty() && settings_.api_base_url.back() == '/') {
    settings_.api_base_url.pop_back();
  }
}

std::string wecom_adapter::encrypted_part(const core::raw_request& request) const {
  const auto query = core::query_of(request.target);
  if (const auto echo = query.find("echostr"); echo != query.end()) {
    return base64_param(echo->second);
  }
  const auto first = request.body.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && request.body[first] == '<') {
    return xml_text(request.body, "Encrypt").value_or("");
  }
  return text_field(json::parse(request.body, nullptr, false), "encrypt");
}

bool wecom_adapter::verify(const core::raw_request& request) const {
  if (settings_.token.empty() || aes_key_.empty()) return false;
  const auto query = core::query_of(request.target);
  const auto field = [&query](const char* key) {
    const auto it = query.find(key);
    return it == query.end() ? std::string() : it->second;
  };
  const auto stamp = field("timestamp");
  if (stamp.empty() || stamp.size() > 12 ||
      stamp.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  const auto age = now_s_() - std::stoll(stamp);
  if (age > settings_.window_seconds || age < -300) return false;
  const auto encrypted = encrypted_part(request);
  if (encrypted.empty()) return false;
  return equal_in_constant_time(signature_of(settings_.token, stamp, field("nonce"), encrypted),
                                field("msg_signature"));
}

core::result<core::inbound_update> wecom_adapter::parse(const core::raw_request& request) const {
  const auto opened = open(aes_key_, encrypted_part(request));
  if (!opened) {
    return core::error{"bad_event", "is not a message encrypted with the EncodingAESKey",
                       "Encrypt"};
  }
  const auto query = core::query_of(request.target);
  if (query.contains("echostr")) {  // the URL check: answer the decrypted text as it is
    if (!opened->receive_id.empty() && opened->receive_id != settings_.corp_id) {
      return core::error{"bad_event", "is addressed to another CorpID", "echostr"};
    }
    core::inbound_update out;
    out.platform = "wecom";
    out.type = out.update_id = "url_verification";
    out.known = false;
    out.routine = true;
    out.handshake = opened->message;
    out.handshake_is_text = true;
    return out;
  }
  const auto first = request.body.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && request.body[first] == '<') {
    if (settings_.corp_id.empty() || opened->receive_id != settings_.corp_id) {
      return core::error{"bad_event", "is not addressed to the configured corp_id", "Encrypt"};
    }
    return parse_app_message(opened->message);
  }
  if (!opened->receive_id.empty()) {
    return core::error{"bad_event", "an AI bot's message carries no receive id", "encrypt"};
  }
  return parse_bot_message(opened->message, settings_.api_base_url);
}

core::http_call wecom_adapter::call_for(std::string_view, const std::string& stored_body,
                                        std::int64_t, std::string_view access_token) const {
  // Stored as {"url"} (an AI bot message's response_url, no token) or {"path"} (the app's API,
  // token in the query), and the body.
  const auto stored = json::parse(stored_body, nullptr, false);
  core::http_call call;
  call.body = object_field(stored, "body").dump();
  if (const auto url = text_field(stored, "url"); !url.empty()) {
    call.url = url;
  } else {
    call.url = settings_.api_base_url + text_field(stored, "path") +
               "?access_token=" + std::string(access_token);
  }
  return call;
}

std::optional<core::http_call> wecom_adapter::token_call() const {
  if (settings_.corp_secret.empty()) return std::nullopt;  // the AI bot needs no token
  return core::http_call{"GET",
                         settings_.api_base_url + "/cgi-bin/gettoken?corpid=" + settings_.corp_id +
                             "&corpsecret=" + settings_.corp_secret,
                         ""};
}

core::result<core::access_grant> wecom_adapter::parsed_token(
    const core::delivery_response& response) const {
  const auto body = json::parse(response.body, nullptr, false);
  const auto token = text_field(body, "access_token");
  const auto expires = integer_field(body, "expires_in", 0);
  if (response.status == 200 && integer_field(body, "errcode", 0) == 0 && !token.empty() &&
      expires > 0) {
    return core::access_grant{token, expires};
  }
  const auto message = text_field(body, "errmsg");
  return core::error{"token_refused",
                     message.empty() ? "HTTP " + std::to_string(response.status) : message};
}

std::optional<core::send_limits> wecom_adapter::own_limits() const {
  // App messages: at most 30 a minute to one member, excess silently dropped (§5.6).
  return core::send_limits{.per_chat_per_second = 1.0,
                           .per_chat_burst = 3.0,
                           .per_chat_per_minute = 20.0,
                           .global_per_second = 20.0};
}

std::string wecom_adapter::endpoint_url(std::string_view) const {
  return settings_.api_base_url + "/cgi-bin";
}

core::delivery_verdict wecom_adapter::classify(const core::delivery_response& response) const {
  using kind = core::delivery_verdict::kind;
  const auto body = json::parse(response.body, nullptr, false);
  const auto code = integer_field(body, "errcode", body.is_object() ? 0 : -2);
  if (response.status == 200 && code == 0) return {kind::delivered, 0, ""};
  const std::string description =
      body.is_object() ? "WeCom error " + std::to_string(code) + ": " + text_field(body, "errmsg")
                       : response.body.substr(0, 200);
  if (is_token_error(code)) return {kind::transient, 0, description, true};
  if (is_throttled(code) || response.status == 0 || response.status >= 500) {
    return {kind::transient, 0, description.empty() ? "no answer" : description};
  }
  return {kind::permanent, 0, description};
}

core::capabilities wecom_adapter::caps() const {
  core::capabilities none;         // no deletes, mutes or removals in these chats (§5.5, §6)
  none.notifies_mentions = false;  // markdown cannot @ anyone
  none.posts_unprompted = false;   // the AI bot only answers, through each message's response_url
  return none;
}

std::string wecom_adapter::sent_message_id(const core::delivery_response& response) const {
  return text_field(json::parse(response.body, nullptr, false), "msgid");
}

}  // namespace steward::platforms::wecom
