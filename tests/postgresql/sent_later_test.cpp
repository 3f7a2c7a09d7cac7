// Writes sent without waiting (libpq's pipeline mode, statement::run_later): they go out with
// the next statement that waits, in order, inside the same transaction; a failure among them is
// thrown there, naming the statement that failed, and a rollback undoes it as any other.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/transaction.hpp"
#include "tests/postgresql/pg_test_schema.hpp"

namespace steward::storage::postgresql {
namespace {

// A table `t` whose rows are written by `insert_later(v)`, each with 2 kB of padding (so that a
// long run of them is more than the socket holds).
class PostgresSentLater : public ::testing::Test {
 protected:
  PostgresSentLater() {
    db.execute("CREATE TABLE t (v BIGINT PRIMARY KEY, pad TEXT)");
    insert = db.prepare("INSERT INTO t (v, pad) VALUES (?, repeat('x', 2000))");
  }

  void insert_later(std::int64_t value) {
    insert->reset();
    insert->bind(1, value);
    insert->run_later();
  }

  testing::pg_test_schema schema;
  pg_backend db{schema.conninfo()};
  std::unique_ptr<statement> insert;
};

TEST_F(PostgresSentLater, WritesWaitForTheNextReadAndItSeesThem) {
  auto own = schema.connect();
  own->send("BEGIN");
  own->send("INSERT INTO t (v) VALUES (1)");
  own->send("INSERT INTO t (v) VALUES (2)");
  EXPECT_EQ(own->unanswered(), 3u);  // nothing waited for yet
  auto other = schema.connect();
  EXPECT_EQ(other->query("SELECT count(*) FROM t").integer(0, 0), 0);
  // The read carries them and is answered after them.
  EXPECT_EQ(own->query("SELECT sum(v) FROM t").integer(0, 0), 3);
  EXPECT_EQ(own->unanswered(), 0u);
  own->execute_after_sent("COMMIT");
  EXPECT_EQ(other->query("SELECT sum(v) FROM t").integer(0, 0), 3);
}

TEST_F(PostgresSentLater, AFailureIsThrownByTheNextWaitAndNamesItsStatement) {
  db.execute("CREATE TABLE u (w BIGINT)");
  auto read = db.prepare("SELECT count(*) FROM u");
  write_transaction tx(db);
  {
    savepoint update(db, "event");
    insert_later(7);
    update.release();
  }
  {
    savepoint update(db, "event");
    insert_later(7);  // a duplicate key: the server refuses it, but no one waited yet
    try {
      read->step();
      FAIL() << "the refused write was not reported";
    } catch (const statement_error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("duplicate key"), std::string::npos) << what;
      EXPECT_NE(what.find("23505"), std::string::npos) << what;
      EXPECT_NE(what.find("INSERT INTO t"), std::string::npos) << what;
      EXPECT_EQ(what.find("SELECT count(*) FROM u"), std::string::npos) << what;
    }
    update.rollback();  // as the pipeline does for a failed update
  }
  {
    savepoint update(db, "event");
    insert_later(8);
    update.release();  // RELEASE waits: the write is answered with it
  }
  tx.commit();
  EXPECT_EQ(db.query_int("SELECT sum(v) FROM t"), 15);
  EXPECT_FALSE(db.lost());
}

TEST_F(PostgresSentLater, ARollbackForgetsWhatFailedUnanswered) {
  {
    write_transaction tx(db);
    insert_later(1);
    insert_later(1);  // refused; the transaction is rolled back without a wait first
  }
  EXPECT_EQ(db.query_int("SELECT count(*) FROM t"), 0);
  write_transaction tx(db);
  insert_later(2);
  tx.commit();
  EXPECT_EQ(db.query_int("SELECT sum(v) FROM t"), 2);
}

TEST_F(PostgresSentLater, ALostSessionIsFoundByTheWaitAndTheNextSessionServes) {
  const auto pid = db.query_int("SELECT pg_backend_pid()");
  {
    write_transaction tx(db);
    insert_later(1);
    auto other = schema.connect();
    other->query("SELECT pg_terminate_backend($1::int)", {std::to_string(pid)});
    EXPECT_THROW(tx.commit(), std::exception);
    EXPECT_TRUE(db.lost());
  }
  db.reconnect();
  write_transaction tx(db);
  insert_later(5);
  tx.commit();
  EXPECT_EQ(db.query_int("SELECT sum(v) FROM t"), 5);
}

TEST_F(PostgresSentLater, ALongRunOfWritesIsAnsweredAsItGoes) {
  write_transaction tx(db);
  for (int i = 1; i <= 5000; ++i)
    insert_later(i);
  tx.commit();
  EXPECT_EQ(db.query_int("SELECT sum(v) FROM t"), 5000LL * 5001 / 2);
}

}  // namespace
}  // namespace steward::storage::postgresql

namespace steward::storage::postgresql {
namespace {
TEST_F(PostgresSentLater, ASessionEndedBeforeTheSendsIsReportedNotWaitedForEver) {
  // The server's last word (FATAL) waits in the socket when the statements go out: libpq reads
  // it as the first answer and then has none to give, nor the sync's.
  auto own = schema.connect();
  const auto pid = own->query("SELECT pg_backend_pid()").integer(0, 0);
  schema.connect()->query("SELECT pg_terminate_backend($1::int)", {std::to_string(pid)});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  own->send("BEGIN");
  own->send("INSERT INTO t (v) VALUES (1)");
  EXPECT_THROW(own->execute_after_sent("COMMIT"), error);
  EXPECT_TRUE(own->lost());
}

TEST_F(PostgresSentLater, ASessionEndedWhileItsAnswersAreAwaitedIsReported) {
  auto own = schema.connect();
  const auto pid = own->query("SELECT pg_backend_pid()").integer(0, 0);
  std::thread ender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    schema.connect()->query("SELECT pg_terminate_backend($1::int)", {std::to_string(pid)});
  });
  own->send("BEGIN");
  own->send("INSERT INTO t (v) VALUES (1)");
  own->send("SELECT pg_sleep(2)");
  EXPECT_THROW(own->execute_after_sent("COMMIT"), error);
  ender.join();
  EXPECT_TRUE(own->lost());
}
}  // namespace
}  // namespace steward::storage::postgresql
