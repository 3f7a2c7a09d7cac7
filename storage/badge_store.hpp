#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// Badges members hold; each badge at most once per member.
class badge_store {
 public:
  explicit badge_store(database& db);

  /// Awards a badge; false if the member already had it (so it is announced once).
  bool award(std::int64_t member_id, const std::string& badge, const std::string& source_event,
             std::int64_t now_s);
  /// Whether the member holds the badge.
  bool has(std::int64_t member_id, const std::string& badge);
  /// The member's badges in the order they were earned.
  std::vector<std::string> of(std::int64_t member_id);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
