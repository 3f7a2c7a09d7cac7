#include "bot/platforms/common/unusable_answer.hpp"

#include <fmt/format.h>

namespace steward::platforms {

std::string unusable_answer(std::string_view method, const core::delivery_response& response,
                            const core::delivery_verdict& verdict, std::string_view what) {
  if (verdict.outcome == core::delivery_verdict::kind::delivered) {
    return fmt::format("{} answered without {}", method, what);
  }
  if (response.status == 0) {  // no answer at all: the description is the network's error
    return fmt::format("{} got no answer: {}", method, verdict.description);
  }
  return fmt::format("{} failed (HTTP {}){}{}", method, response.status,
                     verdict.description.empty() ? "" : ": ", verdict.description);
}

}  // namespace steward::platforms
