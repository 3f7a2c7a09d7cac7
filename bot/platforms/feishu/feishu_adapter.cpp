#include "bot/platforms/feishu/feishu_adapter.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bot/platforms/common/cipher.hpp"
#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/common/signature.hpp"

namespace steward::platforms::feishu {

namespace {

using nlohmann::json;

// Feishu's codes for a token it no longer takes (missing, invalid, expired).
bool is_token_error(std::int64_t code) {
  return code == 99991661 || code == 99991663 || code == 99991668 || code == 99991677;
}

constexpr std::int64_t rate_limited_code = 99991400;

bool is_digits(std::string_view text) {
  return !text.empty() && text.size() <= 15 &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string signature_of(std::string_view timestamp, std::string_view nonce,
                         std::string_view encrypt_key, std::string_view body) {
  std::string base;
  base.reserve(timestamp.size() + nonce.size() + encrypt_key.size() + body.size());
  base.append(timestamp).append(nonce).append(encrypt_key).append(body);
  return hash_hex(digest::sha256, base);
}

std::optional<std::string> decrypt(std::string_view encrypt_key, std::string_view encrypted) {
  const auto raw = base64_decode(encrypted);
  if (!raw || raw->size() < 32) return std::nullopt;
  const std::string_view all(*raw);
  return aes256_cbc_decrypt(sha256_raw(encrypt_key), all.substr(0, 16), all.substr(16), 16);
}

std::string encrypt(std::string_view encrypt_key, std::string_view plain, std::string_view iv) {
  return base64_encode(std::string(iv) +
                       aes256_cbc_encrypt(sha256_raw(encrypt_key), iv, plain, 16));
}

feishu_adapter::feishu_adapter(feishu_settings settings, std::function<std::int64_t()> now_s)
    : settings_(std::move(settings)), now_s_(std::move(now_s)) {
  while (!settings_.api_base_url.empty() && settings_.api_base_url.back() == '/') {
    settings_.api_base_url.pop_back();
  }
}

std::optional<std::string> feishu_adapter::plaintext_of(std::string_view body) const {
  const auto root = json::parse(body, nullptr, false);
  if (!root.is_object()) return std::nullopt;
  if (!root.contains("encrypt")) return std::string(body);
  if (settings_.encrypt_key.empty()) return std::nullopt;
  return decrypt(settings_.encrypt_key, text_field(root, "encrypt"));
}

// Signed events: the signature and a timestamp inside the window. Feishu's own SDKs skip the
// signature for the URL-verification challenge and check its Verification Token instead; so
// does Steward, for that one request type only.
bool feishu_adapter::verify(const core::raw_request& request) const {
  if (settings_.encrypt_key.empty()) return false;
  const auto stamp = request.header("X-Lark-Request-Timestamp");
  const auto signature = request.header("X-Lark-Signature");
  if (!signature.empty()) {
    if (!is_digits(stamp)) return false;
    // Seconds, as Feishu's samples show; a stamp in milliseconds (13 digits) is read as such
    // rather than refused, since the documentation does not say (§8.2).
    auto signed_at = std::stoll(std::string(stamp));
    if (stamp.size() >= 13) signed_at /= 1000;
    const auto age = now_s_() - signed_at;
    if (age > settings_.window_seconds || age < -300) return false;
    return equal_in_constant_time(signature_of(stamp, request.header("X-Lark-Request-Nonce"),
                                               settings_.encrypt_key, request.body),
                                  signature);
  }
  if (settings_.verification_token.empty()) return false;
  const auto plain = plaintext_of(request.body);
  if (!plain) return false;
  const auto doc = json::parse(*plain, nullptr, false);
  return text_field(doc, "type") == "url_verification" &&
         equal_in_constant_time(settings_.verification_token, text_field(doc, "token"));
}

core::result<core::inbound_update> feishu_adapter::parse(const core::raw_request& request) const {
  const auto plain = plaintext_of(request.body);
  if (!plain) {
    return core::error{"bad_event", "encrypt is not a message encrypted with the Encrypt Key",
                       "encrypt"};
  }
  return parse_event(*plain, settings_);
}

core::http_call feishu_adapter::call_for(std::string_view, const std::string& stored_body,
                                         std::int64_t, std::string_view access_token) const {
  // Stored as {"verb","path","body"}: Feishu's calls differ in verb and name their object in
  // the path (/messages/{id}/reply).
  const auto stored = json::parse(stored_body, nullptr, false);
  core::http_call call;
  call.verb = text_field(stored, "verb");
  call.url = settings_.api_base_url + text_field(stored, "path");
  if (const auto& body = object_field(stored, "body"); !body.empty()) call.body = body.dump();
  call.headers = {{"Authorization", "Bearer " + std::string(access_token)}};
  return call;
}

std::optional<core::http_call> feishu_adapter::token_call() const {
  return core::http_call{
      "POST", settings_.api_base_url + "/open-apis/auth/v3/tenant_access_token/internal",
      json{{"app_id", settings_.app_id}, {"app_secret", settings_.app_secret}}.dump()};
}

core::result<core::access_grant> feishu_adapter::parsed_token(
    const core::delivery_response& response) const {
  const auto body = json::parse(response.body, nullptr, false);
  const auto token = text_field(body, "tenant_access_token");
  const auto expire = integer_field(body, "expire", 0);
  if (response.status == 200 && integer_field(body, "code", -1) == 0 && !token.empty() &&
      expire > 0) {
    return core::access_grant{token, expire};
  }
  const auto message = text_field(body, "msg");
  return core::error{"token_refused",
                     message.empty() ? "HTTP " + std::to_string(response.status) : message};
}

std::optional<core::send_limits> feishu_adapter::own_limits() const {
  // 5 QPS per group (shared by all bots in it); 1000 calls a minute per app (§3.6).
  return core::send_limits{.per_chat_per_second = 5.0,
                           .per_chat_burst = 5.0,
                           .per_chat_per_minute = 100.0,
                           .global_per_second = 16.0};
}

std::string feishu_adapter::endpoint_url(std::string_view) const {
  return settings_.api_base_url + "/open-apis/im/v1";
}

core::capabilities feishu_adapter::caps() const {
  // Members' messages can be recalled and members removed when the bot owns or manages the
  // group; no timed mutes (only a chat-wide speaking list), no bans (§3.5).
  return {.delete_others_messages = true,
          .mute_with_duration = false,
          .kick = true,
          .ban = false,
          .sees_all_messages = true,
          .timed_ban = false,
          .inline_buttons = false,
          .edit_messages = false};
}

core::delivery_verdict feishu_adapter::classify(const core::delivery_response& response) const {
  using kind = core::delivery_verdict::kind;
  const auto body = json::parse(response.body, nullptr, false);
  const auto code = integer_field(body, "code", -1);
  if (response.status == 200 && code == 0) return {kind::delivered, 0, ""};
  const std::string description =
      code >= 0 ? "Feishu error " + std::to_string(code) + ": " + text_field(body, "msg")
                : response.body.substr(0, 200);
  if (response.status == 429 || code == rate_limited_code) {
    const auto wait = std::strtoll(response.retry_after_header.c_str(), nullptr, 10);
    return {kind::retry_after, std::max<std::int64_t>(wait, 1), description};
  }
  if (is_token_error(code)) return {kind::transient, 0, description, true};
  if (response.status == 0 || response.status >= 500) {
    return {kind::transient, 0, description.empty() ? "no answer" : description};
  }
  return {kind::permanent, 0, description};
}

core::refusal feishu_adapter::explain_failure(std::string_view error) const {
  using core::refusal;
  // Feishu names the rights a call lacked in its messages; its codes differ per API.
  if (error.find("permission") != std::string_view::npos ||
      error.find("Permission") != std::string_view::npos) {
    return refusal::lacks_right;
  }
  if (error.find("not in the chat") != std::string_view::npos) return refusal::target_absent;
  if (error.find("recalled") != std::string_view::npos ||
      error.find("deleted") != std::string_view::npos) {
    return refusal::message_gone;
  }
  return refusal::unknown;
}

core::lane feishu_adapter::lane_of(std::string_view method) const {
  if (method == "send" || method == "reply") return core::lane::messages;
  if (method == "recall" || method == "kick") return core::lane::moderation;
  return core::lane::lookups;
}

std::string feishu_adapter::member_of_call(const core::outbound_request& call) const {
  const auto stored = json::parse(call.body, nullptr, false);
  if (call.method != "kick" || !stored.is_object()) return {};
  const auto& ids = array_field(object_field(stored, "body"), "id_list");
  return !ids.empty() && ids[0].is_string() ? ids[0].get<std::string>() : "";
}

core::outbound_request feishu_adapter::admin_list_request(std::string_view chat_id) const {
  return {"chat_info",
          json{{"verb", "GET"},
               {"path", "/open-apis/im/v1/chats/" + std::string(chat_id) + "?user_id_type=open_id"},
               {"body", nullptr}}
              .dump()};
}

std::string feishu_adapter::sent_message_id(const core::delivery_response& response) const {
  const auto body = json::parse(response.body, nullptr, false);
  if (integer_field(body, "code", -1) != 0) return {};
  return text_field(object_field(body, "data"), "message_id");
}

core::result<std::vector<std::string>> feishu_adapter::parse_admin_list(
    const core::delivery_response& response) const {
  const auto body = json::parse(response.body, nullptr, false);
  if (response.status != 200 || integer_field(body, "code", -1) != 0) {
    return core::error{"admin_list_failed", classify(response).description};
  }
  const auto& data = object_field(body, "data");
  std::vector<std::string> admins;
  if (const auto owner = text_field(data, "owner_id"); !owner.empty()) admins.push_back(owner);
  for (const auto& id : array_field(data, "user_manager_id_list")) {
    if (id.is_string()) admins.push_back(id.get<std::string>());
  }
  return admins;
}

std::string feishu_adapter::parsed_member_name(const core::delivery_response& response) const {
  const auto body = json::parse(response.body, nullptr, false);
  if (integer_field(body, "code", -1) != 0) return {};
  return text_field(object_field(object_field(body, "data"), "user"), "name");
}

std::string feishu_adapter::parsed_chat_title(const core::delivery_response& response) const {
  const auto body = json::parse(response.body, nullptr, false);
  if (integer_field(body, "code", -1) != 0) return {};
  return text_field(object_field(body, "data"), "name");
}

}  // namespace steward::platforms::feishu
