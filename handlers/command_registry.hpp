#pragma once

#include <string>
#include <vector>

#include "bot/core/command.hpp"

namespace steward::handlers {

/// Every chat command Steward answers, as the handlers declare them, in the order /help lists
/// them (default aliases; `core::with_aliases` applies the configured ones).
std::vector<core::command_spec> all_commands();

/// The README's command table for `section`: one row per command — its slash form with
/// arguments, its aliases, and what it does. `steward commands` prints these.
std::string command_reference_markdown(const std::vector<core::command_spec>& specs,
                                       core::command_section section);

/// The sections' names as the README's markers use them ("member", "community_admin",
/// "moderation").
const char* to_string(core::command_section section);

}  // namespace steward::handlers
