#include "storage/badge_store.hpp"

namespace steward::storage {

badge_store::badge_store(backend& db) : statements_(db) {}

bool badge_store::award(std::int64_t member_id, const std::string& badge,
                        const std::string& source_event, std::int64_t now_s, bool untold) {
  auto& insert = statements_.get(
      "INSERT INTO badges (member_id, badge, awarded_at, source_event, untold, group_id) "
      "SELECT ?1, ?2, ?3, ?4, ?5, group_id FROM members WHERE id = ?1 ON CONFLICT DO NOTHING");
  insert.bind(5, untold ? 1 : 0);
  insert.bind(1, static_cast<int64_t>(member_id));
  insert.bind(2, badge);
  insert.bind(3, static_cast<int64_t>(now_s));
  insert.bind(4, source_event);
  return insert.run() == 1;
}

bool badge_store::has(std::int64_t member_id, const std::string& badge) {
  auto& query = statements_.get("SELECT 1 FROM badges WHERE member_id = ? AND badge = ?");
  query.bind(1, static_cast<int64_t>(member_id));
  query.bind(2, badge);
  return query.step();
}

std::vector<std::string> badge_store::of(std::int64_t member_id) {
  auto& query =
      statements_.get("SELECT badge FROM badges WHERE member_id = ? ORDER BY awarded_at, badge");
  query.bind(1, static_cast<int64_t>(member_id));
  std::vector<std::string> out;
  while (query.step())
    out.push_back(query.text(0));
  return out;
}

std::vector<badge_award> badge_store::take_untold(std::int64_t group_id) {
  auto& query = statements_.get(
      // Through the group's untold badges (badges_untold), not its members: a group's members
      // may be a million.
      "SELECT m.display_name, b.badge, b.awarded_at, b.member_id FROM badges b JOIN members m "
      "ON m.id = b.member_id WHERE b.untold = 1 AND b.group_id = ? "
      "ORDER BY b.awarded_at, m.id, b.badge");
  query.bind(1, static_cast<int64_t>(group_id));
  std::vector<badge_award> out;
  std::vector<std::int64_t> members;
  while (query.step()) {
    out.push_back({query.text(0), query.text(1), query.integer(2)});
    members.push_back(query.integer(3));
  }
  query.reset();
  auto& told = statements_.get(
      "UPDATE badges SET untold = 0 WHERE member_id = ? AND badge = ? AND untold = 1");
  for (std::size_t i = 0; i < out.size(); ++i) {
    told.bind(1, static_cast<int64_t>(members[i]));
    told.bind(2, out[i].badge);
    told.run();
    told.reset();
  }
  if (!out.empty()) {
    // Told here (the daily digest): nothing waits for the pace any more.
    auto& paced = statements_.get("UPDATE badge_pace SET waiting = 0 WHERE group_id = ?");
    paced.bind(1, static_cast<int64_t>(group_id));
    paced.run_later();
  }
  return out;
}

void badge_store::mark_told(std::int64_t member_id, const std::string& badge) {
  auto& told = statements_.get("UPDATE badges SET untold = 0 WHERE member_id = ? AND badge = ?");
  told.bind(1, static_cast<int64_t>(member_id));
  told.bind(2, badge);
  told.run_later();
}

bool badge_store::take_announcement(std::int64_t member_id, std::int64_t at, std::int64_t every_s) {
  // The conflict's condition is checked against the row as the other instance committed it
  // (PostgreSQL locks the row and re-reads it under READ COMMITTED): never two announcements.
  auto& take = statements_.get(
      "INSERT INTO badge_pace (group_id, announced_at) SELECT group_id, ?2 FROM members "
      "WHERE id = ?1 ON CONFLICT (group_id) DO UPDATE SET announced_at = excluded.announced_at "
      "WHERE badge_pace.announced_at <= excluded.announced_at - ?3");
  take.bind(1, static_cast<int64_t>(member_id));
  take.bind(2, static_cast<int64_t>(at));
  take.bind(3, static_cast<int64_t>(every_s));
  return take.run() == 1;
}

void badge_store::record_announcement(std::int64_t member_id, std::int64_t at) {
  auto& record = statements_.get(
      "INSERT INTO badge_pace (group_id, announced_at) SELECT group_id, ?2 FROM members "
      "WHERE id = ?1 ON CONFLICT (group_id) DO UPDATE SET announced_at = excluded.announced_at");
  record.bind(1, static_cast<int64_t>(member_id));
  record.bind(2, static_cast<int64_t>(at));
  record.run_later();
}

void badge_store::wait_for_pace(std::int64_t member_id) {
  auto& wait = statements_.get(
      "UPDATE badge_pace SET waiting = 1 WHERE waiting = 0 AND group_id = "
      "(SELECT group_id FROM members WHERE id = ?)");
  wait.bind(1, static_cast<int64_t>(member_id));
  wait.run_later();
}

std::vector<paced_group> badge_store::take_paced(std::int64_t now_s, std::int64_t every_s,
                                                 int most) {
  auto& due = statements_.get(
      "SELECT p.group_id, g.platform, g.chat_id FROM badge_pace p JOIN groups g "
      "ON g.id = p.group_id WHERE p.waiting = 1 AND p.announced_at <= ? "
      "ORDER BY p.announced_at, p.group_id LIMIT ?");
  due.bind(1, static_cast<int64_t>(now_s - every_s));
  due.bind(2, most);
  std::vector<paced_group> found;
  while (due.step())
    found.push_back({due.integer(0), due.text(1), due.text(2)});
  due.reset();
  // Taken one by one: a badge paced meanwhile by another instance (the row re-read as it
  // committed) counts as told only if this statement takes it.
  auto& take = statements_.get(
      "UPDATE badge_pace SET waiting = 0, announced_at = ? "
      "WHERE group_id = ? AND waiting = 1 AND announced_at <= ?");
  std::vector<paced_group> out;
  for (auto& group : found) {
    take.bind(1, static_cast<int64_t>(now_s));
    take.bind(2, static_cast<int64_t>(group.group_id));
    take.bind(3, static_cast<int64_t>(now_s - every_s));
    const bool taken = take.run() == 1;
    take.reset();
    if (taken) out.push_back(std::move(group));
  }
  return out;
}

}  // namespace steward::storage
