#include "storage/content_store.hpp"

#include "storage/detail/optional_column.hpp"

namespace steward::storage {

content_store::content_store(backend& db) : statements_(db) {}

void content_store::put(const content_entry& e) {
  auto& upsert = statements_.get(
      "INSERT INTO content_entries (kind, id, spec, author, updated_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (kind, id) DO UPDATE SET spec = excluded.spec, author = excluded.author, "
      "updated_at = excluded.updated_at");
  upsert.bind(1, e.kind);
  upsert.bind(2, e.id);
  detail::bind_optional(upsert, 3, e.spec);
  upsert.bind(4, e.author);
  upsert.bind(5, static_cast<int64_t>(e.updated_at));
  upsert.run();
}

std::vector<content_entry> content_store::all(const std::string& kind) {
  auto& query = statements_.get(
      "SELECT id, spec, author, updated_at FROM content_entries WHERE kind = ? ORDER BY id");
  query.bind(1, kind);
  std::vector<content_entry> out;
  while (query.step()) {
    out.push_back(
        {kind, query.text(0), detail::optional_text(query, 1), query.text(2), query.integer(3)});
  }
  return out;
}

}  // namespace steward::storage
