#include "storage/leaderboard_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "storage/community_store.hpp"
#include "storage/database.hpp"
#include "storage/detail/board_queries.hpp"
#include "tests/support/temp_database.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::storage {
namespace {

// A member's place counts the members ahead of them in the board's partial index: with a
// condition SQLite cannot match to the index's, it reads every counted member's row instead
// (~130 ms for the last of 100,000 members, on the core thread).
// The first rows are the index's first entries: a sort would read every member tied with the
// last one shown.
TEST(LeaderboardStoreTest, PlacesAreCountedInTheBoardsIndex) {
  if (std::string(testing::temp_store::kind()) != "sqlite") GTEST_SKIP() << "SQLite's plans";
  testing::temp_database temp;
  const auto plan_of = [&](const char* sql) {
    SQLite::Statement plan(temp.db().native(), std::string("EXPLAIN QUERY PLAN ") + sql);
    std::string steps;
    while (plan.executeStep())
      steps += plan.getColumn(3).getString() + "\n";
    return steps;
  };
  const auto ahead = plan_of(detail::members_ahead_sql);
  EXPECT_NE(ahead.find("INDEX members_on_board"), std::string::npos) << ahead;
  const auto top = plan_of(detail::board_top_sql);
  EXPECT_NE(top.find("INDEX members_on_board"), std::string::npos) << top;
  EXPECT_EQ(top.find("TEMP B-TREE"), std::string::npos) << top;
}

// The balance board is read through members_on_board (its first rows and a count of those
// ahead) instead of the whole group: it must show exactly what the whole ranking shows.
TEST(LeaderboardStoreTest, TheBalanceBoardAgreesWithTheWholeRankingForEveryMember) {
  testing::temp_store temp;
  auto& db = temp.db();
  db.execute(
      "INSERT INTO groups (id, platform, chat_id, title, time_zone, created_at) VALUES "
      "(1, 'telegram', '-100', 'G', 'UTC', 1), (2, 'telegram', '-200', 'H', 'UTC', 1)");
  std::mt19937 random(7);
  const int members = 300;
  for (int i = 1; i <= members; ++i) {
    const int group = i % 7 == 0 ? 2 : 1;
    const int points = static_cast<int>(random() % 12);  // many ties, some zero
    const bool hidden = random() % 5 == 0;
    const bool bot = random() % 23 == 0;
    const char* status = random() % 11 == 0 ? "left" : "member";
    db.execute(
        "INSERT INTO members (id, group_id, user_id, display_name, first_seen, points, "
        "hidden, is_bot, status) VALUES (" +
        std::to_string(i) + ", " + std::to_string(group) + ", 'u" + std::to_string(i) + "', 'M" +
        std::to_string(i) + "', 1, " + std::to_string(points) + ", " +
        std::to_string(hidden ? 1 : 0) + ", " + std::to_string(bot ? 1 : 0) + ", '" + status +
        "')");
  }
  leaderboard_store boards(db);
  community_store community(db);
  const std::size_t top = 10;
  const auto whole = boards.ranking(1, board_metric::points, 0, 0, 0);
  ASSERT_GT(whole.size(), top);
  int on_board = 0;
  for (int id = 1; id <= members; ++id) {
    if (id % 7 == 0) continue;  // the other group
    board_view expected;
    std::int64_t visible = 0;
    for (const auto& row : whole) {
      if (row.member_id == id) {
        expected.own_place = visible + 1;
        expected.own_value = row.value;
      }
      if (!row.hidden && static_cast<std::size_t>(++visible) <= top) expected.top.push_back(row);
    }
    const auto seen = boards.view(1, board_metric::points, 0, 0, 0, id, top);
    ASSERT_EQ(seen.top.size(), expected.top.size());
    for (std::size_t i = 0; i < top; ++i) {
      EXPECT_EQ(seen.top[i].member_id, expected.top[i].member_id) << i;
      EXPECT_EQ(seen.top[i].value, expected.top[i].value) << i;
    }
    EXPECT_EQ(seen.own_place, expected.own_place) << "member " << id;
    EXPECT_EQ(seen.own_value, expected.own_value) << "member " << id;
    if (expected.own_place == 0) continue;
    ++on_board;
    // /points gives the same place.
    const auto points = db.query_int("SELECT points FROM members WHERE id = " + std::to_string(id));
    EXPECT_EQ(community.rank_by_points(1, id, points), expected.own_place) << "member " << id;
    // So does the list of the member's groups in a private chat.
    const auto groups = community.memberships("telegram", "u" + std::to_string(id));
    if (db.query_int("SELECT status = 'member' FROM members WHERE id = " + std::to_string(id))) {
      ASSERT_EQ(groups.size(), 1u) << "member " << id;
      EXPECT_EQ(groups[0].rank, expected.own_place) << "member " << id;
    }
  }
  EXPECT_GT(on_board, 100);
}

}  // namespace
}  // namespace steward::storage
