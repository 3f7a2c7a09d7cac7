#include "bot/net/detail/access_tokens.hpp"

#include "bot/core/log.hpp"

namespace steward::net {

namespace {

constexpr std::chrono::seconds token_call_timeout{10};
// A failed fetch is not repeated for this long, so an outage costs one token call per platform
// every few seconds, not one per queued message.
constexpr std::chrono::seconds failure_ttl{5};

// Tokens are renewed this long before the platform says they expire (a quarter of their life,
// at most five minutes: Feishu hands out a new token only in its last 30 minutes, §3.5).
std::chrono::seconds renewal_margin(std::int64_t lifetime_s) {
  return std::chrono::seconds(std::min<std::int64_t>(300, lifetime_s / 4));
}

}  // namespace

asio::awaitable<core::result<std::string>> access_tokens::token_for(
    const core::platform_adapter& platform) {
  const std::string name(platform.name());
  // A kept token first: the token request is built only when one is to be fetched (or to learn
  // that the platform needs none).
  if (!kept_.contains(name) && !fetching_.contains(name) && !platform.token_call()) {
    co_return std::string();
  }
  for (;;) {
    const auto kept = kept_.find(name);
    if (kept != kept_.end() && kept->second.fresh_until > std::chrono::steady_clock::now()) {
      if (!kept->second.failure.empty()) {
        co_return core::error{"token_unavailable", kept->second.failure};
      }
      co_return kept->second.token;
    }
    const auto asking = fetching_.find(name);
    if (asking == fetching_.end()) break;
    const auto answered = asking->second;
    co_await answered->async_wait(use_tuple);  // cancelled by the fetcher; then look again
  }
  const auto answered = std::make_shared<asio::steady_timer>(
      co_await asio::this_coro::executor, std::chrono::steady_clock::time_point::max());
  fetching_.emplace(name, answered);
  entry fresh = co_await fetch(platform);
  kept_.insert_or_assign(name, fresh);
  fetching_.erase(name);
  answered->cancel();
  if (!fresh.failure.empty()) co_return core::error{"token_unavailable", fresh.failure};
  co_return fresh.token;
}

void access_tokens::forget(std::string_view platform, std::string_view token) {
  const auto kept = kept_.find(platform);
  if (kept != kept_.end() && kept->second.token == token) kept_.erase(kept);
}

asio::awaitable<access_tokens::entry> access_tokens::fetch(const core::platform_adapter& platform) {
  const auto response = co_await client_.send(*platform.token_call(), token_call_timeout);
  const auto grant = platform.parsed_token(response);
  const auto now = std::chrono::steady_clock::now();
  if (!grant) {
    std::string why = "could not get an access token from " + std::string(platform.name()) + ": " +
                      grant.failure().message;
    core::log_warn(
        "token.failed", why,
        {core::field("platform", platform.name()), core::field("status", response.status)});
    co_return entry{"", std::move(why), now + failure_ttl};
  }
  core::log_info(
      "token.renewed", "access token fetched",
      {core::field("platform", platform.name()), core::field("expires_in_s", grant->expires_in_s)});
  const auto lifetime = std::chrono::seconds(grant->expires_in_s);
  co_return entry{grant->token, "", now + lifetime - renewal_margin(grant->expires_in_s)};
}

asio::awaitable<core::delivery_response> call_platform(http_client& client, access_tokens& tokens,
                                                       const core::platform_adapter& platform,
                                                       std::string_view method,
                                                       const std::string& stored_body,
                                                       std::chrono::seconds timeout,
                                                       std::int64_t now_s) {
  const auto token = co_await tokens.token_for(platform);
  if (!token) co_return core::delivery_response{0, "", token.failure().message};
  auto response =
      co_await client.send(platform.call_for(method, stored_body, now_s, *token), timeout);
  if (!token->empty() && platform.classify(response).token_rejected) {
    tokens.forget(platform.name(), *token);
  }
  co_return response;
}

}  // namespace steward::net
