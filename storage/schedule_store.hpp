#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// When each scheduled post last ran (or was skipped) in each group.
class schedule_store {
 public:
  explicit schedule_store(backend& db);
  /// The last run of a schedule in a group, or nullopt if it never ran there.
  std::optional<std::int64_t> last_run(const std::string& schedule_id, std::int64_t group_id);
  /// Records a run (or a skipped one) at `at`.
  void set_last_run(const std::string& schedule_id, std::int64_t group_id, std::int64_t at);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
