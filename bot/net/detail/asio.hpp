// Private to bot/net: the Asio/Beast pieces the net layer uses (never the umbrella headers).
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <exception>
#include <functional>
#include <string>

namespace steward::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

using http_request = http::request<http::string_body>;
using http_response = http::response<http::string_body>;

/// `co_await` form that returns (error_code, …) instead of throwing, for expected network errors.
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// A co_spawn completion handler that logs an escaped exception with `what` (e.g. "http: accept
/// loop") instead of losing it.
std::function<void(std::exception_ptr)> log_failure(std::string what);

/// Sleeps for `duration` (cancellable; returns early on cancellation).
template <class Duration>
asio::awaitable<void> sleep_for(Duration duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(duration));
  co_await timer.async_wait(use_tuple);
}

}  // namespace steward::net
