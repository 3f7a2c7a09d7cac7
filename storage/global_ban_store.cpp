#include "storage/global_ban_store.hpp"

namespace steward::storage {

namespace {

global_ban row_of(statement& q) {
  return {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.integer(5)};
}

}  // namespace

global_ban_store::global_ban_store(backend& db) : statements_(db) {}

bool global_ban_store::add(const global_ban& ban) {
  const bool fresh = !find(ban.platform, ban.user_id);
  auto& upsert = statements_.get(
      "INSERT INTO global_bans (platform, user_id, name, reason, actor, at) VALUES (?, ?, ?, ?, "
      "?, ?) ON CONFLICT (platform, user_id) DO UPDATE SET name = CASE WHEN excluded.name = '' "
      "THEN global_bans.name ELSE excluded.name END, reason = excluded.reason, "
      "actor = excluded.actor, at = excluded.at");
  upsert.bind(1, ban.platform);
  upsert.bind(2, ban.user_id);
  upsert.bind(3, ban.name);
  upsert.bind(4, ban.reason);
  upsert.bind(5, ban.actor);
  upsert.bind(6, static_cast<std::int64_t>(ban.at));
  upsert.run();
  return fresh;
}

bool global_ban_store::remove(const std::string& platform, const std::string& user_id) {
  auto& remove = statements_.get("DELETE FROM global_bans WHERE platform = ? AND user_id = ?");
  remove.bind(1, platform);
  remove.bind(2, user_id);
  return remove.run() > 0;
}

std::optional<global_ban> global_ban_store::find(const std::string& platform,
                                                 const std::string& user_id) {
  auto& q = statements_.get(
      "SELECT platform, user_id, name, reason, actor, at FROM global_bans WHERE platform = ? AND "
      "user_id = ?");
  q.bind(1, platform);
  q.bind(2, user_id);
  if (!q.step()) return std::nullopt;
  return row_of(q);
}

std::vector<global_ban> global_ban_store::all() {
  auto& q = statements_.get(
      "SELECT platform, user_id, name, reason, actor, at FROM global_bans ORDER BY at DESC, "
      "platform, user_id");
  std::vector<global_ban> out;
  while (q.step())
    out.push_back(row_of(q));
  return out;
}

}  // namespace steward::storage
