#include "storage/leaderboard_store.hpp"

#include "storage/detail/board_queries.hpp"

namespace steward::storage {

namespace {

// Each query yields (member id, name, value, hidden) for group ?1, best first. Members who left or
// were removed are not on any board; they are again when they come back (status 'member').
constexpr const char* balance_sql =
    "SELECT id, display_name, points, hidden FROM members WHERE group_id = ?1 AND " STEWARD_ON_BOARD
    " ORDER BY points DESC, id";
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
    "GROUP BY m.id HAVING SUM(d.messages) > 0 ORDER BY v DESC, m.id";
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

// A member's balance and whether they are on the balance board at all.
constexpr const char* own_balance_sql =
    "SELECT points FROM members WHERE id = ?1 AND group_id = ?2 AND " STEWARD_ON_BOARD;

}  // namespace

leaderboard_store::leaderboard_store(backend& db) : statements_(db) {}

board_view leaderboard_store::view(std::int64_t group_id, board_metric metric, std::int64_t since_s,
                                   std::int64_t since_day, std::int64_t today,
                                   std::int64_t member_id, std::size_t top) {
  if (metric == board_metric::points && since_s == 0) return balance_view(group_id, member_id, top);
  // Places count visible members only; the member's own place counts those ahead of them.
  board_view out;
  std::int64_t visible = 0;
  for (auto& row : ranking(group_id, metric, since_s, since_day, today)) {
    if (row.member_id == member_id) {
      out.own_place = visible + 1;
      out.own_value = row.value;
    }
    if (row.hidden) continue;
    if (static_cast<std::size_t>(++visible) <= top) out.top.push_back(std::move(row));
  }
  return out;
}

board_view leaderboard_store::balance_view(std::int64_t group_id, std::int64_t member_id,
                                           std::size_t top) {
  board_view out;
  auto& first = statements_.get(detail::board_top_sql);
  first.bind(1, static_cast<int64_t>(group_id));
  first.bind(2, static_cast<int64_t>(top));
  while (first.step()) {
    out.top.push_back({first.integer(0), first.text(1), first.integer(2), first.integer(3) != 0});
  }
  auto& own = statements_.get(own_balance_sql);
  own.bind(1, static_cast<int64_t>(member_id));
  own.bind(2, static_cast<int64_t>(group_id));
  if (!own.step()) return out;
  out.own_value = own.integer(0);
  own.reset();
  auto& ahead = statements_.get(detail::members_ahead_sql);
  ahead.bind(1, static_cast<int64_t>(group_id));
  ahead.bind(2, static_cast<int64_t>(member_id));
  ahead.bind(3, static_cast<int64_t>(out.own_value));
  ahead.step();
  out.own_place = 1 + ahead.integer(0);
  return out;
}

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
  while (query.step()) {
    rows.push_back({query.integer(0), query.text(1), query.integer(2), query.integer(3) != 0});
  }
  return rows;
}

}  // namespace steward::storage
