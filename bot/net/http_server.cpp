#include "bot/net/detail/http_server.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bot/core/log.hpp"

namespace steward::net {

namespace {

/// A listening acceptor on the configured address; a failure names the address and what to do.
tcp::acceptor listening_acceptor(asio::io_context& ioc, const server_settings& settings) {
  const std::string where = settings.host + ":" + std::to_string(settings.port);
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(settings.host, ec);
  if (ec) throw std::runtime_error("server.listen: '" + settings.host + "' is not an IP address");
  const tcp::endpoint endpoint{address, settings.port};
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec == asio::error::address_in_use) {
    throw std::runtime_error("cannot listen on " + where +
                             ": the address is in use by another process (stop it, or change "
                             "server.listen)");
  }
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  return acceptor;
}

/// How often deadlines are checked: a wait runs out at most this much after its deadline.
constexpr auto deadline_resolution = std::chrono::milliseconds(250);

}  // namespace

http_response make_response(http::status status, std::string body, std::string content_type) {
  http_response res{status, 11};
  res.set(http::field::server, "steward");
  res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

http_server::http_server(asio::io_context& ioc, server_settings settings, handler on_request)
    : ioc_(ioc),
      settings_(std::move(settings)),
      on_request_(std::move(on_request)),
      acceptor_(listening_acceptor(ioc, settings_)),
      deadline_watch_(ioc) {}

void http_server::connection::wait_at_most(std::chrono::seconds most) {
  deadline = clock::now() + most;
  timed_out = false;
}

void http_server::start() {
  asio::co_spawn(ioc_, accept_loop(), log_failure("http: accept loop"));
  asio::co_spawn(ioc_, watch_deadlines(), log_failure("http: deadlines"));
}

// One timer for all connections instead of one armed and cancelled per wait: under load that
// was several timer operations per request. A passed deadline is cancelled again at every check
// until its wait ends, in case its operation was not pending at the first cancel.
asio::awaitable<void> http_server::watch_deadlines() {
  while (!stopping_ || !connections_.empty()) {
    deadline_watch_.expires_after(deadline_resolution);
    co_await deadline_watch_.async_wait(use_tuple);
    const auto now = clock::now();
    for (auto& c : connections_) {
      if (c.deadline > now) continue;
      c.timed_out = true;
      beast::error_code ignored;
      c.socket->cancel(ignored);
    }
  }
}

asio::awaitable<void> http_server::accept_loop() {
  while (!stopping_) {
    auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
    if (ec) {
      if (stopping_ || ec == asio::error::operation_aborted) break;
      // e.g. out of file descriptors
      core::log_warn("http.accept_failed", "accepting a connection failed; trying again in 50 ms",
                     {core::field("address", settings_.host + ":" + std::to_string(port())),
                      core::field("error", ec.message())});
      co_await sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    asio::co_spawn(ioc_, session(std::move(socket)), log_failure("http: connection"));
  }
}

asio::awaitable<void> http_server::session(tcp::socket socket) {
  beast::flat_buffer buffer;
  auto self = connections_.insert(connections_.end(), connection{&socket});
  try {
    while (!stopping_ && co_await serve_one(*self, buffer)) {
    }
  } catch (...) {
    connections_.erase(self);
    throw;
  }
  connections_.erase(self);
  beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> http_server::reject(connection& self, http::status status,
                                          std::string_view code, std::string message) {
  const nlohmann::json body{{"error", code}, {"message", std::move(message)}};
  auto res =
      make_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
  res.keep_alive(false);
  self.wait_at_most(std::chrono::seconds(settings_.write_timeout_s));
  co_await http::async_write(*self.socket, res, use_tuple);
  beast::error_code ignored;
  self.socket->shutdown(tcp::socket::shutdown_send, ignored);
  co_await drain_input(self);
}

// After refusing a request, reads and discards what the client is still sending (bounded), so it
// sees our answer instead of a connection reset.
asio::awaitable<void> http_server::drain_input(connection& self) {
  self.wait_at_most(std::chrono::seconds(2));
  std::array<char, 16384> scratch{};
  std::size_t total = 0;
  while (total < 16 * 1024 * 1024) {
    auto [ec, n] = co_await self.socket->async_read_some(asio::buffer(scratch), use_tuple);
    if (ec) break;
    total += n;
  }
}

namespace {
// Transfer codings other than chunked (gzip, compress …) are not decoded here; Beast would read
// such a body as if it were plain. RFC 9112 §6.1: answer 501.
bool unsupported_transfer_coding(const http_request& req) {
  const auto coding = req[http::field::transfer_encoding];
  return !coding.empty() && !beast::iequals(coding, "chunked");
}
}  // namespace

// Serves one request; returns false when the connection should close.
asio::awaitable<bool> http_server::serve_one(connection& self, beast::flat_buffer& buffer) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(settings_.header_limit));
  parser.body_limit(settings_.body_limit);
  self.busy = false;
  if (buffer.size() == 0) {
    // Between requests: a kept-alive connection may wait up to idle_timeout for the next one.
    self.wait_at_most(std::chrono::seconds(settings_.idle_timeout_s));
    auto [idle_ec, n] = co_await self.socket->async_read_some(buffer.prepare(4096), use_tuple);
    if (idle_ec) co_return false;  // closed, idle too long, or shutting down: nothing started
    buffer.commit(n);
  }
  self.busy = true;
  if (const auto read_ec = co_await read_request(self, buffer, parser)) {
    co_await refuse(self, read_ec);
    co_return false;
  }
  self.no_deadline();  // handling has its own (server.core_timeout)
  http_request& req = parser.get();
  // The admin API limits failed sign-ins per client, so it is told who connected (never what a
  // client claims under this name). Webhooks are not: they pay for nothing they do not use.
  if (req.target().starts_with("/api/")) {
    req.erase(peer_header);
    beast::error_code ignored;
    const auto peer = self.socket->remote_endpoint(ignored);
    if (!ignored) req.set(peer_header, peer.address().to_string());
  }
  http_response res = co_await on_request_(req);
  res.keep_alive(req.keep_alive() && !stopping_);
  self.wait_at_most(std::chrono::seconds(settings_.write_timeout_s));
  auto [write_ec, written] = co_await http::async_write(*self.socket, res, use_tuple);
  self.no_deadline();
  self.busy = false;
  co_return !write_ec && res.keep_alive();
}

// From its first byte, the whole request (headers and body) must arrive within read_timeout.
// The deadline covers the reading only: handling and answering have their own.
asio::awaitable<beast::error_code> http_server::read_request(
    connection& self, beast::flat_buffer& buffer, http::request_parser<http::string_body>& parser) {
  self.wait_at_most(std::chrono::seconds(settings_.read_timeout_s));
  auto [ec, header_bytes] =
      co_await http::async_read_header(*self.socket, buffer, parser, use_tuple);
  if (!ec && unsupported_transfer_coding(parser.get()))
    co_return http::error::bad_transfer_encoding;
  if (!ec) {
    auto [body_ec, body_bytes] = co_await http::async_read(*self.socket, buffer, parser, use_tuple);
    ec = body_ec;
  }
  if (self.timed_out) co_return beast::error::timeout;
  co_return ec;
}

// Answers a request that could not be read, when there is someone left to answer.
asio::awaitable<void> http_server::refuse(connection& self, beast::error_code ec) {
  if (ec == http::error::body_limit) {
    co_await reject(self, http::status::payload_too_large, "body_too_large",
                    "the request body is larger than server.body_limit");
  } else if (ec == http::error::header_limit) {
    co_await reject(self, http::status::request_header_fields_too_large, "headers_too_large",
                    "the request headers are larger than server.header_limit");
  } else if (ec == http::error::bad_transfer_encoding) {
    co_await reject(self, http::status::not_implemented, "unsupported_transfer_encoding",
                    "only the chunked transfer coding is accepted");
  } else if (ec == beast::error::timeout) {
    co_await reject(self, http::status::request_timeout, "request_timeout",
                    "the request was not received within server.read_timeout");
  } else if (ec != http::error::end_of_stream && ec != asio::error::operation_aborted &&
             ec != asio::error::eof && ec != asio::error::connection_reset) {
    co_await reject(self, http::status::bad_request, "malformed_http",
                    "the request is not valid HTTP/1.1: " + ec.message());
  }
}

asio::awaitable<void> http_server::shutdown() {
  stopping_ = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
  for (auto& c : connections_) {
    if (!c.busy) c.socket->cancel(ignored);  // idle keep-alive: nothing to finish
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(settings_.shutdown_grace_s);
  while (!connections_.empty() && std::chrono::steady_clock::now() < deadline) {
    co_await sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& c : connections_)
    c.socket->close(ignored);
}

}  // namespace steward::net
