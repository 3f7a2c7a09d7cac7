#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/platform.hpp"
#include "bot/core/url.hpp"
#include "bot/net/detail/asio.hpp"

namespace steward::net {

/// Outbound HTTP(S) client for platform APIs. TLS verifies the certificate chain against the
/// system store and the host name; plain http is for loopback test peers only (checked when the
/// configuration is loaded). Connections are kept alive and reused, a few per host: a call to a
/// platform costs no new TCP and TLS handshake while calls keep coming.
class http_client {
 public:
  http_client();
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  using extra_headers = std::vector<std::pair<std::string, std::string>>;
  /// POSTs a JSON body; network failures and timeouts come back as status 0, never as throws.
  asio::awaitable<core::delivery_response> post_json(std::string url, std::string body,
                                                     std::chrono::seconds timeout,
                                                     extra_headers headers = {});
  /// Sends a complete request (any verb); failures come back as status 0, never as throws.
  asio::awaitable<core::delivery_response> send(core::http_call request,
                                                std::chrono::seconds timeout);
  /// Connections opened so far (each reuse is a call that opened none).
  std::size_t connections_opened() const { return opened_; }

 private:
  using tls_stream = beast::ssl_stream<beast::tcp_stream>;
  /// Idle connections by "host:port", newest last; one kind of stream per pool.
  template <class Stream>
  struct pool {
    struct idle {
      std::unique_ptr<Stream> stream;
      std::chrono::steady_clock::time_point since;
    };
    std::map<std::string, std::vector<idle>, std::less<>> by_host;
    /// A connection idle for less than the keep-alive limit, or null.
    std::unique_ptr<Stream> take(const std::string& host);
    void give(const std::string& host, std::unique_ptr<Stream> stream);
  };

  template <class Stream>
  asio::awaitable<core::delivery_response> call(pool<Stream>& idle, const std::string& host,
                                                const core::url_parts& url, http_request req,
                                                std::chrono::seconds timeout);
  template <class Stream>
  asio::awaitable<std::pair<std::unique_ptr<Stream>, std::string>> connect(
      const core::url_parts& url, std::chrono::seconds timeout);

  asio::ssl::context tls_;
  pool<beast::tcp_stream> plain_;
  pool<tls_stream> secure_;
  std::size_t opened_ = 0;
};

}  // namespace steward::net
