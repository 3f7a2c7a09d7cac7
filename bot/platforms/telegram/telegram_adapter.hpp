#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "bot/core/platform.hpp"

namespace steward::platforms::telegram {

/// Telegram connection settings.
struct telegram_settings {
  std::string token;         ///< Bot API token from @BotFather
  std::string secret_token;  ///< setWebhook's secret_token; empty turns verification off
  std::string api_base_url = "https://api.telegram.org";
  std::string bot_username;  ///< without '@'; commands addressed to other bots are ignored
};

/// Telegram Bot API: webhook verification and parsing, Bot API rendering and answers.
class telegram_adapter final : public core::platform_adapter {
 public:
  explicit telegram_adapter(telegram_settings settings);

  std::string_view name() const override { return "telegram"; }
  bool verify(const core::raw_request& request) const override;
  core::result<core::inbound_update> parse(const core::raw_request& request) const override;
  std::vector<core::outbound_request> render(const core::action& act) const override;
  std::string endpoint_url(std::string_view method) const override;
  core::delivery_verdict classify(const core::delivery_response& response) const override;
  core::capabilities caps() const override;
  core::refusal explain_failure(std::string_view error) const override;
  core::lane lane_of(std::string_view method) const override;
  std::string member_of_call(const core::outbound_request& call) const override;
  core::outbound_request admin_list_request(std::string_view chat_id) const override;
  std::string created_invite_link(const core::delivery_response& response) const override;
  std::string sent_message_id(const core::delivery_response& response) const override;
  core::result<std::vector<std::string>> parse_admin_list(
      const core::delivery_response& response) const override;
  std::optional<core::bot_rights> parsed_bot_rights(
      const core::delivery_response& response) const override;

 private:
  telegram_settings settings_;
  std::string bot_id_;  ///< the bot's own user id: the part of its token before ':'
};

/// Compares two secrets in constant time (no early exit on the first differing byte).
bool secrets_equal(std::string_view expected, std::string_view given);

/// The rights in a ChatMember object (the bot's own, from my_chat_member or getChatMember).
core::bot_rights rights_of_member(const nlohmann::json& member);

/// Parses one webhook body (a JSON `Update`) into normalized events.
core::result<core::inbound_update> parse_update(std::string_view body);

}  // namespace steward::platforms::telegram
