#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace steward::net {

/// A stand-in for a platform's API on loopback, for `steward demo`: answers every call with
/// {"ok":true,...} on its own thread and reports each call.
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

/// POSTs a JSON body to a loopback URL and waits for the answer; returns the HTTP status, or 0
/// when the server could not be reached.
int post_json(const std::string& url, const std::string& body,
              const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace steward::net
