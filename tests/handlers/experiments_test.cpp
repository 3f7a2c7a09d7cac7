#include "handlers/experiments.hpp"

#include <gtest/gtest.h>

#include "bot/platforms/telegram/telegram_adapter.hpp"
#include "storage/transaction.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

constexpr std::int64_t hour_s = 3600;
constexpr std::int64_t day_s = 86400;
constexpr std::int64_t now = 1'795'276'800;  // 2026-11-22 00:00 in Shanghai

TEST(TwoProportionTest, MatchesKnownValues) {
  // Pearson's chi-square without continuity correction (R: prop.test(..., correct = FALSE)).
  EXPECT_NEAR(*two_proportion_p(30, 100, 45, 100), 0.02846, 5e-5);      // chi-square 4.8
  EXPECT_NEAR(*two_proportion_p(15, 50, 25, 50), 0.04123, 5e-5);        // chi-square 4.1667
  EXPECT_NEAR(*two_proportion_p(120, 1000, 150, 1000), 0.04964, 5e-5);  // chi-square 3.853
  EXPECT_NEAR(*two_proportion_p(45, 100, 30, 100), 0.02846, 5e-5);      // two-sided
  EXPECT_NEAR(*two_proportion_p(50, 100, 50, 100), 1.0, 1e-12);
  EXPECT_FALSE(two_proportion_p(0, 10, 0, 10).has_value());  // nobody converted: no test
  EXPECT_FALSE(two_proportion_p(10, 10, 7, 7).has_value());
  EXPECT_FALSE(two_proportion_p(1, 0, 1, 10).has_value());
}

TEST(Experiments, OutcomesFollowTheTemplate) {
  EXPECT_EQ(outcome_for("welcome"), "speaks_24h");
  EXPECT_EQ(outcome_for("checkin"), "checkin_next_day");
  EXPECT_EQ(outcome_for("schedule:morning"), "messages_1h");
  EXPECT_EQ(outcome_for("schedule:"), "");
  EXPECT_EQ(outcome_for("points"), "");
}

class ExperimentsTest : public ::testing::Test {
 protected:
  ExperimentsTest() : store_(temp_.db()), community_(temp_.db()), runner_(store_, community_) {
    storage::write_transaction tx(temp_.db());
    group_ = community_.ensure_group({"telegram", "-100", "Makers", true}, "Asia/Shanghai", now);
    for (int i = 1; i <= 40; ++i) {
      community_.ensure_member(group_.id,
                               {std::to_string(i), "M" + std::to_string(i), "", false, {}}, now);
    }
    tx.commit();
  }

  storage::experiment_row start(const std::string& key, const std::string& chat = "") {
    storage::experiment_row row{0,
                                "try-" + key,
                                key,
                                chat,
                                "en",
                                outcome_for(key),
                                {{"A", std::nullopt}, {"B", std::string("Hi {name}!")}},
                                now,
                                std::nullopt};
    row.id = store_.create(row);
    runner_.load(now);
    return row;
  }

  void delivered(const variant_choice& choice, std::int64_t at, bool ok = true) {
    runner_.follow_up({"telegram", "-100", "exposure", choice.ref, "{}", at, ok}, adapter_);
  }

  std::int64_t member_id(int user) {
    return community_.find_member(group_.id, std::to_string(user))->id;
  }

  testing::temp_store temp_;
  storage::experiment_store store_;
  storage::community_store community_;
  experiment_runner runner_;
  storage::group_row group_;
  platforms::telegram::telegram_adapter adapter_{{"1:T", "", "https://api.telegram.org", ""}};
};

TEST_F(ExperimentsTest, AssignmentIsStableAndSplitsMembers) {
  start("welcome");
  EXPECT_FALSE(runner_.for_members("-100", "checkin", "en", {"1"}).has_value());  // not tested
  EXPECT_FALSE(runner_.for_members("-100", "welcome", "zh", {"1"}).has_value());  // other text
  int b = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto choice = runner_.for_members("-100", "welcome", "en", {std::to_string(i)});
    ASSERT_TRUE(choice.has_value());
    if (choice->variant == 1) {
      ++b;
      EXPECT_EQ(choice->text, "Hi {name}!");
    } else {
      EXPECT_FALSE(choice->text.has_value());  // the control: the template as it stands
    }
    // Another runner (a restart) gives the member the same variant.
    experiment_runner again(store_, community_);
    if (i % 100 == 0) {
      again.load(now);
      EXPECT_EQ(again.for_members("-100", "welcome", "en", {std::to_string(i)})->variant,
                choice->variant);
    }
  }
  EXPECT_GT(b, 430);
  EXPECT_LT(b, 570);
}

TEST_F(ExperimentsTest, NewcomersWhoSpeakWithinADayConvertAndOnlyDeliveredMessagesExpose) {
  const auto row = start("welcome");
  storage::write_transaction tx(temp_.db());
  // Members 1-20 welcomed one by one; 21 welcomed but Telegram refused the message.
  for (int user = 1; user <= 20; ++user) {
    delivered(*runner_.for_members("-100", "welcome", "en", {std::to_string(user)}), now);
  }
  delivered(*runner_.for_members("-100", "welcome", "en", {"21"}), now, /*ok=*/false);
  // While windows are open, undecided exposures are pending, not failures.
  const auto early = experiment_results(store_, row, now + hour_s);
  std::int64_t pending = 0;
  for (const auto& v : early.variants)
    pending += v.tally.open;
  EXPECT_EQ(pending, 20);  // 21 was never delivered
  // Odd members speak within the day, member 2 only after it.
  for (int user = 1; user <= 20; user += 2)
    runner_.member_wrote(group_.id, member_id(user), now + 10 * hour_s);
  runner_.member_wrote(group_.id, member_id(2), now + day_s + 1);
  const auto result = experiment_results(store_, row, now + 2 * day_s);
  std::int64_t exposed = 0;
  std::int64_t converted = 0;
  for (const auto& v : result.variants) {
    exposed += v.tally.exposures;
    converted += v.tally.conversions;
    EXPECT_EQ(v.tally.open, 0);
  }
  EXPECT_EQ(exposed, 20);
  EXPECT_EQ(converted, 10);
  EXPECT_EQ(result.unit, "member");
  EXPECT_EQ(result.verdict, "not significant yet");
  tx.commit();
}

TEST_F(ExperimentsTest, CheckInAgainCountsOnlyOnTheNextLocalDay) {
  const auto row = start("checkin");
  storage::write_transaction tx(temp_.db());
  const auto morning = now + 9 * hour_s;  // 09:00 in Shanghai
  for (int user = 1; user <= 3; ++user)
    delivered(*runner_.for_members("-100", "checkin", "en", {std::to_string(user)}), morning);
  runner_.checked_in(member_id(1), morning + hour_s);          // the same day: not an outcome
  runner_.checked_in(member_id(2), now + day_s + hour_s);      // the next day
  runner_.member_wrote(group_.id, member_id(3), now + day_s);  // wrote, did not check in
  runner_.checked_in(member_id(3), now + 2 * day_s + hour_s);  // two days later: too late
  std::int64_t converted = 0;
  for (const auto& v : experiment_results(store_, row, now + 3 * day_s).variants)
    converted += v.tally.conversions;
  EXPECT_EQ(converted, 1);
  tx.commit();
}

TEST_F(ExperimentsTest, PostsAreAssignedPerGroupAndSaySoPlainly) {
  const auto row = start("schedule:morning");
  storage::write_transaction tx(temp_.db());
  const auto choice = runner_.for_group("-100", "schedule:morning");
  ASSERT_TRUE(choice.has_value());
  EXPECT_EQ(runner_.for_group("-100", "schedule:morning")->variant, choice->variant);
  for (int day = 0; day < 30; ++day) {
    delivered(*choice, now + day * day_s);
    if (day % 2 == 0) runner_.member_wrote(group_.id, member_id(1), now + day * day_s + 60);
    runner_.member_wrote(group_.id, member_id(2), now + day * day_s + 2 * hour_s);  // too late
  }
  const auto result = experiment_results(store_, row, now + 31 * day_s);
  EXPECT_EQ(result.unit, "group");
  const auto& used = result.variants[static_cast<std::size_t>(choice->variant)].tally;
  EXPECT_EQ(used.exposures, 30);
  EXPECT_EQ(used.conversions, 15);
  EXPECT_EQ(used.responses, 15);
  EXPECT_EQ(used.groups, 1);
  EXPECT_FALSE(result.significant);
  EXPECT_NE(result.note.find("assigned per group"), std::string::npos) << result.note;
  tx.commit();
}

TEST_F(ExperimentsTest, AStoppedExperimentExposesNoMoreAndKeepsItsResults) {
  const auto row = start("welcome");
  storage::write_transaction tx(temp_.db());
  const auto before = *runner_.for_members("-100", "welcome", "en", {"1"});
  delivered(before, now);
  ASSERT_TRUE(store_.stop(row.id, now + 1));
  runner_.load(now + 1);
  EXPECT_FALSE(runner_.for_members("-100", "welcome", "en", {"2"}).has_value());
  delivered(*std::make_optional(before), now + 2);  // a message on its way when it stopped
  const auto kept = experiment_results(store_, *store_.find(row.name), now + 2 * day_s);
  EXPECT_FALSE(kept.row.running());
  std::int64_t exposed = 0;
  for (const auto& v : kept.variants)
    exposed += v.tally.exposures;
  EXPECT_EQ(exposed, 1);
  tx.commit();
}

}  // namespace
}  // namespace steward::handlers
