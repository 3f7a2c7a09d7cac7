#include "tests/postgresql/pg_test_schema.hpp"

#include <unistd.h>

#include <atomic>

namespace steward::testing {

pg_test_schema::pg_test_schema() {
  static std::atomic<int> counter{0};
  name_ = "steward_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  conninfo_ = "options='-c search_path=" + name_ + "'";
  storage::postgresql::connection admin("");
  admin.execute("CREATE SCHEMA " + name_);
}

pg_test_schema::~pg_test_schema() {
  try {
    storage::postgresql::connection admin("");
    admin.execute("DROP SCHEMA " + name_ + " CASCADE");
  } catch (const storage::postgresql::error&) {
    // The cluster is thrown away after the run anyway.
  }
}

std::unique_ptr<storage::postgresql::connection> pg_test_schema::connect() const {
  return std::make_unique<storage::postgresql::connection>(conninfo_);
}

}  // namespace steward::testing
