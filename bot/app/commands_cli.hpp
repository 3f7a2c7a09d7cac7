#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace steward::app {

/// `steward commands`: the chat commands in effect (`aliases`: the configured replacements) as
/// the README's command reference — one Markdown table per section, each between
/// `<!-- commands:SECTION -->` and `<!-- /commands -->` — or, with `json`, one object per
/// command (name, role, section, aliases, usage and help in both languages). Returns 0.
int print_commands(const std::map<std::string, std::vector<std::string>>& aliases, bool json,
                   std::ostream& out);

}  // namespace steward::app
