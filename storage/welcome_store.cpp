#include "storage/welcome_store.hpp"

namespace steward::storage {

using i64 = std::int64_t;

welcome_store::welcome_store(backend& db) : statements_(db) {}

bool welcome_store::owe(const std::string& platform, const std::string& chat_id,
                        const std::string& title, const std::string& user_id,
                        const std::string& name, std::int64_t now_s, std::int64_t repeat_window_s) {
  auto& upsert = statements_.get(
      "INSERT INTO welcomes (platform, chat_id, user_id, title, name, joined_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (platform, chat_id, user_id) DO UPDATE SET "
      "title = excluded.title, name = excluded.name, joined_at = excluded.joined_at, sent = 0 "
      "WHERE welcomes.joined_at <= ?6 - ?7");
  upsert.bind(1, platform);
  upsert.bind(2, chat_id);
  upsert.bind(3, user_id);
  upsert.bind(4, title);
  upsert.bind(5, name);
  upsert.bind(6, static_cast<i64>(now_s));
  upsert.bind(7, static_cast<i64>(repeat_window_s));
  return upsert.run() > 0;
}

std::vector<chat_welcomes> welcome_store::due(std::int64_t now_s, std::int64_t burst_s) {
  auto& query = statements_.get(
      "SELECT w.platform, w.chat_id, w.title, w.user_id, w.name, w.joined_at FROM welcomes w "
      "JOIN (SELECT platform, chat_id FROM welcomes WHERE sent = 0 GROUP BY platform, chat_id "
      "HAVING MIN(joined_at) <= ?1) d ON d.platform = w.platform AND d.chat_id = w.chat_id "
      "WHERE w.sent = 0 ORDER BY w.platform, w.chat_id, w.joined_at, w.user_id");
  query.bind(1, static_cast<i64>(now_s - burst_s));
  std::vector<chat_welcomes> out;
  while (query.step()) {
    const std::string platform = query.text(0);
    const std::string chat_id = query.text(1);
    if (out.empty() || out.back().platform != platform || out.back().chat_id != chat_id) {
      out.push_back({platform, chat_id, query.text(2), {}});
    }
    out.back().members.push_back({query.text(3), query.text(4), query.integer(5)});
  }
  return out;
}

void welcome_store::given(const std::string& platform, const std::string& chat_id) {
  auto& update = statements_.get(
      "UPDATE welcomes SET sent = 1 WHERE platform = ? AND chat_id = ? AND sent = 0");
  update.bind(1, platform);
  update.bind(2, chat_id);
  update.run();
}

void welcome_store::prune(std::int64_t before) {
  auto& remove = statements_.get("DELETE FROM welcomes WHERE sent = 1 AND joined_at < ?");
  remove.bind(1, static_cast<i64>(before));
  remove.run();
}

std::optional<std::string> welcome_store::last_welcome(const std::string& platform,
                                                       const std::string& chat_id) {
  auto& query =
      statements_.get("SELECT message_id FROM last_welcomes WHERE platform = ? AND chat_id = ?");
  query.bind(1, platform);
  query.bind(2, chat_id);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

void welcome_store::set_last_welcome(const std::string& platform, const std::string& chat_id,
                                     const std::string& message_id) {
  auto& write = statements_.get(
      message_id.empty()
          ? "DELETE FROM last_welcomes WHERE platform = ?1 AND chat_id = ?2 AND ?3 = ''"
          : "INSERT INTO last_welcomes (platform, chat_id, message_id) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (platform, chat_id) DO UPDATE SET message_id = excluded.message_id");
  write.bind(1, platform);
  write.bind(2, chat_id);
  write.bind(3, message_id);
  write.run();
}

}  // namespace steward::storage
