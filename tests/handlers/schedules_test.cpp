#include "handlers/schedules.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

// 2026-11-23 00:00:00 UTC, a Monday.
constexpr std::int64_t monday = 1795392000;

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() : community_(temp_.db()), runs_(temp_.db()) {
    community_.ensure_group({"telegram", "-1", "Makers", true}, "Asia/Shanghai", monday);
  }

  std::vector<std::string> texts(scheduler& s, std::int64_t now) {
    std::vector<std::string> out;
    for (const auto& a : s.due(now))
      out.push_back(std::get<core::send_message>(a.body).text);
    return out;
  }

  testing::temp_store temp_;
  storage::community_store community_;
  storage::schedule_store runs_;
};

TEST_F(SchedulerTest, PostsWhenDueInTheGroupsZoneAndNeverThePast) {
  // 09:00 Shanghai = 01:00 UTC.
  scheduler s({{"morning", "0 9 * * *", {}, {"-1"}, "Good morning {group}, {date}", true, false}},
              community_, runs_);
  EXPECT_TRUE(texts(s, monday + 2 * 3600).empty());  // first sight: counts from now
  EXPECT_TRUE(texts(s, monday + 86400).empty());     // 08:00 Shanghai on Tuesday
  EXPECT_EQ(texts(s, monday + 86400 + 3600 + 5),
            std::vector<std::string>{"Good morning Makers, 2026-11-24"});
  EXPECT_TRUE(texts(s, monday + 86400 + 3600 + 30).empty());  // once per run
}

TEST_F(SchedulerTest, MissedRunsAreSkippedOrCaughtUpOnce) {
  scheduler skip({{"s", "0 9 * * *", {}, {"-1"}, "skip", true, false}}, community_, runs_);
  scheduler catch_up({{"c", "0 9 * * *", {}, {"-1"}, "catch up", true, true}}, community_, runs_);
  EXPECT_TRUE(texts(skip, monday).empty());
  EXPECT_TRUE(texts(catch_up, monday).empty());
  // Down for three days; back at noon Shanghai on Thursday.
  const std::int64_t back = monday + 3 * 86400 + 4 * 3600;
  EXPECT_TRUE(texts(skip, back).empty());
  EXPECT_EQ(texts(catch_up, back), std::vector<std::string>{"catch up"});
  EXPECT_TRUE(texts(catch_up, back + 60).empty());
  EXPECT_EQ(runs_.last_run("s", 1), monday + 3 * 86400 + 3600);  // Thursday 09:00 Shanghai
}

TEST_F(SchedulerTest, OneOffPostsOnceAndDisabledNever) {
  scheduler s({{"launch", "", monday + 600, {}, "Launch!", true, false},
               {"off", "* * * * *", {}, {}, "never", false, false}},
              community_, runs_);
  EXPECT_TRUE(texts(s, monday).empty());
  EXPECT_TRUE(texts(s, monday + 599).empty());
  EXPECT_EQ(texts(s, monday + 601), std::vector<std::string>{"Launch!"});
  EXPECT_TRUE(texts(s, monday + 7200).empty());
}

TEST(ScheduleCheck, ExplainsBadEntries) {
  EXPECT_TRUE(check_schedule({"a", "", std::nullopt, {}, "x", true, false}));
  EXPECT_TRUE(check_schedule({"a", "0 9 * *", std::nullopt, {}, "x", true, false}));
  EXPECT_TRUE(check_schedule({"a", "0 9 * * *", 5, {}, "x", true, false}));
  EXPECT_TRUE(check_schedule({"a", "0 9 * * *", std::nullopt, {}, "{points}", true, false}));
  EXPECT_FALSE(check_schedule({"a", "0 9 * * *", std::nullopt, {}, "Hi {group}", true, false}));
}

}  // namespace
}  // namespace steward::handlers
