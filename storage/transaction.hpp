#pragma once

#include <string>

namespace steward::storage {

class backend;

/// A transaction that writes (BEGIN IMMEDIATE on SQLite: it takes the write lock at once, so a
/// read-modify-write inside it can never be overtaken). Rolls back in the destructor unless
/// committed.
class write_transaction {
 public:
  explicit write_transaction(backend& db);
  ~write_transaction();
  write_transaction(const write_transaction&) = delete;
  write_transaction& operator=(const write_transaction&) = delete;

  /// Makes every change durable (per the synchronous setting).
  void commit();

 private:
  backend& db_;
  bool open_ = true;
};

/// A SAVEPOINT inside a transaction: one event's changes, undone alone if that event fails.
class savepoint {
 public:
  savepoint(backend& db, std::string name);
  ~savepoint();
  savepoint(const savepoint&) = delete;
  savepoint& operator=(const savepoint&) = delete;

  /// Keeps the changes (RELEASE).
  void release();
  /// Undoes the changes since the savepoint (ROLLBACK TO + RELEASE).
  void rollback();

 private:
  backend& db_;
  std::string name_;
  bool open_ = true;
};

}  // namespace steward::storage
