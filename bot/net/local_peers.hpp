#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace steward::net {

/// A stand-in for a platform's API on loopback, for `steward demo`: answers every call with
/// success ({"ok":true,...}; the bot's rights and the chat's admins in their platform's shape)
/// on its own thread and reports each call.
class fake_platform_api {
 public:
  using call_observer = std::function<void(const std::string& path, const std::string& body)>;
  explicit fake_platform_api(call_observer on_call);
  ~fake_platform_api();

  /// "http://127.0.0.1:PORT"
  std::string base_url() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// An HTTP answer: status 0 when the server could not be reached.
struct http_answer {
  int status = 0;
  std::string body;
};

/// Sends a JSON body with `method` (POST, PUT …) to a loopback URL and waits for the answer.
http_answer send_json(const std::string& method, const std::string& url, const std::string& body,
                      const std::vector<std::pair<std::string, std::string>>& headers);

/// POSTs a JSON body to a loopback URL; returns the HTTP status, or 0 when unreachable.
int post_json(const std::string& url, const std::string& body,
              const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace steward::net
