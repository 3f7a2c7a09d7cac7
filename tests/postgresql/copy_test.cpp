#include "storage/postgresql/copy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "storage/database.hpp"
#include "storage/postgresql/connection.hpp"
#include "tests/postgresql/pg_test_schema.hpp"
#include "tests/support/temp_database.hpp"

namespace steward::storage::postgresql {
namespace {

// A small community with what a copy must carry: a group merged into a later one (a foreign
// key to a row copied after it), text with tabs, newlines, backslashes and quotes, NULLs, a
// real, points backed by the ledger, a sold-out item.
void seed(database& db) {
  db.execute(R"sql(
INSERT INTO groups (id, platform, chat_id, title, time_zone, merged_into, created_at)
  VALUES (1, 'telegram', '-1', 'old', 'UTC', NULL, 0), (2, 'telegram', '-100', 'new', 'UTC', NULL, 0);
UPDATE groups SET merged_into = 2 WHERE id = 1;
INSERT INTO members (id, group_id, user_id, display_name, first_seen, points, last_active)
  VALUES (1, 2, '7', 'Ann	"the\first"
line two', 0, 15, NULL), (2, 2, '8', 'Bo', 0, 0, 5);
INSERT INTO ledger (member_id, delta, reason, idempotency_key, created_at)
  VALUES (1, 10, 'checkin', 'k1', 0), (1, 20, 'checkin', 'k2', 0), (1, -15, 'redeem', 'k3', 0);
INSERT INTO member_tiers (member_id, group_id, tier, score, since) VALUES (1, 2, 'core', 0.1, 0);
INSERT INTO shop_items (id, name, price, stock) VALUES ('mug', 'Mug', 15, 1);
INSERT INTO redemptions (code, item_id, member_id, price, event_id, created_at, updated_at)
  VALUES ('C1', 'mug', 1, 15, 'e', 0, 0);
)sql");
}

std::int64_t count(connection& db, const std::string& table) {
  return db.query("SELECT count(*) FROM " + table).integer(0, 0);
}

TEST(CopyToPostgres, MovesACommunityAndChecksIt) {
  testing::temp_database sqlite;
  seed(sqlite.db());
  testing::pg_test_schema schema;
  auto pg = schema.connect();
  const auto report = copy_to_postgresql(sqlite.db(), *pg);
  EXPECT_TRUE(report.problems.empty());
  EXPECT_EQ(report.rows, 2 + 2 + 3 + 1 + 1 + 1);
  EXPECT_EQ(report.members_checked, 2);
  EXPECT_EQ(report.items_checked, 1);
  const auto position = [&](const std::string& table) {
    return std::find_if(report.tables.begin(), report.tables.end(),
                        [&](const auto& t) { return t.first == table; }) -
           report.tables.begin();
  };
  EXPECT_LT(position("groups"), position("members"));
  EXPECT_LT(position("members"), position("ledger"));
  EXPECT_LT(position("shop_items"), position("redemptions"));

  auto ann = pg->query("SELECT display_name, last_active IS NULL FROM members WHERE id = 1");
  EXPECT_EQ(ann.text(0, 0), "Ann\t\"the\\first\"\nline two");
  EXPECT_EQ(ann.text(0, 1), "t");
  EXPECT_EQ(pg->query("SELECT merged_into FROM groups WHERE id = 1").integer(0, 0), 2);
  EXPECT_EQ(pg->query("SELECT score FROM member_tiers").text(0, 0), "0.1");
  EXPECT_EQ(pg->query("SELECT sum(delta) FROM ledger").integer(0, 0), 15);
  // New rows continue after the copied ids.
  EXPECT_EQ(pg->query("INSERT INTO ledger (member_id, delta, reason, idempotency_key, "
                      "created_at) VALUES (2, 0, 'x', 'k4', 0) RETURNING id")
                .integer(0, 0),
            4);
}

TEST(CopyToPostgres, AnInconsistentSourceLeavesNothingBehind) {
  testing::temp_database sqlite;
  seed(sqlite.db());
  sqlite.db().execute("UPDATE members SET points = 99 WHERE id = 2");
  sqlite.db().execute(
      "INSERT INTO redemptions (code, item_id, member_id, price, event_id, created_at, "
      "updated_at) VALUES ('C2', 'mug', 2, 15, 'e2', 0, 0)");
  testing::pg_test_schema schema;
  auto pg = schema.connect();
  const auto report = copy_to_postgresql(sqlite.db(), *pg);
  ASSERT_EQ(report.problems.size(), 2u);
  EXPECT_EQ(report.problems[0], "member 2: balance 99, but the ledger sums to 0");
  EXPECT_EQ(report.problems[1], "item mug: stock 1, but 2 redeemed");
  EXPECT_EQ(count(*pg, "groups"), 0);
  EXPECT_EQ(count(*pg, "ledger"), 0);
}

TEST(CopyToPostgres, RefusesATargetThatHoldsACommunity) {
  testing::temp_database sqlite;
  seed(sqlite.db());
  testing::pg_test_schema schema;
  auto pg = schema.connect();
  ASSERT_TRUE(copy_to_postgresql(sqlite.db(), *pg).problems.empty());
  try {
    copy_to_postgresql(sqlite.db(), *pg);
    FAIL() << "copied twice into the same database";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("already holds a community (table groups has rows)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(count(*pg, "ledger"), 3);  // the first copy, untouched
}

TEST(CopyToPostgres, RefusesASourceAtAnOlderSchema) {
  testing::temp_database latest;
  database_settings settings;
  settings.path = latest.path() + ".old";
  settings.synchronous = "NORMAL";
  {
    database old(settings);
    old.migrate_to(database::latest_schema_version() - 1);
    testing::pg_test_schema schema;
    auto pg = schema.connect();
    try {
      copy_to_postgresql(old, *pg);
      FAIL() << "copied an old schema";
    } catch (const error& e) {
      EXPECT_NE(std::string(e.what()).find("run `steward migrate` on it first"), std::string::npos)
          << e.what();
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(settings.path + suffix);
}

}  // namespace
}  // namespace steward::storage::postgresql
