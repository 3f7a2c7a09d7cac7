#include "storage/welcome_store.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_store.hpp"

namespace steward::storage {
namespace {

TEST(WelcomeStore, OwedWelcomesComeDueTogetherAfterTheBurst) {
  testing::temp_store temp;
  welcome_store store(temp.db());
  EXPECT_TRUE(store.owe("telegram", "-1", "G", "7", "Ann", 100, 600));
  EXPECT_TRUE(store.owe("telegram", "-1", "G", "8", "Bo", 110, 600));
  EXPECT_TRUE(store.owe("telegram", "-2", "H", "7", "Ann", 125, 600));
  EXPECT_TRUE(store.due(129, 30).empty());  // the first join is 29 s old
  const auto due = store.due(130, 30);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].chat_id, "-1");
  ASSERT_EQ(due[0].members.size(), 2u);
  EXPECT_EQ(due[0].members[0].name, "Ann");
  EXPECT_EQ(due[0].members[1].user_id, "8");
  store.given("telegram", "-1");
  EXPECT_TRUE(store.due(150, 30).empty());
  EXPECT_EQ(store.due(155, 30).size(), 1u);  // chat -2 in its own time
}

TEST(WelcomeStore, AJoinReportedTwiceIsOwedOnce) {
  testing::temp_store temp;
  welcome_store store(temp.db());
  EXPECT_TRUE(store.owe("telegram", "-1", "G", "7", "Ann", 100, 600));
  EXPECT_FALSE(store.owe("telegram", "-1", "G", "7", "Ann", 200, 600));  // pending still
  store.given("telegram", "-1");
  EXPECT_FALSE(store.owe("telegram", "-1", "G", "7", "Ann", 300, 600));  // welcomed recently
  EXPECT_TRUE(store.owe("telegram", "-1", "G", "7", "Ann", 800, 600));   // came back later
  store.prune(1000);
  EXPECT_EQ(store.due(1000, 30).size(), 1u);  // owed welcomes are never pruned
}

TEST(WelcomeStore, LastWelcomeIsRememberedAndForgotten) {
  testing::temp_store temp;
  welcome_store store(temp.db());
  EXPECT_FALSE(store.last_welcome("telegram", "-1"));
  store.set_last_welcome("telegram", "-1", "55");
  EXPECT_EQ(store.last_welcome("telegram", "-1"), "55");
  store.set_last_welcome("telegram", "-1", "");
  EXPECT_FALSE(store.last_welcome("telegram", "-1"));
}

}  // namespace
}  // namespace steward::storage
