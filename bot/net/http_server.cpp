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

/// After refusing a request, read and discard what the client is still sending (bounded), so it
/// sees our answer instead of a connection reset.
asio::awaitable<void> drain_input(beast::tcp_stream& stream) {
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16384> scratch{};
  std::size_t total = 0;
  while (total < 16 * 1024 * 1024) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), use_tuple);
    if (ec) break;
    total += n;
  }
}

/// A deadline that cancels (rather than closes, as tcp_stream's own expiry does) the reads on a
/// stream, so the server can still answer 408. Single-threaded use only.
class read_deadline {
 public:
  read_deadline(beast::tcp_stream& stream, std::chrono::seconds after)
      : timer_(stream.get_executor()) {
    timer_.expires_after(after);
    timer_.async_wait([state = state_, &socket = stream.socket()](beast::error_code ec) {
      if (ec || !state->armed) return;  // cancelled, or the guarded read is already over
      state->expired = true;
      socket.cancel();
    });
  }
  ~read_deadline() {
    state_->armed = false;
    timer_.cancel();
  }
  bool expired() const { return state_->expired; }

 private:
  struct state {
    bool armed = true;
    bool expired = false;
  };
  std::shared_ptr<state> state_ = std::make_shared<state>();
  asio::steady_timer timer_;
};

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
      acceptor_(listening_acceptor(ioc, settings_)) {}

void http_server::start() {
  asio::co_spawn(ioc_, accept_loop(), log_failure("http: accept loop"));
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
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  auto self = connections_.insert(connections_.end(), connection{&stream, false});
  try {
    while (!stopping_ && co_await serve_one(stream, buffer, *self)) {
    }
  } catch (...) {
    connections_.erase(self);
    throw;
  }
  connections_.erase(self);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> http_server::reject(beast::tcp_stream& stream, http::status status,
                                          std::string_view code, std::string message) {
  const nlohmann::json body{{"error", code}, {"message", std::move(message)}};
  auto res =
      make_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
  res.keep_alive(false);
  stream.expires_after(std::chrono::seconds(settings_.write_timeout_s));
  co_await http::async_write(stream, res, use_tuple);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  co_await drain_input(stream);
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
asio::awaitable<bool> http_server::serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                             connection& self) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(settings_.header_limit));
  parser.body_limit(settings_.body_limit);
  self.busy = false;
  if (buffer.size() == 0) {
    // Between requests: a kept-alive connection may wait up to idle_timeout for the next one.
    stream.expires_after(std::chrono::seconds(settings_.idle_timeout_s));
    auto [idle_ec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
    if (idle_ec) co_return false;  // closed, idle too long, or shutting down: nothing started
    buffer.commit(n);
  }
  self.busy = true;
  if (const auto read_ec = co_await read_request(stream, buffer, parser)) {
    co_await refuse(stream, read_ec);
    co_return false;
  }
  http_request& req = parser.get();
  // The admin API limits failed sign-ins per client, so it is told who connected (never what a
  // client claims under this name). Webhooks are not: they pay for nothing they do not use.
  if (req.target().starts_with("/api/")) {
    req.erase(peer_header);
    beast::error_code ignored;
    const auto peer = stream.socket().remote_endpoint(ignored);
    if (!ignored) req.set(peer_header, peer.address().to_string());
  }
  http_response res = co_await on_request_(req);
  res.keep_alive(req.keep_alive() && !stopping_);
  stream.expires_after(std::chrono::seconds(settings_.write_timeout_s));
  auto [write_ec, written] = co_await http::async_write(stream, res, use_tuple);
  self.busy = false;
  co_return !write_ec && res.keep_alive();
}

// From its first byte, the whole request (headers and body) must arrive within read_timeout.
// The deadline covers the reading only: handling and answering have their own.
asio::awaitable<beast::error_code> http_server::read_request(
    beast::tcp_stream& stream, beast::flat_buffer& buffer,
    http::request_parser<http::string_body>& parser) {
  stream.expires_never();
  read_deadline deadline(stream, std::chrono::seconds(settings_.read_timeout_s));
  auto [ec, header_bytes] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
  if (!ec && unsupported_transfer_coding(parser.get()))
    co_return http::error::bad_transfer_encoding;
  if (!ec) {
    auto [body_ec, body_bytes] = co_await http::async_read(stream, buffer, parser, use_tuple);
    ec = body_ec;
  }
  if (deadline.expired()) co_return beast::error::timeout;
  co_return ec;
}

// Answers a request that could not be read, when there is someone left to answer.
asio::awaitable<void> http_server::refuse(beast::tcp_stream& stream, beast::error_code ec) {
  if (ec == http::error::body_limit) {
    co_await reject(stream, http::status::payload_too_large, "body_too_large",
                    "the request body is larger than server.body_limit");
  } else if (ec == http::error::header_limit) {
    co_await reject(stream, http::status::request_header_fields_too_large, "headers_too_large",
                    "the request headers are larger than server.header_limit");
  } else if (ec == http::error::bad_transfer_encoding) {
    co_await reject(stream, http::status::not_implemented, "unsupported_transfer_encoding",
                    "only the chunked transfer coding is accepted");
  } else if (ec == beast::error::timeout) {
    co_await reject(stream, http::status::request_timeout, "request_timeout",
                    "the request was not received within server.read_timeout");
  } else if (ec != http::error::end_of_stream && ec != asio::error::operation_aborted &&
             ec != asio::error::eof && ec != asio::error::connection_reset) {
    co_await reject(stream, http::status::bad_request, "malformed_http",
                    "the request is not valid HTTP/1.1: " + ec.message());
  }
}

asio::awaitable<void> http_server::shutdown() {
  stopping_ = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
  for (auto& c : connections_) {
    if (!c.busy) c.stream->socket().cancel(ignored);  // idle keep-alive: nothing to finish
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(settings_.shutdown_grace_s);
  while (!connections_.empty() && std::chrono::steady_clock::now() < deadline) {
    co_await sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& c : connections_)
    c.stream->socket().close(ignored);
}

}  // namespace steward::net
