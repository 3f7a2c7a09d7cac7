#include "handlers/community_stats.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include "bot/core/local_day.hpp"
#include "handlers/pulse.hpp"
#include "storage/transaction.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

std::optional<double> value_of(const std::vector<kpi>& kpis, const std::string& name) {
  for (const auto& k : kpis) {
    if (k.name == name) return k.value;
  }
  ADD_FAILURE() << "no KPI " << name;
  return std::nullopt;
}

// A small community worked out by hand: 40 members at the start, 10 join and 6 leave in a
// week (44 at the end); 22 different members wrote, 63 first-messages-of-the-day in 7 days;
// 35 check-ins; 11 of 44 redeemed something.
period_facts week_by_hand() {
  period_facts f;
  f.from_day = 20'000;
  f.to_day = 20'006;
  f.members_start = 40;
  f.members_end = 44;
  f.totals.joins = 10;
  f.totals.left = 4;
  f.totals.kicked = 1;
  f.totals.banned = 1;
  f.totals.day_speakers = 63;
  f.totals.checkins = 35;
  f.active_members = 22;
  f.converted = 11;
  f.retention_d1 = storage::cohort{10, 9};
  f.retention_d7 = storage::cohort{8, 6};
  f.retention_d30 = storage::cohort{0, 0};
  f.reactivation = storage::cohort{8, 2};  // eight warned and decided, two came back
  return f;
}

TEST(Kpis, FormulasOnASmallCommunityWorkedOutByHand) {
  const auto kpis = compute_kpis(week_by_hand(), {});
  EXPECT_DOUBLE_EQ(*value_of(kpis, "active_rate"), 22.0 / 44);
  EXPECT_DOUBLE_EQ(*value_of(kpis, "speaking_rate"), 9.0 / 44);  // 63 / 7 days = 9 a day
  EXPECT_DOUBLE_EQ(*value_of(kpis, "join_rate"), 10.0 / 40);
  EXPECT_DOUBLE_EQ(*value_of(kpis, "exit_rate"), 6.0 / 40);  // left, kicked and banned
  EXPECT_DOUBLE_EQ(*value_of(kpis, "checkin_rate"), 5.0 / 44);
  EXPECT_DOUBLE_EQ(*value_of(kpis, "retention_d1"), 0.9);
  EXPECT_DOUBLE_EQ(*value_of(kpis, "retention_d7"), 0.75);
  EXPECT_FALSE(value_of(kpis, "retention_d30"));  // nobody joined 30 days ago yet: no share
  EXPECT_DOUBLE_EQ(*value_of(kpis, "conversion"), 0.25);
  EXPECT_DOUBLE_EQ(*value_of(kpis, "reactivation_rate"), 0.25);
}

TEST(Kpis, NoMembersMeansNoRateRatherThanZero) {
  period_facts empty;
  for (const auto& k : compute_kpis(empty, {})) {
    EXPECT_FALSE(k.value) << k.name;
  }
}

TEST(Kpis, TargetsAndProgressWhereLowerExitIsBetter) {
  stats_settings settings;
  settings.targets["exit_rate"] = 0.05;
  const auto kpis = compute_kpis(week_by_hand(), settings);
  for (const auto& k : kpis) {
    if (k.name == "active_rate") {
      EXPECT_DOUBLE_EQ(*k.target, 0.30);  // the playbook's default
      EXPECT_DOUBLE_EQ(*k.progress(), 0.5 / 0.30);
    } else if (k.name == "exit_rate") {
      EXPECT_DOUBLE_EQ(*k.progress(), 0.05 / 0.15);  // three times the target: a third there
    } else if (k.name == "join_rate") {
      EXPECT_FALSE(k.target);
      EXPECT_FALSE(k.progress());
    }
  }
}

class CommunityStatsTest : public ::testing::Test {
 protected:
  CommunityStatsTest() : analytics_(temp_.db()), stats_(analytics_, {}) {
    temp_.db().execute(
        "INSERT INTO groups (id, platform, chat_id, title, time_zone, created_at) "
        "VALUES (1, 'telegram', '-100', 'G', 'America/New_York', 0)");
    group_ = {1, "telegram", "-100", "G", "America/New_York", {}};
  }

  void add(std::int64_t day, int hour, storage::hour_counts counts) {
    storage::write_transaction tx(temp_.db());
    analytics_.add(1, {day, hour}, counts);
    analytics_.flush();
    tx.commit();
  }

  void add_members(int n) {
    storage::write_transaction tx(temp_.db());
    for (int i = 0; i < n; ++i) {
      temp_.db().execute("INSERT INTO members (group_id, user_id, first_seen) VALUES (1, 'u" +
                         std::to_string(i) + "', 0)");
    }
    tx.commit();
  }

  testing::temp_store temp_;
  storage::analytics_store analytics_;
  community_stats stats_;
  storage::group_row group_;
};

TEST_F(CommunityStatsTest, MembersAtEachDayAreTodaysLessLaterChanges) {
  const std::int64_t monday = core::week_start(20'400);
  add_members(5);  // five members now
  add(monday, 9, {.joins = 3, .member_change = 3});
  add(monday + 2, 23, {.left = 1, .member_change = -1});
  add(monday + 8, 0, {.joins = 1, .member_change = 1});
  const auto days = stats_.series(group_, monday, monday + 8, "day");
  ASSERT_EQ(days.size(), 9u);
  EXPECT_EQ(days[0].members_start, 2);  // 5 now − (3 − 1 + 1)
  EXPECT_EQ(days[0].members_end, 5);
  EXPECT_EQ(days[2].members_end, 4);
  EXPECT_EQ(days[7].members_end, 4);
  EXPECT_EQ(days[8].members_end, 5);
  const auto weeks = stats_.series(group_, monday + 1, monday + 8, "week");
  ASSERT_EQ(weeks.size(), 2u);  // cut at Monday
  EXPECT_EQ(weeks[0].from_day, monday + 1);
  EXPECT_EQ(weeks[0].to_day, monday + 6);
  EXPECT_EQ(weeks[0].totals.leaves(), 1);
  EXPECT_EQ(weeks[0].members_start, 5);
  EXPECT_EQ(weeks[1].totals.joins, 1);
}

TEST_F(CommunityStatsTest, GatheredCountsAreOneRowPerHourAndUndoneWithTheirUpdate) {
  storage::write_transaction tx(temp_.db());
  analytics_.add(1, {100, 9}, {.messages = 1});
  analytics_.add(1, {100, 9}, {.messages = 1, .speakers = 1});
  const auto mark = analytics_.mark();
  analytics_.add(1, {100, 9}, {.messages = 5});  // an update rolled back afterwards
  analytics_.add_keyed(1, {100, 9}, "moderation", "ads/delete");
  analytics_.undo_to(mark);
  analytics_.add_keyed(1, {100, 10}, "moderation", "ads/delete");
  analytics_.flush();
  tx.commit();
  EXPECT_EQ(temp_.db().query_int("SELECT COUNT(*) FROM group_hours"), 1);
  const auto days = analytics_.days(1, 100, 100);
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].counts.messages, 2);
  EXPECT_EQ(days[0].counts.speakers, 1);
  const auto moderation = analytics_.keyed(1, "moderation", 100, 100);
  ASSERT_EQ(moderation.size(), 1u);
  EXPECT_EQ(moderation[0].second, 1);
}

TEST_F(CommunityStatsTest, ActiveMembersAreDistinctAcrossDays) {
  add_members(2);
  storage::write_transaction tx(temp_.db());
  EXPECT_TRUE(analytics_.mark_active(1, 100, 1));
  EXPECT_FALSE(analytics_.mark_active(1, 100, 1));  // once a day
  EXPECT_TRUE(analytics_.mark_active(1, 101, 1));
  EXPECT_TRUE(analytics_.mark_active(1, 101, 2));
  tx.commit();
  EXPECT_EQ(analytics_.distinct_active(1, 100, 101), 2);
  EXPECT_EQ(analytics_.distinct_active(1, 100, 100), 1);
}

TEST_F(CommunityStatsTest, AperiodToTodayCountsByLastMessageLikeTheDailyRows) {
  // Three members: one wrote today and three days ago, one five days ago, one ten days ago.
  const std::int64_t now = 1'795'276'800 + 12 * 3600;  // 2026-11-22 07:00 in New York
  const std::int64_t today = core::local_day_at(now, "America/New_York")->day_number;
  add_members(3);
  storage::write_transaction tx(temp_.db());
  for (const auto& [member, days_ago] :
       std::vector<std::pair<int, int>>{{1, 0}, {1, 3}, {2, 5}, {3, 10}}) {
    analytics_.mark_active(1, today - days_ago, member);
  }
  temp_.db().execute("UPDATE members SET last_active = " + std::to_string(now - 60) +
                     " WHERE id = 1");
  temp_.db().execute("UPDATE members SET last_active = " + std::to_string(now - 5 * 86400) +
                     " WHERE id = 2");
  temp_.db().execute("UPDATE members SET last_active = " + std::to_string(now - 10 * 86400) +
                     " WHERE id = 3");
  tx.commit();
  for (const int days : {1, 4, 7, 30}) {
    EXPECT_EQ(stats_.distinct_active(group_, today - days + 1, today, now),
              stats_.distinct_active(group_, today - days + 1, today))
        << days << " days";
  }
  EXPECT_EQ(stats_.distinct_active(group_, today - 6, today, now), 2);
}

TEST_F(CommunityStatsTest, PointsFlowFromTheLedgerIntoTheMembersGroupAndHour) {
  add_members(2);
  community_pulse pulse(analytics_);
  const std::int64_t at = 1'795'276'800;  // 2026-11-21 11:00 in New York
  storage::write_transaction tx(temp_.db());
  for (const storage::ledger_entry& e : std::vector<storage::ledger_entry>{
           {1, 10, "checkin", "", "k1", at},
           {1, -30, "redeem", "", "k2", at},
           {1, 30, "refund", "", "k3", at},  // spending undone
           {1, -5, "redeem", "", "k4", at},
           {2, 99, "group_merge", "", "k5", at},  // moved, not earned
           {1, 50, "invite", "", "invite:2:inviter", at},
           {2, 20, "invite", "", "invite:2:invitee", at},
           {2, -7, "deduct", "", "k6", at}}) {
    pulse.points_changed(e);
  }
  analytics_.flush();
  tx.commit();
  const auto day = core::local_day_at(at, "America/New_York")->day_number;
  const auto days = analytics_.days(1, day, day);
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].counts.earned, 80);
  EXPECT_EQ(days[0].counts.spent, 5);
  EXPECT_EQ(days[0].counts.invites, 1);
  EXPECT_EQ(temp_.db().query_int("SELECT hour FROM group_hours"), 11);
}

TEST_F(CommunityStatsTest, ReactivationCountsReturnsInTheWindowAndLeavesOpenWindowsOut) {
  add_members(4);
  const std::int64_t day = 86400;
  const std::int64_t t0 = 1'795'000'000;
  // member, warned at, returned at (0: not yet)
  for (const auto& [member, warned, returned] :
       std::vector<std::tuple<int, std::int64_t, std::int64_t>>{
           {1, t0, t0 + 2 * day},    // came back in time
           {2, t0, t0 + 9 * day},    // came back, but after the 7-day window
           {3, t0, 0},               // window closed, never came back
           {4, t0 + 6 * day, 0}}) {  // window still open: undecided
    temp_.db().execute(
        "INSERT INTO churn_warnings (member_id, group_id, level_days, idle_since, warned_at, "
        "actions, returned_at) VALUES (" +
        std::to_string(member) + ", 1, 3, 0, " + std::to_string(warned) + ", 'digest', " +
        (returned ? std::to_string(returned) : std::string("NULL")) + ")");
  }
  const auto c = analytics_.reactivation(1, t0, t0 + 7 * day, 7 * day, t0 + 10 * day);
  EXPECT_EQ(c.joined, 3);
  EXPECT_EQ(c.retained, 1);
}

}  // namespace
}  // namespace steward::handlers
