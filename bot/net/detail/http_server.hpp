#pragma once

#include <functional>
#include <list>

#include "bot/net/detail/asio.hpp"
#include "bot/net/settings.hpp"

namespace steward::net {

/// The header the server sets on admin API requests (/api/…) to the connected peer's address,
/// after removing any a client sent.
inline constexpr std::string_view peer_header = "X-Steward-Peer";

/// Beast HTTP/1.1 server: one coroutine per connection, keep-alive, header and body limits, a
/// deadline on every read and write, and a graceful stop. Request logic is the `handler`.
class http_server {
 public:
  using handler = std::function<asio::awaitable<http_response>(http_request&)>;

  /// Binds at once, so a taken port fails at start-up with a clear error.
  http_server(asio::io_context& ioc, server_settings settings, handler on_request);

  /// The bound port (useful when the configured port is 0).
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  /// Starts accepting connections.
  void start();
  /// Stops accepting, closes idle connections, and waits (at most the grace period) for
  /// requests in flight to be answered.
  asio::awaitable<void> shutdown();

 private:
  struct connection {
    beast::tcp_stream* stream = nullptr;
    bool busy = false;
  };

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket socket);
  asio::awaitable<bool> serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                  connection& self);
  asio::awaitable<void> reject(beast::tcp_stream& stream, http::status status,
                               std::string_view code, std::string message);
  asio::awaitable<void> refuse(beast::tcp_stream& stream, beast::error_code ec);
  asio::awaitable<beast::error_code> read_request(beast::tcp_stream& stream,
                                                  beast::flat_buffer& buffer,
                                                  http::request_parser<http::string_body>& parser);

  asio::io_context& ioc_;
  server_settings settings_;
  handler on_request_;
  tcp::acceptor acceptor_;
  std::list<connection> connections_;
  bool stopping_ = false;
};

/// A plain-text (or JSON) response with the usual headers.
http_response make_response(http::status status, std::string body,
                            std::string content_type = "text/plain; charset=utf-8");

}  // namespace steward::net
