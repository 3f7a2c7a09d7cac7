#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace steward::testing {

/// A real, migrated SQLite database in a fresh temporary file, removed afterwards.
class temp_database {
 public:
  temp_database();
  ~temp_database();

  storage::database& db() { return *db_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::unique_ptr<storage::database> db_;
};

}  // namespace steward::testing
