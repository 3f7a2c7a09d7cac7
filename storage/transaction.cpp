#include "storage/transaction.hpp"

#include <spdlog/spdlog.h>

#include "bot/core/log.hpp"
#include "storage/backend.hpp"

namespace steward::storage {

write_transaction::write_transaction(backend& db) : db_(db) {
  db_.begin_write();
}

write_transaction::~write_transaction() {
  if (!open_) return;
  db_.note_transaction_rollback();
  try {
    db_.run_prepared("ROLLBACK");
  } catch (const std::exception& e) {
    // A destructor must not throw; the connection reports the failed rollback on its next use.
    core::log_error("storage.rollback_failed", "a rollback failed",
                    {core::field("database", db_.where()), core::field("error", e.what())});
  }
}

void write_transaction::commit() {
  // No statement may keep its read open through COMMIT (a SELECT read to its first row does):
  // the checkpoint that follows the COMMIT can then copy every frame back, and the next BEGIN
  // starts the WAL over. Held open, the WAL grew past 1 GiB in a minute of load.
  db_.end_reads();
  db_.run_prepared("COMMIT");
  open_ = false;
}

savepoint::savepoint(backend& db, std::string name) : db_(db), name_(std::move(name)) {
  db_.run_prepared("SAVEPOINT " + name_);
}

savepoint::~savepoint() {
  if (!open_) return;
  try {
    rollback();
  } catch (const std::exception& e) {
    core::log_error("storage.rollback_failed", "a rollback to a savepoint failed",
                    {core::field("database", db_.where()), core::field("savepoint", name_),
                     core::field("error", e.what())});
  }
}

void savepoint::release() {
  db_.run_prepared("RELEASE " + name_);
  open_ = false;
}

void savepoint::rollback() {
  open_ = false;
  db_.note_rollback();
  db_.run_prepared("ROLLBACK TO " + name_);
  db_.run_prepared("RELEASE " + name_);
}

}  // namespace steward::storage
