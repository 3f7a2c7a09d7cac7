#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace steward::rules {

/// A rule file could not be used; the message names the file, the line and the problem.
class rules_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One line of a word list: `word` or `word<TAB>tag<TAB>action`.
struct word_entry {
  std::string word;
  std::string tag;     ///< empty: the list's default
  std::string action;  ///< empty: the rule's default
  std::string file;
  int line = 0;
};

/// The actions a rule may ask for, mildest first.
inline const std::vector<std::string>& action_names() {
  static const std::vector<std::string> names{"allow", "flag", "delete", "warn",
                                              "mute",  "kick", "ban"};
  return names;
}
/// Whether `name` is an action a rule may ask for ("allow" is not).
bool is_rule_action(const std::string& name);

/// Reads a word (or allow) list: one entry a line, `#` starts a comment line, blank lines are
/// skipped, fields are separated by tabs. Throws rules_error for an unreadable file, an unknown
/// action or too many fields.
std::vector<word_entry> read_word_list(const std::string& path);

/// One line of a regex list: `pattern` or `pattern<TAB>tag<TAB>action`.
struct regex_entry {
  std::string pattern;
  std::string tag;
  std::string action;
  std::string file;
  int line = 0;
};
/// Reads a regex list in the same format; patterns are checked when the rules are compiled.
std::vector<regex_entry> read_regex_list(const std::string& path);

}  // namespace steward::rules
