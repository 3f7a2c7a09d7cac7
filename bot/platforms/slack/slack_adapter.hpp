#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "bot/core/platform.hpp"

namespace steward::platforms::slack {

/// How Steward reaches a Slack app (shared/reference/platforms.md §2).
struct slack_settings {
  std::string signing_secret;  ///< the app's Signing Secret: verifies every request
  std::string bot_token;       ///< xoxb-…: the Web API calls
  std::string api_base_url = "https://slack.com";
  std::string bot_user_id;  ///< the bot's own user id (U…): its messages are not read
};

/// The X-Slack-Signature Slack sends for `body` at `timestamp`: "v0=" and the HMAC in hex.
std::string signature_of(std::string_view secret, std::string_view timestamp,
                         std::string_view body);

/// Parses one Events API request (url_verification or event_callback).
core::result<core::inbound_update> parse_request(std::string_view body,
                                                 std::string_view bot_user_id = {});

/// Reads Slack's message markup ("<@U1|ann> see <https://x|this> &amp; more") into the event's
/// text, mentions and hidden links.
void read_slack_text(std::string_view text, core::chat_event& event);

/// Steward's HTML as Slack mrkdwn: *bold*, _italic_, `code`, <url|label>, <@U…>; member text
/// escaped (&, <, >) so it cannot ping @channel or forge links.
std::string to_mrkdwn(const std::string& text, bool html);

/// Slack's Events API as a platform named "slack".
class slack_adapter final : public core::platform_adapter {
 public:
  slack_adapter(slack_settings settings, std::function<std::int64_t()> now_s);

  std::string_view name() const override { return "slack"; }
  bool verify(const core::raw_request& request) const override;
  core::result<core::inbound_update> parse(const core::raw_request& request) const override;
  std::vector<core::outbound_request> render(const core::action& act) const override;
  core::http_call call_for(std::string_view method, const std::string& stored_body,
                           std::int64_t now_s, std::string_view access_token) const override;
  std::string parsed_member_name(const core::delivery_response& response) const override;
  std::vector<std::pair<std::string, std::string>> headers_to_send(
      std::string_view method, const std::string& body, std::int64_t now_s) const override;
  std::optional<core::send_limits> own_limits() const override;
  std::string endpoint_url(std::string_view method) const override;
  core::delivery_verdict classify(const core::delivery_response& response) const override;
  core::capabilities caps() const override;
  core::refusal explain_failure(std::string_view error) const override;
  core::lane lane_of(std::string_view method) const override;
  std::string member_of_call(const core::outbound_request& call) const override;
  bool lists_admins() const override { return false; }
  core::outbound_request admin_list_request(std::string_view chat_id) const override;
  std::string created_invite_link(const core::delivery_response&) const override { return {}; }
  std::string sent_message_id(const core::delivery_response& response) const override;
  core::result<std::vector<std::string>> parse_admin_list(
      const core::delivery_response& response) const override;
  std::optional<core::bot_rights> parsed_bot_rights(const core::delivery_response&) const override {
    return std::nullopt;
  }

 private:
  slack_settings settings_;
  std::function<std::int64_t()> now_s_;
};

}  // namespace steward::platforms::slack
