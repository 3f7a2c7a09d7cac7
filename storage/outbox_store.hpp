#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/platform.hpp"
#include "storage/statement_cache.hpp"

namespace steward::storage {

/// One API call waiting to be made.
struct outbox_row {
  std::int64_t id = 0;
  std::string platform;
  std::string chat_id;
  std::string method;
  std::string body;
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at_ms = 0;
  std::string purpose;  ///< non-empty: the answer goes back to the core (see delivery follow-ups)
  std::string purpose_ref;
  std::int64_t not_after_s = 0;    ///< not sent after this Unix time (0: no limit)
  std::int64_t created_at_ms = 0;  ///< when it was queued
  std::string label = {};          ///< the template it renders ("" for none)
};

/// The final or intermediate state of an outbox row after a dispatch attempt.
enum class outbox_state { pending, sent, failed, dead };

/// A dispatch attempt's outcome, written back by the core thread.
struct outbox_update {
  std::int64_t id = 0;
  outbox_state state = outbox_state::pending;
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at_ms = 0;
  std::string error;
  std::string answer;  ///< the platform's answer, kept for rows with a purpose
  std::string platform = {};
  std::string chat_id = {};
  std::string purpose = {};
  std::string purpose_ref = {};
  /// Why a failed or dead call did not go through (for the follow-up's wording).
  core::delivery_failure why = core::delivery_failure::none;
  std::string label = {};  ///< the row's template, reported once it is sent
  /// With instances sharing the database: the partition of the chat the call was made for,
  /// released (core::chat_owners::end_send) once this outcome is committed; -1 otherwise.
  int sent_in_partition = -1;
};

/// Actions waiting to be performed, written in their event's transaction.
class outbox_store {
 public:
  explicit outbox_store(backend& db);

  /// Adds a pending call; returns its id (ids grow, which gives per-chat FIFO order).
  std::int64_t enqueue(const outbox_row& row, const std::string& origin_event, std::int64_t now_ms);
  /// Pending rows with id > `after_id`, oldest first.
  std::vector<outbox_row> pending_after(std::int64_t after_id, int limit);
  /// Records a dispatch outcome; false when the row was finished already (a late or repeated
  /// report changes nothing).
  bool update(const outbox_update& change, std::int64_t now_ms);
  /// How many rows are still pending: a counter kept beside the table, so reading it costs
  /// nothing however long the backlog grows. It is counted from the table on first use and
  /// again after any rollback on the connection (rare: the changes it undid are not known).
  std::int64_t pending_count();
  /// How many rows are still pending, per platform method (for the shutdown report).
  std::vector<std::pair<std::string, std::int64_t>> pending_by_method();

 private:
  statement_cache statements_;
  /// Whether pending_ still holds: counted, and no rollback since.
  bool counted() const;

  backend& db_;
  std::optional<std::int64_t> pending_;
  std::uint64_t counted_at_rollbacks_ = 0;
};

}  // namespace steward::storage
