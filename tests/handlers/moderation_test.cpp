#include "handlers/moderation.hpp"

#include <gtest/gtest.h>

#include "handlers/confirmation.hpp"
#include "handlers/say.hpp"
#include "storage/community_store.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::handlers {
namespace {

/// The moderation handler on a real database, with platform capabilities under test control.
class ModerationHandlerTest : public ::testing::Test {
 protected:
  explicit ModerationHandlerTest(int newcomer_messages = 0)
      : community_(temp_.db()),
        store_(temp_.db()),
        engine_(config(newcomer_messages)),
        ladder_(store_, engine_.config()),
        handler_(
            engine_, store_, ladder_, [this](const std::string&) { return caps_; },
            built_in_book()) {}

  static rules::rules_config config(int newcomer_messages) {
    rules::rules_config cfg;
    cfg.newcomer_messages = newcomer_messages;
    cfg.rules["phone"] = {true, "mute", 600, false};
    return cfg;
  }

  handler_result post(const std::string& text, std::int64_t at = 1'800'000'000,
                      std::optional<bool> is_admin = false,
                      std::optional<core::command_match> command = std::nullopt,
                      std::int64_t now = 0) {
    if (now == 0) now = at;
    const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", at);
    const auto member = community_.ensure_member(group.id, {"7", "Ann", "", false, {}}, at);
    core::chat_event event;
    event.platform = "telegram";
    event.event_id = "u" + std::to_string(++events_);
    event.chat = {"telegram", "-100", "G", true};
    event.author = {"7", "Ann", "", false, is_admin};
    event.text = text;
    event.message_id = std::to_string(events_);
    event.timestamp = at;
    const auto today = core::local_day_at(at, "UTC");
    auto result = handler_.handle({event, group, member, command, now, at, *today});
    community_.record_message(member.id, at,
                              member.present);  // as the pipeline counts it, after the handlers
    return result;
  }

  std::string last_taken() {
    const auto log = store_.recent_log(0, 1);
    return log.empty() ? "" : log[0].taken;
  }

  testing::temp_store temp_;
  storage::community_store community_;
  storage::moderation_store store_;
  rules::rules_engine engine_;
  escalation_ladder ladder_;
  core::capabilities caps_{true, true, true, true, true};
  moderation_handler handler_;
  int events_ = 0;
};

TEST_F(ModerationHandlerTest, MuteIsAnnouncedOnlyThroughItsConfirmation) {
  const auto result = post("call 13800138000", 1'800'000'000);
  EXPECT_TRUE(result.consumed);
  ASSERT_EQ(result.actions.size(), 2u);  // delete and restrict; no notice before Telegram agrees
  EXPECT_TRUE(std::holds_alternative<core::delete_message>(result.actions[0].body));
  const auto& mute = std::get<core::restrict_member>(result.actions[1].body);
  EXPECT_EQ(mute.user_id, "7");
  EXPECT_EQ(mute.until, 1'800'000'000 + 600);
  EXPECT_EQ(result.actions[1].purpose, confirm_purpose);
  const auto c = read_confirmation(result.actions[1].purpose_ref);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->kind, "mute");
  EXPECT_NE(c->notice.find("Ann is muted until 2027-01-15 08:10 UTC"), std::string::npos);
  const auto log = store_.recent_log(0, 1);
  EXPECT_EQ(log[0].taken, "delete, mute until 1800000600");
  EXPECT_EQ(log[0].status, "pending");
  EXPECT_EQ(log[0].pending_calls, 2);
  EXPECT_EQ(c->log_id, log[0].id);
}

TEST_F(ModerationHandlerTest, MuteRunsFromWhenStewardActsNotFromTheMessageDate) {
  // An edit of a two-day-old message: its date would put the end in the past (Telegram: forever).
  const std::int64_t now = 1'800'000'000;
  const auto result = post("call 13800138000", now - 2 * 86400, false, std::nullopt, now);
  ASSERT_EQ(result.actions.size(), 2u);
  EXPECT_EQ(std::get<core::restrict_member>(result.actions[1].body).until, now + 600);
}

TEST_F(ModerationHandlerTest, PlatformThatCannotMuteAnnouncesNoMute) {
  caps_.mute_with_duration = false;
  const auto result = post("call 13800138000");
  ASSERT_EQ(result.actions.size(), 1u);  // the delete only: no restrict call, no "muted" notice
  EXPECT_TRUE(std::holds_alternative<core::delete_message>(result.actions[0].body));
  EXPECT_EQ(last_taken(), "delete, delete (fallback: cannot mute)");
}

TEST_F(ModerationHandlerTest, RightsTheBotLacksInTheGroupAreNotAttempted) {
  const auto group = community_.ensure_group({"telegram", "-100", "G", true}, "UTC", 1);
  community_.learn_bot_rights(group.id, {true, true, false, true, std::nullopt});
  const auto result = post("call 13800138000");
  ASSERT_EQ(result.actions.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<core::delete_message>(result.actions[0].body));
  EXPECT_EQ(last_taken(), "delete, delete (fallback: cannot mute)");
}

TEST_F(ModerationHandlerTest, PlatformThatCannotDeleteOnlyFlags) {
  caps_.delete_others_messages = false;
  caps_.mute_with_duration = false;
  const auto result = post("call 13800138000");
  EXPECT_FALSE(result.consumed);
  EXPECT_NE(last_taken().find("flag (fallback: cannot delete)"), std::string::npos);
}

TEST_F(ModerationHandlerTest, AdminsAreExemptAndUnknownStatusIsNot) {
  EXPECT_TRUE(post("call 13800138000", 1'800'000'000, true).actions.empty());
  EXPECT_FALSE(post("call 13800138000", 1'800'000'000, std::nullopt).actions.empty());
}

TEST_F(ModerationHandlerTest, CommandsAreNeverFloodOrDuplicates) {
  const core::command_match checkin{"checkin", "", core::language::en};
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(post("/checkin", 1'800'000'000 + i, false, checkin).actions.empty()) << i;
  }
  // The same burst as plain text is flooding (6 in 10 s by default).
  bool acted = false;
  for (int i = 0; i < 10; ++i)
    acted = acted || !post("checkin", 1'800'000'100 + i).actions.empty();
  EXPECT_TRUE(acted);
}

TEST_F(ModerationHandlerTest, EveryMessageIsKeptForReplay) {
  post("hello there");
  post("call 13800138000");
  EXPECT_EQ(store_.messages_since(0).size(), 2u);
}

// The first `newcomer_messages` messages are read with the stricter rules, this one included; 0
// turns the window off.
class NewcomerWindowTest : public ModerationHandlerTest {
 protected:
  NewcomerWindowTest() : ModerationHandlerTest(2) {}
};

TEST_F(NewcomerWindowTest, ExactlyTheFirstNMessagesAreStricter) {
  EXPECT_FALSE(post("see https://example.com/a", 1'800'000'000).actions.empty());  // 1st
  EXPECT_FALSE(post("see https://example.com/b", 1'800'000'100).actions.empty());  // 2nd
  EXPECT_TRUE(post("see https://example.com/c", 1'800'000'200).actions.empty());   // 3rd: flag only
  EXPECT_EQ(store_.messages_since(0).size(), 3u);
  EXPECT_TRUE(store_.messages_since(0)[1].newcomer);
  EXPECT_FALSE(store_.messages_since(0)[2].newcomer);
}

TEST_F(ModerationHandlerTest, ZeroNewcomerMessagesTurnsTheWindowOff) {
  EXPECT_TRUE(post("see https://example.com/a").actions.empty());  // flagged, not removed
}

TEST_F(ModerationHandlerTest, ExemptMembersMessagesAreNotKeptForReplay) {
  post("call 13800138000", 1'800'000'000, true);
  EXPECT_TRUE(store_.messages_since(0).empty());
}

}  // namespace
}  // namespace steward::handlers
