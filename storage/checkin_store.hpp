#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// One member's check-in on one local day.
struct checkin_row {
  std::int64_t local_day = 0;  ///< days since 1970-01-01 in the group's time zone
  std::string day_iso;
  std::int64_t streak = 0;
  std::int64_t points = 0;
};

/// Daily check-ins; (member, local day) is the primary key, so a second one cannot exist.
class checkin_store {
 public:
  explicit checkin_store(backend& db);

  /// The member's most recent check-in, if any.
  std::optional<checkin_row> latest(std::int64_t member_id);
  /// Inserts the check-in; false if the member already has one on that day.
  bool insert(std::int64_t member_id, const checkin_row& row, const std::string& event_id,
              std::int64_t now_s);
  /// Claims the right to answer a repeated check-in on `local_day`: true at most once per
  /// `cooldown_s`, so fifty rapid repeats get one answer, not fifty.
  bool claim_repeat_notice(std::int64_t member_id, std::int64_t local_day, std::int64_t now_s,
                           std::int64_t cooldown_s);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
