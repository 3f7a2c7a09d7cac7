#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bot/core/platform.hpp"

namespace steward::platforms::generic {

/// The signed generic webhook (docs/generic-webhook.md): a relay for any chat platform posts
/// events in Steward's own JSON and receives Steward's actions at its callback URL, both signed
/// with HMAC-SHA256 over the timestamp and the body.
struct generic_settings {
  std::string secret;           ///< shared with the relay; signs both directions
  std::string callback_url;     ///< where actions are POSTed
  std::int64_t window_s = 300;  ///< how far a request's timestamp may be from now
  /// What the relay's platform can do: "delete", "mute", "kick", "ban", "timed_ban",
  /// "buttons", "edit".
  std::vector<std::string> can;
};

/// The signature header for `body` sent at `timestamp`: "v1=" and the HMAC in hex.
std::string signature_of(std::string_view secret, std::int64_t timestamp, std::string_view body);

/// Parses one event (docs/generic-webhook.md) into normalized events.
core::result<core::inbound_update> parse_event(std::string_view body);

/// The generic webhook as a platform named "generic".
class generic_adapter final : public core::platform_adapter {
 public:
  generic_adapter(generic_settings settings, std::function<std::int64_t()> now_s);

  std::string_view name() const override { return "generic"; }
  bool verify(const core::raw_request& request) const override;
  core::result<core::inbound_update> parse(const core::raw_request& request) const override;
  std::vector<core::outbound_request> render(const core::action& act) const override;
  std::vector<std::pair<std::string, std::string>> headers_to_send(
      std::string_view method, const std::string& body, std::int64_t now_s) const override;
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
  std::optional<core::bot_rights> parsed_bot_rights(const core::delivery_response&) const override {
    return std::nullopt;  // what the relay can do is declared in the configuration
  }

 private:
  bool can(std::string_view what) const;

  generic_settings settings_;
  std::function<std::int64_t()> now_s_;
};

}  // namespace steward::platforms::generic
