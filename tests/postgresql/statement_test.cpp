// The statement every store writes through behaves the same on SQLite and on PostgreSQL.
#include "storage/postgresql/statement.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/migrations.hpp"
#include "storage/statement_cache.hpp"
#include "tests/postgresql/pg_test_schema.hpp"
#include "tests/support/temp_database.hpp"

namespace steward::storage {
namespace {

// A database of either kind with a statement cache over it (as a store has).
class either_backend {
 public:
  explicit either_backend(const std::string& kind) {
    if (kind == "sqlite") {
      sqlite_ = std::make_unique<testing::temp_database>();
    } else {
      schema_ = std::make_unique<testing::pg_test_schema>();
      postgres_ = std::make_unique<postgresql::pg_backend>(schema_->conninfo());
      postgresql::migrate(postgres_->native());
    }
    cache_ = std::make_unique<statement_cache>(db());
  }
  backend& db() { return sqlite_ ? static_cast<backend&>(sqlite_->db()) : *postgres_; }
  /// Runs DDL or other SQL without parameters.
  void execute(const std::string& sql) { db().execute(sql); }
  /// The statement for `sql`, reset and unbound (as statement_cache::get gives it).
  statement& prepare(const char* sql) { return cache_->get(sql); }

 private:
  std::unique_ptr<testing::temp_database> sqlite_;
  std::unique_ptr<testing::pg_test_schema> schema_;
  std::unique_ptr<postgresql::pg_backend> postgres_;
  std::unique_ptr<statement_cache> cache_;
};

class StatementOnBothBackends : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<either_backend>(GetParam());
    if (GetParam() == "sqlite") {
      db_->execute("CREATE TABLE t (i INTEGER PRIMARY KEY, r REAL, s TEXT NOT NULL, n TEXT)");
    } else {
      db_->execute(
          "CREATE TABLE t (i BIGINT PRIMARY KEY, r DOUBLE PRECISION, s TEXT NOT NULL, n TEXT)");
    }
  }
  void insert(std::int64_t i, double r, const std::string& s) {
    auto& q = db_->prepare("INSERT INTO t (i, r, s, n) VALUES (?, ?, ?, ?)");
    q.bind(1, i);
    q.bind(2, r);
    q.bind(3, s);
    q.bind(4);
    EXPECT_EQ(q.run(), 1);
  }
  std::unique_ptr<either_backend> db_;
};

TEST_P(StatementOnBothBackends, ValuesComeBackAsTheyWereBound) {
  insert(9007199254740993, 0.1, "雨 rain's");
  insert(-1, -2.5, "");
  auto& q = db_->prepare("SELECT i, r, s, n AS missing FROM t ORDER BY i DESC");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 9007199254740993);  // past a double's exact range
  EXPECT_DOUBLE_EQ(q.real(1), 0.1);
  EXPECT_EQ(q.text(2), "雨 rain's");
  EXPECT_TRUE(q.is_null(3));
  EXPECT_EQ(q.text(3), "");
  EXPECT_EQ(q.integer(3), 0);
  EXPECT_EQ(q.kind(0), value_kind::integer);
  EXPECT_EQ(q.kind(1), value_kind::real);
  EXPECT_EQ(q.kind(2), value_kind::text);
  EXPECT_EQ(q.kind(3), value_kind::null);
  EXPECT_EQ(q.columns(), 4);
  EXPECT_EQ(q.column_name(3), "missing");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), -1);
  EXPECT_FALSE(q.is_null(2));  // '' is text, not NULL
  EXPECT_EQ(q.text(2), "");
  EXPECT_FALSE(q.step());
}

TEST_P(StatementOnBothBackends, NumberedPlaceholdersAreReusedAndQuotesLeftAlone) {
  for (int i = 1; i <= 5; ++i)
    insert(i, i, "row" + std::to_string(i));
  auto& q = db_->prepare(
      "SELECT count(*), max(s) || '?1 ?' FROM t -- a ? in a comment\n"
      "WHERE i = ?1 OR i = ?1 + ?2 OR s = ?");
  q.bind(1, 2);
  q.bind(2, 1);
  q.bind(3, "row5");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 3);
  EXPECT_EQ(q.text(1), "row5?1 ?");
}

// The streak board binds ?1 and ?4 only: SQLite leaves ?2 and ?3 NULL, PostgreSQL must be
// told a type for parameters the statement does not use.
TEST_P(StatementOnBothBackends, ParameterNumbersTheSqlSkipsAreLeftUnbound) {
  for (int i = 1; i <= 5; ++i)
    insert(i, i, "row" + std::to_string(i));
  auto& q = db_->prepare("SELECT count(*) FROM t WHERE i >= ?1 AND i < ?4");
  q.bind(1, 2);
  q.bind(4, 4);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 2);
}

// SQLite takes each value as bound; PostgreSQL's statement is prepared with the first run's
// types, and must be prepared again when a later run binds another type to a parameter.
TEST_P(StatementOnBothBackends, AParameterBoundWithAnotherTypeLaterKeepsItsValue) {
  auto& q = db_->prepare("SELECT CAST(? AS TEXT), ?");
  q.bind(1, 5);
  q.bind(2, 7);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "5");
  EXPECT_EQ(q.integer(1), 7);
  q.reset();
  q.bind(1, "not a number");
  q.bind(2, 2.5);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "not a number");
  EXPECT_DOUBLE_EQ(q.real(1), 2.5);
  q.reset();
  q.bind(1, 6);  // and back again
  q.bind(2);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "6");
  EXPECT_TRUE(q.is_null(1));
}

TEST_P(StatementOnBothBackends, RunCountsChangedRowsAndResetRunsAgain) {
  for (int i = 1; i <= 5; ++i)
    insert(i, i, "x");
  auto& update = db_->prepare("UPDATE t SET s = ? WHERE i >= ?");
  update.bind(1, "y");
  update.bind(2, 3);
  EXPECT_EQ(update.run(), 3);
  update.reset();
  update.bind(1, "z");
  update.bind(2, 5);
  EXPECT_EQ(update.run(), 1);
  auto& q = db_->prepare("SELECT s FROM t WHERE i = ?");
  for (const auto& [i, s] : std::map<int, std::string>{{1, "x"}, {3, "y"}, {5, "z"}}) {
    q.reset();
    q.bind(1, i);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), s) << "row " << i;
  }
}

TEST_P(StatementOnBothBackends, RefusalsAreStatementErrorsThatSayWhy) {
  insert(1, 1, "x");
  try {
    insert(1, 2, "again");
    FAIL() << "a duplicate primary key was accepted";
  } catch (const statement_error& e) {
    const std::string what = e.what();
    EXPECT_TRUE(what.find("UNIQUE") != std::string::npos ||
                what.find("duplicate key") != std::string::npos)
        << what;
  }
  // The migrated schema's append-only ledger refuses through a statement too.
  db_->execute(
      "INSERT INTO groups (platform, chat_id, time_zone, created_at) VALUES ('t', '1', 'UTC', 0)");
  db_->execute("INSERT INTO members (group_id, user_id, first_seen) VALUES (1, '7', 0)");
  auto& credit = db_->prepare(
      "INSERT INTO ledger (member_id, delta, reason, idempotency_key, created_at) "
      "VALUES (1, ?, 'test', ?, 0)");
  credit.bind(1, 5);
  credit.bind(2, "k");
  EXPECT_EQ(credit.run(), 1);
  auto& change = db_->prepare("UPDATE ledger SET delta = ?");
  change.bind(1, 50);
  try {
    change.run();
    FAIL() << "the ledger was changed";
  } catch (const statement_error& e) {
    EXPECT_NE(std::string(e.what()).find("the points ledger is append-only"), std::string::npos)
        << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StatementOnBothBackends,
                         ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(PostgresPlaceholders, AreNumberedAsSqliteNumbersThem) {
  using postgresql::with_numbered_parameters;
  EXPECT_EQ(with_numbered_parameters("a = ? AND b = ?"), "a = $1 AND b = $2");
  EXPECT_EQ(with_numbered_parameters("a = ?3 AND b = ? AND c = ?1"),
            "a = $3 AND b = $4 AND c = $1");
  EXPECT_EQ(with_numbered_parameters("s = '?' AND \"we?rd\" = ?"), "s = '?' AND \"we?rd\" = $1");
  EXPECT_EQ(with_numbered_parameters("s = 'it''s ?' -- ?\n AND x = ?12"),
            "s = 'it''s ?' -- ?\n AND x = $12");
}

}  // namespace
}  // namespace steward::storage
