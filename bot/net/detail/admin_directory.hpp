#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "bot/core/platform.hpp"
#include "bot/net/detail/access_tokens.hpp"
#include "bot/net/detail/asio.hpp"
#include "bot/net/detail/http_client.hpp"

namespace steward::net {

/// Who administers each chat, asked from the platform (Telegram: getChatAdministrators) and
/// cached, so admin checks cost one API call per chat per `ttl`, not one per command. An expired
/// list keeps answering while one refresh per chat runs: messages never wait for the platform
/// except the first time a chat is seen.
class admin_directory {
 public:
  admin_directory(std::chrono::seconds ttl, access_tokens& tokens);

  /// True/false when known; nullopt when the platform could not be asked (callers must not
  /// treat that as "not an admin" silently).
  asio::awaitable<std::optional<bool>> is_admin(const core::platform_adapter& platform,
                                                std::string chat_id, std::string user_id);
  /// The chat's administrators (bots left out); nullopt when the platform could not be asked.
  asio::awaitable<std::optional<std::set<std::string>>> admins(
      const core::platform_adapter& platform, std::string chat_id);

 private:
  struct entry {
    std::optional<std::set<std::string>> admins;  // nullopt: the last lookup failed
    std::chrono::steady_clock::time_point expires;
    bool refreshing = false;  // a refresh is under way
  };

  asio::awaitable<entry> fetch(const core::platform_adapter& platform, const std::string& chat_id);
  asio::awaitable<void> refresh(const core::platform_adapter& platform, std::string chat_id,
                                std::string key);

  http_client client_;
  access_tokens& tokens_;
  std::chrono::seconds ttl_;
  std::map<std::string, entry> cache_;
  // Chats asked for the first time, answer not in yet: later messages wait on the timer (which
  // the first asker cancels) instead of each making the same lookup.
  std::map<std::string, std::shared_ptr<asio::steady_timer>> first_asks_;
};

}  // namespace steward::net
