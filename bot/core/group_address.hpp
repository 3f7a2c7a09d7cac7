#pragma once

#include <string>
#include <string_view>

namespace steward::core {

/// A group as the admin API, the console and the configuration name it: a Telegram chat id as
/// it is ("-1001234567890"), any other platform's as "platform:chat id" ("onebot:20002000").
struct group_address {
  std::string platform;
  std::string chat_id;
};

/// Reads an address; text without a platform prefix is a Telegram chat id.
group_address parse_group_address(std::string_view text);

/// The address of a platform's chat (a bare chat id for Telegram).
std::string address_of(std::string_view platform, std::string_view chat_id);

}  // namespace steward::core
