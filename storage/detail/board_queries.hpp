#pragma once

namespace steward::storage::detail {

/// The condition of the `members_on_board` index (schema v25): the members the balance board can
/// show. A query uses that partial index only if its WHERE repeats these terms word for word.
#define STEWARD_ON_BOARD "is_bot = 0 AND status = 'member' AND points > 0"

/// The first ?2 shown members of group ?1's balance board (id, name, points, hidden): the first
/// entries of `members_on_board` (group_id, points DESC, id, hidden), in its order — no sort,
/// however many members are tied with the last one shown.
inline constexpr const char* board_top_sql =
    "SELECT id, display_name, points, hidden FROM members WHERE group_id = ?1 AND " STEWARD_ON_BOARD
    " AND hidden = 0 ORDER BY points DESC, id LIMIT ?2";

/// How many shown members of group ?1 are ahead of member ?2 holding ?3 points on the balance
/// board (more points, or as many and an earlier row): a range of `members_on_board` from the top
/// down to ?3, counted in the index alone — never the rows of the members counted.
inline constexpr const char* members_ahead_sql =
    "SELECT COUNT(*) FROM members WHERE group_id = ?1 AND points >= greatest(?3, 1) "
    "AND " STEWARD_ON_BOARD " AND hidden = 0 AND id != ?2 AND (points > ?3 OR id < ?2)";

}  // namespace steward::storage::detail
