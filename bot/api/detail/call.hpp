#pragma once

// One authenticated admin API request, as the route files see it (internal to bot/api).

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/api/admin_api.hpp"

namespace steward::api {

struct admin_api::call {
  const request& req;
  const storage::api_token& who;
  std::int64_t now_s;
  std::vector<std::string> parts;  ///< the path after /api/v1/, split at '/'

  /// True when the path is exactly `names` ("*" matches any one segment).
  bool is(std::initializer_list<std::string_view> names) const;
  /// True when `parts` are exactly `names` ("*" matches any one segment).
  static bool matches(const std::vector<std::string>& parts,
                      std::initializer_list<std::string_view> names);
  /// nullopt when the request uses `method` and the token's role reaches `rank` (1 viewer,
  /// 2 operator, 3 admin); else the 405 or 403 answer.
  std::optional<response> refuse(std::string_view method, int rank) const;
  /// The 405 answer for a path that takes `methods` ("GET, PUT").
  static response wrong_method(std::string_view methods);
};

namespace detail {

/// The refusal if there is one, else what `answer` gives.
template <typename Answer>
response unless(std::optional<response> refused, Answer&& answer) {
  return refused ? std::move(*refused) : answer();
}

}  // namespace detail

}  // namespace steward::api
