#include "storage/checkin_store.hpp"

namespace steward::storage {

checkin_store::checkin_store(backend& db) : statements_(db) {}

std::optional<checkin_row> checkin_store::latest(std::int64_t member_id) {
  auto& query = statements_.get(
      "SELECT local_day, day_iso, streak, points FROM checkins WHERE member_id = ? "
      "ORDER BY local_day DESC LIMIT 1");
  query.bind(1, static_cast<int64_t>(member_id));
  if (!query.step()) return std::nullopt;
  return checkin_row{query.integer(0), query.text(1), query.integer(2), query.integer(3)};
}

bool checkin_store::insert(std::int64_t member_id, const checkin_row& row,
                           const std::string& event_id, std::int64_t now_s) {
  auto& insert = statements_.get(
      "INSERT INTO checkins (member_id, local_day, day_iso, streak, points, event_id, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  insert.bind(1, static_cast<int64_t>(member_id));
  insert.bind(2, static_cast<int64_t>(row.local_day));
  insert.bind(3, row.day_iso);
  insert.bind(4, static_cast<int64_t>(row.streak));
  insert.bind(5, static_cast<int64_t>(row.points));
  insert.bind(6, event_id);
  insert.bind(7, static_cast<int64_t>(now_s));
  return insert.run() == 1;
}

bool checkin_store::claim_repeat_notice(std::int64_t member_id, std::int64_t local_day,
                                        std::int64_t now_s, std::int64_t cooldown_s) {
  auto& update = statements_.get(
      "UPDATE checkins SET repeat_notified_at = ?3 WHERE member_id = ?1 AND local_day = ?2 AND "
      "(repeat_notified_at IS NULL OR repeat_notified_at <= ?3 - ?4)");
  update.bind(1, static_cast<int64_t>(member_id));
  update.bind(2, static_cast<int64_t>(local_day));
  update.bind(3, static_cast<int64_t>(now_s));
  update.bind(4, static_cast<int64_t>(cooldown_s));
  return update.run() == 1;
}

}  // namespace steward::storage
