#include "storage/badge_store.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

namespace steward::storage {

badge_store::badge_store(database& db) : statements_(db) {}

bool badge_store::award(std::int64_t member_id, const std::string& badge,
                        const std::string& source_event, std::int64_t now_s) {
  auto& insert = statements_.get(
      "INSERT OR IGNORE INTO badges (member_id, badge, awarded_at, source_event) "
      "VALUES (?, ?, ?, ?)");
  insert.bind(1, static_cast<int64_t>(member_id));
  insert.bind(2, badge);
  insert.bind(3, static_cast<int64_t>(now_s));
  insert.bind(4, source_event);
  return insert.exec() == 1;
}

bool badge_store::has(std::int64_t member_id, const std::string& badge) {
  auto& query = statements_.get("SELECT 1 FROM badges WHERE member_id = ? AND badge = ?");
  query.bind(1, static_cast<int64_t>(member_id));
  query.bind(2, badge);
  return query.executeStep();
}

std::vector<std::string> badge_store::of(std::int64_t member_id) {
  auto& query =
      statements_.get("SELECT badge FROM badges WHERE member_id = ? ORDER BY awarded_at, badge");
  query.bind(1, static_cast<int64_t>(member_id));
  std::vector<std::string> out;
  while (query.executeStep())
    out.push_back(query.getColumn(0).getString());
  return out;
}

}  // namespace steward::storage
