#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace steward::storage::detail {

/// Copies the WAL back into the database file on a thread and a connection of its own, so that
/// the writer's COMMIT does not wait for it: run inside COMMIT, the checkpoint took 13 % of the
/// core thread under load and made the slowest batches (issue 12).
class wal_checkpointer {
 public:
  /// Opens a second connection to `path` (which must exist, in WAL mode) and starts the thread.
  /// Throws std::runtime_error when the file cannot be opened.
  wal_checkpointer(const std::string& path, const std::string& synchronous);
  /// Stops the thread (after a checkpoint under way) and closes its connection.
  ~wal_checkpointer();
  wal_checkpointer(const wal_checkpointer&) = delete;
  wal_checkpointer& operator=(const wal_checkpointer&) = delete;

  /// Asks for a checkpoint; returns at once. Called by the writer after a COMMIT.
  void request();
  /// How many checkpoints this thread has run.
  std::uint64_t completed() const { return completed_.load(std::memory_order_relaxed); }

 private:
  void run(const std::stop_token& stop);
  void checkpoint();

  sqlite3* db_ = nullptr;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool requested_ = false;
  int last_failure_ = 0;  // the error last logged (the thread's own): a lasting one is logged once
  std::atomic<std::uint64_t> completed_{0};
  std::jthread thread_;  // last: started once everything it uses exists, joined first
};

}  // namespace steward::storage::detail
