#include "storage/backup.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

#include "storage/database.hpp"
#include "storage/transaction.hpp"

namespace steward::storage {
namespace {

namespace fs = std::filesystem;

class BackupTest : public ::testing::Test {
 protected:
  BackupTest()
      : dir_(fs::temp_directory_path() /
             (std::string("steward-backup-") +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
              std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~BackupTest() override { fs::remove_all(dir_); }

  std::unique_ptr<database> open(const std::string& name) {
    database_settings s;
    s.path = (dir_ / name).string();
    s.synchronous = "NORMAL";
    s.busy_timeout_ms = 0;
    auto db = std::make_unique<database>(s);
    db->migrate();
    return db;
  }

  static void add_group(database& db, const std::string& chat) {
    db.execute(
        "INSERT INTO groups (platform, chat_id, time_zone, created_at) VALUES ('telegram', '" +
        chat + "', 'UTC', 1)");
  }

  static std::string error_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const std::exception& e) {
      return e.what();
    }
    return "(no error)";
  }

  fs::path dir_;
};

TEST_F(BackupTest, CopiesCommittedStateWhileAnotherConnectionWrites) {
  auto live = open("steward.db");
  add_group(*live, "-1");
  auto writer = open("steward.db");
  write_transaction uncommitted(*writer);
  add_group(*writer, "-2");  // holds the write lock while the backup runs

  const auto target = (dir_ / "copy.db").string();
  const auto report = back_up(*live, target);
  EXPECT_EQ(report.path, target);
  EXPECT_EQ(report.schema_version, database::latest_schema_version());
  EXPECT_GT(report.bytes, 0);
  EXPECT_FALSE(fs::exists(target + "-wal"));

  database_settings s;
  s.path = target;
  database copy(s);
  EXPECT_EQ(copy.query_int("SELECT count(*) FROM groups"), 1);
  EXPECT_EQ(copy.query_int("SELECT count(*) FROM groups WHERE chat_id = '-1'"), 1);
}

TEST_F(BackupTest, NeverOverwritesAFile) {
  auto live = open("steward.db");
  std::ofstream(dir_ / "taken.db") << "precious";
  EXPECT_NE(error_of([&] { back_up(*live, (dir_ / "taken.db").string()); }).find("already exists"),
            std::string::npos);
  std::ifstream kept(dir_ / "taken.db");
  std::string text;
  kept >> text;
  EXPECT_EQ(text, "precious");
}

TEST_F(BackupTest, DefaultPathIsBesideTheDatabaseWithTheTime) {
  EXPECT_EQ(default_backup_path("/var/lib/steward/steward.db", 1'764'432'000, "before-v13"),
            "/var/lib/steward/backups/steward-before-v13-20251129T160000Z.db");
  EXPECT_EQ(default_backup_path("data/s.db", 0), "data/backups/s-19700101T000000Z.db");
}

TEST_F(BackupTest, CheckRefusesWhatIsNotAStewardDatabase) {
  std::ofstream(dir_ / "notes.txt") << "not a database at all, just some text\n";
  EXPECT_NE(error_of([&] {
              check_backup((dir_ / "notes.txt").string());
            }).find("not a readable SQLite database"),
            std::string::npos);
  EXPECT_NE(error_of([&] { check_backup((dir_ / "missing.db").string()); }).find("no such"),
            std::string::npos);
  {
    database_settings s;
    s.path = (dir_ / "other.db").string();
    database other(s);
    other.execute("CREATE TABLE t (x); PRAGMA user_version = 3");
  }
  EXPECT_NE(
      error_of([&] { check_backup((dir_ / "other.db").string()); }).find("not a Steward database"),
      std::string::npos);
  {
    auto future = open("future.db");
    future->execute("PRAGMA user_version = 999");
  }
  EXPECT_NE(error_of([&] { check_backup((dir_ / "future.db").string()); }).find("newer"),
            std::string::npos);
}

TEST_F(BackupTest, RestoreRefusesWhileInUseThenPutsTheBackupBackAndKeepsTheReplaced) {
  const auto live_path = (dir_ / "steward.db").string();
  const auto backup_path = (dir_ / "saved.db").string();
  {
    auto live = open("steward.db");
    add_group(*live, "-1");
    back_up(*live, backup_path);
    add_group(*live, "-2");  // after the backup: gone once restored, kept in the safety copy

    EXPECT_NE(error_of([&] {
                restore_backup(backup_path, live_path, 1'764'432'000);
              }).find("in use by another process"),
              std::string::npos);
    EXPECT_EQ(live->query_int("SELECT count(*) FROM groups"), 2);
  }

  const auto kept = restore_backup(backup_path, live_path, 1'764'432'000).kept;
  EXPECT_EQ(kept, (dir_ / "backups" / "steward-before-restore-20251129T160000Z.db").string());
  auto restored = open("steward.db");
  EXPECT_EQ(restored->query_int("SELECT count(*) FROM groups"), 1);
  database_settings s;
  s.path = kept;
  database replaced(s);
  EXPECT_EQ(replaced.query_int("SELECT count(*) FROM groups"), 2);
}

TEST_F(BackupTest, RestoresABackupWhosePageSizeDiffersFromTheFile) {
  const auto backup_path = (dir_ / "saved.db").string();
  {
    auto old_install = open("old.db");
    add_group(*old_install, "-1");
    back_up(*old_install, backup_path);
  }
  {
    SQLite::Database backup(backup_path, SQLite::OPEN_READWRITE);
    backup.exec("PRAGMA page_size=4096");
    backup.exec("VACUUM");
    ASSERT_EQ(backup.execAndGet("PRAGMA page_size").getInt(), 4096);
  }
  open("steward.db").reset();  // a new install's file, pages of database::new_file_page_size

  restore_backup(backup_path, (dir_ / "steward.db").string(), 1'764'432'000);
  EXPECT_EQ(SQLite::Database((dir_ / "steward.db").string())
                .execAndGet("PRAGMA journal_mode")
                .getString(),
            "wal");
  auto restored = open("steward.db");
  EXPECT_EQ(restored->query_int("SELECT count(*) FROM groups"), 1);
  EXPECT_EQ(restored->query_int("PRAGMA page_size"), 4096);
}

TEST_F(BackupTest, ANewDatabaseFileHasSmallPages) {
  EXPECT_EQ(open("steward.db")->query_int("PRAGMA page_size"), database::new_file_page_size);
}

TEST_F(BackupTest, RestoreChecksTheBackupFirst) {
  auto live = open("steward.db");
  add_group(*live, "-1");
  live.reset();
  std::ofstream(dir_ / "broken.db") << "garbage";
  EXPECT_NE(error_of([&] {
              restore_backup((dir_ / "broken.db").string(), (dir_ / "steward.db").string(), 1);
            }).find("not a readable SQLite database"),
            std::string::npos);
  EXPECT_EQ(open("steward.db")->query_int("SELECT count(*) FROM groups"), 1);
}

TEST_F(BackupTest, AnUnopenableDatabaseNamesItsPath) {
  database_settings s;
  s.path = (dir_ / "no-such-folder" / "steward.db").string();
  const auto error = error_of([&] { database db(s); });
  EXPECT_NE(error.find(s.path), std::string::npos) << error;
  EXPECT_NE(error.find("does not exist"), std::string::npos) << error;
}

TEST_F(BackupTest, MigratingAFreshDatabaseTakesNoBackup) {
  open("steward.db");
  EXPECT_FALSE(fs::exists(dir_ / "backups"));
}

}  // namespace
}  // namespace steward::storage
