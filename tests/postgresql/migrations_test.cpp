#include "storage/postgresql/migrations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
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
  // Each step commits on its own, so with several steps more than one instance may apply some;
  // each step is applied once (one row per version, below) and every instance ends current.
  EXPECT_GE(applied, 1);
  auto db = schema.connect();
  EXPECT_EQ(db->query("SELECT count(*), max(version) FROM steward_schema").integer(0, 0),
            static_cast<std::int64_t>(migrations().size()));
  EXPECT_EQ(schema_version(*db), latest_schema_version());
}

TEST(PostgresMigrations, ADatabaseNewerByStepsThatOnlyAddIsServed) {
  testing::pg_test_schema schema;
  auto db = schema.connect();
  migrate(*db);
  const int newer = latest_schema_version() + 1;
  db->query("INSERT INTO steward_schema (version) VALUES ($1)", {std::to_string(newer)});
  const auto outcome = migrate(*db);
  EXPECT_TRUE(outcome.ahead_of_build);
  EXPECT_FALSE(outcome.applied());
  EXPECT_EQ(outcome.to, newer);
  EXPECT_EQ(require_servable(*db), newer);
}

// Databases migrated by builds before rolling upgrades have steward_schema without the column
// that says which steps break older builds.
TEST(PostgresMigrations, AVersionTableFromBeforeRollingUpgradesGainsItsColumn) {
  testing::pg_test_schema schema;
  auto db = schema.connect();
  db->execute(
      "CREATE TABLE steward_schema (version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL "
      "DEFAULT now())");
  db->query("INSERT INTO steward_schema (version) VALUES ($1)",
            {std::to_string(latest_schema_version())});
  EXPECT_FALSE(migrate(*db).applied());
  EXPECT_EQ(db->query("SELECT count(*) FROM steward_schema WHERE breaks_older = ''").integer(0, 0),
            1);
  EXPECT_EQ(require_servable(*db), latest_schema_version());
}

TEST(PostgresMigrations, ADatabaseNewerByABreakingStepIsRefusedUntouched) {
  testing::pg_test_schema schema;
  auto db = schema.connect();
  migrate(*db);
  const int adds = latest_schema_version() + 1;
  const int breaks = latest_schema_version() + 2;
  db->query("INSERT INTO steward_schema (version) VALUES ($1)", {std::to_string(adds)});
  db->query(
      "INSERT INTO steward_schema (version, breaks_older) VALUES ($1, 'drops members.legacy')",
      {std::to_string(breaks)});
  const auto expected = "step " + std::to_string(breaks) +
                        " drops members.legacy, which this build uses: run a build that knows "
                        "version " +
                        std::to_string(breaks);
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (attempt == 0) migrate(*db);
      if (attempt == 1) require_servable(*db);
      ADD_FAILURE() << "a schema this build cannot use was accepted";
    } catch (const error& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(schema_version(*db), breaks);
  // The connection is usable after the refusal (its transaction was rolled back).
  EXPECT_EQ(db->query("SELECT 1").integer(0, 0), 1);
}

// Rolling upgrades, played with two builds' steps over a table of their own: an older build
// (version 1) serving beside a newer one (version 2).
const std::vector<migration> older_build = {{1, "CREATE TABLE t (a BIGINT)"}};

std::vector<migration> newer_build(migration step) {
  auto steps = older_build;
  steps.push_back(step);
  return steps;
}

// What a serving instance holds: its name and the shared serving lock
// (storage/postgresql/lock_keys.hpp).
std::unique_ptr<connection> serving_instance(const testing::pg_test_schema& schema,
                                             const std::string& address) {
  auto db = schema.connect();
  db->query("SELECT set_config('application_name', $1, false)", {"steward " + address});
  db->query("SELECT pg_advisory_lock_shared(1398036292, 1000)");
  return db;
}

bool has_column(connection& db, const char* column) {
  return db.query(
               "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
               "current_schema() AND table_name = 't' AND column_name = $1",
               {column})
             .integer(0, 0) == 1;
}

TEST(RollingUpgrade, AStepThatOnlyAddsIsAppliedWhileOlderInstancesServe) {
  testing::pg_test_schema schema;
  auto old_instance = serving_instance(schema, "http://old");
  migrate(*old_instance, older_build);
  auto upgrader = schema.connect();
  const auto outcome =
      migrate(*upgrader, newer_build({2, "ALTER TABLE t ADD COLUMN b BIGINT NOT NULL DEFAULT 0"}));
  EXPECT_EQ(outcome.to, 2);
  EXPECT_TRUE(has_column(*upgrader, "b"));
  EXPECT_EQ(require_servable(*old_instance, 1), 2) << "the older build serves on";
  EXPECT_TRUE(migrate(*old_instance, older_build).ahead_of_build) << "and may restart";
}

TEST(RollingUpgrade, AStepThatBreaksOlderBuildsWaitsForEveryInstanceToStop) {
  testing::pg_test_schema schema;
  auto old_instance = serving_instance(schema, "http://old:8081");
  migrate(*old_instance, older_build);
  const auto newer = newer_build({2, "ALTER TABLE t DROP COLUMN a", "drops t.a"});
  auto upgrader = schema.connect();
  try {
    migrate(*upgrader, newer);
    FAIL() << "a breaking step was applied while an instance served";
  } catch (const error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("schema step 2 drops t.a"), std::string::npos) << what;
    EXPECT_NE(what.find("still serving: steward http://old:8081 (pid "), std::string::npos) << what;
    EXPECT_NE(what.find("Stop them, run `steward migrate`"), std::string::npos) << what;
  }
  EXPECT_EQ(schema_version(*upgrader), 1);
  EXPECT_TRUE(has_column(*upgrader, "a"));

  old_instance.reset();  // stopped: its session ends with its lock
  EXPECT_EQ(migrate(*upgrader, newer).to, 2);
  EXPECT_FALSE(has_column(*upgrader, "a"));
  // An older instance starting now is refused, and says what to run.
  auto restarted = schema.connect();
  try {
    migrate(*restarted, older_build);
    FAIL() << "an older build accepted a schema that broke it";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("step 2 drops t.a, which this build uses: run a build "
                                         "that knows version 2"),
              std::string::npos)
        << e.what();
  }
}

// An instance that connects while a breaking step is being applied waits for it, then sees the
// new version: it cannot begin serving the old schema under the step.
TEST(RollingUpgrade, AnInstanceConnectingDuringABreakingStepSeesItsOutcome) {
  testing::pg_test_schema schema;
  auto setup = schema.connect();
  migrate(*setup, older_build);
  std::string upgrade_failure;
  std::thread upgrade([&] {
    try {
      auto db = schema.connect();
      migrate(*db,
              newer_build({2, "SELECT pg_sleep(1); ALTER TABLE t DROP COLUMN a", "drops t.a"}));
    } catch (const std::exception& e) {
      upgrade_failure = e.what();
    }
  });
  // Wait until the step is being applied (its first statement sleeps).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool applying = false;
  while (!applying && std::chrono::steady_clock::now() < deadline) {
    applying = setup
                   ->query(
                       "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND "
                       "query LIKE 'SELECT pg_sleep(1); ALTER TABLE t%'")
                   .integer(0, 0) == 1;
    if (!applying) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(applying);
  std::string refusal;
  try {
    auto old_instance = serving_instance(schema, "http://old");  // waits for the step's COMMIT
    require_servable(*old_instance, 1);
  } catch (const error& e) {
    refusal = e.what();
  }
  upgrade.join();
  EXPECT_EQ(upgrade_failure, "");
  EXPECT_NE(refusal.find("step 2 drops t.a"), std::string::npos) << "refusal: " << refusal;
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
