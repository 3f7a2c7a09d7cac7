#include "storage/invite_store.hpp"

namespace steward::storage {

invite_store::invite_store(backend& db) : statements_(db) {}

std::optional<std::string> invite_store::link_of(std::int64_t member_id) {
  auto& query = statements_.get(
      "SELECT link FROM invite_links WHERE member_id = ? ORDER BY created_at DESC LIMIT 1");
  query.bind(1, static_cast<int64_t>(member_id));
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

void invite_store::save_link(const std::string& link, std::int64_t member_id, std::int64_t now_s) {
  auto& insert = statements_.get(
      "INSERT INTO invite_links (link, member_id, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  insert.bind(1, link);
  insert.bind(2, static_cast<int64_t>(member_id));
  insert.bind(3, static_cast<int64_t>(now_s));
  insert.run();
}

std::optional<std::int64_t> invite_store::owner_of(const std::string& link) {
  auto& query = statements_.get("SELECT member_id FROM invite_links WHERE link = ?");
  query.bind(1, link);
  if (!query.step()) return std::nullopt;
  return query.integer(0);
}

bool invite_store::record(std::int64_t invitee_id, std::int64_t inviter_id,
                          std::int64_t joined_at) {
  auto& insert = statements_.get(
      "INSERT INTO invites (invitee_id, inviter_id, joined_at) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  insert.bind(1, static_cast<int64_t>(invitee_id));
  insert.bind(2, static_cast<int64_t>(inviter_id));
  insert.bind(3, static_cast<int64_t>(joined_at));
  return insert.run() == 1;
}

std::vector<due_invite> invite_store::due(std::int64_t joined_before, std::int64_t min_messages) {
  auto& query = statements_.get(
      "SELECT i.invitee_id, i.inviter_id, e.display_name, r.display_name, g.platform, g.chat_id "
      "FROM invites i JOIN members e ON e.id = i.invitee_id JOIN members r ON r.id = "
      "i.inviter_id JOIN groups g ON g.id = e.group_id WHERE i.state = 'pending' AND "
      "i.joined_at <= ?1 AND e.status = 'member' AND (e.message_count >= ?2 OR EXISTS "
      "(SELECT 1 FROM checkins c WHERE c.member_id = e.id))");
  query.bind(1, static_cast<int64_t>(joined_before));
  query.bind(2, static_cast<int64_t>(min_messages));
  std::vector<due_invite> out;
  while (query.step()) {
    out.push_back({query.integer(0), query.integer(1), query.text(2), query.text(3), query.text(4),
                   query.text(5)});
  }
  return out;
}

bool invite_store::mark_credited(std::int64_t invitee_id, std::int64_t now_s) {
  auto& update = statements_.get(
      "UPDATE invites SET state = 'credited', credited_at = ? WHERE invitee_id = ? AND "
      "state = 'pending'");
  update.bind(1, static_cast<int64_t>(now_s));
  update.bind(2, static_cast<int64_t>(invitee_id));
  return update.run() == 1;
}

std::int64_t invite_store::credited_count(std::int64_t inviter_id) {
  auto& query =
      statements_.get("SELECT COUNT(*) FROM invites WHERE inviter_id = ? AND state = 'credited'");
  query.bind(1, static_cast<int64_t>(inviter_id));
  query.step();
  return query.integer(0);
}

}  // namespace steward::storage
