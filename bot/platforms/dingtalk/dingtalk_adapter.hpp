#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "bot/core/platform.hpp"

namespace steward::platforms::dingtalk {

/// How Steward reaches a DingTalk enterprise-internal app's robot (shared/reference/platforms.md
/// §4): its HTTP callback in, the robot and group APIs out.
struct dingtalk_settings {
  std::string app_key;     ///< the app's AppKey (Client ID): fetches the access token
  std::string app_secret;  ///< the app's AppSecret: signs every callback, fetches the token
  std::string robot_code;  ///< the robot's code; the AppKey when empty (internal apps)
  std::string api_base_url = "https://api.dingtalk.com";
  std::string oapi_base_url = "https://oapi.dingtalk.com";  ///< the older API (scene groups)
  /// The groups are scene groups the app created: members can be muted and removed there.
  bool scene_groups = false;
};

/// The `sign` header DingTalk sends with a callback stamped `timestamp_ms`: Base64 of
/// HMAC-SHA256(app secret, timestamp + "\n" + app secret). The body is not signed.
std::string signature_of(std::string_view app_secret, std::string_view timestamp_ms);

/// Parses one robot callback (an @-mention in a group, or a one-to-one message).
core::result<core::inbound_update> parse_callback(std::string_view body);

/// The chat id of a one-to-one conversation with a member (robot messages to one person go
/// through another API than group messages).
inline constexpr std::string_view private_prefix = "private:";

/// DingTalk's robot HTTP mode as a platform named "dingtalk".
class dingtalk_adapter final : public core::platform_adapter {
 public:
  dingtalk_adapter(dingtalk_settings settings, std::function<std::int64_t()> now_s);

  std::string_view name() const override { return "dingtalk"; }
  bool verify(const core::raw_request& request) const override;
  core::result<core::inbound_update> parse(const core::raw_request& request) const override;
  std::vector<core::outbound_request> render(const core::action& act) const override;
  core::http_call call_for(std::string_view method, const std::string& stored_body,
                           std::int64_t now_s, std::string_view access_token) const override;
  std::optional<core::http_call> token_call() const override;
  core::result<core::access_grant> parsed_token(
      const core::delivery_response& response) const override;
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
  std::string robot_code() const {
    return settings_.robot_code.empty() ? settings_.app_key : settings_.robot_code;
  }

  dingtalk_settings settings_;
  std::function<std::int64_t()> now_s_;
};

}  // namespace steward::platforms::dingtalk
