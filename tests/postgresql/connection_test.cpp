#include "storage/postgresql/connection.hpp"

#include <gtest/gtest.h>

#include "tests/postgresql/pg_test_schema.hpp"

namespace steward::storage::postgresql {
namespace {

TEST(PostgresConnection, BindsParametersAndKeepsNullsApart) {
  testing::pg_test_schema schema;
  auto db = schema.connect();
  auto row = db->query("SELECT $1::bigint + 1, $2::text, $3::text IS NULL",
                       {"41", std::string("雨 rain"), std::nullopt});
  ASSERT_EQ(row.rows(), 1);
  EXPECT_EQ(row.integer(0, 0), 42);
  EXPECT_EQ(row.text(0, 1), "雨 rain");
  EXPECT_EQ(row.text(0, 2), "t");
  auto null = db->query("SELECT NULL::text");
  EXPECT_TRUE(null.is_null(0, 0));
  EXPECT_THROW(null.integer(0, 0), error);
}

TEST(PostgresConnection, AServerErrorCarriesItsMessageAndSqlstate) {
  testing::pg_test_schema schema;
  auto db = schema.connect();
  db->execute("CREATE TABLE t (k TEXT PRIMARY KEY)");
  db->query("INSERT INTO t VALUES ($1)", {"a"});
  try {
    db->query("INSERT INTO t VALUES ($1)", {"a"});
    FAIL() << "a duplicate key was accepted";
  } catch (const error& e) {
    EXPECT_EQ(e.sqlstate(), "23505");  // unique_violation
    EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("INSERT INTO t"), std::string::npos) << e.what();
  }
}

TEST(PostgresConnection, AnUnreachableServerIsNamedInTheError) {
  try {
    connection db("host=127.0.0.1 port=1 connect_timeout=3");
    FAIL() << "connected to port 1";
  } catch (const error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot connect to PostgreSQL"), std::string::npos) << what;
    EXPECT_NE(what.find("127.0.0.1"), std::string::npos) << what;
    EXPECT_NE(what.find("port=1"), std::string::npos) << what;
    EXPECT_TRUE(e.sqlstate().empty());
  }
}

}  // namespace
}  // namespace steward::storage::postgresql
