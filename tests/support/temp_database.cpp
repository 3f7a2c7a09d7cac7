#include "tests/support/temp_database.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>

namespace steward::testing {

temp_database::temp_database() {
  static std::atomic<int> counter{0};
  path_ = (std::filesystem::temp_directory_path() /
           ("steward-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db"))
              .string();
  storage::database_settings settings;
  settings.path = path_;
  settings.synchronous = "NORMAL";  // tests do not need power-loss durability
  db_ = std::make_unique<storage::database>(settings);
  db_->migrate();
}

temp_database::~temp_database() {
  db_.reset();
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path_ + suffix);
}

}  // namespace steward::testing
