// Folding a group into another: the rare half of a Telegram group → supergroup migration where
// events from the new chat id arrived before the migration notice, so both ids have groups.

#include <vector>

#include "storage/community_store.hpp"

namespace steward::storage {

namespace {
struct folded_member {
  std::int64_t id;
  std::string user_id;
  std::int64_t points;
};
}  // namespace

void community_store::fold_group(std::int64_t from_group, std::int64_t into_group,
                                 std::int64_t now_s) {
  forget_groups();
  std::vector<folded_member> members;
  {
    auto& query = statements_.get("SELECT id, user_id, points FROM members WHERE group_id = ?");
    query.bind(1, static_cast<int64_t>(from_group));
    while (query.step()) {
      members.push_back({query.integer(0), query.text(1), query.integer(2)});
    }
  }
  for (const auto& m : members) {
    auto& upsert = statements_.get(
        "INSERT INTO members (group_id, user_id, display_name, username, is_bot, status, "
        "first_seen, joined_at, left_at, last_active, message_count) "
        "SELECT ?1, user_id, display_name, username, is_bot, status, first_seen, joined_at, "
        "left_at, last_active, message_count FROM members WHERE id = ?2 "
        "ON CONFLICT (group_id, user_id) DO UPDATE SET "
        "message_count = members.message_count + excluded.message_count, "
        "last_active = greatest(COALESCE(members.last_active, 0), COALESCE(excluded.last_active, "
        "0)) "
        "RETURNING id");
    upsert.bind(1, static_cast<int64_t>(into_group));
    upsert.bind(2, static_cast<int64_t>(m.id));
    upsert.step();
    const std::int64_t target = upsert.integer(0);
    while (upsert.step()) {
    }
    auto& checkins = statements_.get(
        "INSERT INTO checkins (member_id, local_day, day_iso, streak, points, event_id, "
        "created_at) SELECT ?1, local_day, day_iso, streak, points, event_id, created_at "
        "FROM checkins WHERE member_id = ?2 ON CONFLICT DO NOTHING");
    checkins.bind(1, static_cast<int64_t>(target));
    checkins.bind(2, static_cast<int64_t>(m.id));
    checkins.run();
    if (m.points == 0) continue;
    // Points move as two ledger rows, so both members' balances still equal their ledgers.
    ledger_.append(
        {m.id, -m.points, "group_merge", "", "merge-out:" + std::to_string(m.id), now_s});
    ledger_.append(
        {target, m.points, "group_merge", "", "merge-in:" + std::to_string(m.id), now_s});
  }
  // Free the new chat id for the surviving group and remember where the folded one went.
  auto& retire = statements_.get(
      "UPDATE groups SET merged_into = ?1, chat_id = chat_id || '#merged-' || id WHERE id = ?2");
  retire.bind(1, static_cast<int64_t>(into_group));
  retire.bind(2, static_cast<int64_t>(from_group));
  retire.run();
}

}  // namespace steward::storage
