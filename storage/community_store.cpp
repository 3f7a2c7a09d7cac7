#include "storage/community_store.hpp"

#include <algorithm>
#include <vector>

#include "storage/backend.hpp"
#include "storage/detail/board_queries.hpp"
#include "storage/detail/optional_column.hpp"

namespace steward::storage {

namespace {
// The columns read_group() expects, in its order (a macro so queries stay string literals: the
// statement cache keys them by address).
#define GROUP_COLUMNS                                                                         \
  "id, platform, chat_id, title, time_zone, bot_is_admin, bot_can_delete, bot_can_restrict, " \
  "bot_can_invite, bot_can_mute"

std::optional<bool> optional_flag(statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.integer(column) != 0;
}

group_row read_group(statement& row) {
  group_row g;
  g.id = row.integer(0);
  g.platform = row.text(1);
  g.chat_id = row.text(2);
  g.title = row.text(3);
  g.time_zone = row.text(4);
  g.bot = {optional_flag(row, 5), optional_flag(row, 6), optional_flag(row, 7),
           optional_flag(row, 8), optional_flag(row, 9)};
  return g;
}
// The columns read_member() expects, in its order.
#define MEMBER_COLUMNS                                                                     \
  "id, group_id, user_id, display_name, points, message_count, xp, username, first_seen, " \
  "last_xp_at, COALESCE(last_active, 0), status = 'member', is_bot, "                      \
  "EXISTS (SELECT 1 FROM approved_members a WHERE a.member_id = members.id)"

member_row read_member(statement& row) {
  member_row m{row.integer(0),      row.integer(1), row.text(2),     row.text(3),
               row.integer(4),      row.integer(5), row.integer(6),  row.text(7),
               row.integer(8),      row.integer(9), row.integer(10), row.integer(11) != 0,
               row.integer(12) != 0};
  // Read with the member, not apart: moderation asks it of every message's author.
  m.approved = row.integer(13) != 0;
  return m;
}

// Nothing the platform told us about the member differs from what is stored.
bool up_to_date(const member_row& row, const core::member_ref& who) {
  return (who.display_name.empty() || who.display_name == row.display_name) &&
         (who.username.empty() || who.username == row.username);
}
}  // namespace

community_store::community_store(backend& db) : db_(db), statements_(db), ledger_(db) {}

namespace {
std::string group_key(const std::string& platform, const std::string& chat_id) {
  return platform + '\x1f' + chat_id;
}
}  // namespace

group_row* community_store::cached_group(const std::string& platform, const std::string& chat_id) {
  if (groups_rollbacks_ != db_.rollbacks()) {
    // Something read or written since may have been undone.
    groups_.clear();
    groups_rollbacks_ = db_.rollbacks();
  }
  const auto found = groups_.find(group_key(platform, chat_id));
  return found == groups_.end() ? nullptr : &found->second;
}

void community_store::forget_groups() {
  groups_.clear();
}

std::optional<group_row> community_store::find_group(const std::string& platform,
                                                     const std::string& chat_id) {
  if (const auto* cached = cached_group(platform, chat_id)) return *cached;
  // The chat's own group, else the group it was folded into under an earlier id.
  auto& query = statements_.get(
      "SELECT " GROUP_COLUMNS
      " FROM groups WHERE id = (SELECT id FROM groups WHERE platform = ?1 "
      "AND chat_id = ?2 UNION ALL SELECT group_id FROM group_aliases WHERE platform = ?1 AND "
      "chat_id = ?2 LIMIT 1)");
  query.bind(1, platform);
  query.bind(2, chat_id);
  if (!query.step()) return std::nullopt;
  return groups_.insert_or_assign(group_key(platform, chat_id), read_group(query)).first->second;
}

std::vector<group_row> community_store::groups_of(const std::string& platform) {
  auto& query = statements_.get("SELECT " GROUP_COLUMNS
                                " FROM groups WHERE platform = ? AND merged_into IS NULL AND "
                                "is_private = 0 ORDER BY id");
  query.bind(1, platform);
  std::vector<group_row> out;
  while (query.step())
    out.push_back(read_group(query));
  return out;
}

std::vector<group_row> community_store::all_groups() {
  auto& query = statements_.get("SELECT " GROUP_COLUMNS
                                " FROM groups WHERE merged_into IS NULL AND is_private = 0 "
                                "ORDER BY id");
  std::vector<group_row> out;
  while (query.step())
    out.push_back(read_group(query));
  return out;
}

group_row community_store::ensure_group(const core::chat_ref& chat,
                                        const std::string& default_time_zone, std::int64_t now_s) {
  if (auto found = find_group(chat.platform, chat.chat_id)) {
    if (!chat.title.empty() && chat.title != found->title) {
      auto& rename = statements_.get("UPDATE groups SET title = ? WHERE id = ?");
      rename.bind(1, chat.title);
      rename.bind(2, static_cast<int64_t>(found->id));
      rename.run();
      found->title = chat.title;
      groups_.insert_or_assign(group_key(chat.platform, chat.chat_id), *found);
    }
    return *found;
  }
  auto& insert = statements_.get(
      "INSERT INTO groups (platform, chat_id, title, time_zone, created_at) VALUES (?, ?, ?, ?, ?) "
      "RETURNING " GROUP_COLUMNS);
  insert.bind(1, chat.platform);
  insert.bind(2, chat.chat_id);
  insert.bind(3, chat.title);
  insert.bind(4, default_time_zone);
  insert.bind(5, static_cast<int64_t>(now_s));
  insert.step();
  group_row created = read_group(insert);
  while (insert.step()) {
  }
  groups_.insert_or_assign(group_key(chat.platform, chat.chat_id), created);
  return created;
}

void community_store::set_time_zone(const std::string& platform, const std::string& chat_id,
                                    const std::string& time_zone, std::int64_t now_s) {
  set_group_time_zone(ensure_group({platform, chat_id, "", true}, time_zone, now_s).id, time_zone);
}

void community_store::set_group_language(std::int64_t group_id,
                                         const std::optional<std::string>& language) {
  forget_groups();
  auto& update = statements_.get("UPDATE groups SET language = ? WHERE id = ?");
  detail::bind_optional(update, 1, language);
  update.bind(2, static_cast<int64_t>(group_id));
  update.run();
}

std::vector<std::pair<std::string, std::string>> community_store::group_languages() {
  auto& query = statements_.get(
      "SELECT chat_id, language FROM groups WHERE language IS NOT NULL AND merged_into IS NULL");
  std::vector<std::pair<std::string, std::string>> out;
  while (query.step()) {
    out.emplace_back(query.text(0), query.text(1));
  }
  return out;
}

void community_store::learn_bot_rights(std::int64_t group_id, const core::bot_rights& rights) {
  forget_groups();
  auto& update = statements_.get(
      "UPDATE groups SET bot_is_admin = COALESCE(?, bot_is_admin), "
      "bot_can_delete = COALESCE(?, bot_can_delete), "
      "bot_can_restrict = COALESCE(?, bot_can_restrict), "
      "bot_can_invite = COALESCE(?, bot_can_invite), "
      "bot_can_mute = COALESCE(?, bot_can_mute) WHERE id = ?");
  int index = 1;
  for (const auto& flag : {rights.is_admin, rights.can_delete, rights.can_restrict,
                           rights.can_invite, rights.can_mute}) {
    if (flag) {
      update.bind(index, *flag ? 1 : 0);
    } else {
      update.bind(index);
    }
    ++index;
  }
  update.bind(index, static_cast<int64_t>(group_id));
  update.run();
}

void community_store::set_group_time_zone(std::int64_t group_id, const std::string& time_zone) {
  forget_groups();
  auto& update = statements_.get("UPDATE groups SET time_zone = ? WHERE id = ?");
  update.bind(1, time_zone);
  update.bind(2, static_cast<int64_t>(group_id));
  update.run();
}

member_row community_store::ensure_member(std::int64_t group_id, const core::member_ref& who,
                                          std::int64_t now_s) {
  // Almost every message comes from a known member whose name has not changed: a read by the
  // unique key then, and no write.
  const auto known = find_member(group_id, who.user_id);
  if (known && up_to_date(*known, who)) return *known;
  auto& upsert = statements_.get(
      "INSERT INTO members (group_id, user_id, display_name, username, is_bot, first_seen) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (group_id, user_id) DO UPDATE SET "
      "display_name = CASE WHEN ?3 = '' THEN members.display_name ELSE ?3 END, "
      "username = CASE WHEN ?4 = '' THEN members.username ELSE ?4 END");
  upsert.bind(1, static_cast<int64_t>(group_id));
  upsert.bind(2, who.user_id);
  upsert.bind(3, who.display_name);
  upsert.bind(4, who.username);
  upsert.bind(5, who.is_bot ? 1 : 0);
  upsert.bind(6, static_cast<int64_t>(now_s));
  // Read back by the unique key rather than RETURNING, which opens a temporary table for each
  // execution (every new member's first message).
  upsert.run();
  member_row row = *find_member(group_id, who.user_id);
  row.is_new = !known;
  return row;
}

std::vector<member_row> community_store::search_members(std::int64_t group_id,
                                                        const std::string& text, int limit) {
  return filter_members(group_id, {text, "", std::nullopt, ""}, limit);
}

std::vector<member_row> community_store::filter_members(std::int64_t group_id,
                                                        const member_filter& filter, int limit) {
  auto& query = statements_.get(
      "SELECT " MEMBER_COLUMNS
      " FROM members WHERE group_id = ?1 AND (?2 = '' OR strpos(lower(display_name), "
      "lower(?2)) > 0 OR strpos(lower(username), lower(?2)) > 0) "
      "AND (?4 = '' OR id IN (SELECT member_id FROM member_tiers WHERE group_id = ?1 AND "
      "tier = ?4)) "
      "AND (CAST(?5 AS BIGINT) IS NULL OR (status = 'member' AND greatest(COALESCE(last_active, "
      "0), "
      "COALESCE(joined_at, first_seen)) < ?5)) "
      "AND (?6 = '' OR id IN (SELECT member_id FROM badges WHERE badge = ?6)) "
      "ORDER BY message_count DESC, id LIMIT ?3");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, filter.text);
  query.bind(3, limit);
  query.bind(4, filter.tier);
  detail::bind_optional(query, 5, filter.idle_before);
  query.bind(6, filter.badge);
  std::vector<member_row> out;
  while (query.step())
    out.push_back(read_member(query));
  return out;
}

std::optional<member_row> community_store::find_member(std::int64_t group_id,
                                                       const std::string& user_id) {
  auto& query =
      statements_.get("SELECT " MEMBER_COLUMNS " FROM members WHERE group_id = ? AND user_id = ?");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, user_id);
  if (!query.step()) return std::nullopt;
  return read_member(query);
}

std::optional<member_row> community_store::find_member_by_username(std::int64_t group_id,
                                                                   const std::string& username) {
  // Each as its engine's index on usernames reads it: SQLite's (group_id, username COLLATE
  // NOCASE), PostgreSQL's (group_id, lower(username)).
  auto& query = statements_.get(
      "SELECT " MEMBER_COLUMNS
      " FROM members WHERE group_id = ? AND username = ? COLLATE NOCASE AND username != ''",
      "SELECT " MEMBER_COLUMNS
      " FROM members WHERE group_id = ? AND lower(username) = lower(?) AND username != ''");
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, username);
  if (!query.step()) return std::nullopt;
  return read_member(query);
}

void community_store::set_hidden(std::int64_t member_id, bool hidden) {
  auto& update = statements_.get("UPDATE members SET hidden = ? WHERE id = ?");
  update.bind(1, hidden ? 1 : 0);
  update.bind(2, static_cast<int64_t>(member_id));
  update.run();
}

void community_store::record_message(std::int64_t member_id, std::int64_t at_s, bool present) {
  // `status` is set apart, and only when it changes: an UPDATE naming a column of the board's
  // partial index (members_on_board) rewrites the member's index entry, even to the same value.
  auto& update = statements_.get(
      "UPDATE members SET message_count = message_count + 1, "
      "last_active = greatest(COALESCE(last_active, 0), ?) WHERE id = ?");
  update.bind(1, static_cast<int64_t>(at_s));
  update.bind(2, static_cast<int64_t>(member_id));
  update.run_later();
  if (present) return;
  auto& back = statements_.get("UPDATE members SET status = 'member' WHERE id = ?");
  back.bind(1, static_cast<int64_t>(member_id));
  back.run_later();
}

void community_store::record_join(std::int64_t member_id, std::int64_t at_s) {
  auto& update = statements_.get(
      "UPDATE members SET status = 'member', joined_at = ?, left_at = NULL WHERE id = ?");
  update.bind(1, static_cast<int64_t>(at_s));
  update.bind(2, static_cast<int64_t>(member_id));
  update.run();
}

void community_store::record_leave(std::int64_t member_id, std::int64_t at_s) {
  auto& update = statements_.get("UPDATE members SET status = 'left', left_at = ? WHERE id = ?");
  update.bind(1, static_cast<int64_t>(at_s));
  update.bind(2, static_cast<int64_t>(member_id));
  update.run();
}

std::vector<std::string> community_store::groups_knowing(const std::string& platform,
                                                         const std::string& user_id) {
  auto& query = statements_.get(
      "SELECT g.chat_id FROM members m JOIN groups g ON g.id = m.group_id WHERE g.platform = ? "
      "AND m.user_id = ? AND g.is_private = 0 AND g.merged_into IS NULL ORDER BY g.id");
  query.bind(1, platform);
  query.bind(2, user_id);
  std::vector<std::string> out;
  while (query.step())
    out.push_back(query.text(0));
  return out;
}

std::vector<membership> community_store::memberships(const std::string& platform,
                                                     const std::string& user_id) {
  auto& query = statements_.get(
      "SELECT g.chat_id, g.title, m.points, m.group_id, m.id FROM members m JOIN groups g ON "
      "g.id = m.group_id WHERE g.platform = ? AND m.user_id = ? AND m.status = 'member' AND "
      "g.is_private = 0 AND g.merged_into IS NULL");
  query.bind(1, platform);
  query.bind(2, user_id);
  struct found {
    membership shown;
    std::int64_t group_id, member_id;
  };
  std::vector<found> rows;
  while (query.step()) {
    rows.push_back(
        {{query.text(0), query.text(1), query.integer(2), 0}, query.integer(3), query.integer(4)});
  }
  query.reset();
  // The place each group's board gives (rank_by_points), best places first.
  std::vector<membership> out;
  for (auto& row : rows) {
    row.shown.rank = rank_by_points(row.group_id, row.member_id, row.shown.points);
    out.push_back(std::move(row.shown));
  }
  std::stable_sort(out.begin(), out.end(), [](const membership& a, const membership& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.points > b.points;
  });
  return out;
}

std::int64_t community_store::rank_by_points(std::int64_t group_id, std::int64_t member_id,
                                             std::int64_t points) {
  // The place the points board gives: members still here and shown, ahead in (points, id) order.
  auto& query = statements_.get(detail::members_ahead_sql);
  query.bind(1, static_cast<int64_t>(group_id));
  query.bind(2, static_cast<int64_t>(member_id));
  query.bind(3, static_cast<int64_t>(points));
  query.step();
  return 1 + query.integer(0);
}

void community_store::migrate_chat(const std::string& platform, const std::string& old_chat_id,
                                   const std::string& new_chat_id, std::int64_t now_s) {
  forget_groups();  // ids move, groups may be folded into others
  const auto old_group = find_group(platform, old_chat_id);
  const auto new_group = find_group(platform, new_chat_id);
  if (!old_group || (new_group && new_group->id == old_group->id)) return;
  if (new_group) fold_group(new_group->id, old_group->id, now_s);
  auto& alias = statements_.get(
      "INSERT INTO group_aliases (platform, chat_id, group_id) VALUES (?, ?, ?) "
      "ON CONFLICT (platform, chat_id) DO UPDATE SET group_id = excluded.group_id");
  alias.bind(1, platform);
  alias.bind(2, old_chat_id);
  alias.bind(3, static_cast<int64_t>(old_group->id));
  alias.run();
  auto& move = statements_.get("UPDATE groups SET chat_id = ? WHERE id = ?");
  move.bind(1, new_chat_id);
  move.bind(2, static_cast<int64_t>(old_group->id));
  move.run();
}

}  // namespace steward::storage
