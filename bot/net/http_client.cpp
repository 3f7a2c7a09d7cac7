#include "bot/net/detail/http_client.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include "bot/core/url.hpp"

namespace steward::net {

namespace {

// Reused only while well inside the keep-alive time servers commonly allow (nginx: 75 s), so
// that a reused connection is almost never one the server is closing at that moment.
constexpr auto keep_alive_for = std::chrono::seconds(20);
constexpr std::size_t idle_per_host = 8;

http_request make_request(const core::url_parts& url, std::string body,
                          http::verb verb = http::verb::post) {
  http_request req{verb, url.target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::user_agent, "steward/0.1");
  if (!body.empty() || verb == http::verb::post) {
    req.set(http::field::content_type, "application/json; charset=utf-8");
  }
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

core::delivery_response to_delivery(http_response& res) {
  core::delivery_response out;
  out.status = static_cast<int>(res.result_int());
  out.retry_after_header = std::string(res[http::field::retry_after]);
  // Feishu names its wait hint differently (seconds until its window resets, §3.6).
  if (out.retry_after_header.empty()) {
    out.retry_after_header = std::string(res["x-ogw-ratelimit-reset"]);
  }
  out.body = std::move(res.body());
  out.content_type = std::string(res[http::field::content_type]);
  return out;
}

beast::tcp_stream& tcp_of(beast::tcp_stream& stream) {
  return stream;
}
beast::tcp_stream& tcp_of(beast::ssl_stream<beast::tcp_stream>& stream) {
  return beast::get_lowest_layer(stream);
}

/// One request and its answer on an open connection. `reusable`: the connection may carry
/// another call; `unanswered`: it failed before any answer came (a connection the server had
/// already closed), so the call can be made again on a new one without risk of doing it twice.
struct exchange_result {
  core::delivery_response response;
  bool reusable = false;
  bool unanswered = false;
};

template <class Stream>
asio::awaitable<exchange_result> exchange(Stream& stream, const http_request& req,
                                          std::chrono::seconds timeout) {
  tcp_of(stream).expires_after(timeout);
  auto [write_ec, written] = co_await http::async_write(stream, req, use_tuple);
  if (write_ec) co_return exchange_result{{0, "", write_ec.message()}, false, true};
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(8 * 1024 * 1024);
  auto [read_ec, read] = co_await http::async_read(stream, buffer, parser, use_tuple);
  if (read_ec) {
    const bool nothing_came =
        read == 0 && (read_ec == http::error::end_of_stream ||
                      read_ec == asio::error::connection_reset || read_ec == asio::error::eof);
    co_return exchange_result{{0, "", read_ec.message()}, false, nothing_came};
  }
  const bool keep = parser.get().keep_alive() && buffer.size() == 0;
  co_return exchange_result{to_delivery(parser.get()), keep, false};
}

bool is_ip_address(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

asio::awaitable<std::pair<tcp::resolver::results_type, boost::system::error_code>> resolve(
    const core::url_parts& url) {
  tcp::resolver resolver(co_await asio::this_coro::executor);
  tcp::resolver::results_type endpoints;
  boost::system::error_code ec;
  if (is_ip_address(url.host)) {
    // An address needs no lookup: converted here, not queued on the resolver's own thread.
    endpoints = resolver.resolve(url.host, url.port,
                                 tcp::resolver::numeric_host | tcp::resolver::numeric_service, ec);
  } else {
    std::tie(ec, endpoints) = co_await resolver.async_resolve(url.host, url.port, use_tuple);
  }
  co_return std::pair{endpoints, ec};
}

}  // namespace

template <class Stream>
std::unique_ptr<Stream> http_client::pool<Stream>::take(const std::string& host) {
  const auto found = by_host.find(host);
  if (found == by_host.end()) return nullptr;
  auto& idle = found->second;
  while (!idle.empty()) {
    auto newest = std::move(idle.back());
    idle.pop_back();
    if (std::chrono::steady_clock::now() - newest.since < keep_alive_for) {
      return std::move(newest.stream);
    }
    // Older ones are older still: drop them all.
    idle.clear();
  }
  return nullptr;
}

template <class Stream>
void http_client::pool<Stream>::give(const std::string& host, std::unique_ptr<Stream> stream) {
  auto& idle = by_host[host];
  if (idle.size() >= idle_per_host) idle.erase(idle.begin());  // the oldest goes
  idle.push_back({std::move(stream), std::chrono::steady_clock::now()});
}

http_client::http_client() : tls_(asio::ssl::context::tls_client) {
  tls_.set_default_verify_paths();
  tls_.set_verify_mode(asio::ssl::verify_peer);
}

http_client::~http_client() = default;

template <>
asio::awaitable<std::pair<std::unique_ptr<beast::tcp_stream>, std::string>>
http_client::connect<beast::tcp_stream>(const core::url_parts& url, std::chrono::seconds timeout) {
  auto [endpoints, resolve_ec] = co_await resolve(url);
  if (resolve_ec) co_return std::pair{nullptr, resolve_ec.message()};
  auto stream = std::make_unique<beast::tcp_stream>(co_await asio::this_coro::executor);
  stream->expires_after(timeout);
  auto [ec, ep] = co_await stream->async_connect(endpoints, use_tuple);
  if (ec) co_return std::pair{nullptr, ec.message()};
  ++opened_;
  co_return std::pair{std::move(stream), std::string()};
}

template <>
asio::awaitable<std::pair<std::unique_ptr<http_client::tls_stream>, std::string>>
http_client::connect<http_client::tls_stream>(const core::url_parts& url,
                                              std::chrono::seconds timeout) {
  auto [endpoints, resolve_ec] = co_await resolve(url);
  if (resolve_ec) co_return std::pair{nullptr, resolve_ec.message()};
  auto stream = std::make_unique<tls_stream>(co_await asio::this_coro::executor, tls_);
  // SNI, and the name the certificate must carry.
  if (!SSL_set_tlsext_host_name(stream->native_handle(), url.host.c_str())) {
    co_return std::pair{nullptr, "cannot set TLS server name"};
  }
  stream->set_verify_callback(asio::ssl::host_name_verification(url.host));
  auto& tcp_layer = beast::get_lowest_layer(*stream);
  tcp_layer.expires_after(timeout);
  auto [ec, ep] = co_await tcp_layer.async_connect(endpoints, use_tuple);
  if (ec) co_return std::pair{nullptr, ec.message()};
  auto [hs_ec] = co_await stream->async_handshake(asio::ssl::stream_base::client, use_tuple);
  if (hs_ec) co_return std::pair{nullptr, "TLS handshake: " + hs_ec.message()};
  ++opened_;
  co_return std::pair{std::move(stream), std::string()};
}

// A kept-alive connection first; if the server had closed it, the call is made once more on a
// new connection (it never reached the server). A connection whose answer came back whole
// returns to the pool; any other is closed (dropped).
template <class Stream>
asio::awaitable<core::delivery_response> http_client::call(pool<Stream>& idle,
                                                           const std::string& host,
                                                           const core::url_parts& url,
                                                           http_request req,
                                                           std::chrono::seconds timeout) {
  if (auto reused = idle.take(host)) {
    auto result = co_await exchange(*reused, req, timeout);
    if (!result.unanswered) {
      if (result.reusable) idle.give(host, std::move(reused));
      co_return std::move(result.response);
    }
  }
  auto [fresh, failure] = co_await connect<Stream>(url, timeout);
  if (!fresh) co_return core::delivery_response{0, "", failure};
  auto result = co_await exchange(*fresh, req, timeout);
  if (result.reusable) idle.give(host, std::move(fresh));
  co_return std::move(result.response);
}

asio::awaitable<core::delivery_response> http_client::post_json(std::string url, std::string body,
                                                                std::chrono::seconds timeout,
                                                                extra_headers headers) {
  co_return co_await send({"POST", std::move(url), std::move(body), std::move(headers)}, timeout);
}

asio::awaitable<core::delivery_response> http_client::send(core::http_call request,
                                                           std::chrono::seconds timeout) {
  const auto parts = core::parse_url(request.url);
  if (!parts) co_return core::delivery_response{0, "", parts.failure().message};
  const auto verb = http::string_to_verb(request.verb);
  if (verb == http::verb::unknown) {
    co_return core::delivery_response{0, "", "unknown HTTP verb " + request.verb};
  }
  const std::string host = parts->host + ":" + parts->port;
  http_request req = make_request(*parts, std::move(request.body), verb);
  for (const auto& [name, value] : request.headers)
    req.set(name, value);
  if (!parts->tls) co_return co_await call(plain_, host, *parts, std::move(req), timeout);
  co_return co_await call(secure_, host, *parts, std::move(req), timeout);
}

}  // namespace steward::net
