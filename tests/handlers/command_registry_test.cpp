#include "handlers/command_registry.hpp"

#include <gtest/gtest.h>

#include <set>

#include "bot/core/text.hpp"
#include "handlers/help.hpp"
#include "handlers/say.hpp"

namespace steward::handlers {
namespace {

using core::command_role;
using core::language;

// The first bare-word alias: what a Chinese-speaking member types.
std::string chinese_alias(const core::command_spec& spec) {
  for (const auto& word : spec.aliases) {
    if (word.front() != '/' && core::has_non_ascii(word)) return word;
  }
  return "";
}

TEST(CommandRegistry, EveryCommandHasHelpInBothLanguagesAndAWorkingChineseAlias) {
  const auto specs = all_commands();
  const core::command_table table(specs, "");
  std::set<std::string> names;
  for (const auto& spec : specs) {
    SCOPED_TRACE(spec.name);
    EXPECT_TRUE(names.insert(spec.name).second) << "declared twice";
    EXPECT_FALSE(spec.owner.empty());
    EXPECT_FALSE(spec.help_en.empty());
    EXPECT_FALSE(spec.help_zh.empty());
    EXPECT_TRUE(core::has_non_ascii(spec.help_zh));
    EXPECT_EQ(spec.usage_en.empty(), spec.usage_zh.empty()) << "usage in one language only";
    const std::string alias = chinese_alias(spec);
    ASSERT_FALSE(alias.empty()) << "no Chinese alias";
    const auto by_alias = table.match(alias);
    ASSERT_TRUE(by_alias);
    EXPECT_EQ(by_alias->name, spec.name);
    EXPECT_EQ(by_alias->lang, language::zh);
    // A command with arguments takes them after its Chinese alias too.
    if (!spec.usage_zh.empty()) {
      const auto with_args = table.match(alias + " 甲 乙");
      ASSERT_TRUE(with_args);
      EXPECT_EQ(with_args->args, "甲 乙");
    }
    const auto by_slash = table.match("/" + spec.name);
    ASSERT_TRUE(by_slash);
    EXPECT_EQ(by_slash->lang, language::en);
    EXPECT_EQ(by_slash->needs_admin_check, spec.role == command_role::admin || spec.checks_admin);
  }
  EXPECT_TRUE(core::alias_collisions(specs).empty());
}

TEST(CommandRegistry, AliasCollisionsAndEmptyAliasesAreFound) {
  auto specs = all_commands();
  EXPECT_TRUE(core::alias_collisions(core::with_aliases(specs, {{"stats", {"数据"}}})).empty());
  const auto shared = core::alias_collisions(core::with_aliases(specs, {{"points", {"签到"}}}));
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].first, "checkin");
  EXPECT_EQ(shared[0].second, "points");
  EXPECT_EQ(shared[0].describe(),
            "\"签到\" would invoke both /checkin and /points; give one of them another word");
  const auto slash = core::alias_collisions(core::with_aliases(specs, {{"shop", {"/Rank"}}}));
  ASSERT_EQ(slash.size(), 1u);
  EXPECT_EQ(slash[0].first, "rank");
  EXPECT_EQ(core::alias_collisions(core::with_aliases(specs, {{"shop", {" "}}})).size(), 1u);
}

TEST(HelpText, MembersSeeTheirCommandsAndAdminsSeeTheirsTooInTheLanguageAsked) {
  const auto specs = all_commands();
  const auto member_en = plain_text(help_text(specs, command_role::member, language::en));
  const auto member_zh = plain_text(help_text(specs, command_role::member, language::zh));
  const auto admin_en = plain_text(help_text(specs, command_role::admin, language::en));
  const auto admin_zh = plain_text(help_text(specs, command_role::admin, language::zh));
  for (const auto& spec : specs) {
    SCOPED_TRACE(spec.name);
    const std::string slash = "/" + spec.name + (spec.usage_en.empty() ? " " : " " + spec.usage_en);
    const std::string word =
        chinese_alias(spec) + (spec.usage_zh.empty() ? "（" : " " + spec.usage_zh + "（");
    const bool for_members = spec.role == command_role::member;
    EXPECT_EQ(member_en.find("• " + slash) != std::string::npos, for_members);
    EXPECT_EQ(member_zh.find("• " + word) != std::string::npos, for_members);
    EXPECT_NE(admin_en.find("• " + slash), std::string::npos);
    EXPECT_NE(admin_zh.find("• " + word), std::string::npos);
    EXPECT_NE(admin_zh.find(spec.help_zh), std::string::npos);
  }
  EXPECT_EQ(member_en.find("For admins"), std::string::npos);
  EXPECT_NE(admin_zh.find("管理员命令"), std::string::npos);
}

TEST(CommandRegistry, FixedAliasesStayWhateverIsConfigured) {
  const core::command_table table(core::with_aliases(all_commands(), {{"help", {"说明"}}}), "");
  ASSERT_TRUE(table.match("/start"));
  EXPECT_EQ(table.match("/start")->name, "help");
  EXPECT_EQ(table.match("说明")->name, "help");
  EXPECT_FALSE(table.match("帮助"));
}

TEST(HelpText, ConfiguredAliasesAreTheOnesListed) {
  const auto specs = core::with_aliases(all_commands(), {{"checkin", {"打卡", "签到"}}});
  const auto zh = plain_text(help_text(specs, command_role::member, language::zh));
  EXPECT_NE(zh.find("• 打卡（/checkin）"), std::string::npos) << zh;
  const auto none = core::with_aliases(all_commands(), {{"checkin", {}}});
  EXPECT_NE(plain_text(help_text(none, command_role::member, language::zh)).find("• /checkin — "),
            std::string::npos);
}

TEST(CommandReference, OneRowPerCommandOfTheSectionWithPipesEscaped) {
  const auto specs = all_commands();
  const auto table = command_reference_markdown(specs, core::command_section::member);
  EXPECT_NE(table.find("| `/rank [points\\|streak\\|activity\\|invites] [week\\|month\\|all]`, "
                       "`排行榜` |"),
            std::string::npos)
      << table;
  EXPECT_EQ(table.find("`/warn"), std::string::npos);
  const auto moderation = command_reference_markdown(specs, core::command_section::moderation);
  EXPECT_NE(moderation.find("| `/warn [reason]`, `警告` |"), std::string::npos);
  EXPECT_NE(moderation.find("`/report [reason]`"), std::string::npos);
}

}  // namespace
}  // namespace steward::handlers
