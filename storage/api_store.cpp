#include "storage/api_store.hpp"

namespace steward::storage {

api_store::api_store(backend& db) : statements_(db) {}

bool api_token::covers(std::string_view chat_id) const {
  if (groups.empty()) return true;
  std::string_view rest = groups;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    if (rest.substr(0, comma) == chat_id) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

std::int64_t api_store::create_token(const std::string& name, const std::string& role,
                                     const std::string& secret_hash, std::int64_t at,
                                     const std::string& groups) {
  auto& insert = statements_.get(
      "INSERT INTO api_tokens (name, role, secret_hash, created_at, groups) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id");
  insert.bind(1, name);
  insert.bind(2, role);
  insert.bind(3, secret_hash);
  insert.bind(4, static_cast<int64_t>(at));
  insert.bind(5, groups);
  insert.step();
  const std::int64_t id = insert.integer(0);
  while (insert.step()) {
  }
  return id;
}

std::optional<api_token> api_store::find_token(const std::string& secret_hash) {
  auto& query = statements_.get(
      "SELECT id, name, role, groups FROM api_tokens WHERE secret_hash = ? AND revoked_at IS NULL");
  query.bind(1, secret_hash);
  if (!query.step()) return std::nullopt;
  return api_token{query.integer(0), query.text(1), query.text(2), query.text(3)};
}

std::vector<api_token_info> api_store::tokens() {
  auto& query = statements_.get(
      "SELECT id, name, role, created_at, revoked_at, groups FROM api_tokens "
      "ORDER BY id");
  std::vector<api_token_info> out;
  while (query.step()) {
    api_token_info t{query.integer(0), query.text(1), query.text(2),
                     query.integer(3), std::nullopt,  query.text(5)};
    if (!query.is_null(4)) t.revoked_at = query.integer(4);
    out.push_back(std::move(t));
  }
  return out;
}

bool api_store::revoke_token(std::int64_t id, std::int64_t at) {
  auto& update =
      statements_.get("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  update.bind(1, static_cast<int64_t>(at));
  update.bind(2, static_cast<int64_t>(id));
  return update.run() == 1;
}

namespace {

/// Binds `token_id` (NULL for 0), actor, role and groups from parameter `first` on.
void bind_who(statement& st, int first, const api_token& who) {
  if (who.id > 0) {
    st.bind(first, static_cast<int64_t>(who.id));
  } else {
    st.bind(first);
  }
  st.bind(first + 1, who.name);
  st.bind(first + 2, who.role);
  st.bind(first + 3, who.groups);
}

/// Who a session or link row names, from column `first` on (token_id, actor, role, groups).
api_token who_at(statement& st, int first) {
  return api_token{st.is_null(first) ? 0 : st.integer(first), st.text(first + 1),
                   st.text(first + 2), st.text(first + 3)};
}

}  // namespace

std::int64_t api_store::create_session(const std::string& secret_hash, const std::string& csrf,
                                       const api_token& who, std::int64_t at,
                                       std::int64_t expires_at) {
  auto& insert = statements_.get(
      "INSERT INTO console_sessions (secret_hash, csrf, token_id, actor, role, groups, "
      "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.bind(1, secret_hash);
  insert.bind(2, csrf);
  bind_who(insert, 3, who);
  insert.bind(7, static_cast<int64_t>(at));
  insert.bind(8, static_cast<int64_t>(expires_at));
  insert.step();
  const std::int64_t id = insert.integer(0);
  while (insert.step()) {
  }
  return id;
}

std::optional<console_session> api_store::find_session(const std::string& secret_hash,
                                                       std::int64_t now) {
  auto& query = statements_.get(
      "SELECT s.id, s.csrf, s.expires_at, s.token_id, s.actor, s.role, s.groups "
      "FROM console_sessions s LEFT JOIN api_tokens t ON t.id = s.token_id "
      "WHERE s.secret_hash = ? AND s.ended_at IS NULL AND s.expires_at > ? "
      "AND (s.token_id IS NULL OR t.revoked_at IS NULL)");
  query.bind(1, secret_hash);
  query.bind(2, static_cast<int64_t>(now));
  if (!query.step()) return std::nullopt;
  return console_session{query.integer(0), who_at(query, 3), query.text(1), query.integer(2)};
}

void api_store::create_link(const std::string& code_hash, const api_token& who, std::int64_t at,
                            std::int64_t expires_at) {
  auto& insert = statements_.get(
      "INSERT INTO console_links (code_hash, token_id, actor, role, groups, created_at, "
      "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, code_hash);
  bind_who(insert, 2, who);
  insert.bind(6, static_cast<int64_t>(at));
  insert.bind(7, static_cast<int64_t>(expires_at));
  insert.run();
}

std::optional<api_token> api_store::use_link(const std::string& code_hash, std::int64_t now) {
  auto& query = statements_.get(
      "UPDATE console_links SET used_at = ?1 WHERE code_hash = ?2 AND used_at IS NULL "
      "AND expires_at > ?1 AND (token_id IS NULL OR token_id IN "
      "(SELECT id FROM api_tokens WHERE revoked_at IS NULL)) "
      "RETURNING token_id, actor, role, groups");
  query.bind(1, static_cast<int64_t>(now));
  query.bind(2, code_hash);
  if (!query.step()) return std::nullopt;
  auto who = who_at(query, 0);
  while (query.step()) {
  }
  return who;
}

bool api_store::end_session(std::int64_t id, std::int64_t at) {
  auto& update =
      statements_.get("UPDATE console_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL");
  update.bind(1, static_cast<int64_t>(at));
  update.bind(2, static_cast<int64_t>(id));
  return update.run() == 1;
}

void api_store::audit(const audit_entry& e) {
  auto& insert = statements_.get(
      "INSERT INTO audit_log (actor, action, target, before, after, at) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, e.actor);
  insert.bind(2, e.action);
  insert.bind(3, e.target);
  insert.bind(4, e.before);
  insert.bind(5, e.after);
  insert.bind(6, static_cast<int64_t>(e.at));
  insert.run();
}

std::vector<audit_entry> api_store::recent_audit(int limit) {
  auto& query = statements_.get(
      "SELECT id, actor, action, target, before, after, at FROM audit_log ORDER BY id DESC LIMIT "
      "?");
  query.bind(1, limit);
  std::vector<audit_entry> out;
  while (query.step()) {
    out.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.text(4),
                   query.text(5), query.integer(6)});
  }
  return out;
}

}  // namespace steward::storage
