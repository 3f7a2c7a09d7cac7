#include "bot/net/detail/http_client.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include "bot/core/url.hpp"

namespace steward::net {

namespace {

http_request make_request(const core::url_parts& url, std::string body) {
  http_request req{http::verb::post, url.target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::user_agent, "steward/0.1");
  req.set(http::field::content_type, "application/json");
  req.set(http::field::connection, "close");
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

core::delivery_response to_delivery(http_response& res) {
  core::delivery_response out;
  out.status = static_cast<int>(res.result_int());
  out.retry_after_header = std::string(res[http::field::retry_after]);
  out.body = std::move(res.body());
  return out;
}

template <class Stream>
asio::awaitable<core::delivery_response> exchange(Stream& stream, beast::tcp_stream& tcp,
                                                  http_request req, std::chrono::seconds timeout) {
  tcp.expires_after(timeout);
  auto [write_ec, written] = co_await http::async_write(stream, req, use_tuple);
  if (write_ec) co_return core::delivery_response{0, "", write_ec.message()};
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(8 * 1024 * 1024);
  auto [read_ec, read] = co_await http::async_read(stream, buffer, parser, use_tuple);
  if (read_ec) co_return core::delivery_response{0, "", read_ec.message()};
  co_return to_delivery(parser.get());
}

bool is_ip_address(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

http_client::http_client() : tls_(asio::ssl::context::tls_client) {
  tls_.set_default_verify_paths();
  tls_.set_verify_mode(asio::ssl::verify_peer);
}

asio::awaitable<core::delivery_response> http_client::post_json(std::string url, std::string body,
                                                                std::chrono::seconds timeout) {
  const auto parts = core::parse_url(url);
  if (!parts) co_return core::delivery_response{0, "", parts.failure().message};
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::resolver::results_type endpoints;
  boost::system::error_code resolve_ec;
  if (is_ip_address(parts->host)) {
    // An address needs no lookup: converted here, not queued on the resolver's own thread.
    endpoints =
        resolver.resolve(parts->host, parts->port,
                         tcp::resolver::numeric_host | tcp::resolver::numeric_service, resolve_ec);
  } else {
    std::tie(resolve_ec, endpoints) =
        co_await resolver.async_resolve(parts->host, parts->port, use_tuple);
  }
  if (resolve_ec) co_return core::delivery_response{0, "", resolve_ec.message()};
  http_request req = make_request(*parts, std::move(body));

  if (!parts->tls) {
    beast::tcp_stream stream(executor);
    stream.expires_after(timeout);
    auto [ec, ep] = co_await stream.async_connect(endpoints, use_tuple);
    if (ec) co_return core::delivery_response{0, "", ec.message()};
    auto response = co_await exchange(stream, stream, std::move(req), timeout);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return response;
  }

  beast::ssl_stream<beast::tcp_stream> stream(executor, tls_);
  // SNI, and the name the certificate must carry.
  if (!SSL_set_tlsext_host_name(stream.native_handle(), parts->host.c_str())) {
    co_return core::delivery_response{0, "", "cannot set TLS server name"};
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(parts->host));
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_after(timeout);
  auto [ec, ep] = co_await tcp_layer.async_connect(endpoints, use_tuple);
  if (ec) co_return core::delivery_response{0, "", ec.message()};
  auto [hs_ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
  if (hs_ec) co_return core::delivery_response{0, "", "TLS handshake: " + hs_ec.message()};
  // The answer is complete (Content-Length framed), so there is nothing a TLS close_notify could
  // protect; closing at once keeps this chat's queue from waiting on the peer's shutdown.
  co_return co_await exchange(stream, tcp_layer, std::move(req), timeout);
}

}  // namespace steward::net
