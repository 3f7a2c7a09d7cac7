#include "storage/ledger_store.hpp"

namespace steward::storage {

ledger_store::ledger_store(backend& db) : statements_(db) {}

std::optional<std::int64_t> ledger_store::append(const ledger_entry& entry) {
  auto& insert = statements_.get(
      "INSERT INTO ledger (member_id, delta, reason, source_event, idempotency_key, "
      "created_at, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  insert.bind(1, static_cast<int64_t>(entry.member_id));
  insert.bind(2, static_cast<int64_t>(entry.delta));
  insert.bind(3, entry.reason);
  insert.bind(4, entry.source_event);
  insert.bind(5, entry.idempotency_key);
  insert.bind(6, static_cast<int64_t>(entry.created_at));
  insert.bind(7, entry.actor);
  insert.bind(8, entry.note);
  if (insert.run() == 0) return std::nullopt;

  // No RETURNING: it opens a temporary table per execution; the row read after the write is
  // in the page cache already.
  auto& update = statements_.get("UPDATE members SET points = points + ? WHERE id = ?");
  update.bind(1, static_cast<int64_t>(entry.delta));
  update.bind(2, static_cast<int64_t>(entry.member_id));
  if (update.run() == 0) throw std::runtime_error("ledger: member row missing");
  const std::int64_t balance = this->balance(entry.member_id);
  if (observer_) observer_(entry);
  return balance;
}

std::int64_t ledger_store::balance(std::int64_t member_id) {
  auto& query = statements_.get("SELECT points FROM members WHERE id = ?");
  query.bind(1, static_cast<int64_t>(member_id));
  return query.step() ? query.integer(0) : 0;
}

std::vector<ledger_entry> ledger_store::recent(std::int64_t member_id, int limit) {
  auto& query = statements_.get(
      "SELECT delta, reason, source_event, idempotency_key, created_at, actor, note FROM ledger "
      "WHERE member_id = ? ORDER BY id DESC LIMIT ?");
  query.bind(1, static_cast<int64_t>(member_id));
  query.bind(2, limit);
  std::vector<ledger_entry> out;
  while (query.step()) {
    out.push_back({member_id, query.integer(0), query.text(1), query.text(2), query.text(3),
                   query.integer(4), query.text(5), query.text(6)});
  }
  return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> ledger_store::expirable(std::int64_t cutoff_s) {
  // First in, first out: all debits (spending, deductions, earlier expiries) consume the oldest
  // credits, so what is left of the credits older than the cutoff is old credits − all debits.
  auto& query = statements_.get(
      "SELECT member_id, left_over FROM (SELECT member_id, SUM(CASE WHEN delta > 0 AND "
      "created_at < ?1 THEN delta ELSE 0 END) + SUM(CASE WHEN delta < 0 THEN delta ELSE 0 END) "
      "AS left_over FROM ledger GROUP BY member_id) credits WHERE left_over > 0");
  query.bind(1, static_cast<int64_t>(cutoff_s));
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  while (query.step()) {
    out.emplace_back(query.integer(0), query.integer(1));
  }
  return out;
}

std::int64_t ledger_store::ledger_sum(std::int64_t member_id) {
  auto& query = statements_.get("SELECT COALESCE(SUM(delta), 0) FROM ledger WHERE member_id = ?");
  query.bind(1, static_cast<int64_t>(member_id));
  query.step();
  return query.integer(0);
}

}  // namespace steward::storage
