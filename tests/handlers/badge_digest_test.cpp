#include "handlers/badge_digest.hpp"

#include <gtest/gtest.h>

#include <variant>

#include "tests/support/temp_database.hpp"

namespace steward::handlers {
namespace {

class BadgeDigestTest : public ::testing::Test {
 protected:
  BadgeDigestTest() : badges_(temp_.db()), community_(temp_.db()) {
    quiet_.badge_digest = true;
    quiet_.groups["-200"].badge_digest = false;
  }

  std::int64_t member(const storage::group_row& group, const std::string& user_id,
                      const std::string& name) {
    return community_.ensure_member(group.id, {user_id, name, "", false, {}}, 1000).id;
  }

  std::string text_of(const std::optional<core::action>& action) {
    if (!action) return "";
    return std::get<core::send_message>(action->body).text;
  }

  testing::temp_database temp_;
  storage::badge_store badges_;
  storage::community_store community_;
  quiet_settings quiet_;
};

TEST_F(BadgeDigestTest, TellsEachUntoldBadgeOnceInTheGroupsLanguage) {
  template_settings english;
  english.language = "en";
  const template_book book(english);
  badge_digest digest(badges_, book, quiet_);
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
  badge_digest digest(badges_, book, quiet_);
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

TEST_F(BadgeDigestTest, GroupsThatAnnounceOneByOneHaveNoDigest) {
  const template_book book(template_settings{});
  badge_digest digest(badges_, book, quiet_);
  const auto group = community_.ensure_group({"telegram", "-200", "G", true}, "UTC", 0);
  badges_.award(member(group, "1", "Bo"), "newcomer", "e1", 10, true);
  EXPECT_FALSE(digest.due(group));
}

}  // namespace
}  // namespace steward::handlers
