// The writer's WAL writes gathered into one per sync (storage/detail/wal_write_buffer.hpp):
// whatever the size of a transaction, what it commits is in the file, whole, for every reader.
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "storage/database.hpp"
#include "storage/statement_cache.hpp"
#include "storage/transaction.hpp"
#include "tests/support/temp_database.hpp"

namespace steward::storage {
namespace {

/// A database file of its own (FULL: the buffered VFS), removed with its WAL afterwards.
class WalWriteBuffer : public ::testing::Test {
 protected:
  WalWriteBuffer() { settings_.path = temp_.path() + ".wal-buffer"; }
  ~WalWriteBuffer() override {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((settings_.path + suffix).c_str());
  }

  static void insert_rows(database& db, int rows, std::size_t body_bytes) {
    statement_cache statements(db);
    auto& insert = statements.get("INSERT INTO notes (body) VALUES (?)");
    const std::string body(body_bytes, 'x');
    for (int i = 0; i < rows; ++i) {
      insert.bind(1, body);
      insert.run();
      insert.reset();
    }
  }

  testing::temp_database temp_;
  database_settings settings_;
};

// SQLite's own file layer writes at most 128 KiB in one call: a larger gathered write must go
// out in pieces, or COMMIT fails with "database or disk is full".
TEST_F(WalWriteBuffer, ATransactionOfMegabytesCommitsWhole) {
  {
    database db(settings_);
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    write_transaction tx(db);
    insert_rows(db, 3000, 2000);  // ~6 MB of pages: past 128 KiB and past the 4 MiB bound
    tx.commit();
  }
  database reopened(settings_);
  EXPECT_EQ(reopened.query_int("SELECT count(*) FROM notes"), 3000);
  EXPECT_EQ(reopened.query_int("SELECT sum(length(body)) FROM notes"), 3000LL * 2000);
}

// A commit's frames are in the file before SQLite publishes them to other connections.
TEST_F(WalWriteBuffer, AnotherConnectionReadsEveryCommitAtOnce) {
  settings_.checkpoint_in_background = true;  // as the serving writer: a second reader copies
  database db(settings_);
  db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  database_settings reader_settings = settings_;
  reader_settings.read_only = true;
  reader_settings.checkpoint_in_background = false;
  database reader(reader_settings);
  for (int i = 1; i <= 300; ++i) {
    write_transaction tx(db);
    insert_rows(db, 3, 700);
    tx.commit();
    ASSERT_EQ(reader.query_int("SELECT count(*) FROM notes"), 3 * i);
    ASSERT_EQ(reader.query_int("SELECT sum(length(body)) FROM notes"), 3LL * i * 700);
  }
}

// A transaction larger than the page cache spills pages to the WAL before COMMIT and reads them
// back: it must read what it wrote, not what the file held before.
TEST_F(WalWriteBuffer, PagesSpilledFromASmallCacheAreReadBack) {
  settings_.cache_mib = 1;
  {
    database db(settings_);
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    write_transaction tx(db);
    insert_rows(db, 4000, 1000);                        // ~4 MB: four times the cache
    db.execute("UPDATE notes SET body = body || 'y'");  // every page read back and changed
    EXPECT_EQ(db.query_int("SELECT count(*) FROM notes WHERE body LIKE '%xy'"), 4000);
    tx.commit();
  }
  database reopened(settings_);
  EXPECT_EQ(reopened.query_int("SELECT sum(length(body)) FROM notes"), 4000LL * 1001);
}

}  // namespace
}  // namespace steward::storage
