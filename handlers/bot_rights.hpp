#pragma once

#include <optional>

#include "bot/core/action.hpp"
#include "bot/core/chat_event.hpp"
#include "bot/core/command.hpp"

namespace steward::handlers {

/// What to tell a group when the bot's own status changed there (it was added, promoted or had
/// rights taken away): the rights it needs and lacks, said once per change of what is missing,
/// and thanks once nothing is. nullopt when there is nothing new to say (or the bot left).
std::optional<core::action> rights_notice(const core::chat_event& event,
                                          const core::bot_rights& before, core::language lang);

}  // namespace steward::handlers
