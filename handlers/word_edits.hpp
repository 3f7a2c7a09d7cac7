#pragma once

// Operators' edits of the global word and allow lists, read from the database for the rules.

#include <vector>

#include "rules/word_list.hpp"
#include "storage/moderation_store.hpp"

namespace steward::handlers {

/// Every stored edit of the global word and allow lists, oldest first, as the rules apply them.
std::vector<rules::word_edit> word_edits_in(storage::moderation_store& store);

/// The stored form of an edit (`edit.id` is left for the database to assign).
storage::word_list_edit stored_word_edit(const rules::word_edit& edit);

}  // namespace steward::handlers
