// care_store: the reads behind the weekly and monthly reviews.

#include "storage/care_store.hpp"
#include "storage/detail/optional_column.hpp"

namespace steward::storage {

std::vector<top_member> care_store::top_members(std::int64_t group_id, std::int64_t from_day,
                                                std::int64_t to_day, int limit) {
  auto& query = statements_.get(
      "SELECT m.user_id, m.display_name, SUM(d.messages) AS n, COUNT(*) FROM members m JOIN "
      "member_days d ON d.member_id = m.id AND d.local_day BETWEEN ?2 AND ?3 AND d.messages > 0 "
      "WHERE m.group_id = ?1 AND m.is_bot = 0 AND m.hidden = 0 GROUP BY m.id "
      "ORDER BY n DESC, COUNT(*) DESC, m.id LIMIT ?4");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_day));
  query.bind(3, static_cast<int64_t>(to_day));
  query.bind(4, limit);
  std::vector<top_member> out;
  while (query.step()) {
    out.push_back({query.text(0), query.text(1), query.integer(2), query.integer(3)});
  }
  return out;
}

newcomer_count care_store::newcomers(std::int64_t group_id, std::int64_t from_s,
                                     std::int64_t to_s) {
  auto& query = statements_.get(
      "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'member') FROM members WHERE group_id = ? "
      "AND "
      "is_bot = 0 AND joined_at >= ? AND joined_at < ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_s));
  query.bind(3, static_cast<int64_t>(to_s));
  query.step();
  newcomer_count out{query.integer(0), query.integer(1)};
  query.reset();
  return out;
}

tier_movement care_store::tier_moves(std::int64_t group_id, std::int64_t from_s,
                                     std::int64_t to_s) {
  // Ranks: core 2, potential 1, base 0.
  auto& query = statements_.get(
      "WITH c AS (SELECT from_tier IS NULL AS first, "
      "CASE from_tier WHEN 'core' THEN 2 WHEN 'potential' THEN 1 ELSE 0 END AS was, "
      "CASE to_tier WHEN 'core' THEN 2 WHEN 'potential' THEN 1 ELSE 0 END AS now "
      "FROM tier_changes WHERE group_id = ? AND at >= ? AND at < ?) "
      "SELECT COUNT(*) FILTER (WHERE NOT first AND now > was), COUNT(*) FILTER (WHERE NOT first "
      "AND now < was), COUNT(*) FILTER (WHERE first) FROM c");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_s));
  query.bind(3, static_cast<int64_t>(to_s));
  query.step();
  tier_movement out{query.integer(0), query.integer(1), query.integer(2)};
  query.reset();
  return out;
}

std::pair<std::int64_t, std::int64_t> care_store::warnings_in(std::int64_t group_id,
                                                              std::int64_t from_s,
                                                              std::int64_t to_s) {
  auto& query = statements_.get(
      "SELECT COUNT(DISTINCT member_id), COUNT(DISTINCT CASE WHEN returned_at IS NOT NULL THEN "
      "member_id END) FROM churn_warnings WHERE group_id = ? AND warned_at >= ? AND warned_at < "
      "?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_s));
  query.bind(3, static_cast<int64_t>(to_s));
  query.step();
  std::pair<std::int64_t, std::int64_t> out{query.integer(0), query.integer(1)};
  query.reset();
  return out;
}

std::optional<std::int64_t> care_store::first_counted_day(std::int64_t group_id) {
  auto& query = statements_.get("SELECT MIN(local_day) FROM group_hours WHERE group_id = ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.step();
  auto out = detail::optional_int(query, 0);
  query.reset();
  return out;
}

}  // namespace steward::storage
