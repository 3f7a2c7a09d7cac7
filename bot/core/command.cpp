#include "bot/core/command.hpp"

#include <algorithm>
#include <limits>

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

std::vector<command_spec> with_aliases(
    std::vector<command_spec> specs,
    const std::map<std::string, std::vector<std::string>>& overrides) {
  for (auto& spec : specs) {
    if (auto it = overrides.find(spec.name); it != overrides.end()) spec.aliases = it->second;
  }
  return specs;
}

namespace {

// True when the author's admin status must be known before `spec` is answered.
bool needs_admin_check(const command_spec& spec) {
  return spec.role == command_role::admin || spec.checks_admin;
}

// "/Qd" → "qd" (a slash name); "签到 " → "签到" (a bare word): the key a word is looked up by.
std::pair<bool, std::string> alias_key(std::string_view word) {
  if (word.size() > 1 && word.front() == '/') return {true, ascii_lower(word.substr(1))};
  return {false, ascii_lower(trim(word))};
}

// Every word that invokes `spec`: its fixed aliases, then the configurable ones.
std::vector<std::string> all_words(const command_spec& spec) {
  std::vector<std::string> words = spec.fixed_aliases;
  words.insert(words.end(), spec.aliases.begin(), spec.aliases.end());
  return words;
}

// Optimal string alignment distance (a swap of neighbours counts as one edit), in bytes: slash
// names are ASCII.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t change = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + change});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// How far `written` is from the command `known`, or nullopt when it is not a plausible slip: a
// typo (one edit in a short name, two in a longer one), or one of them extending the other by a
// word ("/givepoints" for /give, "/check" for /checkin), counted after every typo.
std::optional<std::size_t> slip_distance(std::string_view written, std::string_view known) {
  const auto shorter = std::min(written.size(), known.size());
  const auto gap = std::max(written.size(), known.size()) - shorter;
  const bool extends = shorter >= 3 && written.substr(0, shorter) == known.substr(0, shorter);
  // The distance is at least the gap, and exactly the gap when one extends the other: a name
  // far longer than any command (a member may send thousands of letters) needs no table.
  constexpr std::size_t most_typos = 2;
  if (gap > most_typos) return extends ? std::optional<std::size_t>(10 + gap) : std::nullopt;
  const auto distance = edit_distance(written, known);
  if (distance <= (shorter <= 4 ? 1u : most_typos)) return distance;
  if (extends) return 10 + distance;
  return std::nullopt;
}

}  // namespace

std::string alias_collision::describe() const {
  if (second.empty()) return "an empty alias of /" + first + " can never be typed";
  return "\"" + word + "\" would invoke both /" + first + " and /" + second +
         "; give one of them another word";
}

std::vector<alias_collision> alias_collisions(const std::vector<command_spec>& specs) {
  std::map<std::pair<bool, std::string>, std::string> owner;  // key → command
  std::vector<alias_collision> found;
  for (const auto& spec : specs)
    owner[{true, ascii_lower(spec.name)}] = spec.name;
  for (const auto& spec : specs) {
    for (const auto& word : all_words(spec)) {
      const auto key = alias_key(word);
      if (key.second.empty()) {
        found.push_back({word, spec.name, ""});
        continue;
      }
      const auto [it, fresh] = owner.emplace(key, spec.name);
      if (!fresh && it->second != spec.name) found.push_back({word, it->second, spec.name});
    }
  }
  return found;
}

command_table::command_table(std::string bot_username) : bot_username_(ascii_lower(bot_username)) {}

command_table::command_table(const std::vector<command_spec>& specs, std::string bot_username)
    : command_table(std::move(bot_username)) {
  for (const auto& spec : specs)
    add(spec);
}

void command_table::add(command_spec spec) {
  const std::string& name = spec.name;
  slash_[ascii_lower(name)] = name;
  if (needs_admin_check(spec)) admin_checked_.insert(name);
  if (spec.alias_args) alias_args_.insert(name);
  for (const auto& word : all_words(spec)) {
    // A word two commands claim (refused by config validation) stays with the first.
    auto [slash, key] = alias_key(word);
    if (slash) {
      slash_.emplace(std::move(key), name);
    } else {
      alias_.emplace(std::move(key), name);
    }
  }
  specs_.push_back(std::move(spec));
}

std::optional<command_match> command_table::match(std::string_view text) const {
  if (auto slash = parse_slash_command(text)) {
    if (!slash->addressee.empty() && !bot_username_.empty() &&
        ascii_lower(slash->addressee) != bot_username_) {
      return std::nullopt;  // "/checkin@other_bot" is for another bot in the same group
    }
    auto it = slash_.find(slash->name);
    if (it == slash_.end()) return std::nullopt;
    return command_match{it->second, slash->args, language::en, admin_checked_.contains(it->second),
                         "/" + it->second};
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
                       admin_checked_.contains(it->second), it->first};
}

std::optional<unknown_command> command_table::unknown(std::string_view text,
                                                      bool addressed_only) const {
  const auto slash = parse_slash_command(text);
  if (!slash || slash_.contains(slash->name)) return std::nullopt;
  const bool to_us = !bot_username_.empty() && ascii_lower(slash->addressee) == bot_username_;
  if (!to_us && (addressed_only || !slash->addressee.empty())) return std::nullopt;
  unknown_command found{"/" + slash->name, ""};
  std::size_t best = std::numeric_limits<std::size_t>::max();
  for (const auto& [name, command] : slash_) {
    const auto distance = slip_distance(slash->name, name);
    if (distance && *distance < best) {
      best = *distance;
      found.nearest = "/" + name;
    }
  }
  return found;
}

}  // namespace steward::core
