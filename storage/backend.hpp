#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/statement.hpp"

namespace steward::storage {

/// The SQL an engine reads.
enum class sql_dialect { sqlite, postgresql };

/// What one instance changes that every instance sharing its database keeps in memory: each
/// reads it back when another announces it (backend::announce_changes).
namespace shared_state {
/// Operator content: templates, FAQ entries, scheduled posts, shadow switches, experiments.
inline constexpr unsigned content = 1;
/// The spam samples the learned classifier is trained on.
inline constexpr unsigned samples = 2;
/// The word and allow lists (files: read again from each instance's own path).
inline constexpr unsigned words = 4;
/// A group's settings (time zone, language): the others forget the groups they cached.
inline constexpr unsigned groups = 8;
}  // namespace shared_state

/// The database a store writes to, whichever engine holds it: SQLite (storage/database.hpp,
/// the embedded default) or PostgreSQL (storage/postgresql/backend.hpp). Stores see only this
/// and `statement`; their SQL is written once, in what both dialects accept (`?`/`?N`
/// placeholders, `ON CONFLICT`, `greatest`, `strpos`, `lower()` for case-blind matches).
/// A backend belongs to one thread at a time.
class backend {
 public:
  virtual ~backend() = default;
  backend() = default;
  backend(const backend&) = delete;
  backend& operator=(const backend&) = delete;

  /// Which SQL this engine reads, for the few statements spelled per engine.
  virtual sql_dialect dialect() const = 0;
  /// Compiles one statement (the caller keeps it: see statement_cache).
  virtual std::unique_ptr<statement> prepare(const char* sql) = 0;
  /// The id the last INSERT on this connection gave its row.
  virtual std::int64_t last_insert_id() = 0;
  /// Starts a transaction that writes: on SQLite it takes the write lock at once.
  virtual void begin_write() = 0;
  /// Runs one statement that returns no rows, prepared once and kept (transaction control run
  /// for every update: SAVEPOINT, RELEASE, COMMIT, ROLLBACK).
  virtual void run_prepared(const std::string& sql) = 0;
  /// Runs SQL that returns no rows (tests and tools).
  virtual void execute(const std::string& sql) = 0;
  /// Runs a query that returns one integer (tests and tools).
  virtual long long query_int(const std::string& sql) = 0;
  /// Ends reads still open before a COMMIT or between batches (SQLite; nothing on PostgreSQL,
  /// whose results are read whole).
  virtual void end_reads() = 0;
  /// Where the data is, for messages: a file's path, or "host=… dbname=…".
  virtual std::string where() const = 0;
  /// WAL checkpoints run so far, for the metrics (SQLite's; none elsewhere).
  struct checkpoint_counts {
    std::uint64_t background = 0;
    std::uint64_t in_commit = 0;
  };
  virtual checkpoint_counts checkpoints() const { return {}; }
  /// Whether the connection to the database is lost (a server that went away); SQLite's file
  /// is never lost.
  virtual bool lost() const { return false; }
  /// Connects again after a loss; throws while the database is still away.
  virtual void reconnect() {}
  /// Tells the other instances sharing this database what this one changed of what each keeps
  /// in memory (`shared_state` flags; call it after the commit). SQLite has no other instance
  /// to tell.
  virtual void announce_changes(unsigned /*shared_state*/) {}
  /// The `shared_state` flags other instances announced since the last call (never waits).
  virtual unsigned changes_elsewhere() { return 0; }

  /// How many rollbacks (of a transaction or to a savepoint) this connection has run: state
  /// cached beside the database compares it to know when to forget what it read.
  std::uint64_t rollbacks() const { return rollbacks_; }
  /// Counts a rollback (storage/transaction.cpp).
  void note_rollback() { ++rollbacks_; }
  /// How many whole transactions this connection has rolled back (not savepoints): what a
  /// released savepoint wrote is undone only by these.
  std::uint64_t transaction_rollbacks() const { return transaction_rollbacks_; }
  /// Counts a rollback of a whole transaction (storage/transaction.cpp).
  void note_transaction_rollback() {
    ++rollbacks_;
    ++transaction_rollbacks_;
  }

 private:
  std::uint64_t rollbacks_ = 0;
  std::uint64_t transaction_rollbacks_ = 0;
};

}  // namespace steward::storage
