#include "bot/platforms/telegram/telegram_adapter.hpp"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/common/unusable_answer.hpp"

namespace steward::platforms::telegram {

namespace {

// The `result` of a successful Bot API answer, or an empty object for anything else. The readers
// below go through json_fields: an answer of an unexpected shape (`"ok": 1`) reads as absent, it
// never throws into the dispatcher or a handler.
const nlohmann::json& result_of_ok(const nlohmann::json& body) {
  static const nlohmann::json none = nlohmann::json::object();
  return flag_field(body, "ok") ? object_field(body, "result") : none;
}

}  // namespace

bool secrets_equal(std::string_view expected, std::string_view given) {
  // The length is not secret (Telegram documents 1-256 characters); the bytes are.
  if (expected.size() != given.size()) return false;
  return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

telegram_adapter::telegram_adapter(telegram_settings settings)
    : settings_(std::move(settings)),
      bot_id_(settings_.token.substr(0, settings_.token.find(':'))) {
  while (!settings_.api_base_url.empty() && settings_.api_base_url.back() == '/') {
    settings_.api_base_url.pop_back();
  }
}

bool telegram_adapter::verify(const core::raw_request& request) const {
  if (settings_.secret_token.empty()) return true;  // operator chose no verification (warned)
  return secrets_equal(settings_.secret_token, request.header("X-Telegram-Bot-Api-Secret-Token"));
}

core::result<core::inbound_update> telegram_adapter::parse(const core::raw_request& request) const {
  return parse_update(request.body);
}

std::string telegram_adapter::endpoint_url(std::string_view method) const {
  return settings_.api_base_url + "/bot" + settings_.token + "/" + std::string(method);
}

core::capabilities telegram_adapter::caps() const {
  // As an administrator with the matching rights (the README asks operators to grant them).
  return {.delete_others_messages = true,
          .mute_with_duration = true,
          .kick = true,
          .ban = true,
          .sees_all_messages = true,
          .timed_ban = true,
          .inline_buttons = true,
          .edit_messages = true};
}

core::refusal telegram_adapter::explain_failure(std::string_view error) const {
  // Bot API error descriptions (the server's texts, matched by their stable parts).
  const auto has = [&](std::string_view part) {
    return error.find(part) != std::string_view::npos;
  };
  using core::refusal;
  if (has("user is an administrator") || has("can't remove chat owner") ||
      has("can't restrict chat owner") || has("USER_ADMIN_INVALID")) {
    return refusal::target_is_admin;
  }
  if (has("not enough rights") || has("need administrator rights")) return refusal::lacks_right;
  if (has("CHAT_ADMIN_REQUIRED") || has("bot is not an administrator")) return refusal::not_admin;
  if (has("only for supergroups") || has("supergroup chat required")) {
    return refusal::not_supergroup;
  }
  if (has("message to delete not found")) return refusal::message_gone;
  if (has("message can't be deleted")) return refusal::too_old;
  if (has("USER_NOT_PARTICIPANT") || has("user not found") || has("PARTICIPANT_ID_INVALID") ||
      has("member not found")) {
    return refusal::target_absent;
  }
  return refusal::unknown;
}

std::string telegram_adapter::created_invite_link(const core::delivery_response& response) const {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  return text_field(result_of_ok(body), "invite_link");
}

std::string telegram_adapter::sent_message_id(const core::delivery_response& response) const {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  const auto id = integer_field(result_of_ok(body), "message_id", -1);
  return id < 0 ? "" : std::to_string(id);
}

std::optional<core::bot_rights> telegram_adapter::parsed_bot_rights(
    const core::delivery_response& response) const {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  const auto& member = result_of_ok(body);
  if (text_field(member, "status").empty()) return std::nullopt;  // not a ChatMember
  return rights_of_member(member);
}

core::result<std::vector<std::string>> telegram_adapter::parse_admin_list(
    const core::delivery_response& response) const {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  const auto result = body.find("result");  // end() for anything but an object
  if (response.status != 200 || !flag_field(body, "ok") || result == body.end() ||
      !result->is_array()) {
    return core::error{"admin_list_failed",
                       unusable_answer("getChatAdministrators", response, classify(response),
                                       "a list of administrators")};
  }
  std::vector<std::string> ids;
  for (const auto& member : *result) {
    const auto& user = object_field(member, "user");
    if (flag_field(user, "is_bot")) continue;  // bots (this one too) act on no report
    if (const auto id = integer_field(user, "id", 0); id != 0) ids.push_back(std::to_string(id));
  }
  return ids;
}

core::delivery_verdict telegram_adapter::classify(const core::delivery_response& response) const {
  using kind = core::delivery_verdict::kind;
  std::string description;
  std::int64_t retry_after = 0;
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object()) description = response.body.substr(0, 200);  // e.g. a network error
  if (body.is_object()) {
    description = text_field(body, "description");
    retry_after = integer_field(object_field(body, "parameters"), "retry_after", 0);
    if (response.status >= 200 && response.status < 300 && flag_field(body, "ok")) {
      return {kind::delivered, 0, ""};
    }
  }
  if (response.status == 429) {
    if (retry_after <= 0 && !response.retry_after_header.empty()) {
      retry_after = std::strtoll(response.retry_after_header.c_str(), nullptr, 10);
    }
    return {kind::retry_after, std::max<std::int64_t>(retry_after, 1), description};
  }
  if (response.status >= 500 || response.status == 0) return {kind::transient, 0, description};
  if (description.empty()) description = "HTTP " + std::to_string(response.status);
  return {kind::permanent, 0, description};
}

}  // namespace steward::platforms::telegram
