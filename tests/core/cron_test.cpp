#include "bot/core/cron.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

namespace steward::core {
namespace {

std::int64_t utc(int y, int mo, int d, int h, int mi) {
  const date::sys_days day = date::year{y} / mo / d;
  return (date::sys_seconds{day} + std::chrono::hours(h) + std::chrono::minutes(mi))
      .time_since_epoch()
      .count();
}

cron_expression parse(const char* text) {
  std::string error;
  auto c = cron_expression::parse(text, error);
  EXPECT_TRUE(c.has_value()) << text << ": " << error;
  return *c;
}

TEST(Cron, RejectsBadExpressionsNamingTheField) {
  std::string error;
  EXPECT_FALSE(cron_expression::parse("0 9 * *", error));
  EXPECT_NE(error.find("needs 5 fields"), std::string::npos);
  EXPECT_FALSE(cron_expression::parse("61 9 * * *", error));
  EXPECT_NE(error.find("minute"), std::string::npos);
  EXPECT_FALSE(cron_expression::parse("0 9 * * mon", error));
  EXPECT_NE(error.find("day of week"), std::string::npos);
  EXPECT_FALSE(cron_expression::parse("*/0 * * * *", error));
}

TEST(Cron, WeekdayMorningsInShanghai) {
  const auto c = parse("0 9 * * 1-5");
  // Friday 2026-11-20 10:00 Shanghai (02:00 UTC) → Monday 2026-11-23 09:00 Shanghai.
  EXPECT_EQ(c.next_after(utc(2026, 11, 20, 2, 0), "Asia/Shanghai"), utc(2026, 11, 23, 1, 0));
  EXPECT_EQ(c.next_after(utc(2026, 11, 23, 0, 59), "Asia/Shanghai"), utc(2026, 11, 23, 1, 0));
  EXPECT_EQ(c.next_after(utc(2026, 11, 23, 1, 0), "Asia/Shanghai"), utc(2026, 11, 24, 1, 0));
}

TEST(Cron, StepsListsAndEitherDayField) {
  EXPECT_EQ(parse("*/15 * * * *").next_after(utc(2026, 1, 1, 0, 7), "UTC"), utc(2026, 1, 1, 0, 15));
  EXPECT_EQ(parse("0 0 1,15 * *").next_after(utc(2026, 1, 2, 0, 0), "UTC"), utc(2026, 1, 15, 0, 0));
  // Day 13 or any Friday: 2026-02-06 is a Friday before the 13th.
  EXPECT_EQ(parse("0 12 13 * 5").next_after(utc(2026, 2, 1, 0, 0), "UTC"), utc(2026, 2, 6, 12, 0));
  EXPECT_EQ(parse("0 0 * * 7").next_after(utc(2026, 1, 1, 0, 0), "UTC"), utc(2026, 1, 4, 0, 0));
}

TEST(Cron, NewYorkAcrossTheDaylightSavingSwitches) {
  const auto nine = parse("0 9 * * *");
  // 9:00 EST is 14:00 UTC; from Sunday 2026-03-08 on, 9:00 EDT is 13:00 UTC.
  EXPECT_EQ(nine.next_after(utc(2026, 3, 7, 12, 0), "America/New_York"), utc(2026, 3, 7, 14, 0));
  EXPECT_EQ(nine.next_after(utc(2026, 3, 7, 15, 0), "America/New_York"), utc(2026, 3, 8, 13, 0));
  // 02:30 does not exist on 2026-03-08 (clocks jump 02:00 → 03:00): it runs at the switch.
  const auto half_two = parse("30 2 * * *");
  EXPECT_EQ(half_two.next_after(utc(2026, 3, 8, 5, 0), "America/New_York"), utc(2026, 3, 8, 7, 0));
  EXPECT_EQ(half_two.next_after(utc(2026, 3, 8, 7, 0), "America/New_York"), utc(2026, 3, 9, 6, 30));
  // 01:30 happens twice on 2026-11-01 (02:00 EDT → 01:00 EST): it runs once, the first time.
  const auto half_one = parse("30 1 * * *");
  EXPECT_EQ(half_one.next_after(utc(2026, 11, 1, 4, 0), "America/New_York"),
            utc(2026, 11, 1, 5, 30));
  EXPECT_EQ(half_one.next_after(utc(2026, 11, 1, 5, 30), "America/New_York"),
            utc(2026, 11, 2, 6, 30));
}

}  // namespace
}  // namespace steward::core
