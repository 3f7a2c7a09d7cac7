#pragma once

#include <memory>
#include <string>

#include "storage/backend.hpp"

namespace steward::testing {

/// A fresh, migrated database for one store test, on the backend this test binary tests:
/// SQLite in steward_tests (tests/support/temp_store.cpp), PostgreSQL in steward_pg_tests
/// (tests/postgresql/temp_store.cpp). The store tests are compiled into both, so each runs on
/// both backends unchanged.
class temp_store {
 public:
  temp_store();
  ~temp_store();
  temp_store(const temp_store&) = delete;
  temp_store& operator=(const temp_store&) = delete;

  storage::backend& db();
  /// "sqlite" or "postgresql", for the few expectations where the engines differ.
  static const char* kind();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace steward::testing
