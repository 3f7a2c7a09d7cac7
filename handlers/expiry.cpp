#include "handlers/expiry.hpp"

#include <spdlog/spdlog.h>

#include <string>

#include "bot/core/log.hpp"

namespace steward::handlers {

points_expiry::points_expiry(storage::ledger_store& ledger, std::int64_t days)
    : ledger_(ledger), days_(days) {}

int points_expiry::run(std::int64_t now_s) {
  if (days_ <= 0) return 0;
  const std::int64_t cutoff = now_s - days_ * 86400;
  int members = 0;
  for (const auto& [member_id, amount] : ledger_.expirable(cutoff)) {
    const std::string key = "expire:" + std::to_string(member_id) + ":" + std::to_string(cutoff);
    if (ledger_.append({member_id, -amount, "expire", "", key, now_s})) ++members;
  }
  if (members > 0) {
    core::log_info("points.expired", "points expired", {core::field("members", members)});
  }
  return members;
}

}  // namespace steward::handlers
