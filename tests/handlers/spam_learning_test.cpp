#include "handlers/spam_learning.hpp"

#include <gtest/gtest.h>

#include "storage/sample_store.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

storage::spam_sample spam(const std::string& text) {
  return {0, "", text, true, "api", "api:ops", 1000};
}

// Two instances sharing a database, each with its own classifier over the same samples.
class SpamLearningTest : public ::testing::Test {
 protected:
  testing::temp_store temp_;
  storage::sample_store store_{temp_.db()};
  spam_learning here_{store_, 0.9};
  spam_learning there_{store_, 0.9};
};

TEST_F(SpamLearningTest, ATaughtOrForgottenSampleIsReportedOnce) {
  EXPECT_FALSE(here_.take_changed());
  const auto id = here_.teach(spam("加我微信 领取免费福利"));
  ASSERT_TRUE(id);
  EXPECT_TRUE(here_.take_changed());
  EXPECT_FALSE(here_.take_changed()) << "reported once";
  EXPECT_FALSE(here_.teach(spam("加我微信 领取免费福利"))) << "already a spam sample";
  EXPECT_FALSE(here_.take_changed()) << "nothing new was learned";
  EXPECT_TRUE(here_.forget(*id));
  EXPECT_TRUE(here_.take_changed());
}

TEST_F(SpamLearningTest, ReloadLearnsWhatAnotherInstanceTaughtAndForgot) {
  here_.load();
  there_.load();
  const auto first = here_.teach(spam("加我微信 领取免费福利"));
  here_.teach(spam("稳赚不赔 私聊我"));
  EXPECT_EQ(there_.quality().spam, 0);
  there_.reload();
  EXPECT_EQ(there_.quality().spam, 2);
  here_.forget(*first);
  there_.reload();
  EXPECT_EQ(there_.quality().spam, 1) << "forgotten there too, and nothing counted twice";
}

}  // namespace
}  // namespace steward::handlers
