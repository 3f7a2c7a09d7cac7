#pragma once

#include <memory>
#include <string>

#include "storage/postgresql/connection.hpp"

namespace steward::testing {

/// A PostgreSQL schema of its own for one test, in the cluster tests/postgresql/with_cluster.sh
/// started (PG* variables), dropped with everything in it afterwards. `connect()` opens connections
/// whose search_path is that schema, so each test sees an empty database.
class pg_test_schema {
 public:
  pg_test_schema();
  ~pg_test_schema();

  /// A new connection working in this schema.
  std::unique_ptr<storage::postgresql::connection> connect() const;
  /// The connection string connect() uses.
  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::string conninfo_;
};

}  // namespace steward::testing
