#include "tests/support/temp_store.hpp"

#include "tests/support/temp_database.hpp"

namespace steward::testing {

struct temp_store::impl {
  temp_database sqlite;
};

temp_store::temp_store() : impl_(std::make_unique<impl>()) {}
temp_store::~temp_store() = default;

storage::backend& temp_store::db() {
  return impl_->sqlite.db();
}

const char* temp_store::kind() {
  return "sqlite";
}

}  // namespace steward::testing
