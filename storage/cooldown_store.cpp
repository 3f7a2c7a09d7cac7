#include "storage/cooldown_store.hpp"

namespace steward::storage {

cooldown_store::cooldown_store(backend& db) : statements_(db) {}

std::optional<std::int64_t> cooldown_store::last(std::string_view kind, const std::string& key) {
  auto& query = statements_.get("SELECT at FROM cooldowns WHERE kind = ? AND key = ?");
  query.bind(1, std::string(kind));
  query.bind(2, key);
  if (!query.step()) return std::nullopt;
  return query.integer(0);
}

void cooldown_store::record(std::string_view kind, const std::string& key, std::int64_t at) {
  auto& write = statements_.get(
      "INSERT INTO cooldowns (kind, key, at) VALUES (?, ?, ?) "
      "ON CONFLICT (kind, key) DO UPDATE SET at = excluded.at");
  write.bind(1, std::string(kind));
  write.bind(2, key);
  write.bind(3, static_cast<std::int64_t>(at));
  write.run();
}

}  // namespace steward::storage
