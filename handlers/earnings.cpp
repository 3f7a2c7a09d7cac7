#include "handlers/earnings.hpp"

#include <algorithm>

namespace steward::handlers {

earnings::earnings(storage::ledger_store& ledger, storage::activity_store& activity,
                   std::int64_t daily_cap)
    : ledger_(ledger), activity_(activity), daily_cap_(daily_cap) {}

earnings::credit earnings::earn(std::int64_t member_id, std::int64_t amount,
                                const std::string& reason, const std::string& source_event,
                                const std::string& key, std::int64_t local_day, std::int64_t at) {
  if (daily_cap_ > 0) {
    amount = std::min(
        amount, std::max<std::int64_t>(0, daily_cap_ - activity_.earned_on(member_id, local_day)));
  }
  if (amount <= 0) return {0, ledger_.balance(member_id)};
  // Earned by the member's own doing (a check-in, a message), under the rules.
  const auto balance =
      ledger_.append({member_id, amount, reason, source_event, key, at, "member", ""});
  if (!balance) return {0, ledger_.balance(member_id)};
  activity_.add_earned(member_id, local_day, amount);
  return {amount, *balance};
}

}  // namespace steward::handlers
