#include "bot/core/local_day.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <limits>

namespace steward::core {
namespace {

// 2026-11-22 00:00:00 in Asia/Shanghai (UTC+8) is 2026-11-21 16:00:00 UTC.
constexpr std::int64_t shanghai_midnight = 1795276800;

TEST(LocalDay, ShanghaiDayTurnsAtLocalMidnight) {
  const auto before = local_day_at(shanghai_midnight - 1, "Asia/Shanghai");
  const auto after = local_day_at(shanghai_midnight, "Asia/Shanghai");
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->iso, "2026-11-21");
  EXPECT_EQ(after->iso, "2026-11-22");
  EXPECT_EQ(after->day_number, before->day_number + 1);
  EXPECT_EQ(before->seconds_until_next_day, 1);
  EXPECT_EQ(after->seconds_until_next_day, 24 * 3600);
}

TEST(LocalDay, SameInstantIsADifferentDayInAnotherZone) {
  // 16:00 UTC: already the 22nd in Shanghai, still the 21st in New York and London.
  EXPECT_EQ(local_day_at(shanghai_midnight, "America/New_York")->iso, "2026-11-21");
  EXPECT_EQ(local_day_at(shanghai_midnight, "Europe/London")->iso, "2026-11-21");
  EXPECT_EQ(local_day_at(shanghai_midnight, "UTC")->iso, "2026-11-21");
}

TEST(LocalDay, NewYorkBoundaryAt2359And0000) {
  // 2026-03-07 23:59:59 EST (UTC-5) = 2026-03-08 04:59:59 UTC.
  const std::int64_t last_second = 1772945999;
  EXPECT_EQ(local_day_at(last_second, "America/New_York")->iso, "2026-03-07");
  EXPECT_EQ(local_day_at(last_second + 1, "America/New_York")->iso, "2026-03-08");
}

TEST(LocalDay, DaylightSavingDayHas23Hours) {
  // 2026-03-08 is the spring-forward day in New York: midnight to midnight is 23 hours.
  const std::int64_t day_start = 1772946000;  // 2026-03-08 00:00:00 EST
  const auto day = local_day_at(day_start, "America/New_York");
  ASSERT_TRUE(day);
  EXPECT_EQ(day->seconds_until_next_day, 23 * 3600);
  EXPECT_EQ(local_day_at(day_start + 23 * 3600, "America/New_York")->iso, "2026-03-09");
}

TEST(LocalDay, WeekAndMonthStarts) {
  const auto day = local_day_at(shanghai_midnight, "Asia/Shanghai");  // Sunday 2026-11-22
  const std::int64_t monday = week_start(day->day_number);
  EXPECT_EQ(day->day_number - monday, 6);
  EXPECT_EQ(week_start(monday), monday);
  EXPECT_EQ(local_day_at(*local_day_start(monday, "Asia/Shanghai"), "Asia/Shanghai")->iso,
            "2026-11-16");
  EXPECT_EQ(local_day_at(*local_day_start(month_start(day->day_number), "UTC"), "UTC")->iso,
            "2026-11-01");
  EXPECT_EQ(*local_day_start(day->day_number, "Asia/Shanghai"), shanghai_midnight);
}

TEST(LocalDay, UnknownZoneIsAnError) {
  const auto day = local_day_at(0, "Mars/Olympus_Mons");
  ASSERT_FALSE(day);
  EXPECT_EQ(day.failure().code, "unknown_time_zone");
  EXPECT_FALSE(is_known_time_zone("Mars/Olympus_Mons"));
  EXPECT_TRUE(is_known_time_zone("Asia/Shanghai"));
}

}  // namespace
}  // namespace steward::core

namespace steward::core {
namespace {

TEST(LocalTimeText, WallClockWithTheZonesOffset) {
  EXPECT_EQ(local_time_text(1'800'000'000, "Asia/Shanghai"), "2027-01-15 16:00 UTC+8");
  EXPECT_EQ(local_time_text(1'800'000'000, "UTC"), "2027-01-15 08:00 UTC");
  EXPECT_EQ(local_time_text(1'800'000'000, "Asia/Kolkata"), "2027-01-15 13:30 UTC+5:30");
  EXPECT_EQ(local_time_text(1'800'000'000, "America/New_York"), "2027-01-15 03:00 UTC-5");
  EXPECT_EQ(local_time_text(1'800'000'000, "Not/AZone"), "2027-01-15 08:00 UTC");
}

}  // namespace
}  // namespace steward::core

namespace steward::core {
namespace {

TEST(LocalDay, ExtremeTimesAreAnErrorNotAnOverflow) {
  EXPECT_FALSE(local_day_at(std::numeric_limits<std::int64_t>::max(), "Asia/Shanghai"));
  EXPECT_FALSE(local_day_at(std::numeric_limits<std::int64_t>::min(), "Asia/Shanghai"));
  EXPECT_TRUE(local_day_at(253'402'300'799, "UTC"));
}

// The day is written as date::format("%F") writes it, from the first year to the last, and
// before year 0 (which no message has) as that writes it too.
TEST(LocalDay, TheDayIsWrittenYearMonthDayInEveryYear) {
  const std::vector<std::pair<std::int64_t, std::string>> known = {
      {0, "1970-01-01"},
      {951'782'400, "2000-02-29"},
      {253'402'300'799, "9999-12-31"},
      {-62'135'596'800, "0001-01-01"},
      {-62'135'596'801, "0000-12-31"},
      {-62'167'219'200, "0000-01-01"},
  };
  for (const auto& [unix_s, iso] : known) {
    const auto day = local_day_at(unix_s, "UTC");
    ASSERT_TRUE(day) << unix_s;
    EXPECT_EQ(day->iso, iso) << unix_s;
  }
  // Every 97th day across the range, as the date library writes the day of that number.
  for (std::int64_t unix_s = -253'402'300'799; unix_s <= 253'402'300'799; unix_s += 97 * 86'400) {
    const auto day = local_day_at(unix_s, "Asia/Shanghai");
    ASSERT_TRUE(day) << unix_s;
    const date::sys_days same_day{date::days{day->day_number}};
    ASSERT_EQ(day->iso, date::format("%F", same_day)) << unix_s;
  }
}

}  // namespace
}  // namespace steward::core

namespace steward::core {
namespace {

// Found by fuzz_local_day: month_start of a huge day number overflowed inside the calendar
// arithmetic (undefined behaviour). Every day function now answers for any input.
TEST(LocalDay, ExtremeDayNumbersAreClampedOrRefused) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  const std::int64_t last_day = 253'402'300'799 / 86'400;  // 9999-12-31
  EXPECT_EQ(month_start(max), month_start(last_day));
  EXPECT_EQ(month_start(last_day), last_day - 30);  // 9999-12-01
  EXPECT_EQ(week_start(max), week_start(last_day));
  EXPECT_EQ(week_start(min), week_start(-last_day));
  EXPECT_LE(week_start(min), -last_day);
  EXPECT_FALSE(local_day_start(max, "UTC"));
  EXPECT_FALSE(local_day_start(min, "Asia/Shanghai"));
  EXPECT_TRUE(local_day_start(last_day, "UTC"));
  EXPECT_EQ(local_time_text(max, "UTC"), "Unix time 9223372036854775807 (out of range)");
  EXPECT_EQ(local_time_text(min, "Asia/Shanghai"), "Unix time -9223372036854775808 (out of range)");
}

TEST(LocalHour, ShanghaiHourAndDayTurnTogetherAtMidnight) {
  const auto before = local_hour_at(shanghai_midnight - 1, "Asia/Shanghai");
  const auto after = local_hour_at(shanghai_midnight, "Asia/Shanghai");
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->hour, 23);
  EXPECT_EQ(after->hour, 0);
  EXPECT_EQ(after->day_number, before->day_number + 1);
  EXPECT_EQ(after->day_number, local_day_at(shanghai_midnight, "Asia/Shanghai")->day_number);
}

TEST(LocalHour, NewYorkSkipsTwoOClockInSpringAndRepeatsOneInAutumn) {
  const std::int64_t spring_day_start = 1772946000;  // 2026-03-08 00:00 EST
  const auto last_standard = local_hour_at(spring_day_start + 2 * 3600 - 1, "America/New_York");
  const auto first_daylight = local_hour_at(spring_day_start + 2 * 3600, "America/New_York");
  EXPECT_EQ(last_standard->hour, 1);
  EXPECT_EQ(first_daylight->hour, 3);  // 02:00 does not exist that night
  // 2026-11-01 01:30 EDT (05:30 UTC) and, an hour later, 01:30 EST: the same local hour.
  const std::int64_t first_one_thirty = 1793511000;
  const auto daylight = local_hour_at(first_one_thirty, "America/New_York");
  const auto standard = local_hour_at(first_one_thirty + 3600, "America/New_York");
  EXPECT_EQ(daylight->hour, 1);
  EXPECT_EQ(*standard, *daylight);
}

TEST(LocalHour, WeekdaysStartOnMonday) {
  const auto monday = local_day_at(shanghai_midnight + 86400, "Asia/Shanghai");  // 2026-11-23
  EXPECT_EQ(weekday_of(monday->day_number), 0);
  EXPECT_EQ(weekday_of(monday->day_number + 6), 6);
  EXPECT_EQ(weekday_of(0), 3);  // 1970-01-01 was a Thursday
  EXPECT_FALSE(local_hour_at(0, "Mars/Olympus"));
}

}  // namespace
}  // namespace steward::core
