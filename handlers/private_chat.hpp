#pragma once

#include <optional>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/chat_event.hpp"
#include "bot/core/command.hpp"
#include "handlers/template_book.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// A member talking to the bot one-to-one. A private chat is not a group: it gets no group
/// state, no welcome, no ranks and no scheduled posts. /start and /help say what Steward does and
/// where; /points (积分) lists the member's standing in each of their groups; other commands say
/// they work in a group; a slash command Steward does not have names the nearest one it does.
/// Plain messages get no answer.
class private_chat_handler {
 public:
  /// `commands`: the table in effect, for commands it has no answer for; must outlive this.
  private_chat_handler(storage::community_store& community, const core::command_table& commands,
                       const template_book& book);

  /// The answer to one private event (empty: none).
  std::vector<core::action> handle(const core::chat_event& event,
                                   const std::optional<core::command_match>& command);

 private:
  std::string introduction(const core::chat_event& event, core::language lang);
  std::string standings(const core::chat_event& event, core::language lang);

  storage::community_store& community_;
  const core::command_table& commands_;
  const template_book& book_;
};

}  // namespace steward::handlers
