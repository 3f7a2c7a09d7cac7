#include "storage/postgresql/migrations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "storage/database.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/postgresql/describe.hpp"
#include "tests/postgresql/pg_test_schema.hpp"
#include "tests/support/temp_database.hpp"

namespace steward::storage::postgresql {
namespace {

bool has_line(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const auto& line) { return line.find(part) != std::string::npos; });
}

std::string listed(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines)
    out += "\n  " + line;
  return out;
}

TEST(PostgresMigrations, BuildTheLatestSchemaAndAreIdempotent) {
  testing::pg_test_schema schema;
  auto db = schema.connect();
  EXPECT_EQ(schema_version(*db), 0);
  const auto first = migrate(*db);
  EXPECT_EQ(first.from, 0);
  EXPECT_EQ(first.to, latest_schema_version());
  EXPECT_EQ(schema_version(*db), latest_schema_version());
  const auto second = migrate(*db);
  EXPECT_FALSE(second.applied());
  EXPECT_EQ(second.to, latest_schema_version());
  EXPECT_EQ(schema_version(*db), latest_schema_version());
  EXPECT_EQ(db->query("SELECT count(*) FROM steward_schema").integer(0, 0),
            static_cast<std::int64_t>(migrations().size()));
}

// One schema description per dialect: SQLite's migrations and PostgreSQL's must build the same
// tables, columns, keys and indexes at the same version.
TEST(PostgresMigrations, AgreeWithSqliteAtTheSameVersion) {
  EXPECT_EQ(latest_schema_version(), database::latest_schema_version())
      << "a new SQLite migration needs its PostgreSQL counterpart (storage/postgresql/"
         "migrations.cpp)";
  testing::temp_database sqlite;
  testing::pg_test_schema schema;
  auto pg = schema.connect();
  migrate(*pg);
  const auto from_sqlite = describe_schema(sqlite.db());
  const auto from_postgresql = postgresql::describe_schema(*pg);
  const auto differences = schema_differences(from_sqlite, "sqlite", from_postgresql, "postgresql");
  EXPECT_TRUE(differences.empty()) << listed(differences);

  // The descriptions are not empty on both sides (which would also agree).
  EXPECT_EQ(from_sqlite.tables.size(),
            static_cast<std::size_t>(sqlite.db().query_int(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                "'sqlite%'")));
  ASSERT_TRUE(from_postgresql.tables.count("members"));
  const auto& members = from_postgresql.tables.at("members");
  EXPECT_EQ(members.columns.at("status").default_value, "'member'");
  EXPECT_TRUE(members.columns.at("xp").not_null);
  EXPECT_EQ(members.unique, std::vector<std::string>{"group_id,user_id"});
  EXPECT_EQ(from_postgresql.indexes.at("members_on_board").columns,
            (std::vector<std::string>{"group_id", "points DESC", "id", "hidden"}));
  EXPECT_EQ(from_sqlite.indexes.at("members_by_username").columns,
            (std::vector<std::string>{"group_id", "lower(username)"}));
  EXPECT_EQ(from_sqlite.tables.at("ledger").triggers,
            (std::vector<std::string>{"ledger_no_delete", "ledger_no_update"}));
}

TEST(PostgresMigrations, TheComparisonNamesEveryKindOfDifference) {
  testing::temp_database sqlite;
  testing::pg_test_schema schema;
  auto pg = schema.connect();
  migrate(*pg);
  pg->execute(
      "ALTER TABLE members ADD COLUMN extra BIGINT;"
      "ALTER TABLE ledger ALTER COLUMN note DROP NOT NULL;"
      "ALTER TABLE outbox ALTER COLUMN attempts SET DEFAULT 1;"
      "ALTER TABLE cooldowns ALTER COLUMN at TYPE TEXT;"
      "DROP INDEX welcomes_owed; CREATE INDEX welcomes_owed ON welcomes (joined_at);"
      "DROP TRIGGER ledger_no_update ON ledger;"
      "DROP TABLE last_welcomes;");
  const auto differences = schema_differences(describe_schema(sqlite.db()), "sqlite",
                                              postgresql::describe_schema(*pg), "postgresql");
  EXPECT_TRUE(has_line(differences, "members.extra: only in postgresql")) << listed(differences);
  EXPECT_TRUE(has_line(differences, "ledger.note not null: yes in sqlite, no in postgresql"))
      << listed(differences);
  EXPECT_TRUE(has_line(differences, "outbox.attempts default: 0 in sqlite, 1 in postgresql"))
      << listed(differences);
  EXPECT_TRUE(has_line(differences, "cooldowns.at type: integer in sqlite, text in postgresql"))
      << listed(differences);
  EXPECT_TRUE(has_line(differences, "index welcomes_owed columns")) << listed(differences);
  EXPECT_TRUE(has_line(differences, "ledger triggers")) << listed(differences);
  EXPECT_TRUE(has_line(differences, "table last_welcomes: only in sqlite")) << listed(differences);
  EXPECT_EQ(differences.size(), 7u) << listed(differences);
}

TEST(PostgresMigrations, InstancesStartingTogetherMigrateOnce) {
  testing::pg_test_schema schema;
  std::vector<std::thread> instances;
  std::vector<std::string> failures(4);
  std::atomic<int> applied{0};
  for (std::size_t i = 0; i < failures.size(); ++i) {
    instances.emplace_back([&, i] {
      try {
        auto db = schema.connect();
        if (migrate(*db).applied()) ++applied;
      } catch (const std::exception& e) {
        failures[i] = e.what();
      }
    });
  }
  for (auto& t : instances)
    t.join();
  for (const auto& f : failures)
    EXPECT_EQ(f, "");
  EXPECT_EQ(applied, 1);  // and the others say they found it current
  auto db = schema.connect();
  EXPECT_EQ(db->query("SELECT count(*), max(version) FROM steward_schema").integer(0, 0),
            static_cast<std::int64_t>(migrations().size()));
  EXPECT_EQ(schema_version(*db), latest_schema_version());
}

TEST(PostgresMigrations, ADatabaseNewerThanTheBuildIsRefusedUntouched) {
  testing::pg_test_schema schema;
  auto db = schema.connect();
  migrate(*db);
  db->query("INSERT INTO steward_schema (version) VALUES ($1)",
            {std::to_string(latest_schema_version() + 1)});
  try {
    migrate(*db);
    FAIL() << "a newer schema was accepted";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this build knows"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(schema_version(*db), latest_schema_version() + 1);
  // The connection is usable after the refusal (its transaction was rolled back).
  EXPECT_EQ(db->query("SELECT 1").integer(0, 0), 1);
}

TEST(PostgresSchema, TheLedgerAndTemplateHistoryAreAppendOnly) {
  testing::pg_test_schema schema;
  auto db = schema.connect();
  migrate(*db);
  db->execute(
      "INSERT INTO groups (platform, chat_id, time_zone, created_at) VALUES "
      "('telegram', '-100', 'UTC', 0);"
      "INSERT INTO members (group_id, user_id, first_seen) VALUES (1, '7', 0);"
      "INSERT INTO ledger (member_id, delta, reason, idempotency_key, created_at) VALUES "
      "(1, 5, 'checkin', 'k1', 0);");
  for (const char* change : {"UPDATE ledger SET delta = 50", "DELETE FROM ledger"}) {
    try {
      db->execute(change);
      ADD_FAILURE() << change << " was allowed";
    } catch (const error& e) {
      EXPECT_NE(std::string(e.what()).find("the points ledger is append-only"), std::string::npos)
          << e.what();
    }
  }
  EXPECT_EQ(db->query("SELECT sum(delta) FROM ledger").integer(0, 0), 5);
  db->execute(
      "INSERT INTO template_versions (scope, key, version, text, author, created_at) VALUES "
      "('global', 'welcome', 1, 'hi', 'op', 0)");
  EXPECT_THROW(db->execute("DELETE FROM template_versions"), error);
}

}  // namespace
}  // namespace steward::storage::postgresql
