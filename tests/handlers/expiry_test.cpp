#include "handlers/expiry.hpp"

#include <gtest/gtest.h>

#include "storage/community_store.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

constexpr std::int64_t day = 86400;

class ExpiryTest : public ::testing::Test {
 protected:
  ExpiryTest() : community_(temp_.db()), ledger_(temp_.db()) {
    const auto group = community_.ensure_group({"telegram", "-1", "G", true}, "UTC", 1);
    member_ = community_.ensure_member(group.id, {"7", "Ann", "", false, {}}, 1).id;
  }
  void entry(std::int64_t delta, std::int64_t at) {
    ledger_.append(
        {member_, delta, delta > 0 ? "checkin" : "redeem", "", "k" + std::to_string(++n_), at});
  }
  testing::temp_store temp_;
  storage::community_store community_;
  storage::ledger_store ledger_;
  std::int64_t member_ = 0;
  int n_ = 0;
};

TEST_F(ExpiryTest, OldestPointsExpireFirstAndSpendingUsesThemUp) {
  const std::int64_t now = 1000 * day;
  entry(30, now - 100 * day);  // old
  entry(20, now - 95 * day);   // old
  entry(10, now - 5 * day);    // fresh
  entry(-35, now - 4 * day);   // spent: takes the 30, then 5 of the 20
  points_expiry expiry(ledger_, 90);
  EXPECT_EQ(expiry.run(now), 1);
  EXPECT_EQ(ledger_.balance(member_), 10);  // the 15 old ones left are gone, the fresh 10 stay
  EXPECT_EQ(ledger_.balance(member_), ledger_.ledger_sum(member_));
  EXPECT_EQ(expiry.run(now), 0);        // idempotent
  EXPECT_EQ(expiry.run(now + day), 0);  // nothing new is old enough yet
  EXPECT_EQ(expiry.run(now + 86 * day), 1);
  EXPECT_EQ(ledger_.balance(member_), 0);
}

TEST_F(ExpiryTest, OffByDefault) {
  entry(30, 0);
  EXPECT_EQ(points_expiry(ledger_, 0).run(1000 * day), 0);
  EXPECT_EQ(ledger_.balance(member_), 30);
}

}  // namespace
}  // namespace steward::handlers
