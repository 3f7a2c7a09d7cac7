#include "handlers/badge_digest.hpp"

#include <gtest/gtest.h>

#include <variant>

#include "handlers/badges.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

class BadgeDigestTest : public ::testing::Test {
 protected:
  BadgeDigestTest() : badges_(temp_.db()), community_(temp_.db()) {}

  std::int64_t member(const storage::group_row& group, const std::string& user_id,
                      const std::string& name) {
    return community_.ensure_member(group.id, {user_id, name, "", false, {}}, 1000).id;
  }

  std::string text_of(const std::optional<core::action>& action) {
    if (!action) return "";
    return std::get<core::send_message>(action->body).text;
  }

  testing::temp_store temp_;
  storage::badge_store badges_;
  storage::community_store community_;
};

TEST_F(BadgeDigestTest, TellsEachUntoldBadgeOnceInTheGroupsLanguage) {
  template_settings english;
  english.language = "en";
  const template_book book(english);
  badge_digest digest(badges_, book);
  const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", 0);
  const auto other = community_.ensure_group({"telegram", "-300", "H", true}, "UTC", 0);
  badges_.award(member(group, "1", "Bo"), "newcomer", "e1", 10, true);
  badges_.award(member(group, "2", "Cy"), "newcomer", "e2", 11, true);
  const auto di = member(group, "3", "Di <b>");
  badges_.award(di, "active", "e3", 12, true);
  badges_.award(di, "creator", "e4", 13, false);  // told at once: not in the digest
  badges_.award(member(other, "4", "Ed"), "newcomer", "e5", 14, true);

  EXPECT_EQ(text_of(digest.due(group)),
            "🏅 New badges: Bo (Newcomer), Cy (Newcomer) and Di &lt;b&gt; (Active). "
            "Congratulations!");
  EXPECT_FALSE(digest.due(group));  // told: nothing waits
  EXPECT_EQ(text_of(digest.due(other)), "🏅 New badges: Ed (Newcomer). Congratulations!");
}

TEST_F(BadgeDigestTest, ChineseJoinsWithTheEnumerationCommaAndCountsBeyondFifty) {
  const template_book book(template_settings{});
  badge_digest digest(badges_, book);
  const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", 0);
  for (int i = 0; i < 52; ++i) {
    badges_.award(member(group, std::to_string(i), "M" + std::to_string(i)), "newcomer", "e", i,
                  true);
  }
  const auto text = text_of(digest.due(group));
  EXPECT_EQ(text.rfind("🏅 新徽章：M0「新手」、M1「新手」、", 0), 0u) << text;
  EXPECT_NE(text.find("M49「新手」等 52 项。"), std::string::npos) << text;
  EXPECT_EQ(text.find("M50"), std::string::npos);
}

// Untold badges are found by group: a burst in one group (thousands waiting) is not read by
// every other group's daily care.
TEST_F(BadgeDigestTest, UntoldBadgesAreFiledUnderTheirGroup) {
  const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", 0);
  const auto other = community_.ensure_group({"telegram", "-300", "H", true}, "UTC", 0);
  badges_.award(member(group, "1", "Bo"), "newcomer", "e1", 10, true);
  badges_.award(member(other, "2", "Cy"), "newcomer", "e2", 11, true);
  EXPECT_EQ(temp_.db().query_int("SELECT group_id FROM badges WHERE source_event = 'e2'"),
            other.id);
  if (std::string(testing::temp_store::kind()) == "sqlite") {  // the index's columns, SQLite's way
    EXPECT_EQ(temp_.db().query_int("SELECT count(*) FROM pragma_index_info('badges_untold') "
                                   "WHERE name = 'group_id'"),
              1);
  }
  EXPECT_EQ(badges_.take_untold(group.id).size(), 1u);
  EXPECT_EQ(badges_.take_untold(other.id).size(), 1u);
}

TEST_F(BadgeDigestTest, GroupsWhoseBadgesWereAllAnnouncedHaveNoDigest) {
  const template_book book(template_settings{});
  badge_digest digest(badges_, book);
  const auto group = community_.ensure_group({"telegram", "-200", "G", true}, "UTC", 0);
  badges_.award(member(group, "1", "Bo"), "newcomer", "e1", 10, false);
  EXPECT_FALSE(digest.due(group));
}

// A burst of badges earned by rules (newcomers after a launch) is not one announcement each: a
// group hears of one per `announce_every`, and of the others in the day's digest.
TEST_F(BadgeDigestTest, BadgesEarnedTooSoonAfterAnAnnouncementWaitForTheDigest) {
  template_settings english;
  english.language = "en";
  const template_book book(english);
  badge_digest digest(badges_, book);
  badge_settings settings;
  settings.partner_invites = 1;
  settings.announce_every_s = 60;
  badge_rules rules(badges_, book, settings);
  const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", 0);
  const auto other = community_.ensure_group({"telegram", "-300", "H", true}, "UTC", 0);
  const auto partner = [&](const storage::group_row& g, const std::string& user,
                           const std::string& name, std::int64_t at) {
    return rules.on_invites_credited("telegram", g.chat_id, member(g, user, name), name, 1, at);
  };

  EXPECT_NE(text_of(partner(group, "1", "Ann", 100)).find("Ann earned the Partner badge"),
            std::string::npos);
  EXPECT_FALSE(partner(group, "2", "Bo", 130));  // 30 s after Ann's announcement
  EXPECT_FALSE(partner(group, "3", "Cy", 159));  // still within the minute
  const auto early = digest.paced_due(rules, community_, 159);
  EXPECT_TRUE(early.empty());
  EXPECT_TRUE(partner(other, "4", "Di", 131));    // another group has its own pace
  EXPECT_TRUE(partner(group, "5", "Ed", 160));    // a minute after Ann's
  EXPECT_FALSE(partner(group, "6", "Flo", 170));  // the minute counts from Ed's

  // Once the minute since Ed's announcement is up, Flo's is told with any other that waited.
  EXPECT_TRUE(digest.paced_due(rules, community_, 219).empty());
  const auto paced = digest.paced_due(rules, community_, 220);
  ASSERT_EQ(paced.size(), 1u);
  EXPECT_EQ(text_of(paced[0]),
            "🏅 New badges: Bo (Partner), Cy (Partner) and Flo (Partner). Congratulations!");
  EXPECT_TRUE(digest.paced_due(rules, community_, 400).empty());  // nothing waits
  EXPECT_FALSE(digest.due(group));                                // told: not again tomorrow
  EXPECT_FALSE(digest.due(other));                                // Di's was announced
  // The digest counts as an announcement: a badge right after it waits in turn.
  EXPECT_FALSE(partner(group, "7", "Gus", 230));
  EXPECT_TRUE(digest.paced_due(rules, community_, 279).empty());
  ASSERT_EQ(digest.paced_due(rules, community_, 280).size(), 1u);

  settings.announce_every_s = 0;  // every badge at once
  badge_rules every(badges_, book, settings);
  for (int i = 0; i < 3; ++i) {
    const auto name = "M" + std::to_string(i);
    EXPECT_TRUE(every.on_invites_credited(
        "telegram", group.chat_id, member(group, "m" + std::to_string(i), name), name, 1, 200 + i))
        << i;
  }
}

// Two instances (two sets of rules on one database), or one before and after a restart, keep
// one pace per group: it lived in each instance's memory, so each announced at its own pace, a
// restart forgot it, and badges paced by an instance that does not run the clock's work (only
// the leader does) waited for the next day's digest.
TEST_F(BadgeDigestTest, ThePaceIsTheGroupsWhicheverInstanceAwardsTheBadge) {
  template_settings english;
  english.language = "en";
  const template_book book(english);
  badge_digest digest(badges_, book);
  badge_settings settings;
  settings.partner_invites = 1;
  settings.announce_every_s = 60;
  badge_rules leader(badges_, book, settings);
  storage::badge_store badges_elsewhere(temp_.db());
  badge_rules elsewhere(badges_elsewhere, book, settings);
  const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", 0);
  const auto partner = [&](badge_rules& rules, const std::string& user, const std::string& name,
                           std::int64_t at) {
    return rules.on_invites_credited("telegram", group.chat_id, member(group, user, name), name, 1,
                                     at);
  };

  ASSERT_TRUE(partner(leader, "1", "Ann", 100));
  EXPECT_FALSE(partner(elsewhere, "2", "Bo", 130));  // the other instance keeps the pace
  {
    badge_rules restarted(badges_, book, settings);  // and so does a restart
    EXPECT_FALSE(partner(restarted, "3", "Cy", 140));
  }
  // Bo and Cy waited on instances that do not run the clock: the leader tells them.
  EXPECT_TRUE(digest.paced_due(leader, community_, 159).empty());
  const auto paced = digest.paced_due(leader, community_, 160);
  ASSERT_EQ(paced.size(), 1u);
  EXPECT_EQ(text_of(paced[0]), "🏅 New badges: Bo (Partner) and Cy (Partner). Congratulations!");
  EXPECT_TRUE(digest.paced_due(elsewhere, community_, 400).empty());  // taken once
  EXPECT_FALSE(partner(elsewhere, "4", "Di", 200));                   // the digest counted
  EXPECT_TRUE(partner(elsewhere, "5", "Ed", 500));
}

TEST_F(BadgeDigestTest, ABadgeAlreadyHeldTakesNoAnnouncement) {
  template_settings english;
  english.language = "en";
  const template_book book(english);
  badge_settings settings;
  settings.partner_invites = 1;
  badge_rules rules(badges_, book, settings);
  const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", 0);
  const auto ann = member(group, "1", "Ann");
  ASSERT_TRUE(rules.on_invites_credited("telegram", group.chat_id, ann, "Ann", 1, 100));
  // Ann's next credited invite earns nothing new: Bo's badge, a minute later, is announced.
  EXPECT_FALSE(rules.on_invites_credited("telegram", group.chat_id, ann, "Ann", 2, 150));
  EXPECT_TRUE(
      rules.on_invites_credited("telegram", group.chat_id, member(group, "2", "Bo"), "Bo", 1, 160));
}

}  // namespace
}  // namespace steward::handlers
