#pragma once

#include <cstdint>
#include <optional>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// Per-member, per-local-day activity (messages sent, points earned) and XP.
class activity_store {
 public:
  explicit activity_store(backend& db);

  /// Counts one message on the member's local day.
  void count_message(std::int64_t member_id, std::int64_t local_day);
  /// Points the member has earned (capped sources) on a local day.
  std::int64_t earned_on(std::int64_t member_id, std::int64_t local_day);
  /// Adds to the points earned on a local day.
  void add_earned(std::int64_t member_id, std::int64_t local_day, std::int64_t amount);
  /// Adds XP unless the member gained XP less than `cooldown_s` ago; returns the new XP total,
  /// or nullopt while cooling down.
  std::optional<std::int64_t> award_xp(std::int64_t member_id, std::int64_t amount,
                                       std::int64_t now_s, std::int64_t cooldown_s);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
