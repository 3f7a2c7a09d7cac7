#pragma once

#include <cstdint>

namespace steward::handlers {

/// The XP curve: level L needs base × L² XP in total (100, 400, 900 … for base 100), so each
/// level takes a little longer than the last.
struct level_curve {
  std::int64_t base = 100;

  /// The level reached with `xp` in total.
  std::int64_t level_for(std::int64_t xp) const;
  /// The total XP at which `level` starts.
  std::int64_t xp_for(std::int64_t level) const { return base * level * level; }
};

}  // namespace steward::handlers
