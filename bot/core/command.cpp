#include "bot/core/command.hpp"

#include "bot/core/text.hpp"

namespace steward::core {

std::optional<parsed_command> parse_slash_command(std::string_view text) {
  text = trim_typed(text);
  if (text.size() < 2 || text.front() != '/') return std::nullopt;
  const auto [end, width] = find_typed_space(text);
  // "/checkin!" is /checkin: a command's name never ends in punctuation.
  std::string_view head = strip_closing_punctuation(
      text.substr(1, end == std::string_view::npos ? text.npos : end - 1));
  parsed_command out;
  if (const auto at = head.find('@'); at != std::string_view::npos) {
    out.addressee = std::string(head.substr(at + 1));
    head = head.substr(0, at);
  }
  if (head.empty()) return std::nullopt;
  out.name = ascii_lower(head);
  if (end != std::string_view::npos) out.args = std::string(trim_typed(text.substr(end + width)));
  return out;
}

command_table::command_table(std::map<std::string, std::vector<std::string>> aliases,
                             std::string bot_username)
    : configured_(std::move(aliases)), bot_username_(ascii_lower(bot_username)) {}

void command_table::add(std::string name, bool needs_admin_check, bool alias_args) {
  slash_[ascii_lower(name)] = name;
  if (needs_admin_check) admin_checked_.insert(name);
  if (alias_args) alias_args_.insert(name);
  if (auto it = configured_.find(name); it != configured_.end()) {
    for (const auto& word : it->second) {
      // Slash forms like "/qd" are extra slash names; anything else is a bare word.
      if (word.size() > 1 && word.front() == '/') {
        slash_[ascii_lower(std::string_view(word).substr(1))] = name;
      } else {
        alias_[ascii_lower(trim(word))] = name;
      }
    }
  }
}

std::optional<command_match> command_table::match(std::string_view text) const {
  if (auto slash = parse_slash_command(text)) {
    if (!slash->addressee.empty() && !bot_username_.empty() &&
        ascii_lower(slash->addressee) != bot_username_) {
      return std::nullopt;  // "/checkin@other_bot" is for another bot in the same group
    }
    auto it = slash_.find(slash->name);
    if (it == slash_.end()) return std::nullopt;
    return command_match{it->second, slash->args, language::en,
                         admin_checked_.contains(it->second)};
  }
  // People type "签到！", "签到。" or "签到　": spaces of any width and closing punctuation
  // around a whole-message alias do not change it.
  // ascii_lower keeps byte offsets, so positions in `message` are positions in `original`.
  const std::string_view original = trim_typed(text);
  const std::string message = ascii_lower(original);
  std::string args;
  auto it = alias_.find(strip_closing_punctuation(message));
  if (it == alias_.end()) {
    const auto [space, width] = find_typed_space(message);
    if (space == std::string::npos) return std::nullopt;
    it = alias_.find(std::string_view(message).substr(0, space));
    if (it == alias_.end() || !alias_args_.contains(it->second)) return std::nullopt;
    args = std::string(trim_typed(original.substr(space + width)));
  }
  return command_match{it->second, args, has_non_ascii(it->first) ? language::zh : language::en,
                       admin_checked_.contains(it->second)};
}

}  // namespace steward::core
