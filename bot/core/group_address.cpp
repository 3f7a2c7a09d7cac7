#include "bot/core/group_address.hpp"

namespace steward::core {

group_address parse_group_address(std::string_view text) {
  // A platform name is lower-case letters; Telegram's ids are numbers or @usernames.
  const auto colon = text.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    const auto prefix = text.substr(0, colon);
    if (prefix.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string_view::npos) {
      return {std::string(prefix), std::string(text.substr(colon + 1))};
    }
  }
  return {"telegram", std::string(text)};
}

std::string address_of(std::string_view platform, std::string_view chat_id) {
  if (platform == "telegram") return std::string(chat_id);
  return std::string(platform) + ":" + std::string(chat_id);
}

}  // namespace steward::core
