#pragma once

#include <cstdint>
#include <map>
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

/// An operator's edit of the global word or allow list, kept in the database so that every
/// instance applies it over its own list files (they may differ, or not be shared at all).
struct word_edit {
  std::int64_t id = 0;   ///< edits apply in id order; a word's last edit decides
  bool allow = false;    ///< the allow list (else the word list)
  bool removed = false;  ///< the word is taken off the list (else it is put on it)
  word_entry entry;      ///< the word with its tag and action (file empty, line 0)
  std::string actor;     ///< who made the edit (api:<token name>)
  std::int64_t at = 0;
};

/// Each word's last edit of one list (`allow` picks which): the edit that decides the word.
std::map<std::string, const word_edit*> last_word_edits(const std::vector<word_edit>& edits,
                                                        bool allow);

/// Lays `edits` of one list (`allow` picks which) over the `entries` read from its files: a
/// word whose last edit removed it is dropped from every file; a word whose last edit added it
/// and that no file lists is appended (a file's own line, tag and action win when it lists
/// the word). Words are compared exactly, as in the files.
std::vector<word_entry> apply_word_edits(std::vector<word_entry> entries,
                                         const std::vector<word_edit>& edits, bool allow);

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
