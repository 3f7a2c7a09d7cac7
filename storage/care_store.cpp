#include "storage/care_store.hpp"

#include <set>

#include "storage/backend.hpp"
#include "storage/detail/optional_column.hpp"

namespace steward::storage {

using detail::bind_optional;
using detail::optional_int;
using detail::optional_text;

care_store::care_store(backend& db) : db_(db), statements_(db) {}

std::uint64_t care_store::transaction_rollbacks() const {
  return db_.transaction_rollbacks();
}

std::vector<member_activity> care_store::activity(std::int64_t group_id, std::int64_t from_day,
                                                  std::int64_t to_day, std::int64_t from_s,
                                                  std::int64_t to_s) {
  // Each count is a range read on its table's (member, day) key: no scan of other groups.
  auto& query = statements_.get(
      "SELECT m.id, "
      "(SELECT COUNT(*) FROM member_days d WHERE d.member_id = m.id AND d.local_day BETWEEN ?2 "
      "AND ?3 AND d.messages > 0), "
      "(SELECT COALESCE(SUM(d.messages), 0) FROM member_days d WHERE d.member_id = m.id AND "
      "d.local_day BETWEEN ?2 AND ?3), "
      "(SELECT COUNT(*) FROM checkins c WHERE c.member_id = m.id AND c.local_day BETWEEN ?2 AND "
      "?3), "
      "(SELECT COUNT(*) FROM invites i WHERE i.inviter_id = m.id AND i.state = 'credited' AND "
      "i.credited_at >= ?4 AND i.credited_at < ?5) "
      "FROM members m WHERE m.group_id = ?1 AND m.status = 'member' AND m.is_bot = 0");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_day));
  query.bind(3, static_cast<int64_t>(to_day));
  query.bind(4, static_cast<int64_t>(from_s));
  query.bind(5, static_cast<int64_t>(to_s));
  std::vector<member_activity> out;
  while (query.step()) {
    out.push_back(
        {query.integer(0), query.integer(1), query.integer(2), query.integer(3), query.integer(4)});
  }
  return out;
}

std::map<std::int64_t, tier_row> care_store::tiers(std::int64_t group_id) {
  auto& query =
      statements_.get("SELECT member_id, tier, score, since FROM member_tiers WHERE group_id = ?");
  query.bind(1, static_cast<int64_t>(group_id));
  std::map<std::int64_t, tier_row> out;
  while (query.step()) {
    const auto id = query.integer(0);
    out[id] = {id, query.text(1), query.real(2), query.integer(3)};
  }
  return out;
}

void care_store::set_tier(std::int64_t group_id, const tier_row& row) {
  auto& upsert = statements_.get(
      "INSERT INTO member_tiers (member_id, group_id, tier, score, since) VALUES (?1, ?2, ?3, "
      "?4, ?5) ON CONFLICT (member_id) DO UPDATE SET group_id = ?2, tier = ?3, score = ?4, "
      "since = ?5");
  upsert.bind(1, static_cast<int64_t>(row.member_id));
  upsert.bind(2, static_cast<int64_t>(group_id));
  upsert.bind(3, row.tier);
  upsert.bind(4, row.score);
  upsert.bind(5, static_cast<int64_t>(row.since));
  upsert.run();
}

void care_store::drop_tiers_except(std::int64_t group_id,
                                   const std::vector<std::int64_t>& members) {
  const std::set<std::int64_t> keep(members.begin(), members.end());
  std::vector<std::int64_t> gone;
  for (const auto& [id, row] : tiers(group_id)) {
    if (!keep.contains(id)) gone.push_back(id);
  }
  for (const auto id : gone) {
    auto& remove = statements_.get("DELETE FROM member_tiers WHERE member_id = ?");
    remove.bind(1, static_cast<int64_t>(id));
    remove.run();
  }
}

void care_store::record_tier_change(std::int64_t group_id, std::int64_t member_id,
                                    const std::optional<std::string>& from, const std::string& to,
                                    std::int64_t at) {
  auto& insert = statements_.get(
      "INSERT INTO tier_changes (member_id, group_id, from_tier, to_tier, at) VALUES (?, ?, ?, "
      "?, ?)");
  insert.bind(1, static_cast<int64_t>(member_id));
  insert.bind(2, static_cast<int64_t>(group_id));
  bind_optional(insert, 3, from);
  insert.bind(4, to);
  insert.bind(5, static_cast<int64_t>(at));
  insert.run();
}

std::vector<tier_change> care_store::tier_changes(std::int64_t group_id, std::int64_t from_s,
                                                  std::int64_t to_s, int limit) {
  auto& query = statements_.get(
      "SELECT c.member_id, m.user_id, m.display_name, m.hidden, c.from_tier, c.to_tier, c.at "
      "FROM tier_changes c JOIN members m ON m.id = c.member_id WHERE c.group_id = ? AND c.at "
      ">= ? AND c.at < ? ORDER BY c.at DESC, c.id DESC LIMIT ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_s));
  query.bind(3, static_cast<int64_t>(to_s));
  query.bind(4, limit);
  std::vector<tier_change> out;
  while (query.step()) {
    tier_change c;
    c.member_id = query.integer(0);
    c.user_id = query.text(1);
    c.name = query.text(2);
    c.hidden = query.integer(3) != 0;
    c.from = optional_text(query, 4);
    c.to = query.text(5);
    c.at = query.integer(6);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<tier_change> care_store::member_tier_changes(std::int64_t member_id, int limit) {
  auto& query = statements_.get(
      "SELECT from_tier, to_tier, at FROM tier_changes WHERE member_id = ? "
      "ORDER BY at DESC, id DESC LIMIT ?");
  query.bind(1, static_cast<int64_t>(member_id));
  query.bind(2, limit);
  std::vector<tier_change> out;
  while (query.step()) {
    tier_change c;
    c.member_id = member_id;
    c.from = optional_text(query, 0);
    c.to = query.text(1);
    c.at = query.integer(2);
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<std::string> care_store::tier_of(std::int64_t member_id) {
  auto& query = statements_.get("SELECT tier FROM member_tiers WHERE member_id = ?");
  query.bind(1, static_cast<int64_t>(member_id));
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

std::vector<idle_member> care_store::idle_members(std::int64_t group_id,
                                                  std::int64_t idle_before_s) {
  auto& query = statements_.get(
      "SELECT * FROM (SELECT id, user_id, display_name, hidden, greatest(COALESCE(last_active, "
      "0), COALESCE(joined_at, first_seen)) AS since, EXISTS (SELECT 1 FROM private_contacts p "
      "WHERE p.platform = (SELECT platform FROM groups WHERE id = ?1) AND p.user_id = "
      "members.user_id AND p.blocked_at IS NULL) AS reachable FROM members WHERE group_id = ?1 "
      "AND status = 'member' AND is_bot = 0 AND erased_at IS NULL) idle WHERE since < ?2 "
      "ORDER BY since, id");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(idle_before_s));
  std::vector<idle_member> out;
  while (query.step()) {
    out.push_back({query.integer(0), query.text(1), query.text(2), query.integer(3) != 0,
                   query.integer(4), query.integer(5) != 0});
  }
  return out;
}

bool care_store::record_warning(std::int64_t group_id, const churn_warning& w) {
  auto& insert = statements_.get(
      "INSERT INTO churn_warnings (member_id, group_id, level_days, idle_since, warned_at, "
      "actions) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  insert.bind(1, static_cast<int64_t>(w.member_id));
  insert.bind(2, static_cast<int64_t>(group_id));
  insert.bind(3, w.level_days);
  insert.bind(4, static_cast<int64_t>(w.idle_since));
  insert.bind(5, static_cast<int64_t>(w.warned_at));
  insert.bind(6, w.actions);
  return insert.run() == 1;
}

void care_store::add_warning_action(std::int64_t member_id, int level_days, std::int64_t idle_since,
                                    const std::string& action) {
  auto& update = statements_.get(
      "UPDATE churn_warnings SET actions = CASE WHEN actions = '' THEN ?4 ELSE actions || ',' || "
      "?4 END WHERE member_id = ?1 AND level_days = ?2 AND idle_since = ?3");
  update.bind(1, static_cast<int64_t>(member_id));
  update.bind(2, level_days);
  update.bind(3, static_cast<int64_t>(idle_since));
  update.bind(4, action);
  update.run();
}

void care_store::note_private_contact(const std::string& platform, const std::string& user_id,
                                      std::int64_t at) {
  auto& upsert = statements_.get(
      "INSERT INTO private_contacts (platform, user_id, since) VALUES (?, ?, ?) ON CONFLICT "
      "(platform, user_id) DO UPDATE SET blocked_at = NULL WHERE private_contacts.blocked_at IS "
      "NOT NULL");
  upsert.bind(1, platform);
  upsert.bind(2, user_id);
  upsert.bind(3, static_cast<int64_t>(at));
  upsert.run();
}

bool care_store::reachable_privately(const std::string& platform, const std::string& user_id) {
  auto& query = statements_.get(
      "SELECT 1 FROM private_contacts WHERE platform = ? AND user_id = ? AND blocked_at IS NULL");
  query.bind(1, platform);
  query.bind(2, user_id);
  return query.step();
}

void care_store::private_contact_refused(const std::string& platform, const std::string& user_id,
                                         std::int64_t at) {
  auto& update = statements_.get(
      "UPDATE private_contacts SET blocked_at = ? WHERE platform = ? AND user_id = ?");
  update.bind(1, static_cast<int64_t>(at));
  update.bind(2, platform);
  update.bind(3, user_id);
  update.run();
}

int care_store::mark_returned(std::int64_t member_id, std::int64_t at) {
  auto& update = statements_.get(
      "UPDATE churn_warnings SET returned_at = ?1 WHERE member_id = ?2 AND returned_at IS NULL "
      "AND warned_at <= ?1");
  update.bind(1, static_cast<int64_t>(at));
  update.bind(2, static_cast<int64_t>(member_id));
  return update.run();
}

std::vector<churn_warning> care_store::warnings(std::int64_t group_id, std::int64_t from_s,
                                                int limit) {
  auto& query = statements_.get(
      "SELECT w.member_id, m.user_id, m.display_name, w.level_days, w.idle_since, w.warned_at, "
      "w.actions, w.returned_at FROM churn_warnings w JOIN members m ON m.id = w.member_id "
      "WHERE w.group_id = ? AND w.warned_at >= ? ORDER BY w.warned_at DESC, w.id DESC LIMIT ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_s));
  query.bind(3, limit);
  std::vector<churn_warning> out;
  while (query.step()) {
    out.push_back({query.integer(0), query.text(1), query.text(2),
                   static_cast<int>(query.integer(3)), query.integer(4), query.integer(5),
                   query.text(6), optional_int(query, 7)});
  }
  return out;
}

std::vector<reactivation_row> care_store::reactivation(std::int64_t group_id, std::int64_t from_s,
                                                       std::int64_t to_s, std::int64_t window_s,
                                                       std::int64_t now_s) {
  auto& query = statements_.get(
      "SELECT level_days, actions, COUNT(*), COUNT(*) FILTER (WHERE returned_at IS NOT NULL AND "
      "returned_at <= warned_at + ?4) FROM churn_warnings WHERE group_id = ?1 AND warned_at "
      ">= ?2 AND warned_at < ?3 AND (warned_at + ?4 <= ?5 OR (returned_at IS NOT NULL AND "
      "returned_at <= warned_at + ?4)) GROUP BY level_days, actions ORDER BY level_days, actions");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(from_s));
  query.bind(3, static_cast<int64_t>(to_s));
  query.bind(4, static_cast<int64_t>(window_s));
  query.bind(5, static_cast<int64_t>(now_s));
  std::vector<reactivation_row> out;
  while (query.step()) {
    out.push_back(
        {static_cast<int>(query.integer(0)), query.text(1), query.integer(2), query.integer(3)});
  }
  return out;
}

std::optional<std::int64_t> care_store::last_run(std::int64_t group_id, const std::string& job) {
  auto& query = statements_.get("SELECT last_day FROM daily_jobs WHERE group_id = ? AND job = ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, job);
  if (!query.step()) return std::nullopt;
  return query.integer(0);
}

void care_store::mark_run(std::int64_t group_id, const std::string& job, std::int64_t day_number) {
  auto& upsert = statements_.get(
      "INSERT INTO daily_jobs (group_id, job, last_day) VALUES (?1, ?2, ?3) ON CONFLICT "
      "(group_id, job) DO UPDATE SET last_day = ?3");
  upsert.bind(1, static_cast<int64_t>(group_id));
  upsert.bind(2, job);
  upsert.bind(3, static_cast<int64_t>(day_number));
  upsert.run();
}

}  // namespace steward::storage
