// A PostgreSQL connection lost under a serving Steward: noticed, reconnected, its statements
// prepared again in the new session and the session's setup (the serving lock) run again.
#include <gtest/gtest.h>

#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/connection.hpp"
#include "tests/postgresql/pg_test_schema.hpp"

namespace steward::storage::postgresql {
namespace {

// Ends `db`'s session from another connection, as a server restart or an operator would.
void end_session_of(pg_backend& db, const testing::pg_test_schema& schema) {
  const auto pid = db.query_int("SELECT pg_backend_pid()");
  auto other = schema.connect();
  ASSERT_EQ(other->query("SELECT pg_terminate_backend($1::int)", {std::to_string(pid)}).text(0, 0),
            "t");
}

TEST(PostgresReconnect, StatementsArePreparedAgainInTheNewSession) {
  testing::pg_test_schema schema;
  pg_backend db(schema.conninfo());
  db.execute("CREATE TABLE t (v BIGINT)");
  auto insert = db.prepare("INSERT INTO t VALUES (?)");
  insert->bind(1, 1);
  insert->run();
  EXPECT_FALSE(db.lost());

  end_session_of(db, schema);
  insert->reset();
  insert->bind(1, 2);
  EXPECT_THROW(insert->run(), statement_error);  // found out by the next statement
  EXPECT_TRUE(db.lost());

  db.reconnect();
  EXPECT_FALSE(db.lost());
  insert->reset();
  insert->bind(1, 3);
  EXPECT_EQ(insert->run(), 1);  // without preparing it again: "prepared statement does not exist"
  EXPECT_EQ(db.query_int("SELECT sum(v) FROM t"), 4);
}

TEST(PostgresReconnect, TheSessionsSetupRunsAgainAndCanRefuseIt) {
  testing::pg_test_schema schema;
  pg_backend db(schema.conninfo());
  int sessions = 0;
  bool refuse = false;
  db.on_session([&](pg_backend& session) {
    ++sessions;
    if (refuse) throw error("the lock is someone else's now", "");
    session.execute("SET application_name = 'steward-reconnect-test'");
  });
  EXPECT_EQ(sessions, 1);
  end_session_of(db, schema);
  EXPECT_THROW(db.query_int("SELECT 1"), error);
  db.reconnect();
  EXPECT_EQ(sessions, 2);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                         "'steward-reconnect-test' AND pid = pg_backend_pid()"),
            1);

  end_session_of(db, schema);
  EXPECT_THROW(db.query_int("SELECT 1"), error);
  refuse = true;
  EXPECT_THROW(db.reconnect(), error);
  EXPECT_TRUE(db.lost());  // a session without its setup is not used
  refuse = false;
  db.reconnect();
  EXPECT_FALSE(db.lost());
}

}  // namespace
}  // namespace steward::storage::postgresql
