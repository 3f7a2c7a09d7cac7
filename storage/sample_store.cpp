#include "storage/sample_store.hpp"

namespace steward::storage {

namespace {

// Spliced into literals: statement_cache keys prepared statements on the SQL text's address.
#define SAMPLE_COLUMNS "id, chat_id, text, label, source, actor, at"

spam_sample row_of(statement& q) {
  return {q.integer(0), q.text(1), q.text(2),   q.text(3) == "spam",
          q.text(4),    q.text(5), q.integer(6)};
}

}  // namespace

sample_store::sample_store(backend& db) : statements_(db) {}

std::optional<std::int64_t> sample_store::add(const spam_sample& s) {
  auto& insert = statements_.get(
      "INSERT INTO spam_samples (chat_id, text, label, source, actor, at) VALUES (?, ?, ?, ?, ?, "
      "?) ON CONFLICT (text, label) DO NOTHING RETURNING id");
  insert.bind(1, s.chat_id);
  insert.bind(2, s.text);
  insert.bind(3, s.spam ? "spam" : "ham");
  insert.bind(4, s.source);
  insert.bind(5, s.actor);
  insert.bind(6, static_cast<std::int64_t>(s.at));
  if (!insert.step()) return std::nullopt;
  const std::int64_t id = insert.integer(0);
  insert.reset();  // a write with RETURNING stays in progress until reset: the savepoint waits
  return id;
}

bool sample_store::remove(std::int64_t id) {
  auto& remove = statements_.get("DELETE FROM spam_samples WHERE id = ?");
  remove.bind(1, static_cast<std::int64_t>(id));
  return remove.run() > 0;
}

std::optional<spam_sample> sample_store::find(std::int64_t id) {
  auto& q = statements_.get("SELECT " SAMPLE_COLUMNS " FROM spam_samples WHERE id = ?");
  q.bind(1, static_cast<std::int64_t>(id));
  if (!q.step()) return std::nullopt;
  return row_of(q);
}

std::vector<spam_sample> sample_store::list(const std::string& label, int limit) {
  auto& q = statements_.get("SELECT " SAMPLE_COLUMNS
                            " FROM spam_samples WHERE ?1 = '' OR label = ?1 ORDER BY id DESC "
                            "LIMIT ?2");
  q.bind(1, label);
  q.bind(2, limit);
  std::vector<spam_sample> out;
  while (q.step())
    out.push_back(row_of(q));
  return out;
}

std::vector<spam_sample> sample_store::all() {
  auto& q = statements_.get("SELECT " SAMPLE_COLUMNS " FROM spam_samples ORDER BY id");
  std::vector<spam_sample> out;
  while (q.step())
    out.push_back(row_of(q));
  return out;
}

}  // namespace steward::storage
