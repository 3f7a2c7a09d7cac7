#pragma once

#include <string>
#include <string_view>

#include "bot/core/platform.hpp"

namespace steward::platforms {

/// Why the answer to `method` was of no use, for logs an operator reads: the platform's refusal
/// (its HTTP status and own words, from `verdict`) when it was one, else that it came without
/// `what` ("a list of administrators") — "answered HTTP 200", said before, told nothing.
std::string unusable_answer(std::string_view method, const core::delivery_response& response,
                            const core::delivery_verdict& verdict, std::string_view what);

}  // namespace steward::platforms
