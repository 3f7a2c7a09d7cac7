#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "bot/core/platform.hpp"
#include "bot/core/result.hpp"
#include "bot/net/detail/asio.hpp"
#include "bot/net/detail/http_client.hpp"

namespace steward::net {

/// The access tokens of platforms whose API wants one (Feishu, DingTalk, WeCom): fetched when
/// first needed, kept until shortly before they expire, fetched again when the platform
/// rejects one. One fetch per platform at a time: calls that need the token meanwhile wait for
/// its answer rather than each asking. Lives on the IO thread.
class access_tokens {
 public:
  /// The platform's current token; empty when the platform needs none; an error when it could
  /// not be fetched (the call is then retried like any transient failure).
  asio::awaitable<core::result<std::string>> token_for(const core::platform_adapter& platform);
  /// The platform rejected `token`: the next call fetches a new one (unless one already was).
  void forget(std::string_view platform, std::string_view token);

 private:
  struct entry {
    std::string token;
    std::string failure;  // non-empty: the last fetch failed (kept until `fresh_until`)
    std::chrono::steady_clock::time_point fresh_until;
  };

  asio::awaitable<entry> fetch(const core::platform_adapter& platform);

  http_client client_;
  std::map<std::string, entry, std::less<>> kept_;
  // Fetches under way: later callers wait on the timer, which the fetcher cancels when done.
  std::map<std::string, std::shared_ptr<asio::steady_timer>, std::less<>> fetching_;
};

/// Makes a stored call to a platform: its access token fetched or reused, the request built by
/// the adapter, a token the platform rejects forgotten. Never throws; failures are answers with
/// status 0 and the reason as body, classified as transient by every adapter.
asio::awaitable<core::delivery_response> call_platform(http_client& client, access_tokens& tokens,
                                                       const core::platform_adapter& platform,
                                                       std::string_view method,
                                                       const std::string& stored_body,
                                                       std::chrono::seconds timeout,
                                                       std::int64_t now_s);

}  // namespace steward::net
