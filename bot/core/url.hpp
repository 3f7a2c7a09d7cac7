#pragma once

#include <string>
#include <string_view>

#include "bot/core/result.hpp"

namespace steward::core {

/// The parts of an http(s) URL that a client needs.
struct url_parts {
  bool tls = true;
  std::string host;
  std::string port;
  std::string target;  ///< path and query, at least "/"
};

/// Splits "https://host[:port]/path"; only the http and https schemes are accepted.
result<url_parts> parse_url(std::string_view url);

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host);

}  // namespace steward::core
