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

TEST(CommandTable, AnUnknownCommandForThisBotNamesTheNearestOne) {
  const command_table table({{.name = "give"},
                             {.name = "checkin", .aliases = {"/qd"}},
                             {.name = "points"},
                             {.name = "ban"}},
                            "Steward_Bot");
  struct case_t {
    std::string text, word, nearest;
  };
  const std::vector<case_t> cases = {
      {"/givepoints@steward_bot 10", "/givepoints", "/give"},  // a word too many
      {"/chekin@Steward_Bot", "/chekin", "/checkin"},          // a letter missing
      {"/poitns@steward_bot", "/poitns", "/points"},           // two letters swapped
      {"/check@steward_bot", "/check", "/checkin"},            // cut short
      {"/q@steward_bot", "/q", "/qd"},                         // an alias's slash name
      {"/weather@steward_bot", "/weather", ""},                // nothing close
      {"/bn@steward_bot", "/bn", "/ban"},
      {"/pointsboard@steward_bot", "/pointsboard", "/points"},  // a word too many, longer
      // Thousands of letters: nothing close, or a command with a very long tail.
      {"/" + std::string(4000, 'x') + "@steward_bot", "/" + std::string(4000, 'x'), ""},
      {"/give" + std::string(4000, 'x') + "@steward_bot", "/give" + std::string(4000, 'x'),
       "/give"},
  };
  for (const auto& c : cases) {
    const auto unknown = table.unknown(c.text, true);
    ASSERT_TRUE(unknown) << c.text;
    EXPECT_EQ(unknown->word, c.word) << c.text;
    EXPECT_EQ(unknown->nearest, c.nearest) << c.text;
  }
}

TEST(CommandTable, OnlyCommandsMeantForThisBotAreUnknownToIt) {
  const command_table table({{.name = "give"}, {.name = "checkin", .aliases = {"签到"}}},
                            "steward_bot");
  // Known commands, prose and aliases are not unknown commands.
  for (const char* text : {"/give@steward_bot 5", "/CHECKIN", "签到", "hello /gives", "/"}) {
    EXPECT_FALSE(table.unknown(text, false)) << text;
  }
  // Another bot's command is never Steward's business.
  EXPECT_FALSE(table.unknown("/gives@other_bot", false));
  // In a group a bare "/gives" may be another bot's command; in a private chat it is for us.
  EXPECT_FALSE(table.unknown("/gives", true));
  ASSERT_TRUE(table.unknown("/gives", false));
  EXPECT_EQ(table.unknown("/gives", false)->nearest, "/give");
  // Without a known username (platforms without @bot suffixes) only unaddressed ones count.
  const command_table nameless({{.name = "give"}}, "");
  EXPECT_FALSE(nameless.unknown("/gives", true));
  EXPECT_FALSE(nameless.unknown("/gives@someone", false));
  EXPECT_TRUE(nameless.unknown("/gives", false));
}

}  // namespace
}  // namespace steward::core
