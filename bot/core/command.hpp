#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

/// A slash command split into its parts: "/CheckIn@steward_bot  hi" → {"checkin", "steward_bot",
/// "hi"}.
struct parsed_command {
  std::string name;       ///< lower-case, without '/' and without the @bot suffix
  std::string addressee;  ///< the @bot suffix without '@' (empty when absent)
  std::string args;       ///< the rest, trimmed
};

/// Parses text that starts with '/'; nullopt for anything else (or a bare "/").
std::optional<parsed_command> parse_slash_command(std::string_view text);

/// The language a command was asked in, so the answer can use the same one.
enum class language { en, zh };

/// A command recognised by the command table.
struct command_match {
  std::string name;  ///< canonical name ("checkin")
  std::string args;
  language lang = language::en;
  bool needs_admin_check = false;  ///< the handler decides by the author's admin status
};

/// Maps slash commands and bare-word aliases ("签到") to canonical command names.
class command_table {
 public:
  /// `aliases` maps a canonical name to extra words that invoke it when sent as the whole message.
  /// `bot_username` (without '@'): commands addressed to another bot are ignored.
  command_table(std::map<std::string, std::vector<std::string>> aliases, std::string bot_username);

  /// Registers a canonical command reachable as /name. `needs_admin_check`: the net layer looks
  /// up whether the author administers the group before the command is handled. `alias_args`:
  /// its bare-word aliases may be followed by arguments ("兑换 mug"); otherwise an alias counts
  /// only as the whole message, so ordinary sentences never trigger it.
  void add(std::string name, bool needs_admin_check = false, bool alias_args = false);
  /// Recognises a command in a message's text, or nullopt.
  std::optional<command_match> match(std::string_view text) const;

 private:
  std::map<std::string, std::string> slash_;               // lower-case slash name → canonical
  std::map<std::string, std::string, std::less<>> alias_;  // alias word → canonical
  std::set<std::string> admin_checked_;
  std::set<std::string> alias_args_;
  std::map<std::string, std::vector<std::string>> configured_;
  std::string bot_username_;
};

}  // namespace steward::core
