#include "storage/auto_delete_store.hpp"

namespace steward::storage {

using i64 = std::int64_t;

auto_delete_store::auto_delete_store(backend& db) : statements_(db) {}

void auto_delete_store::schedule(const message_ref& message, std::int64_t due_at, bool remove) {
  auto& insert = statements_.get(
      "INSERT INTO auto_deletes (platform, chat_id, message_id, due_at, remove) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  insert.bind(5, remove ? 1 : 0);
  insert.bind(1, message.platform);
  insert.bind(2, message.chat_id);
  insert.bind(3, message.message_id);
  insert.bind(4, static_cast<i64>(due_at));
  insert.run();
}

bool auto_delete_store::scheduled(const message_ref& message) {
  auto& query = statements_.get(
      "SELECT 1 FROM auto_deletes WHERE platform = ? AND chat_id = ? AND message_id = ?");
  query.bind(1, message.platform);
  query.bind(2, message.chat_id);
  query.bind(3, message.message_id);
  return query.step();
}

std::vector<message_ref> auto_delete_store::take_due(std::int64_t now_s, std::size_t limit) {
  auto& forget = statements_.get("DELETE FROM auto_deletes WHERE due_at <= ? AND remove = 0");
  forget.bind(1, static_cast<i64>(now_s));
  forget.run();
  auto& query = statements_.get(
      "SELECT platform, chat_id, message_id FROM auto_deletes WHERE due_at <= ? AND remove = 1 "
      "ORDER BY due_at, platform, chat_id, message_id LIMIT ?");
  query.bind(1, static_cast<i64>(now_s));
  query.bind(2, static_cast<i64>(limit));
  std::vector<message_ref> due;
  while (query.step()) {
    due.push_back({query.text(0), query.text(1), query.text(2)});
  }
  query.reset();
  auto& remove = statements_.get(
      "DELETE FROM auto_deletes WHERE platform = ? AND chat_id = ? AND message_id = ?");
  for (const auto& message : due) {
    remove.bind(1, message.platform);
    remove.bind(2, message.chat_id);
    remove.bind(3, message.message_id);
    remove.run();
    remove.reset();
  }
  return due;
}

}  // namespace steward::storage
