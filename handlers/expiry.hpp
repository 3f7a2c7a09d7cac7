#pragma once

#include <cstdint>

#include "storage/ledger_store.hpp"

namespace steward::handlers {

/// Points expire `days` after they were earned, oldest first: each run writes one "expire" ledger
/// row per member for what is left of their credits older than the cutoff. Runs on the core
/// thread's housekeeping, inside its transaction; running twice changes nothing.
class points_expiry {
 public:
  points_expiry(storage::ledger_store& ledger, std::int64_t days);

  /// Expires what is due at `now_s`; returns how many members lost points.
  int run(std::int64_t now_s);

 private:
  storage::ledger_store& ledger_;
  std::int64_t days_;
};

}  // namespace steward::handlers
