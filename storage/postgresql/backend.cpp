#include "storage/postgresql/backend.hpp"

#include <utility>

#include "bot/core/log.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/postgresql/statement.hpp"

namespace steward::storage::postgresql {

pg_backend::pg_backend(const std::string& conninfo) : db_(std::make_unique<connection>(conninfo)) {}

pg_backend::~pg_backend() = default;

std::unique_ptr<statement> pg_backend::prepare(const char* sql) {
  return std::make_unique<pg_statement>(*db_, "steward_" + std::to_string(++prepared_), sql);
}

std::int64_t pg_backend::last_insert_id() {
  return db_->query("SELECT lastval()").integer(0, 0);
}

void pg_backend::begin_write() {
  // READ COMMITTED: a statement waits for a row another transaction is changing and then sees
  // its outcome, so INSERT … ON CONFLICT of the same key from two instances counts once.
  // Sent without waiting: it goes out with the batch's first statement that waits.
  db_->send("BEGIN");
}

void pg_backend::run_prepared(const std::string& sql) {
  // Transaction control, run for every update: a SAVEPOINT goes out with the update's first
  // statement that waits; RELEASE and COMMIT carry what the update sent without waiting and
  // report its failure; a ROLLBACK undoes that anyway.
  if (sql.starts_with("SAVEPOINT")) {
    db_->send(sql);
  } else if (sql.starts_with("ROLLBACK")) {
    db_->discard_sent();
    if (db_->lost()) return;  // the server ends a lost session's transaction itself
    db_->execute(sql);
  } else {
    db_->execute_after_sent(sql);
  }
}

void pg_backend::execute(const std::string& sql) {
  db_->execute(sql);
}

long long pg_backend::query_int(const std::string& sql) {
  return db_->query(sql).integer(0, 0);
}

std::string pg_backend::where() const {
  return db_->where();
}

bool pg_backend::lost() const {
  return db_->lost();
}

void pg_backend::reconnect() {
  db_->reconnect();
  if (session_setup_) {
    try {
      session_setup_(*this);
    } catch (...) {
      db_->abandon();  // e.g. the serving lock is another instance's now: do not serve
      throw;
    }
  }
  unheard_ = true;
}

void pg_backend::on_session(std::function<void(pg_backend&)> setup) {
  setup(*this);
  session_setup_ = std::move(setup);
}

namespace {
// What an instance changed of the state every instance keeps in memory (shared_state flags).
constexpr const char* content_channel = "steward_content";

unsigned flags_of(const std::string& payload) {
  unsigned flags = 0;
  for (const char c : payload) {
    if (c < '0' || c > '9') return shared_state::content;
    flags = flags * 10 + static_cast<unsigned>(c - '0');
  }
  return flags == 0 ? shared_state::content : flags;
}
}  // namespace

void pg_backend::announce_changes(unsigned changes) {
  try {
    db_->query(std::string("SELECT pg_notify('") + content_channel + "', $1)",
               {std::to_string(changes)});
  } catch (const std::exception& e) {
    core::log_warn("storage.unannounced",
                   "could not tell the other instances what changed (operator content, spam "
                   "samples or word lists); they read it back at their next start",
                   {core::field("changes", changes), core::field("error", e.what())});
  }
}

unsigned pg_backend::changes_elsewhere() {
  constexpr unsigned everything =
      shared_state::content | shared_state::samples | shared_state::words | shared_state::groups;
  unsigned changes = std::exchange(unheard_, false) ? everything : 0;
  for (const auto& payload : db_->notifications_from_others())
    changes |= flags_of(payload);
  return changes;
}

void pg_backend::listen_for_content_changes() {
  db_->execute(std::string("LISTEN ") + content_channel);
}

}  // namespace steward::storage::postgresql
