#include "bot/core/rate_limit.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace steward::core {
namespace {

TEST(SlidingWindow, BurstThenOnePerWindowSlot) {
  auto limit = rate_window(1.0, 3.0);  // 3 calls in any 3 s
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limit.wait_seconds(10.0), 0.0);
    limit.take(10.0);
  }
  EXPECT_NEAR(limit.wait_seconds(10.0), 3.0, 1e-9);
  EXPECT_NEAR(limit.wait_seconds(12.5), 0.5, 1e-9);
  EXPECT_EQ(limit.wait_seconds(13.0), 0.0);
}

TEST(SlidingWindow, TwentyPerMinuteNeverTwentyOne) {
  sliding_window limit(20, 60.0);
  for (int i = 0; i < 20; ++i)
    limit.take(0.0);
  // A token bucket would hand out a 21st call after 3 s; the window waits for the minute.
  EXPECT_NEAR(limit.wait_seconds(3.0), 57.0, 1e-9);
  EXPECT_EQ(limit.wait_seconds(60.0), 0.0);
}

// Greedy callers at random moments: every window of the limit's length holds at most `limit`
// calls, and a caller that always takes as soon as allowed reaches the full rate.
TEST(SlidingWindow, NoWindowEverHoldsMoreThanTheLimit) {
  sliding_window limit(20, 60.0);
  std::mt19937 random(7);
  std::uniform_real_distribution<double> gap(0.0, 4.0);
  std::vector<double> calls;
  double now = 0;
  while (now < 3600) {
    now += gap(random);
    const double wait = limit.wait_seconds(now);
    now += wait;
    EXPECT_EQ(limit.wait_seconds(now), 0.0);
    limit.take(now);
    calls.push_back(now);
  }
  for (std::size_t i = 20; i < calls.size(); ++i) {
    EXPECT_GE(calls[i] - calls[i - 20], 60.0 - 1e-9) << "call " << i;
  }
}

TEST(SlidingWindow, GreedyCallerReachesTheAllowedRate) {
  sliding_window limit(30, 1.0);
  double now = 0;
  int calls = 0;
  while (now < 100.0) {
    now += limit.wait_seconds(now);
    limit.take(now);
    ++calls;
  }
  EXPECT_GE(calls, 30 * 100);
  EXPECT_LE(calls, 30 * 101);
}

TEST(SlidingWindow, AtLeastOneCallPerWindow) {
  auto limit = rate_window(0.5, 0.0);  // burst below one still lets one call through
  EXPECT_EQ(limit.wait_seconds(0.0), 0.0);
  limit.take(0.0);
  EXPECT_NEAR(limit.wait_seconds(0.0), 2.0, 1e-9);
}

}  // namespace
}  // namespace steward::core

namespace steward::core {
namespace {

TEST(SlidingWindow, SteadyWindowSpacesCallsEvenly) {
  auto limit = steady_window(30.0);
  limit.take(0.0);
  EXPECT_NEAR(limit.wait_seconds(0.0), 1.0 / 30, 1e-9);
  double now = 0;
  for (int i = 1; i < 30; ++i) {
    now += limit.wait_seconds(now);
    limit.take(now);
  }
  // 30 calls spaced 1/30 s apart span 29/30 s: the 31st waits for the window, not the gap.
  EXPECT_NEAR(now + limit.wait_seconds(now), 1.0, 1e-9);
}

}  // namespace
}  // namespace steward::core
