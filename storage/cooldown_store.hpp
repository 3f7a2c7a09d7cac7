#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// When something that rests per chat last happened (FAQ answers): kept in the database so a
/// restart or a rolled-back update cannot shorten or lengthen the rest.
class cooldown_store {
 public:
  explicit cooldown_store(backend& db);
  /// When `key` of `kind` last happened, or nullopt.
  std::optional<std::int64_t> last(std::string_view kind, const std::string& key);
  /// Records that it happened at `at`.
  void record(std::string_view kind, const std::string& key, std::int64_t at);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
