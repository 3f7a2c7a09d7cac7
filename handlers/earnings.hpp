#pragma once

#include <cstdint>
#include <string>

#include "storage/activity_store.hpp"
#include "storage/ledger_store.hpp"

namespace steward::handlers {

/// Points a member earns by taking part (check-ins, activity, invites): written to the ledger
/// with an idempotency key and limited by a daily cap per member. Admin grants bypass the cap.
class earnings {
 public:
  /// `daily_cap` 0 means no cap.
  earnings(storage::ledger_store& ledger, storage::activity_store& activity,
           std::int64_t daily_cap);

  /// What a credit came to.
  struct credit {
    std::int64_t awarded = 0;  ///< may be less than asked (cap) or 0 (cap reached, key reused)
    std::int64_t balance = 0;
  };

  /// Credits up to `amount` on `local_day`.
  credit earn(std::int64_t member_id, std::int64_t amount, const std::string& reason,
              const std::string& source_event, const std::string& key, std::int64_t local_day,
              std::int64_t at);

 private:
  storage::ledger_store& ledger_;
  storage::activity_store& activity_;
  std::int64_t daily_cap_;
};

}  // namespace steward::handlers
