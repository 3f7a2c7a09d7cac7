// Instances sharing one database share its chats out: each partition is a session advisory lock
// (storage/postgresql/partition_leases.hpp). Two backends here are two instances.
#include "storage/postgresql/partition_leases.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/postgresql/migrations.hpp"
#include "tests/postgresql/pg_test_schema.hpp"

namespace steward::storage::postgresql {
namespace {

int served(const core::chat_owners& owners) {
  int n = 0;
  for (int p = 0; p < core::chat_partitions; ++p)
    n += owners.mine(p) ? 1 : 0;
  return n;
}

struct instance {
  instance(const std::string& conninfo, std::string address)
      : db(std::make_unique<pg_backend>(conninfo)), leases(*db, std::move(address), owners) {
    migrate(db->native());
    leases.begin_session();
  }
  std::unique_ptr<pg_backend> db;
  core::chat_owners owners;
  partition_leases leases;
};

TEST(PartitionLeases, PostgresqlComputesTheSamePartitionAsSteward) {
  testing::pg_test_schema schema;
  pg_backend db(schema.conninfo());
  auto query = db.prepare("SELECT get_byte(sha256(convert_to(? || ':' || ?, 'UTF8')), 0)");
  for (const char* platform : {"telegram", "slack", "feishu", "onebot"}) {
    for (const char* chat :
         {"-1001234567890", "42", "C0123ABC", "oc_5ad11d72b830411d72b836c2", "群聊-七", ""}) {
      query->reset();
      query->bind(1, platform);
      query->bind(2, chat);
      ASSERT_TRUE(query->step());
      EXPECT_EQ(query->integer(0), core::partition_of(platform, chat)) << platform << ":" << chat;
    }
  }
}

TEST(PartitionLeases, AloneAnInstanceServesEveryPartition) {
  testing::pg_test_schema schema;
  instance a(schema.conninfo(), "http://127.0.0.1:1");
  EXPECT_TRUE(a.owners.serves_all());
  EXPECT_EQ(a.owners.instances(), 1);
}

TEST(PartitionLeases, TwoInstancesShareThePartitionsAndNameEachOther) {
  testing::pg_test_schema schema;
  instance a(schema.conninfo(), "http://127.0.0.1:1");
  instance b(schema.conninfo(), "http://127.0.0.1:2");
  // b came second: every partition is a's until a gives its surplus back.
  EXPECT_EQ(served(b.owners), 0);
  EXPECT_EQ(b.owners.of(7).address, "http://127.0.0.1:1");
  a.leases.keep();
  EXPECT_EQ(served(a.owners), 128);
  b.leases.keep();
  EXPECT_EQ(served(b.owners), 0) << "what a gave back is let go at a's next keep";
  a.leases.keep();
  b.leases.keep();
  EXPECT_EQ(served(b.owners), 128);
  a.leases.keep();  // learns who holds what it gave back
  for (int p = 0; p < core::chat_partitions; ++p) {
    EXPECT_NE(a.owners.mine(p), b.owners.mine(p)) << "partition " << p;
    if (!a.owners.mine(p)) EXPECT_EQ(a.owners.of(p).address, "http://127.0.0.1:2");
  }
  EXPECT_TRUE(a.owners.leads()) << "the low partitions stay where they were";
  EXPECT_FALSE(b.owners.leads());
  EXPECT_EQ(a.owners.instances(), 2);
  EXPECT_EQ(b.owners.instances(), 2);
}

// A partition given back while a call for one of its chats is in flight (or its outcome not
// yet committed) is served by no one until the outcome is recorded: its next owner would find
// the row still pending and make the call again (a reply sent twice when an instance joined).
TEST(PartitionLeases, APartitionIsLetGoOnlyOnceItsCallsInFlightAreRecorded) {
  testing::pg_test_schema schema;
  instance a(schema.conninfo(), "http://127.0.0.1:1");
  instance b(schema.conninfo(), "http://127.0.0.1:2");
  a.owners.begin_send(200);
  a.leases.keep();  // gives back 128..255: no longer served here
  EXPECT_FALSE(a.owners.mine(200));
  a.leases.keep();  // lets go of those with nothing in flight
  b.leases.keep();
  EXPECT_EQ(served(b.owners), 127);
  EXPECT_FALSE(b.owners.mine(200));
  EXPECT_EQ(b.owners.of(200).address, "http://127.0.0.1:1") << "still a's, answering 503";
  a.owners.end_send(200);  // recorded
  a.leases.keep();
  b.leases.keep();
  EXPECT_TRUE(b.owners.mine(200));
  EXPECT_EQ(served(b.owners), 128);
}

TEST(PartitionLeases, APartitionOnItsWayOutIsServedAgainWhenTheOtherInstanceGoes) {
  testing::pg_test_schema schema;
  instance a(schema.conninfo(), "http://127.0.0.1:1");
  auto b = std::make_unique<instance>(schema.conninfo(), "http://127.0.0.1:2");
  a.owners.begin_send(200);
  a.leases.keep();
  a.leases.keep();
  b->leases.keep();
  ASSERT_FALSE(a.owners.mine(200));
  b.reset();  // gone before the call was recorded: a's share is every partition again
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!a.owners.serves_all() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    a.leases.keep();
  }
  EXPECT_TRUE(a.owners.serves_all());
  a.owners.end_send(200);
}

TEST(PartitionLeases, AGoneInstancesPartitionsGoToTheOthers) {
  testing::pg_test_schema schema;
  instance a(schema.conninfo(), "http://127.0.0.1:1");
  instance b(schema.conninfo(), "http://127.0.0.1:2");
  a.leases.keep();
  a.leases.keep();
  b.leases.keep();
  ASSERT_EQ(served(b.owners), 128);
  a.db.reset();  // its connection closes: the server ends the session and frees its locks
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!b.owners.serves_all() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    b.leases.keep();
  }
  EXPECT_TRUE(b.owners.serves_all());
  EXPECT_TRUE(b.owners.leads());
  EXPECT_EQ(b.owners.instances(), 1);
}

TEST(PartitionLeases, APartitionHeldByAnotherSessionIsNotTaken) {
  testing::pg_test_schema schema;
  pg_backend other(schema.conninfo());
  other.query_int("SELECT count(*) FROM (SELECT pg_advisory_lock(1398036292, 9)) AS held");
  instance a(schema.conninfo(), "http://127.0.0.1:1");
  EXPECT_EQ(served(a.owners), 255);
  EXPECT_FALSE(a.owners.mine(9));
  EXPECT_EQ(a.owners.of(9).address, "") << "a session that is no Steward cannot be forwarded to";
}

// A session of a build that a later schema step broke serves nothing, and says what to run
// (a rolling upgrade that needs a stop: storage/postgresql/migrations.hpp).
TEST(PartitionLeases, ASessionOfABuildTheSchemaBrokeServesNothing) {
  testing::pg_test_schema schema;
  instance a(schema.conninfo(), "http://127.0.0.1:1");
  ASSERT_TRUE(a.owners.serves_all());
  a.db->native().query("INSERT INTO steward_schema (version, breaks_older) VALUES ($1, $2)",
                       {std::to_string(latest_schema_version() + 1), "drops members.legacy"});
  try {
    a.leases.begin_session();  // as after a reconnect
    FAIL() << "a schema this build cannot use was served";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("drops members.legacy, which this build uses"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(served(a.owners), 0);
}

// What one instance changes of the state every instance keeps in memory (operator content, spam
// samples, word lists) is heard by the others, and not by itself.
unsigned heard_within_seconds(pg_backend& db) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (const auto changes = db.changes_elsewhere(); changes != 0) return changes;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

TEST(SharedChanges, AnotherInstancesChangesAreHeardAndOnesOwnAreNot) {
  testing::pg_test_schema schema;
  pg_backend a(schema.conninfo());
  pg_backend b(schema.conninfo());
  a.listen_for_content_changes();
  b.listen_for_content_changes();
  EXPECT_EQ(a.changes_elsewhere(), 0u);
  b.announce_changes(shared_state::content);
  EXPECT_EQ(heard_within_seconds(a), shared_state::content);
  EXPECT_EQ(a.changes_elsewhere(), 0u) << "heard once";
  // The server sends a listening session its own notifications too (with NOTIFY's answer).
  EXPECT_EQ(b.changes_elsewhere(), 0u) << "its own change is no news to b";

  b.announce_changes(shared_state::samples | shared_state::words);
  EXPECT_EQ(heard_within_seconds(a), shared_state::samples | shared_state::words);
  // A build from before the flags notifies without a payload: operator content.
  b.execute("NOTIFY steward_content");
  EXPECT_EQ(heard_within_seconds(a), shared_state::content);
}

TEST(SharedChanges, AfterAReconnectEverythingCountsAsChanged) {
  testing::pg_test_schema schema;
  pg_backend a(schema.conninfo());
  pg_backend b(schema.conninfo());
  a.on_session([](pg_backend& session) { session.listen_for_content_changes(); });
  // Announced while a's session is gone: nobody hears it in the session that follows.
  const auto pid = a.query_int("SELECT pg_backend_pid()");
  b.query_int("SELECT count(*) FROM (SELECT pg_terminate_backend(" + std::to_string(pid) +
              ")) AS ended");
  EXPECT_THROW(a.query_int("SELECT 1"), error);
  b.announce_changes(shared_state::samples);
  a.reconnect();
  EXPECT_EQ(a.changes_elsewhere(), shared_state::content | shared_state::samples |
                                       shared_state::words | shared_state::groups);
  EXPECT_EQ(a.changes_elsewhere(), 0u) << "once";
}

}  // namespace
}  // namespace steward::storage::postgresql
