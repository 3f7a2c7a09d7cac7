#pragma once

#include <string>

namespace steward::storage {

class database;

/// A BEGIN IMMEDIATE transaction: takes the write lock at once, so a read-modify-write inside it
/// can never be overtaken. Rolls back in the destructor unless committed.
class write_transaction {
 public:
  explicit write_transaction(database& db);
  ~write_transaction();
  write_transaction(const write_transaction&) = delete;
  write_transaction& operator=(const write_transaction&) = delete;

  /// Makes every change durable (per the synchronous setting).
  void commit();

 private:
  database& db_;
  bool open_ = true;
};

/// A SAVEPOINT inside a transaction: one event's changes, undone alone if that event fails.
class savepoint {
 public:
  savepoint(database& db, std::string name);
  ~savepoint();
  savepoint(const savepoint&) = delete;
  savepoint& operator=(const savepoint&) = delete;

  /// Keeps the changes (RELEASE).
  void release();
  /// Undoes the changes since the savepoint (ROLLBACK TO + RELEASE).
  void rollback();

 private:
  database& db_;
  std::string name_;
  bool open_ = true;
};

}  // namespace steward::storage
