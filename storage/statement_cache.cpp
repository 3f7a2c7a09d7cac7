#include "storage/statement_cache.hpp"

#include <SQLiteCpp/Database.h>

#include <unordered_map>

#include "storage/database.hpp"
#include "storage/detail/sqlite_statement.hpp"

namespace steward::storage {

struct statement_cache::impl {
  database& db;
  // Keyed by the SQL text's address: every call site passes a string literal.
  std::unordered_map<const char*, std::unique_ptr<detail::sqlite_statement>> statements;
};

statement_cache::statement_cache(database& db) : impl_(std::make_unique<impl>(impl{db, {}})) {}

statement_cache::~statement_cache() = default;

statement& statement_cache::get(const char* sql) {
  auto& slot = impl_->statements[sql];
  if (!slot) slot = std::make_unique<detail::sqlite_statement>(impl_->db.native().getHandle(), sql);
  slot->reset();
  return *slot;
}

int statement_cache::changes() const {
  return impl_->db.native().getChanges();
}

std::int64_t statement_cache::last_insert_id() const {
  return impl_->db.native().getLastInsertRowid();
}

}  // namespace steward::storage
