#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "bot/core/platform.hpp"

namespace steward::platforms::feishu {

/// How Steward reaches a Feishu or Lark app (shared/reference/platforms.md §3).
struct feishu_settings {
  std::string app_id;  ///< cli_…: with the secret, fetches the tenant access token
  std::string app_secret;
  std::string encrypt_key;         ///< the app's Encrypt Key: signs and encrypts every event
  std::string verification_token;  ///< the app's Verification Token: checked on every event
  std::string api_base_url = "https://open.feishu.cn";  ///< Lark: https://open.larksuite.com
  std::string bot_open_id;  ///< the bot's own open_id (ou_…): "@bot /cmd" addresses it
  /// Events signed longer ago than this are refused (Feishu retries for about 7.1 hours).
  std::int64_t window_seconds = 8 * 3600;
};

/// X-Lark-Signature for a body: hex SHA-256 of timestamp ‖ nonce ‖ encrypt key ‖ raw body.
std::string signature_of(std::string_view timestamp, std::string_view nonce,
                         std::string_view encrypt_key, std::string_view body);

/// The plaintext of an `encrypt` field (Base64 of IV ‖ AES-256-CBC under SHA-256(key)), or
/// nullopt when it is not one.
std::optional<std::string> decrypt(std::string_view encrypt_key, std::string_view encrypted);

/// `plain` encrypted as Feishu does, with a given IV (16 bytes): for tests and the demo.
std::string encrypt(std::string_view encrypt_key, std::string_view plain, std::string_view iv);

/// Parses one decrypted event document (schema 2.0, or the url_verification challenge).
core::result<core::inbound_update> parse_event(std::string_view plain,
                                               const feishu_settings& settings);

/// Steward's HTML as a Feishu rich-text ("post") message: text runs with bold and italic
/// styles, links, and @-mentions of open_ids; member text stays text (no markup is read in it).
std::string to_post(const std::string& text, bool html);

/// Feishu and Lark's event subscription (v2) and IM API as a platform named "feishu".
class feishu_adapter final : public core::platform_adapter {
 public:
  feishu_adapter(feishu_settings settings, std::function<std::int64_t()> now_s);

  std::string_view name() const override { return "feishu"; }
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
  core::outbound_request admin_list_request(std::string_view chat_id) const override;
  std::string created_invite_link(const core::delivery_response&) const override { return {}; }
  std::string sent_message_id(const core::delivery_response& response) const override;
  core::result<std::vector<std::string>> parse_admin_list(
      const core::delivery_response& response) const override;
  std::optional<core::bot_rights> parsed_bot_rights(const core::delivery_response&) const override {
    return std::nullopt;
  }
  std::string parsed_chat_title(const core::delivery_response& response) const override;
  std::string parsed_member_name(const core::delivery_response& response) const override;

 private:
  /// The event document of a request: its body, or the decryption of its `encrypt` field.
  std::optional<std::string> plaintext_of(std::string_view body) const;

  feishu_settings settings_;
  std::function<std::int64_t()> now_s_;
};

}  // namespace steward::platforms::feishu
