#include <date/date.h>
#include <gtest/gtest.h>

#include "bot/core/local_day.hpp"
#include "bot/platforms/telegram/telegram_adapter.hpp"
#include "handlers/churn.hpp"
#include "handlers/community_stats.hpp"
#include "handlers/daily_care.hpp"
#include "handlers/review.hpp"
#include "handlers/template_book.hpp"
#include "handlers/tiers.hpp"
#include "storage/transaction.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

constexpr std::int64_t day_s = 86400;
constexpr std::int64_t now = 1'795'276'800;  // 2026-11-22 00:00 in Shanghai

std::vector<std::string> names(const std::vector<tier>& tiers) {
  std::vector<std::string> out;
  for (const auto t : tiers)
    out.emplace_back(to_string(t));
  return out;
}

TEST(Tiers, TopFifteenAndNextThirtyFivePercentRoundedUp) {
  std::vector<double> scores;
  for (int i = 20; i >= 1; --i)
    scores.push_back(i);
  const auto tiers = names(assign_tiers(scores, {}));
  EXPECT_EQ(std::count(tiers.begin(), tiers.end(), "core"), 3);  // ceil(0.15 × 20)
  EXPECT_EQ(std::count(tiers.begin(), tiers.end(), "potential"), 7);
  EXPECT_EQ(std::count(tiers.begin(), tiers.end(), "base"), 10);
  EXPECT_EQ(tiers[0], "core");
  EXPECT_EQ(tiers[3], "potential");
  EXPECT_EQ(tiers[10], "base");
}

TEST(Tiers, TiesShareTheTierOfTheFirstAndNoActivityIsBase) {
  // Ten members: the cut for core is 2 (ceil 1.5), for potential 5.
  const auto tiers = names(assign_tiers({8, 9, 8, 8, 3, 2, 1, 0, 0, 0}, {}));
  EXPECT_EQ(tiers, (std::vector<std::string>{"core", "core", "core", "core", "potential", "base",
                                             "base", "base", "base", "base"}));
  EXPECT_EQ(names(assign_tiers({0, 0}, {})), (std::vector<std::string>{"base", "base"}));
  EXPECT_EQ(names(assign_tiers({1}, {})), (std::vector<std::string>{"core"}));
  EXPECT_TRUE(assign_tiers({}, {}).empty());
}

TEST(Tiers, TheScoreWeighsWhatMembersDid) {
  const tier_settings s;  // 3 per active day, 0.1 per message, 2 per check-in, 5 per invite
  EXPECT_DOUBLE_EQ(activity_score({1, 4, 30, 2, 1}, s), 12 + 3 + 4 + 5);
}

class CareTest : public ::testing::Test {
 protected:
  CareTest() : care_(temp_.db()) {
    temp_.db().execute(
        "INSERT INTO groups (id, platform, chat_id, title, time_zone, created_at) "
        "VALUES (1, 'telegram', '-100', 'Makers', 'Asia/Shanghai', 0)");
    group_ = {1, "telegram", "-100", "Makers", "Asia/Shanghai", {}};
    today_ = core::local_day_at(now, "Asia/Shanghai")->day_number;
  }

  /// A member who joined `joined_days_ago` and last wrote `quiet_days` ago (-1: never).
  std::int64_t member(const std::string& name, int joined_days_ago, int quiet_days,
                      bool hidden = false, bool bot = false) {
    temp_.db().execute(
        "INSERT INTO members (group_id, user_id, display_name, first_seen, joined_at, "
        "last_active, hidden, is_bot) VALUES (1, '" +
        std::to_string(++users_) + "', '" + name + "', " +
        std::to_string(now - joined_days_ago * day_s) + ", " +
        std::to_string(now - joined_days_ago * day_s) + ", " +
        (quiet_days < 0 ? "NULL" : std::to_string(now - quiet_days * day_s)) + ", " +
        (hidden ? "1" : "0") + ", " + (bot ? "1" : "0") + ")");
    return temp_.db().query_int("SELECT MAX(id) FROM members");
  }

  void messages(std::int64_t member_id, int days_ago, int count) {
    temp_.db().execute("INSERT INTO member_days (member_id, local_day, messages) VALUES (" +
                       std::to_string(member_id) + ", " + std::to_string(today_ - days_ago) + ", " +
                       std::to_string(count) + ")");
  }

  testing::temp_store temp_;
  storage::care_store care_;
  template_book book_{template_settings{"en"}};
  storage::group_row group_;
  std::int64_t today_ = 0;
  int users_ = 0;
};

std::int64_t day_of(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count();
}

TEST(Reviews, CoverTheLastCompleteWeekFromMondayOrMonth) {
  const auto monday = day_of(2026, 11, 30);
  auto week = last_complete("week", monday);
  EXPECT_EQ(week.from_day, day_of(2026, 11, 23));
  EXPECT_EQ(week.to_day, day_of(2026, 11, 29));
  week = last_complete("week", monday - 1);  // on Sunday the week is not over yet
  EXPECT_EQ(week.from_day, day_of(2026, 11, 16));
  EXPECT_EQ(previous_of(week).from_day, day_of(2026, 11, 9));
  auto month = last_complete("month", day_of(2024, 3, 5));
  EXPECT_EQ(month.from_day, day_of(2024, 2, 1));
  EXPECT_EQ(month.to_day, day_of(2024, 2, 29));  // a leap year
  month = last_complete("month", day_of(2027, 1, 1));
  EXPECT_EQ(month.from_day, day_of(2026, 12, 1));
  EXPECT_EQ(month.to_day, day_of(2026, 12, 31));
  EXPECT_EQ(period_containing("month", day_of(2026, 2, 14)).to_day, day_of(2026, 2, 28));
  EXPECT_THROW(period_containing("year", monday), std::invalid_argument);
}

TEST_F(CareTest, ReviewReadsTopMembersWithoutHiddenOrBotsAndTierMoves) {
  const auto busy = member("Busy", 60, 0);
  const auto shy = member("Shy", 60, 0, /*hidden=*/true);
  const auto bot = member("Bot", 60, 0, false, /*bot=*/true);
  const auto some = member("Some", 60, 0);
  messages(busy, 1, 5);
  messages(busy, 2, 5);
  messages(shy, 1, 50);
  messages(bot, 1, 90);
  messages(some, 1, 12);
  messages(some, 9, 99);  // outside the week asked about
  const auto top = care_.top_members(1, today_ - 7, today_ - 1, 5);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].name, "Some");  // 12 messages against 10
  EXPECT_EQ(top[0].messages, 12);
  EXPECT_EQ(top[1].name, "Busy");
  EXPECT_EQ(top[1].active_days, 2);
  care_.record_tier_change(1, busy, std::nullopt, "base", now);
  care_.record_tier_change(1, busy, std::string("base"), "core", now + 1);
  care_.record_tier_change(1, some, std::string("core"), "potential", now + 2);
  care_.record_tier_change(1, some, std::string("potential"), "base", now + day_s);  // later
  const auto moves = care_.tier_moves(1, now, now + day_s);
  EXPECT_EQ(moves.first, 1);
  EXPECT_EQ(moves.up, 1);
  EXPECT_EQ(moves.down, 1);
}

TEST_F(CareTest, TiersAreRecomputedAndOnlyChangesRecorded) {
  const auto busy = member("Busy", 60, 0);
  const auto some = member("Some", 60, 0);
  const auto quiet = member("Quiet", 60, 40);
  for (int d = 0; d < 10; ++d)
    messages(busy, d, 5);
  messages(some, 1, 2);
  messages(quiet, 40, 9);  // outside the 30-day window
  tier_keeper keeper(care_, {});
  storage::write_transaction tx(temp_.db());
  const auto first = keeper.recompute(group_, today_, now);
  EXPECT_EQ(first.counts.at("core"), 1);  // ceil(0.45)
  EXPECT_EQ(first.counts.at("potential"), 1);
  EXPECT_EQ(first.counts.at("base"), 1);
  EXPECT_EQ(first.changes, 3);  // everyone's first tier
  EXPECT_EQ(care_.tier_of(busy), "core");
  EXPECT_EQ(care_.tier_of(some), "potential");
  EXPECT_EQ(care_.tier_of(quiet), "base");
  const auto again = keeper.recompute(group_, today_, now + day_s);
  EXPECT_EQ(again.changes, 0);
  EXPECT_EQ(care_.tiers(1).at(busy).since, now);  // still core since the first day
  messages(some, 0, 400);                         // Some overtakes Busy (46.2 against 35)
  const auto moved = keeper.recompute(group_, today_, now + 2 * day_s);
  EXPECT_EQ(moved.changes, 2);
  EXPECT_EQ(care_.tier_of(some), "core");
  const auto changes = care_.tier_changes(1, now + 2 * day_s, now + 3 * day_s, 10);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_TRUE(changes[0].from.has_value());
  tx.commit();
}

// A first computation writes a row per member (5,000 members held the core thread 60 ms): the
// tiers are written a slice at a time, with the same result as all at once.
TEST_F(CareTest, TiersAreWrittenInSlicesOfAtLeast64WithTheSameResult) {
  for (int i = 0; i < 200; ++i)
    messages(member("M" + std::to_string(i), 60, 0), 1, i % 17);
  tier_keeper keeper(care_, {});
  storage::write_transaction tx(temp_.db());
  auto plan = keeper.plan(group_, today_, now);
  EXPECT_EQ(temp_.db().query_int("SELECT COUNT(*) FROM member_tiers"), 0);  // planning reads
  int asked = 0;
  EXPECT_FALSE(keeper.write(plan, [&] { return ++asked, false; }));
  EXPECT_EQ(temp_.db().query_int("SELECT COUNT(*) FROM member_tiers"), 64);
  EXPECT_FALSE(keeper.write(plan, [] { return false; }));
  EXPECT_EQ(temp_.db().query_int("SELECT COUNT(*) FROM member_tiers"), 128);
  EXPECT_TRUE(keeper.write(plan, [] { return true; }));
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(plan.summary.changes, 200);
  EXPECT_EQ(plan.summary.counts.at("core") + plan.summary.counts.at("potential") +
                plan.summary.counts.at("base"),
            200);
  // All at once now finds nothing to change: the slices wrote what it would have.
  EXPECT_EQ(keeper.recompute(group_, today_, now + day_s).changes, 0);
  tx.commit();
}

/// Daily care of one group of 200 members, one slice per tick, each tick its own batch.
class DailyCareTest : public CareTest {
 protected:
  DailyCareTest() {
    for (int i = 0; i < 200; ++i)
      messages(member("M" + std::to_string(i), 60, 0), 1, 1 + i % 5);
    care_days_.set_budget(std::chrono::milliseconds(0));  // one slice per tick
  }

  /// Runs one tick in a batch of its own (committed, or rolled back); the groups finished.
  int tick(std::int64_t at, bool commit = true) {
    const auto isolate = [&](const std::string&, const std::function<void()>& work) {
      storage::savepoint sp(temp_.db(), "care");
      work();
      sp.release();
      return true;
    };
    storage::write_transaction tx(temp_.db());
    const int finished = care_days_.due(at, isolate, [](const core::action&) {});
    if (commit) tx.commit();
    return finished;
  }
  int stored_tiers() {
    return static_cast<int>(temp_.db().query_int("SELECT COUNT(*) FROM member_tiers"));
  }

  storage::community_store community_{temp_.db()};
  storage::analytics_store analytics_{temp_.db()};
  community_stats stats_{analytics_, {}};
  review_writer reviews_{stats_, care_, book_, {}};
  churn_watch churn_{care_, book_, {}};
  tier_keeper keeper_{care_, {}};
  daily_care care_days_{community_, care_, keeper_, churn_, reviews_, 0};
};

TEST_F(DailyCareTest, ALargeGroupSpreadsOverTicksAndIsMarkedDoneWithItsLastSlice) {
  std::vector<int> tiers_after_tick;
  int finished = 0;
  for (int t = 0; t < 10 && finished == 0; ++t) {
    finished = tick(now + 3600 + t);
    tiers_after_tick.push_back(stored_tiers());
    if (finished == 0) EXPECT_FALSE(care_.last_run(1, "care").has_value());
  }
  EXPECT_EQ(finished, 1);
  EXPECT_EQ(tiers_after_tick, (std::vector<int>{64, 128, 192, 200}));
  EXPECT_EQ(care_.last_run(1, "care"), today_);
  EXPECT_EQ(tick(now + 3700), 0);  // done for today
}

TEST_F(DailyCareTest, ABatchRolledBackBetweenSlicesMakesTheGroupPlannedAgain) {
  EXPECT_EQ(tick(now + 3600, /*commit=*/false), 0);  // its first slice undone with the batch
  EXPECT_EQ(stored_tiers(), 0);
  int finished = 0;
  for (int t = 1; t < 10 && finished == 0; ++t)
    finished = tick(now + 3600 + t);
  EXPECT_EQ(finished, 1);
  EXPECT_EQ(stored_tiers(), 200);  // not 136: the undone slice was written again
}

TEST_F(CareTest, ChurnWarnsOncePerLevelListsForAdminsAndMentionsKindly) {
  member("Four", 30, 4);
  member("Eight", 30, 8);
  member("Twenty", 60, 20);
  member("Newcomer", 2, -1);      // joined two days ago: not yet a churn risk
  member("Shy", 30, -1);          // never wrote since joining 30 days ago
  member("Hidden", 30, 5, true);  // listed to admins, never mentioned in the group
  member("Bot", 30, 30, false, true);
  member("Active", 30, 0);
  churn_settings settings;
  settings.report_chat = "-999";
  churn_watch watch(care_, book_, settings);
  storage::write_transaction tx(temp_.db());
  const auto actions = watch.run(group_, now);
  ASSERT_EQ(actions.size(), 2u);  // the digest and one mention message
  const auto& digest = std::get<core::send_message>(actions[0].body).text;
  EXPECT_EQ(actions[0].chat_id, "-999");
  EXPECT_NE(digest.find("Quiet for 3+ days (2): Hidden, Four"), std::string::npos) << digest;
  EXPECT_NE(digest.find("Quiet for 7+ days (1): Eight"), std::string::npos) << digest;
  EXPECT_NE(digest.find("Quiet for 14+ days (2): Shy, Twenty"), std::string::npos) << digest;
  EXPECT_EQ(digest.find("Newcomer"), std::string::npos);
  EXPECT_EQ(digest.find("Bot"), std::string::npos);
  const auto& mention = std::get<core::send_message>(actions[1].body).text;
  EXPECT_EQ(actions[1].chat_id, "-100");
  EXPECT_NE(mention.find(">Four</a>"), std::string::npos) << mention;
  EXPECT_EQ(mention.find("Hidden"), std::string::npos) << mention;
  EXPECT_TRUE(watch.run(group_, now + 3600).empty());  // once per member, level and spell
  EXPECT_EQ(temp_.db().query_int("SELECT COUNT(*) FROM churn_warnings"), 5);
  tx.commit();
}

TEST_F(CareTest, PrivateMessagesGoOnlyToThoseWhoWroteToTheBotAndCountOnceDelivered) {
  const auto reachable = member("Reachable", 30, 8);
  member("Unreachable", 30, 8);
  const auto blocked = member("Blocked", 30, 9);
  churn_settings settings;  // private messages at 7 days by default; no report chat
  churn_watch watch(care_, book_, settings);
  platforms::telegram::telegram_adapter adapter{{"1:T", "", "https://api.telegram.org", ""}};
  storage::write_transaction tx(temp_.db());
  const auto user_of = [&](std::int64_t id) {
    return std::to_string(temp_.db().query_int(
        "SELECT CAST(user_id AS INTEGER) FROM members WHERE id = " + std::to_string(id)));
  };
  care_.note_private_contact("telegram", user_of(reachable), now - 40 * day_s);
  care_.note_private_contact("telegram", user_of(blocked), now - 40 * day_s);
  care_.private_contact_refused("telegram", user_of(blocked), now - 20 * day_s);
  const auto actions = watch.run(group_, now);
  ASSERT_EQ(actions.size(), 1u);
  const auto& dm = actions[0];
  EXPECT_EQ(dm.chat_id, user_of(reachable));  // the member's private chat
  EXPECT_EQ(dm.purpose, "churn_private");
  const auto& text = std::get<core::send_message>(dm.body).text;
  EXPECT_NE(text.find("Reachable, we haven't seen you in Makers"), std::string::npos) << text;
  // Not a private message until Telegram delivered it.
  EXPECT_EQ(care_.warnings(1, 0, 10).front().actions.find("private"), std::string::npos);
  watch.follow_up({"telegram", dm.chat_id, dm.purpose, dm.purpose_ref, "{}", now, true}, adapter);
  std::string recorded;
  for (const auto& w : care_.warnings(1, 0, 10)) {
    if (w.member_id == reachable) recorded = w.actions;
  }
  EXPECT_EQ(recorded, "private");  // no report chat, no mention at 7 days
  // Refused (the member blocked the bot): no more private messages until they write again.
  watch.follow_up({"telegram", dm.chat_id, dm.purpose, dm.purpose_ref, "Forbidden", now, false,
                   core::delivery_failure::refused},
                  adapter);
  temp_.db().execute("DELETE FROM churn_warnings");
  EXPECT_TRUE(watch.run(group_, now + 1).empty());
  tx.commit();
}

TEST_F(CareTest, AReturnWithinTheWindowCountsAsReactivated) {
  const auto four = member("Four", 30, 4);
  const auto eight = member("Eight", 30, 8);
  churn_settings settings;  // no report chat: warnings are recorded, mentions still go out
  churn_watch watch(care_, book_, settings);
  storage::write_transaction tx(temp_.db());
  EXPECT_EQ(watch.run(group_, now).size(), 1u);  // the mention of Four
  watch.member_wrote(four, now - 4 * day_s, now + 2 * day_s);
  watch.member_wrote(eight, now - 8 * day_s, now + 9 * day_s);  // after the 7-day window
  const auto rows = care_.reactivation(1, now - day_s, now + day_s, 7 * day_s, now + 10 * day_s);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].level_days, 3);
  EXPECT_EQ(rows[0].actions, "mention");
  EXPECT_EQ(rows[0].returned, 1);
  EXPECT_EQ(rows[1].level_days, 7);
  EXPECT_EQ(rows[1].actions, "");
  EXPECT_EQ(rows[1].warned, 1);
  EXPECT_EQ(rows[1].returned, 0);
  tx.commit();
}

}  // namespace
}  // namespace steward::handlers
