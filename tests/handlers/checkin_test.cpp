#include "handlers/checkin.hpp"

#include <gtest/gtest.h>

#include "storage/community_store.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

TEST(DecideCheckin, StreaksAndBonuses) {
  const checkin_settings s{10, 2, 6, 60};
  struct case_t {
    std::optional<storage::checkin_row> latest;
    std::int64_t today;
    checkin_award expected;
  };
  const std::vector<case_t> cases = {
      {std::nullopt, 100, {false, 1, 10}},
      {storage::checkin_row{99, "", 1, 10}, 100, {false, 2, 12}},
      {storage::checkin_row{99, "", 3, 14}, 100, {false, 4, 16}},
      {storage::checkin_row{99, "", 9, 16}, 100, {false, 10, 16}},  // bonus capped at 6
      {storage::checkin_row{98, "", 9, 16}, 100, {false, 1, 10}},   // a missed day resets
      {storage::checkin_row{100, "", 4, 16}, 100, {true, 4, 0}},    // already today
  };
  for (const auto& c : cases) {
    const auto got = decide_checkin(c.latest, c.today, s);
    EXPECT_EQ(got.already_checked_in, c.expected.already_checked_in);
    EXPECT_EQ(got.streak, c.expected.streak);
    EXPECT_EQ(got.points, c.expected.points);
  }
}

// 2026-11-22 00:00:00 Asia/Shanghai.
constexpr std::int64_t shanghai_midnight = 1795276800;

class CheckinHandlerTest : public ::testing::Test {
 protected:
  CheckinHandlerTest()
      : community_(temp_.db()),
        checkins_(temp_.db()),
        ledger_(temp_.db()),
        activity_(temp_.db()),
        earned_(ledger_, activity_, 0),
        badge_store_(temp_.db()),
        badges_(badge_store_, book_, {}),
        handler_(checkins_, earned_, badges_, book_, {10, 2, 20, 60}) {}

  /// Runs "/checkin" (or 签到) sent at `at` in a group with `zone`; returns the reply text.
  std::string checkin(std::int64_t at, const std::string& zone = "Asia/Shanghai",
                      core::language lang = core::language::en, const std::string& name = "Ann") {
    const auto group = community_.ensure_group({"telegram", "-1" + zone, "G", true}, zone, at);
    const auto member = community_.ensure_member(group.id, {"7", name, "", false, {}}, at);
    core::chat_event event;
    event.platform = "telegram";
    event.event_id = "u" + std::to_string(++events_);
    event.chat = {"telegram", group.chat_id, "G", true};
    event.message_id = "42";
    event.author = {"7", name, "", false, {}};
    event.timestamp = at;
    const std::optional<core::command_match> command{core::command_match{"checkin", "", lang}};
    const auto today = core::local_day_at(at, zone);
    const auto result = handler_.handle({event, group, member, command, at, at, *today});
    EXPECT_TRUE(result.consumed);
    if (result.actions.empty()) return "";
    return std::get<core::reply_message>(result.actions.at(0).body).text;
  }

  std::int64_t balance() { return temp_.db().query_int("SELECT SUM(points) FROM members"); }

  testing::temp_store temp_;
  storage::community_store community_;
  storage::checkin_store checkins_;
  storage::ledger_store ledger_;
  storage::activity_store activity_;
  earnings earned_;
  storage::badge_store badge_store_;
  template_book book_{{}};
  badge_rules badges_;
  checkin_handler handler_;
  int events_ = 0;
};

TEST_F(CheckinHandlerTest, OncePerLocalDayWithAFriendlyRepeat) {
  const std::int64_t noon = shanghai_midnight + 12 * 3600;
  EXPECT_EQ(checkin(noon), "✅ Ann checked in: +10 points, 1-day streak. Balance: 10 points.");
  EXPECT_EQ(checkin(noon + 5),
            "Ann, you have already checked in today (1-day streak). Next check-in opens in "
            "12h 0m.");
  EXPECT_EQ(checkin(noon + 10), "");  // within the notice cooldown: no second notice
  EXPECT_EQ(balance(), 10);
  EXPECT_NE(checkin(noon + 100), "");  // after the cooldown a repeat is answered again
  EXPECT_EQ(balance(), 10);
}

TEST_F(CheckinHandlerTest, LastSecondAndFirstSecondOfTheLocalDayAreDifferentDays) {
  EXPECT_NE(checkin(shanghai_midnight - 1).find("1-day streak"), std::string::npos);
  EXPECT_NE(checkin(shanghai_midnight).find("+12 points, 2-day streak"), std::string::npos);
  EXPECT_EQ(balance(), 22);
}

TEST_F(CheckinHandlerTest, TheGroupsTimeZoneDecidesTheDay) {
  // 08:00 and 20:00 UTC on 2026-11-21: one New York day, but two Shanghai days.
  const std::int64_t morning = shanghai_midnight - 8 * 3600;
  const std::int64_t evening = morning + 12 * 3600;
  checkin(morning, "America/New_York");
  EXPECT_NE(checkin(evening, "America/New_York").find("already"), std::string::npos);
  checkin(morning, "Asia/Shanghai");
  EXPECT_NE(checkin(evening, "Asia/Shanghai").find("2-day streak"), std::string::npos);
}

TEST_F(CheckinHandlerTest, AMissedDayStartsANewStreak) {
  checkin(shanghai_midnight + 3600);
  checkin(shanghai_midnight + 86400 + 3600);
  EXPECT_NE(checkin(shanghai_midnight + 3 * 86400 + 3600).find("+10 points, 1-day streak"),
            std::string::npos);
}

TEST_F(CheckinHandlerTest, ChineseRepliesForChineseAliases) {
  EXPECT_EQ(checkin(shanghai_midnight + 60, "Asia/Shanghai", core::language::zh),
            "✅ Ann 签到成功！+10 积分，已连续签到 1 天，当前积分 10。");
  EXPECT_NE(checkin(shanghai_midnight + 120, "Asia/Shanghai", core::language::zh)
                .find("今天已经签到过啦"),
            std::string::npos);
}

TEST_F(CheckinHandlerTest, OperatorTemplatesShapeTheReplyAndNamesStayPlainText) {
  book_.set_stored(template_book::language_scope("en"), "checkin",
                   "<b>{name}</b> +{points} ({streak} days, {balance} in all) {mention}");
  EXPECT_EQ(
      checkin(shanghai_midnight + 60, "Asia/Shanghai", core::language::en, "<i>{points}</i> & co"),
      "<b>&lt;i&gt;{points}&lt;/i&gt; &amp; co</b> +10 (1 days, 10 in all) "
      "<a href=\"tg://user?id=7\">&lt;i&gt;{points}&lt;/i&gt; &amp; co</a>");
}

}  // namespace
}  // namespace steward::handlers
