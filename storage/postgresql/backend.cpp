#include "storage/postgresql/backend.hpp"

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
  db_->execute("BEGIN");
}

void pg_backend::run_prepared(const std::string& sql) {
  db_->execute(sql);
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
  if (!session_setup_) return;
  try {
    session_setup_(*this);
  } catch (...) {
    db_->abandon();  // e.g. the serving lock is another instance's now: do not serve
    throw;
  }
}

void pg_backend::on_session(std::function<void(pg_backend&)> setup) {
  setup(*this);
  session_setup_ = std::move(setup);
}

namespace {
// Operator content (templates, FAQ, schedules, switches, experiments) changed.
constexpr const char* content_channel = "steward_content";
}  // namespace

void pg_backend::announce_content_change() {
  try {
    db_->execute(std::string("NOTIFY ") + content_channel);
  } catch (const std::exception& e) {
    core::log_warn("storage.unannounced",
                   "could not tell the other instances that operator content changed; they "
                   "use it from their next start",
                   {core::field("error", e.what())});
  }
}

bool pg_backend::content_changed_elsewhere() {
  return db_->notified_by_others();
}

void pg_backend::listen_for_content_changes() {
  db_->execute(std::string("LISTEN ") + content_channel);
}

}  // namespace steward::storage::postgresql
