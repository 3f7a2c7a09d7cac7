#include "bot/core/database_guard.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace steward::core {
namespace {

// A connection that is lost when the test says so, and counts the reconnects asked of it.
class flaky_backend final : public storage::backend {
 public:
  bool down = false;
  bool refuse = false;  // the server is still away: reconnect throws
  int reconnects = 0;

  storage::sql_dialect dialect() const override { return storage::sql_dialect::postgresql; }
  std::unique_ptr<storage::statement> prepare(const char*) override { return nullptr; }
  std::int64_t last_insert_id() override { return 0; }
  void begin_write() override {}
  void run_prepared(const std::string&) override {}
  void execute(const std::string&) override {}
  long long query_int(const std::string&) override { return 0; }
  void end_reads() override {}
  std::string where() const override { return "host=test"; }
  bool lost() const override { return down; }
  void reconnect() override {
    ++reconnects;
    if (refuse) throw std::runtime_error("connection refused");
    down = false;
  }
};

class DatabaseGuardTest : public ::testing::Test {
 protected:
  flaky_backend db_;
  metrics stats_;
  database_guard guard_{db_, stats_};
};

TEST_F(DatabaseGuardTest, AConnectionLostAfterLastingIsRetriedAtOnce) {
  EXPECT_TRUE(guard_.available());
  db_.down = true;
  EXPECT_TRUE(guard_.available()) << "a restarted server is back: tried at once";
  EXPECT_EQ(db_.reconnects, 1);
  EXPECT_FALSE(guard_.away());
}

TEST_F(DatabaseGuardTest, AFailedAttemptWaitsBeforeTheNext) {
  db_.down = db_.refuse = true;
  EXPECT_FALSE(guard_.available());
  EXPECT_EQ(db_.reconnects, 1);
  EXPECT_FALSE(guard_.available()) << "not again before the backoff";
  EXPECT_EQ(db_.reconnects, 1);
  EXPECT_GE(guard_.next_attempt() - database_guard::clock::now(), std::chrono::milliseconds(100));
}

// A server that accepts the session and drops it again: without the check, every batch would
// reconnect at once, and the backoff would start over at 0.1 s each time.
TEST_F(DatabaseGuardTest, AConnectionThatFlapsIsRetriedAfterAGrowingWait) {
  db_.down = true;
  ASSERT_TRUE(guard_.available());
  std::chrono::milliseconds previous{0};
  for (int flap = 0; flap < 3; ++flap) {
    db_.down = true;  // lost again just after it came back
    const auto before = db_.reconnects;
    EXPECT_FALSE(guard_.available()) << "flap " << flap;
    EXPECT_EQ(db_.reconnects, before) << "not retried at once";
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        guard_.next_attempt() - database_guard::clock::now());
    EXPECT_GT(wait, previous) << "the wait grows, flap " << flap;
    previous = wait;
    std::this_thread::sleep_until(guard_.next_attempt());
    EXPECT_TRUE(guard_.available()) << "retried once the wait is over";
  }
}

}  // namespace
}  // namespace steward::core
