#pragma once

#include <string>

#include "bot/core/platform.hpp"

namespace steward::platforms::onebot {

/// How Steward reaches a OneBot 11 implementation (NapCat, LLOneBot, Lagrange, go-cqhttp) that
/// runs the bot's QQ account (shared/reference/platforms.md §5b).
struct onebot_settings {
  std::string secret;        ///< the implementation's HTTP POST secret: X-Signature's HMAC key
  std::string api_url;       ///< its HTTP API, e.g. http://127.0.0.1:3000
  std::string access_token;  ///< its API access token (empty: none set)
  std::string self_id;       ///< the bot's QQ number (to ask what it may do in a group)
  /// QQ publishes no limits and blocks accounts that send fast (风控): one message a second
  /// per group at most, and a modest total (§5b.6).
  core::send_limits limits{.per_chat_per_second = 1.0,
                           .per_chat_burst = 2.0,
                           .per_chat_per_minute = 20.0,
                           .global_per_second = 5.0};
};

/// QQ groups through OneBot 11: signed event posts in, HTTP API actions out.
class onebot_adapter final : public core::platform_adapter {
 public:
  explicit onebot_adapter(onebot_settings settings);

  std::string_view name() const override { return "onebot"; }
  bool verify(const core::raw_request& request) const override;
  core::result<core::inbound_update> parse(const core::raw_request& request) const override;
  std::vector<core::outbound_request> render(const core::action& act) const override;
  std::string body_to_send(std::string_view method, const std::string& body,
                           std::int64_t now_s) const override;
  std::optional<core::send_limits> own_limits() const override;
  core::webhook_answer accepted() const override { return {204, ""}; }
  std::string endpoint_url(std::string_view method) const override;
  core::delivery_verdict classify(const core::delivery_response& response) const override;
  core::capabilities caps() const override;
  core::refusal explain_failure(std::string_view error) const override;
  core::lane lane_of(std::string_view method) const override;
  std::string member_of_call(const core::outbound_request& call) const override;
  core::outbound_request admin_list_request(std::string_view chat_id) const override;
  std::string created_invite_link(const core::delivery_response&) const override { return {}; }
  std::string sent_message_id(const core::delivery_response& response) const override;
  core::result<std::vector<std::string>> parse_admin_list(
      const core::delivery_response& response) const override;
  std::optional<core::bot_rights> parsed_bot_rights(
      const core::delivery_response& response) const override;
  std::string parsed_chat_title(const core::delivery_response& response) const override;

 private:
  onebot_settings settings_;
};

/// The X-Signature header OneBot sends for `body` under `secret`: "sha1=" and the HMAC in hex.
std::string signature_of(std::string_view secret, std::string_view body);

/// Parses one event post (array or CQ-string message format) into normalized events.
core::result<core::inbound_update> parse_event(std::string_view body);

/// Escapes text for a CQ-code message string (&, [, ] and, in parameter values, commas).
std::string cq_escape(std::string_view text, bool in_parameter = false);

/// Reverses cq_escape.
std::string cq_unescape(std::string_view text);

/// The chat id Steward gives a one-to-one chat with a QQ user (QQ numbers name groups and
/// users alike, so private chats are kept apart by a prefix).
std::string private_chat_id(std::string_view user_id);

/// The longest mute QQ accepts, in seconds (just under 30 days).
inline constexpr std::int64_t longest_mute_s = 2591999;

}  // namespace steward::platforms::onebot
