#include "storage/event_store.hpp"

namespace steward::storage {

event_store::event_store(backend& db) : statements_(db) {}

bool event_store::record(const std::string& platform, const std::string& update_id,
                         std::int64_t now_s) {
  auto& insert = statements_.get(
      "INSERT INTO processed_events (platform, update_id, received_at) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  insert.bind(1, platform);
  insert.bind(2, update_id);
  insert.bind(3, static_cast<int64_t>(now_s));
  return insert.run() == 1;
}

int event_store::prune(std::int64_t before_s) {
  auto& erase = statements_.get("DELETE FROM processed_events WHERE received_at < ?");
  erase.bind(1, static_cast<int64_t>(before_s));
  return erase.run();
}

}  // namespace steward::storage
