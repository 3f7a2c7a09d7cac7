#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// A badge as awarded, with who earned it.
struct badge_award {
  std::string member_name;
  std::string badge;
  std::int64_t awarded_at = 0;
};

/// Badges members hold; each badge at most once per member.
class badge_store {
 public:
  explicit badge_store(backend& db);

  /// Awards a badge; false if the member already had it (so it is announced once). `untold`:
  /// it waits for the group's badge digest (take_untold).
  bool award(std::int64_t member_id, const std::string& badge, const std::string& source_event,
             std::int64_t now_s, bool untold = false);
  /// Whether the member holds the badge.
  bool has(std::int64_t member_id, const std::string& badge);
  /// The member's badges in the order they were earned.
  std::vector<std::string> of(std::int64_t member_id);
  /// The group's badges waiting for its digest, oldest first, marked told as they are returned.
  std::vector<badge_award> take_untold(std::int64_t group_id);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
