#include "handlers/bot_rights.hpp"

#include <gtest/gtest.h>

#include "handlers/say.hpp"

namespace steward::handlers {
namespace {

core::chat_event status(core::bot_rights rights, bool present = true) {
  core::chat_event e;
  e.platform = "telegram";
  e.chat = {"telegram", "-100", "G", true};
  e.kind = core::event_kind::bot_status_changed;
  e.bot_present = present;
  e.bot = rights;
  return e;
}

std::string text(const std::optional<core::action>& act) {
  return act ? std::get<core::send_message>(act->body).text : "";
}

TEST(BotRightsNotice, AddedAsPlainMemberAsksToBeAdmin) {
  const auto notice = rights_notice(status({false, false, false, false, std::nullopt}), {},
                                    core::language::en, built_in_book());
  EXPECT_NE(text(notice).find("make me an admin with the “Delete messages”, “Ban users”"),
            std::string::npos);
}

TEST(BotRightsNotice, SaidOncePerChangeOfWhatIsMissing) {
  const core::bot_rights lacking_ban{true, true, false, true, std::nullopt};
  const auto first = rights_notice(status(lacking_ban), {}, core::language::zh, built_in_book());
  EXPECT_NE(text(first).find("缺少“封禁用户”权限"), std::string::npos);
  EXPECT_FALSE(
      rights_notice(status(lacking_ban), lacking_ban, core::language::zh, built_in_book()));
  const auto fixed = rights_notice(status({true, true, true, true, std::nullopt}), lacking_ban,
                                   core::language::en, built_in_book());
  EXPECT_NE(text(fixed).find("every right I need"), std::string::npos);
}

TEST(BotRightsNotice, QuietWhenAddedWithEverythingOrRemoved) {
  EXPECT_FALSE(rights_notice(status({true, true, true, true, std::nullopt}), {}, core::language::en,
                             built_in_book()));
  EXPECT_FALSE(rights_notice(status({false, false, false, false, std::nullopt}, false), {},
                             core::language::en, built_in_book()));
}

}  // namespace
}  // namespace steward::handlers
