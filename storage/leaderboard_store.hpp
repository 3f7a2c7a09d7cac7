#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// What a leaderboard ranks: points (balance, or earned in a period), current check-in streaks,
/// check-in days in a period, messages in a period, credited invites.
enum class board_metric { points, streak, checkin_days, activity, invites };

/// One member's place on a board.
struct board_row {
  std::int64_t member_id = 0;
  std::string name;
  std::int64_t value = 0;
  bool hidden = false;
};

/// What a board shows one member: its first visible rows and where the member stands.
struct board_view {
  std::vector<board_row> top;  ///< the best visible (not hidden) rows, best first
  std::int64_t own_place = 0;  ///< 1 + the visible members ahead; 0: not on the board
  std::int64_t own_value = 0;
};

/// Read-only ranking queries for leaderboards.
class leaderboard_store {
 public:
  explicit leaderboard_store(backend& db);

  /// Everyone in the group with a non-zero value, best first. Points count what was earned since
  /// `since_s` (0 = the current balance); activity counts messages since local day `since_day`;
  /// streaks are current ones (last check-in on `today` or the day before); invites count those
  /// credited since `since_s`.
  std::vector<board_row> ranking(std::int64_t group_id, board_metric metric, std::int64_t since_s,
                                 std::int64_t since_day, std::int64_t today);
  /// The board of ranking(...) as `member_id` sees it: its first `top` visible rows and the
  /// member's own place (hidden members see theirs). The balance board is read through
  /// members_on_board — the first rows and a count of those ahead — not the whole group.
  board_view view(std::int64_t group_id, board_metric metric, std::int64_t since_s,
                  std::int64_t since_day, std::int64_t today, std::int64_t member_id,
                  std::size_t top);

 private:
  /// view() of the balance board, through members_on_board.
  board_view balance_view(std::int64_t group_id, std::int64_t member_id, std::size_t top);
  statement_cache statements_;
};

}  // namespace steward::storage
