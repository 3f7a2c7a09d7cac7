#include "storage/statement_cache.hpp"

#include <unordered_map>

#include "storage/backend.hpp"

namespace steward::storage {

struct statement_cache::impl {
  backend& db;
  // Keyed by the SQL text's address: every call site passes a string literal.
  std::unordered_map<const char*, std::unique_ptr<statement>> statements;
};

statement_cache::statement_cache(backend& db) : impl_(std::make_unique<impl>(impl{db, {}})) {}

statement_cache::~statement_cache() = default;

statement& statement_cache::get(const char* sql) {
  auto& slot = impl_->statements[sql];
  if (!slot) slot = impl_->db.prepare(sql);
  slot->reset();
  return *slot;
}

statement& statement_cache::get(const char* sqlite_sql, const char* postgresql_sql) {
  return get(impl_->db.dialect() == sql_dialect::sqlite ? sqlite_sql : postgresql_sql);
}

std::int64_t statement_cache::last_insert_id() const {
  return impl_->db.last_insert_id();
}

}  // namespace steward::storage
