#include "storage/outbox_store.hpp"

#include "storage/backend.hpp"

namespace steward::storage {

namespace {
const char* state_name(outbox_state state) {
  switch (state) {
    case outbox_state::pending:
      return "pending";
    case outbox_state::sent:
      return "sent";
    case outbox_state::failed:
      return "failed";
    case outbox_state::dead:
      return "dead";
  }
  return "pending";
}
}  // namespace

outbox_store::outbox_store(backend& db) : statements_(db), db_(db) {}

bool outbox_store::counted() const {
  return pending_ && counted_at_rollbacks_ == db_.rollbacks();
}

std::int64_t outbox_store::enqueue(const outbox_row& row, const std::string& origin_event,
                                   std::int64_t now_ms) {
  auto& insert = statements_.get(
      "INSERT INTO outbox (platform, chat_id, method, body, origin_event, created_at, updated_at, "
      "purpose, purpose_ref, not_after, label) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, "
      "?10)");
  insert.bind(1, row.platform);
  insert.bind(2, row.chat_id);
  insert.bind(3, row.method);
  insert.bind(4, row.body);
  insert.bind(5, origin_event);
  insert.bind(6, static_cast<int64_t>(now_ms));
  insert.bind(7, row.purpose);
  insert.bind(8, row.purpose_ref);
  insert.bind(9, static_cast<int64_t>(row.not_after_s));
  insert.bind(10, row.label);
  insert.run_later();  // goes out with the read of its id: one round trip
  const std::int64_t id = statements_.last_insert_id();
  if (counted()) ++*pending_;
  return id;
}

std::vector<outbox_row> outbox_store::pending_after(std::int64_t after_id, int limit) {
  auto& query = statements_.get(
      "SELECT id, platform, chat_id, method, body, attempts, next_attempt_at, purpose, "
      "purpose_ref, not_after, created_at, label FROM outbox "
      "WHERE state = 'pending' AND id > ? ORDER BY id LIMIT ?");
  query.bind(1, static_cast<int64_t>(after_id));
  query.bind(2, limit);
  std::vector<outbox_row> rows;
  while (query.step()) {
    rows.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.text(4),
                    query.integer(5), query.integer(6), query.text(7), query.text(8),
                    query.integer(9), query.integer(10), query.text(11)});
  }
  return rows;
}

bool outbox_store::update(const outbox_update& change, std::int64_t now_ms) {
  auto& update = statements_.get(
      "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
      "updated_at = ? WHERE id = ? AND state = 'pending'");
  update.bind(1, state_name(change.state));
  update.bind(2, static_cast<int64_t>(change.attempts));
  update.bind(3, static_cast<int64_t>(change.next_attempt_at_ms));
  update.bind(4, change.error);
  update.bind(5, static_cast<int64_t>(now_ms));
  update.bind(6, static_cast<int64_t>(change.id));
  // A row already finished stays as it is (a late or repeated report changes nothing).
  if (update.run() == 0) return false;
  if (change.state != outbox_state::pending && counted()) --*pending_;
  return true;
}

std::int64_t outbox_store::pending_count() {
  if (!counted()) {
    auto& query = statements_.get("SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
    query.step();
    pending_ = query.integer(0);
    counted_at_rollbacks_ = db_.rollbacks();
    query.reset();
  }
  return *pending_;
}

std::vector<std::pair<std::string, std::int64_t>> outbox_store::pending_by_method() {
  auto& query = statements_.get(
      "SELECT method, COUNT(*) FROM outbox WHERE state = 'pending' GROUP BY method ORDER BY 2 "
      "DESC");
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (query.step()) {
    out.emplace_back(query.text(0), query.integer(1));
  }
  return out;
}

}  // namespace steward::storage
