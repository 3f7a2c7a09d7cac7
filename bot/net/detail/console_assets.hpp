#pragma once
// Private to bot/net: the operator console's files, built from bot/console/ by
// bot/console/build.mjs into a generated source and served from memory at /console/.

#include <string_view>
#include <vector>

#include "bot/net/detail/asio.hpp"

namespace steward::net {

/// One file of the console, as built: its bytes, and the same gzipped.
struct console_asset {
  std::string_view name;  ///< "index.html", "app-<hash>.js", …
  std::string_view content_type;
  std::string_view etag;  ///< quoted, from the content's hash
  std::string_view raw;
  std::string_view gzip;
};

/// Every file of the console (generated).
const std::vector<console_asset>& console_assets();

/// GET/HEAD /console and everything under it: the console's files with their security headers
/// (a Content-Security-Policy without inline scripts or styles, no framing, no sniffing),
/// gzipped when the browser accepts it, 304 for a file it already holds.
http_response console_file(const http_request& req, std::string_view path);

}  // namespace steward::net
