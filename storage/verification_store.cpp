#include "storage/verification_store.hpp"

#include <stdexcept>

namespace steward::storage {

using i64 = std::int64_t;

namespace {

verification_state state_of(const std::string& name) {
  for (auto s :
       {verification_state::pending, verification_state::passing, verification_state::passed,
        verification_state::failing, verification_state::failed}) {
    if (name == to_string(s)) return s;
  }
  throw std::runtime_error("verifications: unknown state " + name);
}

newcomer row_of(statement& q) {
  return {q.text(0),           q.text(1),    q.text(2), q.text(3),
          state_of(q.text(4)), q.integer(5), q.text(6), q.text(7)};
}

// Spliced into literals: statement_cache keys prepared statements on the SQL text's address.
#define NEWCOMER_COLUMNS "platform, chat_id, user_id, name, state, deadline, question, answer"

}  // namespace

const char* to_string(verification_state state) {
  switch (state) {
    case verification_state::pending:
      return "pending";
    case verification_state::passing:
      return "passing";
    case verification_state::passed:
      return "passed";
    case verification_state::failing:
      return "failing";
    case verification_state::failed:
      return "failed";
  }
  return "pending";
}

verification_store::verification_store(backend& db) : statements_(db) {}

bool verification_store::ask(const newcomer& who) {
  auto& upsert = statements_.get(
      "INSERT INTO verifications (platform, chat_id, user_id, name, state, deadline, shown, "
      "question, answer) VALUES (?1, ?2, ?3, ?4, 'pending', ?5, 0, ?6, ?7) ON CONFLICT "
      "(platform, chat_id, user_id) DO UPDATE SET name = excluded.name, state = 'pending', "
      "deadline = excluded.deadline, shown = 0, question = excluded.question, "
      "answer = excluded.answer WHERE verifications.state = 'failed'");
  upsert.bind(1, who.platform);
  upsert.bind(2, who.chat_id);
  upsert.bind(3, who.user_id);
  upsert.bind(4, who.name);
  upsert.bind(5, static_cast<i64>(who.deadline));
  upsert.bind(6, who.question);
  upsert.bind(7, who.answer);
  return upsert.run() > 0;
}

std::optional<newcomer> verification_store::find(const std::string& platform,
                                                 const std::string& chat_id,
                                                 const std::string& user_id) {
  auto& q = statements_.get("SELECT " NEWCOMER_COLUMNS
                            " FROM verifications WHERE platform = ? AND chat_id = ? AND "
                            "user_id = ?");
  q.bind(1, platform);
  q.bind(2, chat_id);
  q.bind(3, user_id);
  if (!q.step()) return std::nullopt;
  return row_of(q);
}

void verification_store::set_state(const std::string& platform, const std::string& chat_id,
                                   const std::string& user_id, verification_state state) {
  auto& update = statements_.get(
      "UPDATE verifications SET state = ? WHERE platform = ? AND chat_id = ? AND user_id = ?");
  update.bind(1, to_string(state));
  update.bind(2, platform);
  update.bind(3, chat_id);
  update.bind(4, user_id);
  update.run();
}

std::vector<newcomer> verification_store::expired(std::int64_t now_s) {
  auto& q = statements_.get("SELECT " NEWCOMER_COLUMNS
                            " FROM verifications WHERE state = 'pending' AND deadline <= ? "
                            "ORDER BY deadline");
  q.bind(1, static_cast<i64>(now_s));
  std::vector<newcomer> out;
  while (q.step())
    out.push_back(row_of(q));
  return out;
}

std::vector<std::pair<std::string, std::string>> verification_store::chats_with_unshown() {
  auto& q = statements_.get(
      "SELECT DISTINCT platform, chat_id FROM verifications WHERE shown = 0 AND state = 'pending'");
  std::vector<std::pair<std::string, std::string>> out;
  while (q.step())
    out.emplace_back(q.text(0), q.text(1));
  return out;
}

bool verification_store::has_unshown(const std::string& platform, const std::string& chat_id) {
  auto& q = statements_.get(
      "SELECT 1 FROM verifications WHERE platform = ? AND chat_id = ? AND shown = 0 AND "
      "state = 'pending' LIMIT 1");
  q.bind(1, platform);
  q.bind(2, chat_id);
  return q.step();
}

std::vector<newcomer> verification_store::listed(const std::string& platform,
                                                 const std::string& chat_id) {
  auto& q = statements_.get("SELECT " NEWCOMER_COLUMNS
                            " FROM verifications WHERE platform = ? AND chat_id = ? AND state IN "
                            "('pending', 'passing') ORDER BY deadline, user_id");
  q.bind(1, platform);
  q.bind(2, chat_id);
  std::vector<newcomer> out;
  while (q.step())
    out.push_back(row_of(q));
  auto& mark = statements_.get(
      "UPDATE verifications SET shown = 1 WHERE platform = ? AND chat_id = ? AND shown = 0");
  mark.bind(1, platform);
  mark.bind(2, chat_id);
  mark.run();
  return out;
}

std::optional<challenge_message> verification_store::message(const std::string& platform,
                                                             const std::string& chat_id) {
  auto& q = statements_.get(
      "SELECT message_id FROM verification_messages WHERE platform = ? AND chat_id = ?");
  q.bind(1, platform);
  q.bind(2, chat_id);
  if (!q.step()) return std::nullopt;
  return challenge_message{platform, chat_id, q.text(0)};
}

void verification_store::set_message(const std::string& platform, const std::string& chat_id,
                                     const std::string& message_id) {
  auto& write = statements_.get(
      "INSERT INTO verification_messages (platform, chat_id, message_id) VALUES (?, ?, ?) "
      "ON CONFLICT (platform, chat_id) DO UPDATE SET message_id = excluded.message_id");
  write.bind(1, platform);
  write.bind(2, chat_id);
  write.bind(3, message_id);
  write.run();
}

void verification_store::drop_message(const std::string& platform, const std::string& chat_id) {
  auto& remove =
      statements_.get("DELETE FROM verification_messages WHERE platform = ? AND chat_id = ?");
  remove.bind(1, platform);
  remove.bind(2, chat_id);
  remove.run();
}

}  // namespace steward::storage
