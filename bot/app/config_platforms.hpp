#pragma once
// Private to bot/app: the tables of the platforms other than Telegram, and checks of API
// addresses that every platform's table shares.

#include <string>

#include "bot/app/config.hpp"
#include "bot/app/config_reader.hpp"

namespace steward::app {

/// Fails `key` unless `address` is an https:// URL, or plain http:// to a loopback test server.
void check_loopback_unless_tls(table_reader& r, const char* key, const std::string& address);

/// [onebot]: QQ groups through a OneBot 11 implementation.
void read_onebot(table_reader r, platforms::onebot::onebot_settings& out, const env_lookup& env);
/// [slack]: a Slack app's Events API and Web API.
void read_slack(table_reader r, platforms::slack::slack_settings& out, const env_lookup& env);
/// [generic]: the signed generic webhook for relays of any other platform.
void read_generic(table_reader r, platforms::generic::generic_settings& out, const env_lookup& env);
/// [feishu]: a Feishu or Lark app's event subscription and IM API.
void read_feishu(table_reader r, platforms::feishu::feishu_settings& out, const env_lookup& env);
/// [dingtalk]: a DingTalk app's robot (HTTP mode) and, in scene groups, its group API.
void read_dingtalk(table_reader r, platforms::dingtalk::dingtalk_settings& out,
                   const env_lookup& env);
/// [wecom]: WeCom's AI bot and a self-built app's callback.
void read_wecom(table_reader r, platforms::wecom::wecom_settings& out, const env_lookup& env);

}  // namespace steward::app
