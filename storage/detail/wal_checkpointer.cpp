#include "storage/detail/wal_checkpointer.hpp"

#include <pthread.h>
#include <sqlite3.h>

#include <stdexcept>

#include "bot/core/log.hpp"

namespace steward::storage::detail {

wal_checkpointer::wal_checkpointer(const std::string& path, const std::string& synchronous) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string reason = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("database " + path + ": the checkpoint connection: " + reason);
  }
  // The checkpoint syncs the WAL before copying it and the database file after, as the
  // writer's own would with the same setting; it never waits for a lock (PASSIVE).
  const std::string pragmas =
      "PRAGMA synchronous=" + synchronous + "; PRAGMA cache_size=-256; PRAGMA busy_timeout=0;";
  sqlite3_exec(db_, pragmas.c_str(), nullptr, nullptr, nullptr);
  thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

wal_checkpointer::~wal_checkpointer() {
  thread_.request_stop();
  thread_.join();
  sqlite3_close(db_);
}

void wal_checkpointer::request() {
  {
    std::lock_guard lock(mutex_);
    requested_ = true;
  }
  wake_.notify_one();
}

void wal_checkpointer::run(const std::stop_token& stop) {
  pthread_setname_np(pthread_self(), "steward-wal");
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (!wake_.wait(lock, stop, [this] { return requested_; })) return;
      requested_ = false;
    }
    checkpoint();
  }
}

void wal_checkpointer::checkpoint() {
  int wal_frames = 0;
  int copied = 0;
  // PASSIVE copies what no reader still needs and never blocks the writer, which goes on
  // appending to the WAL meanwhile; it starts the WAL over at its next write once all is copied.
  const int rc =
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied);
  if (rc == SQLITE_OK) {
    completed_.fetch_add(1, std::memory_order_relaxed);
    last_failure_ = 0;
  } else if (rc != SQLITE_BUSY && rc != last_failure_) {
    last_failure_ = rc;
    // The writer checkpoints itself once the WAL grows past its limit, so nothing is lost; the
    // log says why this thread could not.
    core::log_warn("storage.checkpoint_failed", "a background WAL checkpoint failed",
                   {core::field("error", sqlite3_errstr(rc))});
  }
}

}  // namespace steward::storage::detail
