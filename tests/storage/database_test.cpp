#include "storage/database.hpp"

#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "storage/migrations.hpp"
#include "storage/statement_cache.hpp"
#include "storage/transaction.hpp"
#include "tests/support/temp_database.hpp"

namespace steward::storage {
namespace {

TEST(Database, MigratesToTheLatestVersionAndIsIdempotent) {
  testing::temp_database temp;
  EXPECT_EQ(temp.db().schema_version(), database::latest_schema_version());
  temp.db().migrate();
  EXPECT_EQ(temp.db().schema_version(), database::latest_schema_version());
}

// The store SQL shared with PostgreSQL calls its greatest() and strpos(), which SQLite lacks.
TEST(Database, SpeaksPostgresqlsGreatestAndStrpos) {
  testing::temp_database temp;
  auto& db = temp.db();
  EXPECT_EQ(db.query_int("SELECT greatest(3, 7, 5)"), 7);
  EXPECT_EQ(db.query_int("SELECT greatest(NULL, -2, NULL)"), -2);  // NULLs skipped
  EXPECT_EQ(db.query_int("SELECT greatest(NULL, NULL) IS NULL"), 1);
  EXPECT_EQ(db.query_int("SELECT greatest(2.5, 2) = 2.5"), 1);
  EXPECT_EQ(db.query_int("SELECT greatest('b', 'a') = 'b'"), 1);
  EXPECT_EQ(db.query_int("SELECT strpos('雨の日 rain', 'rain')"), 5);  // characters, not bytes
  EXPECT_EQ(db.query_int("SELECT strpos('rain', 'snow')"), 0);
  EXPECT_EQ(db.query_int("SELECT strpos(NULL, 'a') IS NULL"), 1);
}

TEST(Database, OpensWithWalAndForeignKeys) {
  testing::temp_database temp;
  EXPECT_EQ(temp.db().query_int("PRAGMA foreign_keys"), 1);
  database_settings settings;
  settings.path = temp.path();
  database second(settings);
  EXPECT_EQ(second.query_int("SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
  EXPECT_EQ(second.query_int("PRAGMA synchronous"), 2);          // FULL by default
  EXPECT_EQ(second.query_int("PRAGMA temp_store"), 2);           // MEMORY: no temp-file writes
  EXPECT_EQ(second.query_int("PRAGMA cache_size"), -16 * 1024);  // KiB: database_settings
  settings.cache_mib = 4;
  database third(settings);
  EXPECT_EQ(third.query_int("PRAGMA cache_size"), -4 * 1024);
}

// A lookup reads its statement to the first row and leaves it open until its next use. Were it
// still open at COMMIT, the checkpoint could not copy the WAL back and the WAL would never start
// over: it grew past 1 GiB in a minute of load.
TEST(Database, TheWalStartsOverWhileLookupsLeaveTheirReadsOpen) {
  testing::temp_database temp;
  database_settings settings;
  settings.path = temp.path() + ".wal-test";
  settings.synchronous = "NORMAL";  // the WAL's size, not the disk, is under test
  {
    database db(settings);
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    statement_cache statements(db);
    const std::string body(3000, 'x');  // most of a page: each transaction writes a new page
    for (int i = 0; i < database::wal_checkpoint_pages + 1000; ++i) {
      write_transaction tx(db);
      auto& insert = statements.get("INSERT INTO notes (body) VALUES (?)");
      insert.bind(1, body);
      insert.run();
      auto& lookup = statements.get("SELECT id FROM notes ORDER BY id");
      ASSERT_TRUE(lookup.step());  // read to its first row only, as lookups do
      tx.commit();
    }
    const auto frames = (std::filesystem::file_size(settings.path + "-wal") - 32) / (4096 + 24);
    // Started over after each checkpoint: at most one interval's pages and one transaction's.
    EXPECT_LE(frames, static_cast<std::uintmax_t>(database::wal_checkpoint_pages + 8));
    EXPECT_EQ(db.query_int("SELECT count(*) FROM notes"), database::wal_checkpoint_pages + 1000);
  }
  for (const char* suffix : {"", "-wal", "-shm"})
    std::remove((settings.path + suffix).c_str());
}

// The serving writer leaves checkpoints to a thread of its own (inside COMMIT they took 13 % of
// the core thread and made the slowest batches); COMMIT checkpoints by itself only once the WAL
// passes its limit, so the WAL stays bounded even when the thread falls behind.
TEST(Database, CheckpointsRunOnTheirOwnThreadAndTheWalStaysBounded) {
  testing::temp_database temp;
  database_settings settings;
  settings.path = temp.path() + ".checkpoint-test";
  settings.synchronous = "NORMAL";
  settings.checkpoint_in_background = true;
  const int transactions = 3 * database::wal_limit_pages;
  {
    database db(settings);
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    statement_cache statements(db);
    const std::string body(3000, 'x');  // a new page per transaction
    for (int i = 0; i < transactions; ++i) {
      write_transaction tx(db);
      auto& insert = statements.get("INSERT INTO notes (body) VALUES (?)");
      insert.bind(1, body);
      insert.run();
      tx.commit();
    }
    // Requests wait for the thread; every one is answered by a checkpoint.
    for (int waited_ms = 0; db.checkpoints().background == 0 && waited_ms < 20000; waited_ms += 10)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GE(db.checkpoints().background, 1U);
    const auto frames = (std::filesystem::file_size(settings.path + "-wal") - 32) / (4096 + 24);
    // Unbounded, the WAL would hold every transaction's page (3 × the limit).
    EXPECT_LE(frames, static_cast<std::uintmax_t>(2 * database::wal_limit_pages));
    EXPECT_EQ(db.query_int("SELECT count(*) FROM notes"), transactions);
  }
  database reopened(settings);
  EXPECT_EQ(reopened.query_int("SELECT count(*) FROM notes"), transactions);
  for (const char* suffix : {"", "-wal", "-shm"})
    std::remove((settings.path + suffix).c_str());
}

TEST(Database, RefusesAFileFromANewerBuild) {
  testing::temp_database temp;
  temp.db().execute("PRAGMA user_version = 99");
  EXPECT_THROW(temp.db().migrate(), std::runtime_error);
}

TEST(Database, RejectsAnUnknownSynchronousMode) {
  testing::temp_database temp;
  database_settings settings;
  settings.path = temp.path();
  settings.synchronous = "SOMETIMES";
  EXPECT_THROW(database bad(settings), std::invalid_argument);
}

}  // namespace
}  // namespace steward::storage

namespace steward::storage {
namespace {

// Earlier versions stored private chats as groups; v11 keeps their rows but marks them private.
TEST(Database, UpgradeMarksStoredPrivateChatsAsPrivate) {
  testing::temp_database temp;  // only for a temporary path
  const std::string path = temp.path() + ".v10";
  {
    database_settings settings;
    settings.path = path;
    database old(settings);
    for (std::size_t v = 0; v < 10; ++v)
      old.execute(std::string(migrations()[v]));
    old.execute("PRAGMA user_version = 10");
    old.execute(
        "INSERT INTO groups (platform, chat_id, time_zone, created_at) VALUES "
        "('telegram', '-1001', 'UTC', 1), ('telegram', '5550001', 'UTC', 1)");
    old.migrate();
    EXPECT_EQ(old.query_int("SELECT is_private FROM groups WHERE chat_id = '5550001'"), 1);
    EXPECT_EQ(old.query_int("SELECT is_private FROM groups WHERE chat_id = '-1001'"), 0);
  }
  for (const char* suffix : {"", "-wal", "-shm"})
    std::remove((path + suffix).c_str());
}

}  // namespace
}  // namespace steward::storage
