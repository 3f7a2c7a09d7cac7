#include "storage/leaderboard_store.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

namespace steward::storage {

namespace {

// Each query yields (member id, name, value, hidden) for group ?1, best first. Members who left or
// were removed are not on any board; they are again when they come back (status 'member').
constexpr const char* balance_sql =
    "SELECT id, display_name, points, hidden FROM members WHERE group_id = ?1 AND is_bot = 0 "
    "AND status = 'member' AND points > 0 ORDER BY points DESC, id";
// Earned points: credits only, and not the ones that merely return or move earlier points.
constexpr const char* earned_sql =
    "SELECT m.id, m.display_name, SUM(l.delta) AS v, m.hidden FROM ledger l JOIN members m ON "
    "m.id = l.member_id WHERE m.group_id = ?1 AND m.is_bot = 0 AND m.status = 'member' AND l.delta "
    "> 0 AND l.reason NOT "
    "IN ('refund', 'group_merge') AND l.created_at >= ?2 GROUP BY m.id ORDER BY v DESC, m.id";
constexpr const char* activity_sql =
    "SELECT m.id, m.display_name, SUM(d.messages) AS v, m.hidden FROM member_days d JOIN members "
    "m ON m.id = d.member_id WHERE m.group_id = ?1 AND m.is_bot = 0 AND m.status = 'member' "
    "AND d.local_day >= ?3 "
    "GROUP BY m.id HAVING v > 0 ORDER BY v DESC, m.id";
constexpr const char* streak_sql =
    "SELECT m.id, m.display_name, c.streak, m.hidden FROM members m JOIN checkins c ON "
    "c.member_id = m.id WHERE m.group_id = ?1 AND m.is_bot = 0 AND m.status = 'member' AND "
    "c.local_day >= ?4 - 1 AND "
    "c.local_day = (SELECT MAX(local_day) FROM checkins WHERE member_id = m.id) "
    "ORDER BY c.streak DESC, m.id";

// Days checked in since local day ?3 (the streak board of a week or a month).
constexpr const char* checkin_days_sql =
    "SELECT m.id, m.display_name, COUNT(*) AS v, m.hidden FROM checkins c JOIN members m ON "
    "m.id = c.member_id WHERE m.group_id = ?1 AND m.is_bot = 0 AND m.status = 'member' AND "
    "c.local_day >= ?3 GROUP BY m.id ORDER BY v DESC, m.id";
constexpr const char* invites_sql =
    "SELECT m.id, m.display_name, COUNT(*) AS v, m.hidden FROM invites i JOIN members m ON "
    "m.id = i.inviter_id WHERE m.group_id = ?1 AND m.status = 'member' AND i.state = 'credited' "
    "AND i.credited_at >= ?2 "
    "GROUP BY m.id ORDER BY v DESC, m.id";

}  // namespace

leaderboard_store::leaderboard_store(database& db) : statements_(db) {}

std::vector<board_row> leaderboard_store::ranking(std::int64_t group_id, board_metric metric,
                                                  std::int64_t since_s, std::int64_t since_day,
                                                  std::int64_t today) {
  const char* sql = metric == board_metric::streak         ? streak_sql
                    : metric == board_metric::checkin_days ? checkin_days_sql
                    : metric == board_metric::activity     ? activity_sql
                    : metric == board_metric::invites      ? invites_sql
                    : since_s > 0                          ? earned_sql
                                                           : balance_sql;
  auto& query = statements_.get(sql);
  query.bind(1, static_cast<int64_t>(group_id));
  if (sql == earned_sql || sql == invites_sql) query.bind(2, static_cast<int64_t>(since_s));
  if (sql == activity_sql || sql == checkin_days_sql) {
    query.bind(3, static_cast<int64_t>(since_day));
  }
  if (sql == streak_sql) query.bind(4, static_cast<int64_t>(today));
  std::vector<board_row> rows;
  while (query.executeStep()) {
    rows.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                    query.getColumn(2).getInt64(), query.getColumn(3).getInt() != 0});
  }
  return rows;
}

}  // namespace steward::storage
