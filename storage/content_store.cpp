#include "storage/content_store.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

namespace steward::storage {

content_store::content_store(database& db) : statements_(db) {}

void content_store::put(const content_entry& e) {
  auto& upsert = statements_.get(
      "INSERT INTO content_entries (kind, id, spec, author, updated_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (kind, id) DO UPDATE SET spec = excluded.spec, author = excluded.author, "
      "updated_at = excluded.updated_at");
  upsert.bind(1, e.kind);
  upsert.bind(2, e.id);
  if (e.spec) {
    upsert.bind(3, *e.spec);
  } else {
    upsert.bind(3);
  }
  upsert.bind(4, e.author);
  upsert.bind(5, static_cast<int64_t>(e.updated_at));
  upsert.exec();
}

std::vector<content_entry> content_store::all(const std::string& kind) {
  auto& query = statements_.get(
      "SELECT id, spec, author, updated_at FROM content_entries WHERE kind = ? ORDER BY id");
  query.bind(1, kind);
  std::vector<content_entry> out;
  while (query.executeStep()) {
    content_entry e{kind, query.getColumn(0).getString(), std::nullopt,
                    query.getColumn(2).getString(), query.getColumn(3).getInt64()};
    if (!query.getColumn(1).isNull()) e.spec = query.getColumn(1).getString();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace steward::storage
