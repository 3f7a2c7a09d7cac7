#include "handlers/word_edits.hpp"

namespace steward::handlers {

std::vector<rules::word_edit> word_edits_in(storage::moderation_store& store) {
  std::vector<rules::word_edit> out;
  for (auto& row : store.word_edits()) {
    rules::word_edit edit;
    edit.id = row.id;
    edit.allow = row.list == "allow";
    edit.removed = row.removed;
    edit.entry.word = std::move(row.word);
    edit.entry.tag = std::move(row.tag);
    edit.entry.action = std::move(row.action);
    edit.actor = std::move(row.actor);
    edit.at = row.at;
    out.push_back(std::move(edit));
  }
  return out;
}

storage::word_list_edit stored_word_edit(const rules::word_edit& edit) {
  return {0,
          edit.allow ? "allow" : "words",
          edit.removed,
          edit.entry.word,
          edit.entry.tag,
          edit.entry.action,
          edit.actor,
          edit.at};
}

}  // namespace steward::handlers
