#include "bot/core/rate_limit.hpp"

#include <gtest/gtest.h>

namespace steward::core {
namespace {

TEST(TokenBucket, BurstThenSteadyRate) {
  token_bucket bucket(1.0, 3.0);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(bucket.wait_seconds(10.0), 0.0);
    bucket.take(10.0);
  }
  EXPECT_NEAR(bucket.wait_seconds(10.0), 1.0, 1e-9);
  EXPECT_NEAR(bucket.wait_seconds(10.5), 0.5, 1e-9);
  EXPECT_EQ(bucket.wait_seconds(11.0), 0.0);
}

TEST(TokenBucket, TwentyPerMinute) {
  token_bucket bucket(20.0 / 60.0, 20.0);
  for (int i = 0; i < 20; ++i)
    bucket.take(0.0);
  EXPECT_NEAR(bucket.wait_seconds(0.0), 3.0, 1e-9);  // one token every 3 s
}

TEST(TokenBucket, NeverHoldsMoreThanTheBurst) {
  token_bucket bucket(1.0, 2.0);
  bucket.wait_seconds(0.0);
  bucket.take(1000.0);
  bucket.take(1000.0);
  EXPECT_GT(bucket.wait_seconds(1000.0), 0.0);
}

}  // namespace
}  // namespace steward::core
