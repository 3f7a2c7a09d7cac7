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

/// Who may use a command. Admins are the group's administrators and `moderation.admin_ids`.
enum class command_role { member, admin };

/// Where a command is listed in /help and the README's command reference.
enum class command_section { member, community_admin, moderation };

/// One chat command as the handler that answers it declares it: the registry's entry, from which
/// the command table, /help, config validation and the README's command reference are built.
struct command_spec {
  std::string name;        ///< canonical and slash name ("checkin")
  std::string owner = {};  ///< the answering handler's name() ("checkin")
  command_role role = command_role::member;
  command_section section = command_section::member;
  /// Words that invoke it as the whole message ("签到"); "/x" entries are extra slash names.
  /// These are the defaults; `[commands] name = [...]` replaces them.
  std::vector<std::string> aliases = {};
  /// Its bare-word aliases may be followed by arguments ("兑换 mug"); otherwise an alias counts
  /// only as the whole message, so ordinary sentences never trigger it.
  bool alias_args = false;
  /// Words that invoke it whatever `[commands]` says ("/start": Telegram's start button).
  std::vector<std::string> fixed_aliases = {};
  /// A member command whose answer depends on the author being an admin (`/timezone <zone>`),
  /// so the author's admin status is looked up first. Admin commands always are.
  bool checks_admin = false;
  /// Arguments after the slash form: "[points|streak] [week|month|all]".
  std::string usage_en = {};
  std::string usage_zh = {};  ///< arguments after the Chinese alias: "[积分|签到] [本周|本月|全部]"
  std::string help_en = {};    ///< one line for /help
  std::string help_zh = {};    ///< 同上，中文
  std::string reference = {};  ///< the README's "what it does" (Markdown); help_en when empty
};

/// A command recognised by the command table.
struct command_match {
  std::string name;  ///< canonical name ("checkin")
  std::string args;
  language lang = language::en;
  bool needs_admin_check = false;  ///< the handler decides by the author's admin status
  std::string word = {};  ///< the command as the member would write it again ("/mute", "禁言")
};

/// The registry with the configured aliases applied: `overrides` maps a command's name to the
/// words that replace its default aliases.
std::vector<command_spec> with_aliases(
    std::vector<command_spec> specs,
    const std::map<std::string, std::vector<std::string>>& overrides);

/// A slash command meant for this bot that no command answers, and the command it was likely
/// meant to be.
struct unknown_command {
  std::string word;     ///< as written, without the @bot suffix ("/givepoints")
  std::string nearest;  ///< the closest slash name ("/give"), or empty when none is close
};

/// A word that would invoke two commands (or an alias nobody can type: `second` empty).
struct alias_collision {
  std::string word;    ///< as written ("积分", "/points")
  std::string first;   ///< the command that has it already
  std::string second;  ///< the command that claims it too
  /// One sentence for an operator: what is wrong and what to do.
  std::string describe() const;
};

/// The words in `specs` that would be ambiguous: an alias or "/x" name used by two commands
/// (a command's own name counts as its slash name), and empty aliases.
std::vector<alias_collision> alias_collisions(const std::vector<command_spec>& specs);

/// Maps slash commands and bare-word aliases ("签到") to canonical command names.
class command_table {
 public:
  /// `bot_username` (without '@'): commands addressed to another bot are ignored.
  explicit command_table(std::string bot_username = "");
  /// A table of every command in `specs` (with their aliases as given).
  command_table(const std::vector<command_spec>& specs, std::string bot_username);

  /// Registers `spec`: reachable as /name, its "/x" aliases and its bare-word aliases.
  void add(command_spec spec);
  /// Recognises a command in a message's text, or nullopt.
  std::optional<command_match> match(std::string_view text) const;
  /// A slash command in `text` that no command answers, when it is meant for this bot: addressed
  /// to it ("/givepoints@steward_bot"), or, unless `addressed_only`, not addressed to another
  /// bot. Groups pass `addressed_only`: "/ban" alone there may be another bot's command.
  std::optional<unknown_command> unknown(std::string_view text, bool addressed_only) const;
  /// The registered commands, in registration order, with the aliases in effect.
  const std::vector<command_spec>& specs() const { return specs_; }

 private:
  std::vector<command_spec> specs_;
  std::map<std::string, std::string> slash_;               // lower-case slash name → canonical
  std::map<std::string, std::string, std::less<>> alias_;  // alias word → canonical
  std::set<std::string> admin_checked_;
  std::set<std::string> alias_args_;
  std::string bot_username_;
};

}  // namespace steward::core
