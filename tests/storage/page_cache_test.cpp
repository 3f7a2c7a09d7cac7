#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <random>

#include "storage/database.hpp"
#include "storage/detail/page_key_alias.hpp"

namespace steward::storage {
namespace {

using detail::page_key_alias;

TEST(PageKeyAlias, TheSwapNumberIsThePendingBytePage) {
  EXPECT_EQ(page_key_alias(4096).swap_key(), 262145u);
  EXPECT_EQ(page_key_alias(1024).swap_key(), 1048577u);
}

// balance_nonroot swaps pages A and B: A → swap, B → A, swap → B.
TEST(PageKeyAlias, ASwapNeverShowsTheInnerCacheThePendingBytePage) {
  page_key_alias keys(4096);
  for (unsigned page = 1; page <= 100; ++page)
    keys.held(page);
  const unsigned swap = keys.swap_key();

  const unsigned parked = keys.rekey(40, swap);
  EXPECT_EQ(parked, 101u);
  EXPECT_EQ(keys.inner(swap), 101u);
  EXPECT_EQ(keys.rekey(70, 40), 40u);
  EXPECT_EQ(keys.inner(swap), 101u) << "the old number of the last move is the alias";
  EXPECT_EQ(keys.rekey(swap, 70), 70u);

  EXPECT_EQ(keys.inner(swap), swap) << "no page carries the swap number any more";
  EXPECT_LE(keys.highest(), 101u);
  keys.truncated(101);  // COMMIT drops everything past the database's end
  EXPECT_EQ(keys.highest(), 100u);
}

TEST(PageKeyAlias, TruncationLowersTheBoundAndDropsAParkedPage) {
  page_key_alias keys(4096);
  for (unsigned page = 1; page <= 10; ++page)
    keys.held(page);
  keys.rekey(3, keys.swap_key());  // parked at 11, then rolled back before the swap finished
  keys.truncated(5);
  EXPECT_EQ(keys.highest(), 4u);
  EXPECT_EQ(keys.inner(keys.swap_key()), keys.swap_key());
  keys.truncated(0);
  EXPECT_EQ(keys.highest(), 0u);
}

// The layer sits under every connection: a workload that splits and swaps many pages (random
// keys into an index, under a small cache that must recycle pages) leaves a sound database
// with every row.
TEST(PageCache, ManySplitsAndRollbacksLeaveASoundDatabase) {
  const auto path = std::filesystem::temp_directory_path() / "steward_page_cache_test.db";
  std::filesystem::remove(path);
  database_settings settings;
  settings.path = path.string();
  { database db(settings); }  // installs the layer before SQLite initialises

  SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
  db.exec("PRAGMA cache_size=64");
  db.exec("CREATE TABLE t(k INTEGER, v TEXT)");
  db.exec("CREATE INDEX t_k ON t(k)");
  std::mt19937 random(7);
  SQLite::Statement insert(db, "INSERT INTO t VALUES (?, ?)");
  long kept = 0;
  for (int batch = 0; batch < 60; ++batch) {
    db.exec("BEGIN");
    for (int i = 0; i < 500; ++i) {
      insert.bind(1, static_cast<std::int64_t>(random()));
      insert.bind(2, std::string(40 + random() % 200, 'x'));
      insert.exec();
      insert.reset();
    }
    const bool keep = batch % 3 != 2;
    db.exec(keep ? "COMMIT" : "ROLLBACK");
    if (keep) kept += 500;
  }
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM t").getInt64(), kept);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace steward::storage
