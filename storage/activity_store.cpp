#include "storage/activity_store.hpp"

namespace steward::storage {

activity_store::activity_store(backend& db) : statements_(db) {}

void activity_store::count_message(std::int64_t member_id, std::int64_t local_day) {
  auto& upsert = statements_.get(
      "INSERT INTO member_days (member_id, local_day, messages) VALUES (?, ?, 1) "
      "ON CONFLICT (member_id, local_day) DO UPDATE SET messages = member_days.messages + 1");
  upsert.bind(1, static_cast<int64_t>(member_id));
  upsert.bind(2, static_cast<int64_t>(local_day));
  upsert.run_later();
}

std::int64_t activity_store::earned_on(std::int64_t member_id, std::int64_t local_day) {
  auto& query =
      statements_.get("SELECT earned FROM member_days WHERE member_id = ? AND local_day = ?");
  query.bind(1, static_cast<int64_t>(member_id));
  query.bind(2, static_cast<int64_t>(local_day));
  return query.step() ? query.integer(0) : 0;
}

void activity_store::add_earned(std::int64_t member_id, std::int64_t local_day,
                                std::int64_t amount) {
  auto& upsert = statements_.get(
      "INSERT INTO member_days (member_id, local_day, earned) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (member_id, local_day) DO UPDATE SET earned = member_days.earned + ?3");
  upsert.bind(1, static_cast<int64_t>(member_id));
  upsert.bind(2, static_cast<int64_t>(local_day));
  upsert.bind(3, static_cast<int64_t>(amount));
  upsert.run_later();
}

std::optional<std::int64_t> activity_store::award_xp(std::int64_t member_id, std::int64_t amount,
                                                     std::int64_t now_s, std::int64_t cooldown_s) {
  // No RETURNING (a temporary table per execution): the row is read back from the page cache.
  auto& update = statements_.get(
      "UPDATE members SET xp = xp + ?2, last_xp_at = ?3 WHERE id = ?1 AND "
      "(last_xp_at = 0 OR last_xp_at <= ?3 - ?4)");
  update.bind(1, static_cast<int64_t>(member_id));
  update.bind(2, static_cast<int64_t>(amount));
  update.bind(3, static_cast<int64_t>(now_s));
  update.bind(4, static_cast<int64_t>(cooldown_s));
  if (update.run() == 0) return std::nullopt;
  auto& read = statements_.get("SELECT xp FROM members WHERE id = ?");
  read.bind(1, static_cast<int64_t>(member_id));
  read.step();
  return read.integer(0);
}

}  // namespace steward::storage
