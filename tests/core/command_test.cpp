#include "bot/core/command.hpp"

#include <gtest/gtest.h>

namespace steward::core {
namespace {

TEST(ParseSlashCommand, SplitsNameAddresseeAndArgs) {
  struct case_t {
    std::string text, name, addressee, args;
  };
  const std::vector<case_t> cases = {
      {"/checkin", "checkin", "", ""},
      {"/CheckIn@Steward_Bot", "checkin", "Steward_Bot", ""},
      {"  /mute@bot   10m  spam ", "mute", "bot", "10m  spam"},
      {"/points\nmore", "points", "", "more"},
  };
  for (const auto& c : cases) {
    const auto parsed = parse_slash_command(c.text);
    ASSERT_TRUE(parsed) << c.text;
    EXPECT_EQ(parsed->name, c.name) << c.text;
    EXPECT_EQ(parsed->addressee, c.addressee) << c.text;
    EXPECT_EQ(parsed->args, c.args) << c.text;
  }
  for (const char* not_command : {"", "/", "hello /checkin", "/@bot", "签到"}) {
    EXPECT_FALSE(parse_slash_command(not_command)) << not_command;
  }
}

class CommandTableTest : public ::testing::Test {
 protected:
  CommandTableTest()
      : table_({{.name = "checkin", .aliases = {"签到", "打卡", "/qd", "Check In"}},
                {.name = "points", .aliases = {"积分"}}},
               "Steward_Bot") {}
  command_table table_;
};

TEST_F(CommandTableTest, SlashCommandsAndAliasesResolveToCanonicalNames) {
  EXPECT_EQ(table_.match("/checkin")->name, "checkin");
  EXPECT_EQ(table_.match("/CHECKIN@steward_bot")->name, "checkin");
  EXPECT_EQ(table_.match("/qd")->name, "checkin");
  EXPECT_EQ(table_.match(" 签到 ")->name, "checkin");
  EXPECT_EQ(table_.match("check in")->name, "checkin");
  EXPECT_EQ(table_.match("积分")->name, "points");
}

// Commands as people type them: spaces of any width, closing punctuation, full-width separators.
TEST_F(CommandTableTest, CommandsAreRecognisedAsPeopleTypeThem) {
  for (const char* typed : {"签到！", "签到。", "签到　", "　签到！！", "签到 !", "签到～", "签到?",
                            "签到\u00a0", "/checkin!", "/checkin！", "/qd。"}) {
    const auto match = table_.match(typed);
    ASSERT_TRUE(match) << typed;
    EXPECT_EQ(match->name, "checkin") << typed;
  }
  EXPECT_EQ(table_.match("签到！")->lang, language::zh);
  EXPECT_FALSE(table_.match("签到吗"));  // a different word, not punctuation
  EXPECT_FALSE(table_.match("！"));
}

TEST(CommandTable, ArgumentsMayFollowAFullWidthSpace) {
  command_table table({{.name = "redeem", .aliases = {"兑换"}, .alias_args = true},
                       {.name = "mute", .role = command_role::admin, .alias_args = true}},
                      "");
  const auto redeem = table.match("兑换　马克杯");
  ASSERT_TRUE(redeem);
  EXPECT_EQ(redeem->args, "马克杯");
  const auto mute = table.match("/mute　10m　spam");
  ASSERT_TRUE(mute);
  EXPECT_EQ(mute->name, "mute");
  EXPECT_EQ(mute->args, "10m　spam");
}

TEST(CommandTable, SomeAliasesTakeArguments) {
  command_table table({{.name = "redeem", .aliases = {"兑换"}, .alias_args = true},
                       {.name = "checkin", .aliases = {"签到"}}},
                      "");
  const auto redeem = table.match("兑换  Mug Large ");
  ASSERT_TRUE(redeem);
  EXPECT_EQ(redeem->name, "redeem");
  EXPECT_EQ(redeem->args, "Mug Large");
  EXPECT_EQ(redeem->lang, language::zh);
  EXPECT_EQ(table.match("兑换")->args, "");
  EXPECT_FALSE(table.match("签到 now"));  // check-in's alias stays whole-message only
}

TEST(CommandTable, MarksCommandsThatNeedAnAdminCheck) {
  command_table table({{.name = "timezone", .aliases = {"时区"}, .checks_admin = true},
                       {.name = "points"},
                       {.name = "stats", .role = command_role::admin}},
                      "");
  EXPECT_TRUE(table.match("/stats")->needs_admin_check);
  EXPECT_TRUE(table.match("/timezone Europe/Berlin")->needs_admin_check);
  EXPECT_TRUE(table.match("时区")->needs_admin_check);
  EXPECT_FALSE(table.match("/points")->needs_admin_check);
}

TEST_F(CommandTableTest, AnswerLanguageFollowsTheWordUsed) {
  EXPECT_EQ(table_.match("签到")->lang, language::zh);
  EXPECT_EQ(table_.match("/checkin")->lang, language::en);
  EXPECT_EQ(table_.match("Check In")->lang, language::en);
}

TEST_F(CommandTableTest, OtherBotsCommandsUnknownCommandsAndProseAreIgnored) {
  EXPECT_FALSE(table_.match("/checkin@other_bot"));
  EXPECT_FALSE(table_.match("/unknown"));
  EXPECT_FALSE(table_.match("我今天签到了"));  // an alias only counts as the whole message
  EXPECT_FALSE(table_.match("签到 签到"));
}

}  // namespace
}  // namespace steward::core
