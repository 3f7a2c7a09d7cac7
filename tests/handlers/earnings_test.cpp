#include "handlers/earnings.hpp"

#include <gtest/gtest.h>

#include "storage/community_store.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

class EarningsTest : public ::testing::Test {
 protected:
  EarningsTest() : community_(temp_.db()), ledger_(temp_.db()), activity_(temp_.db()) {
    const auto group = community_.ensure_group({"telegram", "-1", "G", true}, "UTC", 1);
    member_ = community_.ensure_member(group.id, {"7", "Ann", "", false, {}}, 1).id;
  }
  testing::temp_store temp_;
  storage::community_store community_;
  storage::ledger_store ledger_;
  storage::activity_store activity_;
  std::int64_t member_ = 0;
};

TEST_F(EarningsTest, TheDailyCapLimitsEachLocalDay) {
  earnings points(ledger_, activity_, 25);
  EXPECT_EQ(points.earn(member_, 10, "checkin", "e1", "k1", 100, 1).awarded, 10);
  EXPECT_EQ(points.earn(member_, 10, "activity", "e2", "k2", 100, 2).awarded, 10);
  const auto capped = points.earn(member_, 10, "activity", "e3", "k3", 100, 3);
  EXPECT_EQ(capped.awarded, 5);
  EXPECT_EQ(capped.balance, 25);
  EXPECT_EQ(points.earn(member_, 10, "activity", "e4", "k4", 100, 4).awarded, 0);
  EXPECT_EQ(points.earn(member_, 10, "activity", "e5", "k5", 101, 5).awarded, 10);  // a new day
  EXPECT_EQ(ledger_.balance(member_), ledger_.ledger_sum(member_));
}

TEST_F(EarningsTest, NoCapAndAReusedKey) {
  earnings points(ledger_, activity_, 0);
  EXPECT_EQ(points.earn(member_, 500, "invite", "e1", "same", 100, 1).awarded, 500);
  EXPECT_EQ(points.earn(member_, 500, "invite", "e1", "same", 100, 1).awarded, 0);
  EXPECT_EQ(ledger_.balance(member_), 500);
}

}  // namespace
}  // namespace steward::handlers
