// steward_pg_tests' temp_store: the store tests run on a PostgreSQL schema of their own.
#include "tests/support/temp_store.hpp"

#include "storage/postgresql/backend.hpp"
#include "storage/postgresql/migrations.hpp"
#include "tests/postgresql/pg_test_schema.hpp"

namespace steward::testing {

struct temp_store::impl {
  pg_test_schema schema;
  storage::postgresql::pg_backend db{schema.conninfo()};
};

temp_store::temp_store() : impl_(std::make_unique<impl>()) {
  storage::postgresql::migrate(impl_->db.native());
}

temp_store::~temp_store() = default;

storage::backend& temp_store::db() {
  return impl_->db;
}

const char* temp_store::kind() {
  return "postgresql";
}

}  // namespace steward::testing
