#include "handlers/levels.hpp"

#include <cmath>

namespace steward::handlers {

std::int64_t level_curve::level_for(std::int64_t xp) const {
  if (xp <= 0 || base <= 0) return 0;
  auto level = static_cast<std::int64_t>(std::sqrt(static_cast<double>(xp) / base));
  // Correct the floating-point estimate at exact boundaries.
  while (xp_for(level + 1) <= xp)
    ++level;
  while (level > 0 && xp_for(level) > xp)
    --level;
  return level;
}

}  // namespace steward::handlers
