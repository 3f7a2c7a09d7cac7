#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/chat_event.hpp"
#include "bot/core/command.hpp"
#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// What to tell a group when the bot's own status changed there (it was added, promoted or had
/// rights taken away): the rights it needs and lacks, said once per change of what is missing,
/// and thanks once nothing is. nullopt when there is nothing new to say (or the bot left).
std::optional<core::action> rights_notice(const core::chat_event& event,
                                          const core::bot_rights& before, core::language lang,
                                          const template_book& book);

/// Stores what the platform answered when asked for the bot's rights in a group (ask_bot_rights)
/// and tells the group, once, which rights it lacks; also keeps the group titles and member
/// names that platforms whose events lack them answered (chat_title, member_name).
class bot_rights_answers : public follow_up_handler {
 public:
  /// `book`: the group's language and texts for the notice.
  bot_rights_answers(storage::community_store& community, const template_book& book);

  std::vector<core::action> follow_up(const delivery_answer& answer,
                                      const core::platform_adapter& platform) override;

 private:
  storage::community_store& community_;
  const template_book& book_;
};

}  // namespace steward::handlers
