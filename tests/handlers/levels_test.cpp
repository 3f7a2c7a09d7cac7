#include "handlers/levels.hpp"

#include <gtest/gtest.h>

namespace steward::handlers {
namespace {

TEST(LevelCurve, LevelsStartAtBaseTimesLevelSquared) {
  const level_curve curve{100};
  const std::vector<std::pair<std::int64_t, std::int64_t>> cases = {
      {0, 0}, {99, 0}, {100, 1}, {399, 1}, {400, 2}, {899, 2}, {900, 3}, {1000000, 100}};
  for (const auto& [xp, level] : cases)
    EXPECT_EQ(curve.level_for(xp), level) << xp;
  EXPECT_EQ(curve.xp_for(3), 900);
}

}  // namespace
}  // namespace steward::handlers
