#pragma once

#include <chrono>
#include <functional>
#include <list>

#include "bot/net/detail/asio.hpp"
#include "bot/net/settings.hpp"

namespace steward::net {

/// The header the server sets on admin API requests (/api/…) to the connected peer's address,
/// after removing any a client sent.
inline constexpr std::string_view peer_header = "X-Steward-Peer";

/// Beast HTTP/1.1 server: one coroutine per connection, keep-alive, header and body limits, a
/// deadline on every wait (idle, reading a request, writing an answer) and a graceful stop.
/// Request logic is the `handler`.
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
  using clock = std::chrono::steady_clock;
  /// One open connection. Its deadline is a plain time that one timer for the whole server
  /// checks (watch_deadlines), so serving a request arms and cancels no timer of its own.
  struct connection {
    tcp::socket* socket = nullptr;
    bool busy = false;
    /// When the current wait runs out; none while a request is being handled.
    clock::time_point deadline = clock::time_point::max();
    /// The current wait ran out and its operations were cancelled.
    bool timed_out = false;

    /// Starts a wait that may last at most `most`.
    void wait_at_most(std::chrono::seconds most);
    /// Ends the current wait: nothing is cancelled until the next one starts.
    void no_deadline() { deadline = clock::time_point::max(); }
  };

  asio::awaitable<void> accept_loop();
  /// Cancels the operations of every connection whose deadline has passed, a few times a second.
  asio::awaitable<void> watch_deadlines();
  asio::awaitable<void> session(tcp::socket socket);
  asio::awaitable<bool> serve_one(connection& self, beast::flat_buffer& buffer);
  asio::awaitable<void> reject(connection& self, http::status status, std::string_view code,
                               std::string message);
  asio::awaitable<void> refuse(connection& self, beast::error_code ec);
  asio::awaitable<void> drain_input(connection& self);
  asio::awaitable<beast::error_code> read_request(connection& self, beast::flat_buffer& buffer,
                                                  http::request_parser<http::string_body>& parser);

  asio::io_context& ioc_;
  server_settings settings_;
  handler on_request_;
  tcp::acceptor acceptor_;
  asio::steady_timer deadline_watch_;
  std::list<connection> connections_;
  bool stopping_ = false;
};

/// A plain-text (or JSON) response with the usual headers.
http_response make_response(http::status status, std::string body,
                            std::string content_type = "text/plain; charset=utf-8");

}  // namespace steward::net
