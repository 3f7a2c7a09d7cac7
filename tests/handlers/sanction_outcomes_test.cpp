#include "handlers/sanction_outcomes.hpp"

#include <gtest/gtest.h>

#include "bot/platforms/telegram/telegram_adapter.hpp"
#include "handlers/say.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

/// Answers to confirmed calls, read with the real Telegram adapter, on a real database.
class SanctionOutcomesTest : public ::testing::Test {
 protected:
  SanctionOutcomesTest()
      : community_(temp_.db()),
        log_(temp_.db()),
        outcomes_(log_, community_, cfg_, built_in_book()) {
    group_ = community_.ensure_group({"telegram", "-100", "Tea Room", true}, "UTC", 1).id;
  }

  // A mute of Bo asked by an admin's command 55, logged as pending.
  confirmation pending_mute(const std::string& reply_to = "55") {
    storage::moderation_entry entry;
    entry.group_id = group_;
    entry.rule = "mute";
    entry.action = "mute";
    entry.taken = "mute until 1700003600";
    entry.at = 1;
    entry.pending_calls = 1;
    const auto id = log_.log(entry);
    return {id, group_, "mute", "Bo", core::language::en, "🔇 Bo is muted until …", reply_to};
  }

  std::vector<core::action> answer(const confirmation& c, bool delivered, std::string body,
                                   core::delivery_failure why = core::delivery_failure::refused) {
    const auto act = confirmed({"telegram", "-100", "", core::restrict_member{"42", 0}}, c);
    return outcomes_.follow_up({"telegram", "-100", act.purpose, act.purpose_ref, std::move(body),
                                2, delivered, delivered ? core::delivery_failure::none : why},
                               adapter_);
  }

  storage::moderation_entry entry() { return log_.recent_log(0, 1).at(0); }

  static std::string text_of(const core::action& act) {
    if (const auto* r = std::get_if<core::reply_message>(&act.body)) return r->text;
    return std::get<core::send_message>(act.body).text;
  }

  testing::temp_store temp_;
  storage::community_store community_;
  storage::moderation_store log_;
  rules::rules_config cfg_;
  sanction_outcomes outcomes_;
  platforms::telegram::telegram_adapter adapter_{{"1:T", "", "https://api.telegram.org", ""}};
  std::int64_t group_ = 0;
};

TEST_F(SanctionOutcomesTest, ConfirmedMuteIsAnnouncedAndSettled) {
  const auto out = answer(pending_mute(), true, R"({"ok":true,"result":true})");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(text_of(out[0]), "🔇 Bo is muted until …");
  EXPECT_EQ(std::get<core::reply_message>(out[0].body).to_message_id, "55");
  EXPECT_EQ(entry().status, "done");
  EXPECT_EQ(entry().pending_calls, 0);
}

TEST_F(SanctionOutcomesTest, RefusedMuteOfAnAdminIsSaidPlainlyAndLoggedAsFailed) {
  const auto out =
      answer(pending_mute(), false, "Bad Request: user is an administrator of the chat");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(text_of(out[0]), "⚠️ I could not mute Bo: they are an admin of this group.");
  EXPECT_EQ(entry().status, "failed");
  EXPECT_EQ(entry().failure, "mute failed: Bad Request: user is an administrator of the chat");
  // Not a missing right: what the bot may do is unchanged.
  EXPECT_FALSE(community_.find_group("telegram", "-100")->bot.can_restrict.has_value());
}

TEST_F(SanctionOutcomesTest, MissingRightIsNamedInTheMembersLanguageAndRemembered) {
  auto c = pending_mute();
  c.lang = core::language::zh;
  const auto out =
      answer(c, false, "Bad Request: not enough rights to restrict/unrestrict chat member");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(text_of(out[0]).find("无法禁言 Bo：我需要“封禁用户”权限"), std::string::npos);
  EXPECT_EQ(community_.find_group("telegram", "-100")->bot.can_restrict, false);
}

TEST_F(SanctionOutcomesTest, AutomaticFailuresGoToTheReportChat) {
  cfg_.report_chat = "-999";
  const auto out = answer(pending_mute(""), false, "", core::delivery_failure::unreachable);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].chat_id, "-999");
  EXPECT_EQ(text_of(out[0]),
            "⚠️ I could not mute Bo: Telegram could not be reached; please try again later. "
            "(Tea Room)");
}

TEST_F(SanctionOutcomesTest, ExpiredMuteIsNotClaimed) {
  const auto out = answer(pending_mute(), false, "not sent before its deadline",
                          core::delivery_failure::expired);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(text_of(out[0]).find("could not mute Bo: Telegram could not be reached in time"),
            std::string::npos);
  EXPECT_EQ(entry().status, "failed");
}

// Steward failed reading the answer: the mute may be in force, so neither done nor "could not"
// is said; the admin is asked to check.
TEST_F(SanctionOutcomesTest, AnUnconfirmedMuteIsNeitherClaimedNorDenied) {
  const auto out = answer(pending_mute(), false,
                          "Steward failed on this call, which may have gone through: reader bug",
                          core::delivery_failure::unconfirmed);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(
      text_of(out[0]),
      "⚠️ I cannot tell whether I could mute Bo: I failed to read Telegram's answer. Please "
      "check, and do it again if it is not done.");
  EXPECT_EQ(entry().status, "failed");
  EXPECT_EQ(entry().failure,
            "mute not confirmed: Steward failed on this call, which may have gone through: reader "
            "bug");
}

TEST_F(SanctionOutcomesTest, DeletingAMessageAlreadyGoneIsDone) {
  auto c = pending_mute();
  c.kind = "delete";
  c.notice = "";
  EXPECT_TRUE(answer(c, false, "Bad Request: message to delete not found").empty());
  EXPECT_EQ(entry().status, "done");
}

TEST_F(SanctionOutcomesTest, ABasicGroupIsRememberedToAllowNoMutes) {
  const auto out =
      answer(pending_mute(), false, "Bad Request: method is available only for supergroups");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(text_of(out[0]).find("Telegram allows this in supergroups only"), std::string::npos);
  const auto rights = community_.find_group("telegram", "-100")->bot;
  EXPECT_EQ(rights.can_mute, false);
  const core::capabilities telegram{true, true, true, true, true};
  EXPECT_FALSE(telegram.in_chat(rights).mute_with_duration);
  EXPECT_TRUE(telegram.in_chat(rights).kick);  // kicks and bans work in basic groups
}

TEST_F(SanctionOutcomesTest, QuietFailuresAreLoggedButNotTold) {
  auto c = pending_mute();
  c.kind = "delete";
  c.quiet = true;  // an earlier part of a flood: the message's own removal speaks for it
  EXPECT_TRUE(answer(c, false, "Bad Request: message can't be deleted").empty());
  EXPECT_EQ(entry().status, "failed");
}

TEST_F(SanctionOutcomesTest, OtherPurposesAreNotItsBusiness) {
  EXPECT_TRUE(
      outcomes_.follow_up({"telegram", "-100", "invite_link", "1:2", "{}", 2, true}, adapter_)
          .empty());
}

TEST(ModerationLogSettle, PendingUntilEveryCallAnsweredAndFailedIfAnyFailed) {
  testing::temp_store temp;
  storage::community_store community(temp.db());
  storage::moderation_store log(temp.db());
  const auto group = community.ensure_group({"telegram", "-1", "G", true}, "UTC", 1).id;
  storage::moderation_entry e;
  e.group_id = group;
  e.rule = "word";
  e.action = "mute";
  e.taken = "delete, mute";
  e.pending_calls = 2;
  const auto id = log.log(e);
  EXPECT_EQ(log.recent_log(0, 1)[0].status, "pending");
  log.settle(id, "mute failed: x");
  EXPECT_EQ(log.recent_log(0, 1)[0].status, "failed");
  log.settle(id, "");  // the delete went through later: still a failed decision
  EXPECT_EQ(log.recent_log(0, 1)[0].status, "failed");
  const auto ok = log.log(e);
  log.settle(ok, "");
  EXPECT_EQ(log.recent_log(0, 1)[0].status, "pending");
  log.settle(ok, "");
  EXPECT_EQ(log.recent_log(0, 1)[0].status, "done");
}

}  // namespace
}  // namespace steward::handlers
