#include "storage/schedule_store.hpp"

namespace steward::storage {

schedule_store::schedule_store(backend& db) : statements_(db) {}

std::optional<std::int64_t> schedule_store::last_run(const std::string& schedule_id,
                                                     std::int64_t group_id) {
  auto& query =
      statements_.get("SELECT last_run FROM schedule_runs WHERE schedule_id = ? AND group_id = ?");
  query.bind(1, schedule_id);
  query.bind(2, static_cast<int64_t>(group_id));
  if (!query.step()) return std::nullopt;
  return query.integer(0);
}

void schedule_store::set_last_run(const std::string& schedule_id, std::int64_t group_id,
                                  std::int64_t at) {
  auto& upsert = statements_.get(
      "INSERT INTO schedule_runs (schedule_id, group_id, last_run) VALUES (?, ?, ?) "
      "ON CONFLICT (schedule_id, group_id) DO UPDATE SET last_run = excluded.last_run");
  upsert.bind(1, schedule_id);
  upsert.bind(2, static_cast<int64_t>(group_id));
  upsert.bind(3, static_cast<int64_t>(at));
  upsert.run();
}

}  // namespace steward::storage
