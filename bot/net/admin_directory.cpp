#include "bot/net/detail/admin_directory.hpp"

#include <spdlog/spdlog.h>

#include "bot/core/log.hpp"

namespace steward::net {

namespace {
// A failed lookup is retried after this long, so an API outage does not turn every command
// into an outbound call.
constexpr std::chrono::seconds failure_ttl{30};
constexpr std::chrono::seconds lookup_timeout{5};
}  // namespace

admin_directory::admin_directory(std::chrono::seconds ttl, access_tokens& tokens)
    : tokens_(tokens), ttl_(ttl) {}

asio::awaitable<std::optional<bool>> admin_directory::is_admin(
    const core::platform_adapter& platform, std::string chat_id, std::string user_id) {
  const auto list = co_await admins(platform, std::move(chat_id));
  if (!list) co_return std::nullopt;
  co_return list->contains(user_id);
}

asio::awaitable<std::optional<std::set<std::string>>> admin_directory::admins(
    const core::platform_adapter& platform, std::string chat_id) {
  const std::string key = std::string(platform.name()) + ":" + chat_id;
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    if (const auto asking = first_asks_.find(key); asking != first_asks_.end()) {
      // Another message of this chat asked first: wait for its answer rather than ask again
      // (the timer never fires; the first asker cancels it once the answer is in).
      const auto answered = asking->second;
      co_await answered->async_wait(use_tuple);
      const auto known = cache_.find(key);
      co_return known == cache_.end() ? std::nullopt : known->second.admins;
    }
    // Never asked: nothing to go on but the answer.
    const auto answered = std::make_shared<asio::steady_timer>(
        co_await asio::this_coro::executor, std::chrono::steady_clock::time_point::max());
    first_asks_.emplace(key, answered);
    entry fresh;
    try {
      fresh = co_await fetch(platform, chat_id);
    } catch (...) {
      first_asks_.erase(key);  // those waiting find no list: unknown, as for a failed lookup
      answered->cancel();
      throw;
    }
    it = cache_.insert_or_assign(key, std::move(fresh)).first;
    first_asks_.erase(key);
    answered->cancel();
  } else if (it->second.expires <= std::chrono::steady_clock::now() && !it->second.refreshing) {
    // Expired: the list we have still answers (admins change rarely) while one refresh per chat
    // runs beside the messages, which neither wait for it nor each send one of their own.
    it->second.refreshing = true;
    asio::co_spawn(co_await asio::this_coro::executor, refresh(platform, chat_id, key),
                   log_failure("admins: refresh of " + key));
  }
  co_return it->second.admins;
}

asio::awaitable<void> admin_directory::refresh(const core::platform_adapter& platform,
                                               std::string chat_id, std::string key) {
  entry fresh = co_await fetch(platform, chat_id);
  auto& kept = cache_[key];
  // A failed refresh keeps the list we had (for failure_ttl), rather than forgetting it.
  if (!fresh.admins && kept.admins) fresh.admins = std::move(kept.admins);
  kept = std::move(fresh);
}

asio::awaitable<admin_directory::entry> admin_directory::fetch(
    const core::platform_adapter& platform, const std::string& chat_id) {
  const auto request = platform.admin_list_request(chat_id);
  if (request.method.empty()) {
    // The platform has no list to ask for (lists_admins() is false).
    co_return entry{std::nullopt, std::chrono::steady_clock::now() + ttl_};
  }
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  const auto response = co_await call_platform(client_, tokens_, platform, request.method,
                                               request.body, lookup_timeout, now_s);
  const auto ids = platform.parse_admin_list(response);
  const auto now = std::chrono::steady_clock::now();
  if (!ids) {
    core::log_warn("admins.unknown",
                   "cannot list the chat's administrators; admin checks stay unknown for now",
                   {core::field("platform", platform.name()), core::field("chat", chat_id),
                    core::field("error", ids.failure().message)});
    co_return entry{std::nullopt, now + failure_ttl};
  }
  co_return entry{std::set<std::string>(ids->begin(), ids->end()), now + ttl_};
}

}  // namespace steward::net
