#pragma once

#include <stdexcept>
#include <string>

namespace steward::platforms {

/// A field of an incoming event that is missing or of the wrong type; names it (relative to the
/// event's object) so the 400 answer can say which.
struct bad_field : std::invalid_argument {
  bad_field(std::string name, const std::string& problem)
      : std::invalid_argument(problem), field(std::move(name)) {}
  std::string field;
};

}  // namespace steward::platforms
