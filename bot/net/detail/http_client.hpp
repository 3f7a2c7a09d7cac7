#pragma once

#include <chrono>
#include <string>

#include "bot/core/platform.hpp"
#include "bot/net/detail/asio.hpp"

namespace steward::net {

/// Outbound HTTP(S) client for platform APIs. TLS verifies the certificate chain against the
/// system store and the host name; plain http is for loopback test peers only (checked when the
/// configuration is loaded).
class http_client {
 public:
  http_client();

  /// POSTs a JSON body; network failures and timeouts come back as status 0, never as throws.
  asio::awaitable<core::delivery_response> post_json(std::string url, std::string body,
                                                     std::chrono::seconds timeout);

 private:
  asio::ssl::context tls_;
};

}  // namespace steward::net
