#include "bot/app/config_platforms.hpp"

#include <set>
#include <string_view>

#include "bot/core/url.hpp"
#include "bot/platforms/wecom/msg_crypt.hpp"

namespace steward::app {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

void check_loopback_unless_tls(table_reader& r, const char* key, const std::string& address) {
  const auto url = core::parse_url(address);
  if (!url) {
    r.fail(key, url.failure().message);
  } else if (!url->tls && !core::is_loopback_host(url->host)) {
    r.fail(key, "plain http:// is only allowed for loopback addresses (tests)");
  }
}

// [onebot]: QQ groups through a OneBot 11 implementation (shared/reference/platforms.md §5b).
void read_onebot(table_reader r, platforms::onebot::onebot_settings& out, const env_lookup& env) {
  r.read("secret", out.secret);
  r.read("api_url", out.api_url);
  r.read("access_token", out.access_token);
  r.read("self_id", out.self_id);
  r.read("per_group_per_second", out.limits.per_chat_per_second, 0.01, 1000);
  r.read("per_group_burst", out.limits.per_chat_burst, 1, 1000);
  r.read("per_group_per_minute", out.limits.per_chat_per_minute, 1, 100000);
  r.read("global_per_second", out.limits.global_per_second, 0.01, 10000);
  if (const char* v = env("STEWARD_ONEBOT_SECRET"); v && *v) out.secret = v;
  if (const char* v = env("STEWARD_ONEBOT_ACCESS_TOKEN"); v && *v) out.access_token = v;
  if (out.secret.empty()) {
    r.fail("secret",
           "is required (or set STEWARD_ONEBOT_SECRET): the same secret as the OneBot "
           "implementation's HTTP POST secret (NapCat/LLOneBot \"token\", go-cqhttp \"secret\"), "
           "so that nobody else can post events");
  }
  if (!out.self_id.empty() && !all_digits(out.self_id)) {
    r.fail("self_id", "must be the bot's QQ number (digits only)");
  }
  const auto url = core::parse_url(out.api_url);
  if (out.api_url.empty()) {
    r.fail("api_url", "is required: where the OneBot HTTP API listens, e.g. http://127.0.0.1:3000");
  } else if (!url) {
    r.fail("api_url", url.failure().message);
  } else if (!url->tls && !core::is_loopback_host(url->host) && url->host.rfind("10.", 0) != 0 &&
             url->host.rfind("192.168.", 0) != 0) {
    r.fail("api_url",
           "plain http:// carries the access token in clear: use a loopback or private address, "
           "or https://");
  }
  r.finish();
}

// [slack]: a Slack app's Events API and Web API (shared/reference/platforms.md §2).
void read_slack(table_reader r, platforms::slack::slack_settings& out, const env_lookup& env) {
  r.read("signing_secret", out.signing_secret);
  r.read("bot_token", out.bot_token);
  r.read("api_base_url", out.api_base_url);
  r.read("bot_user_id", out.bot_user_id);
  if (const char* v = env("STEWARD_SLACK_SIGNING_SECRET"); v && *v) out.signing_secret = v;
  if (const char* v = env("STEWARD_SLACK_BOT_TOKEN"); v && *v) out.bot_token = v;
  if (out.signing_secret.empty()) {
    r.fail("signing_secret",
           "is required (or set STEWARD_SLACK_SIGNING_SECRET): the app's Signing Secret, under "
           "Basic Information");
  }
  if (out.bot_token.rfind("xoxb-", 0) != 0) {
    r.fail("bot_token",
           "must be the app's Bot User OAuth Token, starting xoxb- (or set "
           "STEWARD_SLACK_BOT_TOKEN)");
  }
  check_loopback_unless_tls(r, "api_base_url", out.api_base_url);
  r.finish();
}

// [generic]: the signed generic webhook for relays of any other platform.
void read_generic(table_reader r, platforms::generic::generic_settings& out,
                  const env_lookup& env) {
  r.read("secret", out.secret);
  r.read("callback_url", out.callback_url);
  r.read("window_seconds", out.window_s, 30, 3600);
  r.read("can", out.can);
  if (const char* v = env("STEWARD_GENERIC_SECRET"); v && *v) out.secret = v;
  if (out.secret.size() < 16) {
    r.fail("secret",
           "must be at least 16 characters (or set STEWARD_GENERIC_SECRET): it signs every event "
           "and every action");
  }
  for (const auto& what : out.can) {
    static const std::set<std::string> known{"delete",    "mute",    "kick", "ban",
                                             "timed_ban", "buttons", "edit"};
    if (!known.contains(what)) {
      r.fail("can",
             "\"" + what + "\" is not one of delete, mute, kick, ban, timed_ban, buttons, edit");
    }
  }
  if (out.callback_url.empty()) {
    r.fail("callback_url", "is required: where the relay receives Steward's actions");
  } else {
    check_loopback_unless_tls(r, "callback_url", out.callback_url);
  }
  r.finish();
}

// [feishu]: a Feishu or Lark app (shared/reference/platforms.md §3).
void read_feishu(table_reader r, platforms::feishu::feishu_settings& out, const env_lookup& env) {
  r.read("app_id", out.app_id);
  r.read("app_secret", out.app_secret);
  r.read("encrypt_key", out.encrypt_key);
  r.read("verification_token", out.verification_token);
  r.read("api_base_url", out.api_base_url);
  r.read("bot_open_id", out.bot_open_id);
  r.read("window_seconds", out.window_seconds, 60, 48 * 3600);
  if (const char* v = env("STEWARD_FEISHU_APP_SECRET"); v && *v) out.app_secret = v;
  if (const char* v = env("STEWARD_FEISHU_ENCRYPT_KEY"); v && *v) out.encrypt_key = v;
  if (const char* v = env("STEWARD_FEISHU_VERIFICATION_TOKEN"); v && *v) {
    out.verification_token = v;
  }
  if (out.app_id.rfind("cli_", 0) != 0) {
    r.fail("app_id", "must be the app's App ID, starting cli_ (Credentials & Basic Info)");
  }
  if (out.app_secret.empty()) {
    r.fail("app_secret", "is required (or set STEWARD_FEISHU_APP_SECRET): the app's App Secret");
  }
  if (out.encrypt_key.empty()) {
    r.fail("encrypt_key",
           "is required (or set STEWARD_FEISHU_ENCRYPT_KEY): set an Encrypt Key under Events & "
           "Callbacks > Encryption Strategy, so that events are signed and nobody else can post "
           "them");
  }
  if (out.verification_token.empty()) {
    r.fail("verification_token",
           "is required (or set STEWARD_FEISHU_VERIFICATION_TOKEN): the app's Verification "
           "Token, which Feishu's URL check carries");
  }
  if (!out.bot_open_id.empty() && out.bot_open_id.rfind("ou_", 0) != 0) {
    r.fail("bot_open_id", "must be the bot's open_id, starting ou_");
  }
  check_loopback_unless_tls(r, "api_base_url", out.api_base_url);
  r.finish();
}

// [dingtalk]: a DingTalk enterprise-internal app with the robot (shared/reference/platforms.md §4).
void read_dingtalk(table_reader r, platforms::dingtalk::dingtalk_settings& out,
                   const env_lookup& env) {
  r.read("app_key", out.app_key);
  r.read("app_secret", out.app_secret);
  r.read("robot_code", out.robot_code);
  r.read("api_base_url", out.api_base_url);
  r.read("oapi_base_url", out.oapi_base_url);
  r.read("scene_groups", out.scene_groups);
  if (const char* v = env("STEWARD_DINGTALK_APP_SECRET"); v && *v) out.app_secret = v;
  if (out.app_key.empty()) {
    r.fail("app_key", "is required: the app's AppKey (Client ID), under Credentials");
  }
  if (out.app_secret.empty()) {
    r.fail("app_secret",
           "is required (or set STEWARD_DINGTALK_APP_SECRET): the app's AppSecret, which signs "
           "every robot callback");
  }
  check_loopback_unless_tls(r, "api_base_url", out.api_base_url);
  check_loopback_unless_tls(r, "oapi_base_url", out.oapi_base_url);
  r.finish();
}

// [wecom]: WeCom's AI bot and a self-built app (shared/reference/platforms.md §5).
void read_wecom(table_reader r, platforms::wecom::wecom_settings& out, const env_lookup& env) {
  r.read("token", out.token);
  r.read("encoding_aes_key", out.encoding_aes_key);
  r.read("corp_id", out.corp_id);
  r.read("corp_secret", out.corp_secret);
  r.read("agent_id", out.agent_id);
  r.read("api_base_url", out.api_base_url);
  r.read("window_seconds", out.window_seconds, 60, 7 * 86400);
  if (const char* v = env("STEWARD_WECOM_TOKEN"); v && *v) out.token = v;
  if (const char* v = env("STEWARD_WECOM_ENCODING_AES_KEY"); v && *v) out.encoding_aes_key = v;
  if (const char* v = env("STEWARD_WECOM_CORP_SECRET"); v && *v) out.corp_secret = v;
  if (out.token.empty()) {
    r.fail("token", "is required (or set STEWARD_WECOM_TOKEN): the callback's Token");
  }
  if (!platforms::wecom::aes_key_of(out.encoding_aes_key)) {
    r.fail("encoding_aes_key",
           "must be the callback's EncodingAESKey: 43 letters and digits (or set "
           "STEWARD_WECOM_ENCODING_AES_KEY)");
  }
  if (!out.corp_secret.empty() && (out.corp_id.empty() || !all_digits(out.agent_id))) {
    r.fail("corp_secret",
           "needs corp_id and agent_id (the app's AgentId, digits) beside it: the app writes to "
           "members with them");
  }
  check_loopback_unless_tls(r, "api_base_url", out.api_base_url);
  r.finish();
}

}  // namespace steward::app
