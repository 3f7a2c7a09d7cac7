#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bot/core/duration.hpp"
#include "rules/rule_set.hpp"
#include "rules/word_list.hpp"

namespace steward::rules {
namespace {

std::string write_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << content;
  return path.string();
}

TEST(RuleFilesTest, BadRegexIsRejectedWithFileAndLine) {
  rules_config cfg;
  cfg.regex = {write_file("steward_bad_regex.txt", "# comment\nok+\n(unclosed\n")};
  try {
    rule_set::compile(cfg);
    FAIL() << "a bad pattern compiled";
  } catch (const rules_error& e) {
    EXPECT_NE(std::string(e.what()).find("steward_bad_regex.txt:3: bad regex \"(unclosed\""),
              std::string::npos)
        << e.what();
  }
}

TEST(RuleFilesTest, UnknownActionIsRejectedWithFileAndLine) {
  const auto path = write_file("steward_bad_action.txt", "word\ttag\texplode\n");
  EXPECT_THROW(read_word_list(path), rules_error);
  try {
    read_word_list(path);
  } catch (const rules_error& e) {
    EXPECT_NE(std::string(e.what()).find(":1: unknown action \"explode\""), std::string::npos);
  }
}

TEST(RuleFilesTest, LineActionAndTagOverrideTheRuleDefault) {
  rules_config cfg;
  cfg.words = {write_file("steward_words_actions.txt", "spam\tads\tban\nmeh\n")};
  const auto set = rule_set::compile(cfg);
  EXPECT_EQ(decide(set->scan("buy spam now")).action, "ban");
  const auto v = decide(set->scan("meh"));
  EXPECT_EQ(v.action, "warn");
  ASSERT_EQ(v.matches.size(), 1u);
  EXPECT_EQ(v.matches[0].tag, "sensitive");
}

TEST(RuleFilesTest, OperatorRegexMatchesTheFoldedText) {
  rules_config cfg;
  cfg.regex = {write_file("steward_regex.txt", "buy\\s?now\tads\tdelete\n")};
  const auto v = decide(rule_set::compile(cfg)->scan("ＢＵＹ ＮＯＷ!"));
  EXPECT_EQ(v.action, "delete");
  ASSERT_EQ(v.matches.size(), 1u);
  EXPECT_EQ(v.matches[0].rule, "regex");
}

TEST(RuleFilesTest, ShadowRulesAreReportedButDoNotAct) {
  rules_config cfg;
  cfg.rules["phone"] = {true, "warn", 0, true};
  const auto v = decide(rule_set::compile(cfg)->scan("13800138000"));
  EXPECT_EQ(v.action, "allow");
  ASSERT_EQ(v.matches.size(), 1u);
  EXPECT_TRUE(v.matches[0].shadow);
}

TEST(RuleFilesTest, NewcomersMayNotPostLinks) {
  const auto set = rule_set::compile(rules_config{});
  EXPECT_EQ(decide(set->scan("see example.com", false)).action, "flag");
  EXPECT_EQ(decide(set->scan("see example.com", true)).action, "delete");
}

TEST(RuleFilesTest, AllowedDomainsAreNotLinks) {
  rules_config cfg;
  cfg.allowed_domains = {"example.com"};
  const auto set = rule_set::compile(cfg);
  EXPECT_TRUE(set->scan("docs at https://docs.example.com/x").empty());
  EXPECT_FALSE(set->scan("docs at https://badexample.com/x").empty());
}

TEST(RuleFilesTest, TooManyMentionsAndLinks) {
  const auto set = rule_set::compile(rules_config{});
  const auto mentions = decide(set->scan("@aa1 @bb2 @cc3 @dd4 @ee5 @ff6"));
  EXPECT_EQ(mentions.action, "delete");
  const auto links = decide(set->scan("a.com b.com c.com d.com"));
  EXPECT_EQ(links.action, "delete");
}

TEST(DurationTest, ParsesUnitsAndRejectsNonsense) {
  EXPECT_EQ(core::parse_duration("30s"), 30);
  EXPECT_EQ(core::parse_duration("10m"), 600);
  EXPECT_EQ(core::parse_duration("2h"), 7200);
  EXPECT_EQ(core::parse_duration("7d"), 7 * 86400);
  EXPECT_EQ(core::parse_duration("10分钟"), 600);
  EXPECT_EQ(core::parse_duration("1天"), 86400);
  EXPECT_FALSE(core::parse_duration("10"));
  EXPECT_FALSE(core::parse_duration("m"));
  EXPECT_FALSE(core::parse_duration("0m"));
  EXPECT_FALSE(core::parse_duration("-5m"));
  EXPECT_FALSE(core::parse_duration("99999999d"));
  EXPECT_EQ(core::describe_duration(3600), "1 hour");
  EXPECT_EQ(core::describe_duration(90 * 60), "1 hour 30 minutes");
}

}  // namespace
}  // namespace steward::rules
