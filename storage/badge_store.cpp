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
  return out;
}

}  // namespace steward::storage
