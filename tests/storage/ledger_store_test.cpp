#include "storage/ledger_store.hpp"

#include <gtest/gtest.h>

#include <random>

#include "storage/community_store.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::storage {
namespace {

class LedgerStoreTest : public ::testing::Test {
 protected:
  LedgerStoreTest() : community_(temp_.db()), ledger_(temp_.db()) {
    const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", 1);
    member_ = community_.ensure_member(group.id, {"7", "Ann", "", false, {}}, 1).id;
  }
  testing::temp_store temp_;
  community_store community_;
  ledger_store ledger_;
  std::int64_t member_ = 0;
};

TEST_F(LedgerStoreTest, AppendReturnsTheNewBalance) {
  EXPECT_EQ(ledger_.append({member_, 10, "checkin", "e1", "k1", 1}), 10);
  EXPECT_EQ(ledger_.append({member_, -3, "redeem", "e2", "k2", 2}), 7);
  EXPECT_EQ(ledger_.balance(member_), 7);
}

TEST_F(LedgerStoreTest, AnIdempotencyKeyCountsOnce) {
  EXPECT_EQ(ledger_.append({member_, 10, "checkin", "e1", "same", 1}), 10);
  EXPECT_EQ(ledger_.append({member_, 10, "checkin", "e1", "same", 1}), std::nullopt);
  EXPECT_EQ(ledger_.balance(member_), 10);
}

TEST_F(LedgerStoreTest, BalanceEqualsTheSumOfTheLedgerAfterRandomChanges) {
  std::mt19937 random(42);
  std::uniform_int_distribution<int> delta(-50, 100);
  for (int i = 0; i < 500; ++i) {
    ledger_.append(
        {member_, delta(random), "random", "", "key" + std::to_string(random() % 400), i});
    ASSERT_EQ(ledger_.balance(member_), ledger_.ledger_sum(member_)) << "after entry " << i;
  }
}

TEST_F(LedgerStoreTest, RowsCannotBeChangedOrRemoved) {
  ledger_.append({member_, 10, "checkin", "e1", "k1", 1});
  EXPECT_ANY_THROW(temp_.db().execute("UPDATE ledger SET delta = 1000"));
  EXPECT_ANY_THROW(temp_.db().execute("DELETE FROM ledger"));
  EXPECT_EQ(ledger_.ledger_sum(member_), 10);
}

}  // namespace
}  // namespace steward::storage
