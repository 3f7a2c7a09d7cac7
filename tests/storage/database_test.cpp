#include "storage/database.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_database.hpp"

namespace steward::storage {
namespace {

TEST(Database, MigratesToTheLatestVersionAndIsIdempotent) {
  testing::temp_database temp;
  EXPECT_EQ(temp.db().schema_version(), database::latest_schema_version());
  temp.db().migrate();
  EXPECT_EQ(temp.db().schema_version(), database::latest_schema_version());
}

TEST(Database, OpensWithWalAndForeignKeys) {
  testing::temp_database temp;
  EXPECT_EQ(temp.db().query_int("PRAGMA foreign_keys"), 1);
  database_settings settings;
  settings.path = temp.path();
  database second(settings);
  EXPECT_EQ(second.query_int("SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
  EXPECT_EQ(second.query_int("PRAGMA synchronous"), 2);  // FULL by default
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
