#include "storage/moderation_store.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "storage/detail/optional_column.hpp"

namespace steward::storage {

namespace {

using i64 = int64_t;

moderation_entry read_entry(statement& q) {
  moderation_entry e;
  e.id = q.integer(0);
  e.group_id = q.integer(1);
  e.member_id = detail::optional_int(q, 2);
  e.message_id = q.text(3);
  e.rule = q.text(4);
  e.tag = q.text(5);
  e.action = q.text(6);
  e.taken = q.text(7);
  e.shadow = q.integer(8) != 0;
  e.spans = q.text(9);
  e.normalized = q.text(10);
  e.text = q.text(11);
  e.actor = q.text(12);
  e.reason = q.text(13);
  e.at = q.integer(14);
  e.pending_calls = static_cast<int>(q.integer(15));
  e.status = q.text(16);
  e.failure = q.text(17);
  return e;
}

}  // namespace

moderation_store::moderation_store(backend& db) : statements_(db) {}

void moderation_store::record_message(std::int64_t group_id, const std::string& message_id,
                                      std::int64_t member_id, const std::string& text,
                                      std::int64_t at, bool newcomer) {
  auto& insert = statements_.get(
      "INSERT INTO messages (group_id, message_id, member_id, text, at, newcomer) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, static_cast<i64>(group_id));
  insert.bind(2, message_id);
  insert.bind(3, static_cast<i64>(member_id));
  insert.bind(4, text);
  insert.bind(5, static_cast<i64>(at));
  insert.bind(6, newcomer ? 1 : 0);
  insert.run_later();
}

// Messages are appended in arrival order and have no index by message or member (each would
// cost a page written per message): these reads go back from the newest row, through at most
// the newest `messages_searched` rows, so that one of them costs milliseconds however many
// messages are kept.
std::optional<std::string> moderation_store::message_text(std::int64_t group_id,
                                                          const std::string& message_id) {
  auto& query = statements_.get(
      "SELECT text FROM messages WHERE id > (SELECT coalesce(max(id), 0) FROM messages) - ?3 "
      "AND group_id = ?1 AND message_id = ?2 ORDER BY id DESC LIMIT 1");
  query.bind(1, static_cast<i64>(group_id));
  query.bind(2, message_id);
  query.bind(3, static_cast<i64>(messages_searched));
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

std::vector<std::string> moderation_store::recent_texts(std::int64_t member_id, int limit) {
  auto& query = statements_.get(
      "SELECT text FROM messages WHERE id > (SELECT coalesce(max(id), 0) FROM messages) - ?3 "
      "AND member_id = ?1 AND text != '' ORDER BY id DESC LIMIT ?2");
  query.bind(1, static_cast<i64>(member_id));
  query.bind(2, limit);
  query.bind(3, static_cast<i64>(messages_searched));
  std::vector<std::string> out;
  while (query.step())
    out.push_back(query.text(0));
  return out;
}

std::vector<stored_message> moderation_store::messages_since(std::int64_t since,
                                                             std::int64_t group_id, int limit) {
  // Newest first so that a limit keeps the newest, and an edited message is read once, as its
  // newest text (an edit is a row of its own); turned around below.
  auto& query = statements_.get(
      "SELECT g.platform, g.chat_id, m.group_id, m.message_id, m.member_id, m.text, m.at, "
      "m.newcomer "
      "FROM messages m JOIN groups g ON g.id = m.group_id WHERE m.at >= ?1 "
      "AND (?2 = 0 OR m.group_id = ?2) ORDER BY m.at DESC, m.id DESC");
  query.bind(1, static_cast<i64>(since));
  query.bind(2, static_cast<i64>(group_id));
  std::vector<stored_message> out;
  std::set<std::pair<std::int64_t, std::string>> read;
  while ((limit <= 0 || std::ssize(out) < limit) && query.step()) {
    stored_message m{query.text(0),    query.text(1), query.integer(2), query.text(3),
                     query.integer(4), query.text(5), query.integer(6), query.integer(7) != 0};
    if (read.emplace(m.group_id, m.message_id).second) out.push_back(std::move(m));
  }
  query.reset();
  std::reverse(out.begin(), out.end());
  return out;
}

std::int64_t moderation_store::log(const moderation_entry& e) {
  auto& insert = statements_.get(
      "INSERT INTO moderation_log (group_id, member_id, message_id, rule, tag, action, taken, "
      "shadow, spans, normalized, text, actor, reason, at, pending_calls, status) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, static_cast<i64>(e.group_id));
  detail::bind_optional(insert, 2, e.member_id);
  insert.bind(3, e.message_id);
  insert.bind(4, e.rule);
  insert.bind(5, e.tag);
  insert.bind(6, e.action);
  insert.bind(7, e.taken);
  insert.bind(8, e.shadow ? 1 : 0);
  insert.bind(9, e.spans);
  insert.bind(10, e.normalized);
  insert.bind(11, e.text);
  insert.bind(12, e.actor);
  insert.bind(13, e.reason);
  insert.bind(14, static_cast<i64>(e.at));
  insert.bind(15, e.pending_calls);
  insert.bind(16, e.pending_calls > 0 ? "pending" : "done");
  insert.run();
  return statements_.last_insert_id();
}

void moderation_store::settle(std::int64_t log_id, const std::string& failure) {
  // The right-hand sides read the row as it was before this update.
  auto& update = statements_.get(
      "UPDATE moderation_log SET pending_calls = greatest(pending_calls - 1, 0), "
      "failure = CASE WHEN ?2 = '' THEN failure WHEN failure = '' THEN ?2 "
      "ELSE failure || '; ' || ?2 END, "
      "status = CASE WHEN ?2 != '' OR failure != '' THEN 'failed' "
      "WHEN pending_calls > 1 THEN 'pending' ELSE 'done' END WHERE id = ?1");
  update.bind(1, static_cast<i64>(log_id));
  update.bind(2, failure);
  update.run();
}

std::vector<moderation_entry> moderation_store::recent_log(std::int64_t group_id, int limit) {
  log_filter filter;
  filter.group_id = group_id;
  filter.limit = limit;
  return find_log(filter);
}

std::vector<moderation_entry> moderation_store::find_log(const log_filter& f) {
  auto& query = statements_.get(
      "SELECT id, group_id, member_id, message_id, rule, tag, action, taken, shadow, spans, "
      "normalized, text, actor, reason, at, pending_calls, status, failure FROM moderation_log "
      "WHERE (?1 = 0 OR group_id = ?1) AND (CAST(?2 AS BIGINT) IS NULL OR member_id = ?2) "
      "AND (?3 = '' OR rule = ?3) AND (?4 = '' OR status = ?4) AND at >= ?5 "
      "AND (?6 = 0 OR at < ?6) AND (?7 = 0 OR id < ?7) ORDER BY id DESC LIMIT ?8");
  query.bind(1, static_cast<i64>(f.group_id));
  if (f.member_id) {
    query.bind(2, static_cast<i64>(*f.member_id));
  } else {
    query.bind(2);  // NULL
  }
  query.bind(3, f.rule);
  query.bind(4, f.status);
  query.bind(5, static_cast<i64>(f.since));
  query.bind(6, static_cast<i64>(f.until));
  query.bind(7, static_cast<i64>(f.before_id));
  query.bind(8, f.limit);
  std::vector<moderation_entry> out;
  while (query.step())
    out.push_back(read_entry(query));
  return out;
}

std::optional<moderation_entry> moderation_store::log_entry(std::int64_t id) {
  auto& query = statements_.get(
      "SELECT id, group_id, member_id, message_id, rule, tag, action, taken, shadow, spans, "
      "normalized, text, actor, reason, at, pending_calls, status, failure FROM moderation_log "
      "WHERE id = ?");
  query.bind(1, static_cast<i64>(id));
  if (!query.step()) return std::nullopt;
  auto entry = read_entry(query);
  while (query.step()) {
  }
  return entry;
}

std::vector<moderation_store::approval> moderation_store::approvals(std::int64_t group_id) {
  auto& query = statements_.get(
      "SELECT a.member_id, m.user_id, m.display_name, a.actor, a.at FROM approved_members a "
      "JOIN members m ON m.id = a.member_id WHERE m.group_id = ? ORDER BY a.at DESC");
  query.bind(1, static_cast<i64>(group_id));
  std::vector<approval> out;
  while (query.step()) {
    out.push_back(
        {query.integer(0), query.text(1), query.text(2), query.text(3), query.integer(4)});
  }
  return out;
}

moderation_store::report_count moderation_store::reports_by(std::int64_t group_id,
                                                            const std::string& actor,
                                                            const std::string& message_id,
                                                            std::int64_t since) {
  auto& query = statements_.get(
      "SELECT COUNT(*) FILTER (WHERE at >= ?4), COUNT(*) FILTER (WHERE message_id = ?3) "
      "FROM moderation_log WHERE group_id = ?1 AND actor = ?2 AND rule = 'report'");
  query.bind(1, static_cast<i64>(group_id));
  query.bind(2, actor);
  query.bind(3, message_id);
  query.bind(4, static_cast<i64>(since));
  query.step();
  report_count out{static_cast<int>(query.integer(0)), query.integer(1) > 0};
  return out;
}

std::string moderation_store::taken_for(std::int64_t group_id, const std::string& message_id) {
  auto& query = statements_.get(
      "SELECT taken FROM moderation_log WHERE group_id = ? AND message_id = ? AND shadow = 0 "
      "AND actor = '' AND rule NOT IN ('flood', 'duplicate', 'raid', 'split', 'report') "
      "ORDER BY id DESC LIMIT 1");
  query.bind(1, static_cast<i64>(group_id));
  query.bind(2, message_id);
  return query.step() ? query.text(0) : std::string{};
}

int moderation_store::add_warning(std::int64_t member_id, std::int64_t at,
                                  const std::string& reason, const std::string& actor,
                                  std::int64_t active_since) {
  auto& insert =
      statements_.get("INSERT INTO warnings (member_id, at, reason, actor) VALUES (?, ?, ?, ?)");
  insert.bind(1, static_cast<i64>(member_id));
  insert.bind(2, static_cast<i64>(at));
  insert.bind(3, reason);
  insert.bind(4, actor);
  insert.run();
  return static_cast<int>(active_warnings(member_id, active_since).size());
}

std::vector<warning_row> moderation_store::active_warnings(std::int64_t member_id,
                                                           std::int64_t active_since) {
  auto& query = statements_.get(
      "SELECT id, at, reason, actor FROM warnings WHERE member_id = ? AND at >= ? "
      "AND revoked_at IS NULL ORDER BY at, id");
  query.bind(1, static_cast<i64>(member_id));
  query.bind(2, static_cast<i64>(active_since));
  std::vector<warning_row> out;
  while (query.step()) {
    out.push_back({query.integer(0), query.integer(1), query.text(2), query.text(3)});
  }
  return out;
}

bool moderation_store::revoke_last_warning(std::int64_t member_id, std::int64_t active_since,
                                           std::int64_t at) {
  const auto active = active_warnings(member_id, active_since);
  if (active.empty()) return false;
  auto& update = statements_.get("UPDATE warnings SET revoked_at = ? WHERE id = ?");
  update.bind(1, static_cast<i64>(at));
  update.bind(2, static_cast<i64>(active.back().id));
  update.run();
  return true;
}

int moderation_store::revoke_all_warnings(std::int64_t member_id, std::int64_t at) {
  auto& update = statements_.get(
      "UPDATE warnings SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL");
  update.bind(1, static_cast<i64>(at));
  update.bind(2, static_cast<i64>(member_id));
  return update.run();
}

bool moderation_store::set_approved(std::int64_t member_id, bool approved, const std::string& actor,
                                    std::int64_t at) {
  if (!approved) {
    auto& remove = statements_.get("DELETE FROM approved_members WHERE member_id = ?");
    remove.bind(1, static_cast<i64>(member_id));
    return remove.run() == 1;
  }
  auto& insert = statements_.get(
      "INSERT INTO approved_members (member_id, at, actor) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING");
  insert.bind(1, static_cast<i64>(member_id));
  insert.bind(2, static_cast<i64>(at));
  insert.bind(3, actor);
  return insert.run() == 1;
}

bool moderation_store::is_approved(std::int64_t member_id) {
  auto& query = statements_.get("SELECT 1 FROM approved_members WHERE member_id = ?");
  query.bind(1, static_cast<i64>(member_id));
  return query.step();
}

void moderation_store::set_shadow_switch(const std::string& rule, std::optional<bool> shadow,
                                         const std::string& author, std::int64_t at) {
  if (!shadow) {
    auto& remove = statements_.get("DELETE FROM rule_switches WHERE rule = ?");
    remove.bind(1, rule);
    remove.run();
    return;
  }
  auto& upsert = statements_.get(
      "INSERT INTO rule_switches (rule, shadow, author, updated_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (rule) DO UPDATE SET shadow = excluded.shadow, author = excluded.author, "
      "updated_at = excluded.updated_at");
  upsert.bind(1, rule);
  upsert.bind(2, *shadow ? 1 : 0);
  upsert.bind(3, author);
  upsert.bind(4, static_cast<i64>(at));
  upsert.run();
}

std::int64_t moderation_store::record_word_edit(const word_list_edit& edit) {
  auto& insert = statements_.get(
      "INSERT INTO word_edits (list, removed, word, tag, action, actor, at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.bind(1, edit.list);
  insert.bind(2, edit.removed ? 1 : 0);
  insert.bind(3, edit.word);
  insert.bind(4, edit.tag);
  insert.bind(5, edit.action);
  insert.bind(6, edit.actor);
  insert.bind(7, static_cast<i64>(edit.at));
  insert.step();
  const std::int64_t id = insert.integer(0);
  insert.reset();  // a write with RETURNING stays in progress until reset
  return id;
}

std::vector<word_list_edit> moderation_store::word_edits() {
  auto& query = statements_.get(
      "SELECT id, list, removed, word, tag, action, actor, at FROM word_edits ORDER BY id");
  std::vector<word_list_edit> out;
  while (query.step()) {
    out.push_back({query.integer(0), query.text(1), query.integer(2) != 0, query.text(3),
                   query.text(4), query.text(5), query.text(6), query.integer(7)});
  }
  return out;
}

std::map<std::string, bool> moderation_store::shadow_switches() {
  auto& query = statements_.get("SELECT rule, shadow FROM rule_switches");
  std::map<std::string, bool> out;
  while (query.step())
    out[query.text(0)] = query.integer(1) != 0;
  return out;
}

void moderation_store::prune(std::int64_t messages_before, std::int64_t log_before) {
  auto& messages = statements_.get("DELETE FROM messages WHERE at < ?");
  messages.bind(1, static_cast<i64>(messages_before));
  messages.run();
  auto& log = statements_.get("DELETE FROM moderation_log WHERE at < ?");
  log.bind(1, static_cast<i64>(log_before));
  log.run();
}

}  // namespace steward::storage
