#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "bot/core/platform.hpp"

namespace steward::platforms::wecom {

/// How Steward reaches WeCom (shared/reference/platforms.md §5): the AI bot (智能机器人, API
/// mode: group messages that @-mention it, JSON) and a self-built app's callback (members'
/// one-to-one messages to the app, XML) share one callback URL, Token and EncodingAESKey.
struct wecom_settings {
  std::string token;             ///< the callback's Token: signs every request
  std::string encoding_aes_key;  ///< the callback's EncodingAESKey (43 characters)
  std::string corp_id;           ///< the CorpID: the receive id of the app's messages
  std::string corp_secret;       ///< the app's Secret: the access token for message/send
  std::string agent_id;          ///< the app's AgentId
  std::string api_base_url = "https://qyapi.weixin.qq.com";
  /// Requests stamped longer ago than this are refused (WeCom retries within seconds).
  std::int64_t window_seconds = 86400;
};

/// A chat with one member (the app's conversation, or the AI bot's single chat).
inline constexpr std::string_view private_prefix = "private:";

/// The value of an element of WeCom's flat XML (`<Tag><![CDATA[v]]></Tag>` or `<Tag>v</Tag>`),
/// or nullopt when the document has no such element.
std::optional<std::string> xml_text(std::string_view xml, std::string_view tag);

/// Parses a decrypted app message (XML) into events.
core::result<core::inbound_update> parse_app_message(std::string_view xml);

/// Parses a decrypted AI-bot callback (JSON). A message's response_url, through which alone it
/// can be answered, is kept in its message id ("msgid response_url") when it belongs to
/// `api_base_url`.
core::result<core::inbound_update> parse_bot_message(std::string_view json_text,
                                                     std::string_view api_base_url);

/// WeCom as a platform named "wecom".
class wecom_adapter final : public core::platform_adapter {
 public:
  wecom_adapter(wecom_settings settings, std::function<std::int64_t()> now_s);

  std::string_view name() const override { return "wecom"; }
  bool checks_url_by_get() const override { return true; }
  core::webhook_answer accepted() const override { return {200, ""}; }  // no passive reply
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
  core::refusal explain_failure(std::string_view) const override { return core::refusal::unknown; }
  core::lane lane_of(std::string_view) const override { return core::lane::messages; }
  bool lists_admins() const override { return false; }
  core::outbound_request admin_list_request(std::string_view) const override { return {}; }
  std::string created_invite_link(const core::delivery_response&) const override { return {}; }
  std::string sent_message_id(const core::delivery_response& response) const override;
  core::result<std::vector<std::string>> parse_admin_list(
      const core::delivery_response&) const override {
    return core::error{"admin_list_unsupported", "WeCom's callbacks name no administrators"};
  }
  std::optional<core::bot_rights> parsed_bot_rights(const core::delivery_response&) const override {
    return std::nullopt;
  }

 private:
  /// The ciphertext a request's signature covers: the GET echo, <Encrypt> or "encrypt".
  std::string encrypted_part(const core::raw_request& request) const;

  wecom_settings settings_;
  std::string aes_key_;
  std::function<std::int64_t()> now_s_;
};

}  // namespace steward::platforms::wecom
