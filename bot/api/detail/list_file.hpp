#pragma once

// Editing word and allow list files for the admin API (internal to bot/api).

#include <string>

#include "rules/word_list.hpp"

namespace steward::api {

/// Why an entry could not be written to a list file, or "" when it was.
struct list_edit {
  bool ok = false;
  std::string problem;  ///< "already listed", "not listed", or the file error
};

/// Adds `entry` (word, tag, action) as a line of the list file at `path`, keeping its comments.
/// The file is replaced atomically (written beside it, then renamed), so a reload never reads a
/// half-written list. Refuses a word the file already lists.
list_edit add_list_entry(const std::string& path, const rules::word_entry& entry);

/// Removes every line of the list file whose entry is `word`, keeping everything else.
list_edit remove_list_entry(const std::string& path, const std::string& word);

/// Checks a word an operator wants to list: not empty, one line, no tab, at most 100 characters.
/// Returns the problem or "".
std::string check_list_word(const std::string& word);

}  // namespace steward::api
