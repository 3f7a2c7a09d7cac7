#pragma once

#include <chrono>
#include <optional>

#include "bot/core/metrics.hpp"
#include "storage/backend.hpp"

namespace steward::core {

/// The core thread's watch over its database connection: notices a lost connection (a
/// PostgreSQL server that went away; SQLite's file is never lost), turns /readyz off, and
/// reconnects with backoff — at once, then after 0.1 s doubling to 2 s between attempts. A
/// connection lost again soon after it came back (a flapping server, or one that accepts and
/// then drops the session) is not retried at once: the wait goes on doubling.
class database_guard {
 public:
  using clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds first_backoff{100};
  static constexpr std::chrono::milliseconds longest_backoff{2000};
  /// How long a connection must have lasted for its loss to be retried at once again.
  static constexpr std::chrono::seconds stable_after{30};

  database_guard(storage::backend& db, metrics& stats) : db_(db), stats_(stats) {}

  /// Whether a batch can be written now: connected, or reconnected by this call (when an
  /// attempt is due).
  bool available();
  /// After a failed batch: whether the connection was lost (then /readyz answers 503 until a
  /// reconnect succeeds).
  bool lost();
  /// Whether the connection is known to be lost (until a reconnect succeeds).
  bool away() const { return away_; }
  /// When the next reconnect attempt is due.
  clock::time_point next_attempt() const { return next_attempt_; }

 private:
  storage::backend& db_;
  metrics& stats_;
  bool away_ = false;
  std::chrono::milliseconds backoff_ = first_backoff;
  clock::time_point next_attempt_{};
  std::optional<clock::time_point> reconnected_at_;  // the last reconnect that succeeded
};

}  // namespace steward::core
