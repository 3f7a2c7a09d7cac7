#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/statement_cache.hpp"

namespace steward::storage {

/// A message waiting to be deleted.
struct message_ref {
  std::string platform;
  std::string chat_id;
  std::string message_id;
};

/// Messages Steward deletes after a while in quiet groups (its replies to commands, and the
/// commands), each with the time it is due.
class auto_delete_store {
 public:
  explicit auto_delete_store(backend& db);

  /// Deletes `message` at `due_at` (Unix seconds), or with `remove` false only remembers it until
  /// then; a message scheduled already keeps its time.
  void schedule(const message_ref& message, std::int64_t due_at, bool remove = true);
  /// True when `message` is remembered (to be deleted or not).
  bool scheduled(const message_ref& message);
  /// Up to `limit` messages due by `now_s` to be deleted, oldest first; they and the remembered
  /// ones due are forgotten (the caller queues the deletions in the same transaction).
  std::vector<message_ref> take_due(std::int64_t now_s, std::size_t limit);

 private:
  statement_cache statements_;
};

}  // namespace steward::storage
