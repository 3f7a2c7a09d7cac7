#pragma once

#include <map>
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

/// Percent-decoding of a query component ("+" is a space, as forms encode it).
std::string percent_decoded(std::string_view s);

/// The decoded parameters of a request target's query ("/p?a=1&b=x%2By" → a: 1, b: x+y).
std::map<std::string, std::string> query_of(std::string_view target);

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host);

}  // namespace steward::core
