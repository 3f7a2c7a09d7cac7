#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// An operator entry saved through the admin API (an FAQ entry or a scheduled post) as JSON.
struct content_entry {
  std::string kind;  ///< "faq" or "schedule"
  std::string id;
  std::optional<std::string> spec;  ///< the entry as JSON; nullopt: removed
  std::string author;
  std::int64_t updated_at = 0;
};

/// FAQ entries and scheduled posts saved through the admin API. Their history is in the audit
/// log (before and after of every write).
class content_store {
 public:
  explicit content_store(backend& db);
  /// Saves (or removes, with no spec) the entry of that kind and id.
  void put(const content_entry& entry);
  /// Every saved entry of a kind, removals included, by id.
  std::vector<content_entry> all(const std::string& kind);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
