#pragma once

#include <string>
#include <vector>

namespace steward::core {

/// What a handler's decision counts in /metrics.
enum class tally_kind {
  checkin,     ///< labels: platform
  redemption,  ///< labels: platform, item
  moderation,  ///< labels: rule, action (the verdict, before any fallback)
};

/// One thing to count, reported by a handler and counted only once the update that caused it
/// is committed (a rolled-back or redelivered update is never counted twice).
struct tally {
  tally_kind kind;
  std::vector<std::string> labels;
};

}  // namespace steward::core
