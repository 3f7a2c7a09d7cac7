#include "bot/net/detail/console_assets.hpp"
#include "bot/net/detail/http_server.hpp"

namespace steward::net {

namespace {

constexpr std::string_view console_prefix = "/console/";

// Scripts and styles only from Steward itself, never inline; the console talks only to its
// own origin and cannot be framed.
constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

void secure_headers(http_response& res) {
  res.set("Content-Security-Policy", content_security_policy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "no-referrer");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
}

bool accepts_gzip(const http_request& req) {
  const auto accepted = req[http::field::accept_encoding];
  return accepted.find("gzip") != beast::string_view::npos;
}

const console_asset* find_asset(std::string_view name) {
  for (const auto& asset : console_assets()) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

}  // namespace

http_response console_file(const http_request& req, std::string_view path) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    auto res = make_response(http::status::method_not_allowed, "use GET\n", "text/plain");
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  if (path == "/console") {
    auto res = make_response(http::status::moved_permanently, "", "text/plain");
    res.set(http::field::location, console_prefix);
    return res;
  }
  std::string_view name = path.substr(console_prefix.size());
  if (name.empty()) name = "index.html";
  const auto* asset = find_asset(name);
  if (asset == nullptr) {
    auto res = make_response(http::status::not_found, "no such console file\n", "text/plain");
    secure_headers(res);
    return res;
  }
  const bool fresh = req[http::field::if_none_match] == beast::string_view(asset->etag);
  const bool gzip = accepts_gzip(req);
  auto res = fresh ? make_response(http::status::not_modified, "", std::string(asset->content_type))
                   : make_response(http::status::ok, std::string(gzip ? asset->gzip : asset->raw),
                                   std::string(asset->content_type));
  if (gzip && !fresh) res.set(http::field::content_encoding, "gzip");
  res.set(http::field::vary, "Accept-Encoding");
  res.set(http::field::etag, asset->etag);
  // The page names its script and style by content hash: those never change; the page may.
  res.set(http::field::cache_control,
          name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable");
  secure_headers(res);
  if (req.method() == http::verb::head) {
    res.body().clear();
    res.content_length(gzip ? asset->gzip.size() : asset->raw.size());
  }
  return res;
}

}  // namespace steward::net
