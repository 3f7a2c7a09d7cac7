#pragma once

#include <array>
#include <deque>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "bot/core/chat_owners.hpp"
#include "bot/core/core_executor.hpp"
#include "bot/core/log.hpp"
#include "bot/core/metrics.hpp"
#include "bot/core/platform.hpp"
#include "bot/core/rate_limit.hpp"
#include "bot/net/detail/access_tokens.hpp"
#include "bot/net/detail/asio.hpp"
#include "bot/net/detail/http_client.hpp"
#include "bot/net/detail/loaded_rows.hpp"
#include "bot/net/settings.hpp"

namespace steward::net {

/// Sends outbox rows. Each chat has three lanes (core::lane), each FIFO with one call in flight:
/// messages, paced by the chat's message limits; moderation calls; and lookups such as invite
/// links. So a call that keeps failing holds up only its own lane. Every call also obeys the
/// platform's global limit. All limits are exact sliding windows; the platform's 429 wait is
/// honoured; transient failures are retried with capped exponential backoff, then dead; calls
/// past their deadline are not made. Every outcome goes back to the core thread to be recorded.
/// One scheduler decides which lane sends next: lanes with calls wait in one queue ordered by
/// when they may send, and one timer wakes it for the earliest (no coroutine per chat polling
/// the limits, however many chats have a backlog).
class dispatcher {
 public:
  using adapter_map = std::map<std::string, const core::platform_adapter*, std::less<>>;

  dispatcher(asio::io_context& ioc, core::core_executor& core, adapter_map adapters,
             core::metrics& stats, dispatch_settings settings, access_tokens& tokens);

  /// Loads pending rows (including those left by an earlier run) and starts sending.
  void start();
  /// New rows were committed; safe to call from any thread.
  void notify();
  /// Keeps sending until nothing is queued or `deadline` passes.
  asio::awaitable<void> drain(std::chrono::steady_clock::time_point deadline);
  /// Stops taking new work (calls in flight are abandoned; their rows stay pending).
  void stop() {
    stopped_ = true;
    wake_.cancel();
  }
  /// Calls loaded and not yet finished (sent, failed or dead).
  std::size_t queued() const { return queued_; }
  /// Instances share the database: sends only the chats `owners` gives this instance, at its
  /// share of each platform's global limit. Set before start().
  void serve_chats_of(const core::chat_owners& owners) { owners_ = &owners; }

 private:
  struct lane_queue {
    std::deque<storage::outbox_row> rows;
    bool scheduled = false;  // waiting in ready_, or its head is being sent
  };
  /// A lane that may send at `due` (monotonic seconds) at the earliest.
  struct turn {
    double due;
    std::uint64_t order;  // first queued first among equal times
    std::string key;
    core::lane lane;
    bool operator>(const turn& other) const {
      return due != other.due ? due > other.due : order > other.order;
    }
  };
  struct chat_queue {
    std::array<lane_queue, 3> lanes;  // indexed by core::lane
    core::sliding_window per_second;  // message lane only
    core::sliding_window per_minute;
    int partition = -1;  // with instances sharing: the chat's partition (calls counted in it)
  };

  /// The platform's own limits, or the configured ones ([dispatch], Telegram's by default).
  core::send_limits limits_of(std::string_view platform) const;
  void fetch();
  /// With instances sharing the database: when the chats served here changed, the global
  /// limits are shared out again and the pending rows read from the start at the next fetch
  /// (rows of chats gained may lie behind the cursor; rows already loaded are not loaded
  /// twice); so they are every few seconds too (rows other instances wrote for these chats).
  void follow_owners();
  /// Leaves a lane whose chat another instance serves now to that instance (its rows stay
  /// pending in the outbox); returns whether it did.
  bool leave_if_moved(const chat_queue& chat, lane_queue& queue);
  /// Removes the lane's head: it is finished (its outcome handed to the core), or let go
  /// unfinished when its chat moved.
  void pop_head(lane_queue& queue, bool finished = true);
  /// A row of a platform not configured (any more): it stays pending, and the operator is told
  /// once per platform; the other rows go out.
  void leave_unconfigured(const storage::outbox_row& row);
  /// One call finished: counts it, and loads more once half of the room is free.
  void finished_one();
  /// Queues the rows of read `read`.
  void accept_rows(core::core_executor::pending_rows page, std::uint64_t read);
  /// Where a periodic rescan starts: the cursor as it was rescan_horizon_s ago.
  std::int64_t cursor_before_horizon(double now) const;
  /// Queues a lane's turn and wakes the scheduler if it is due before its timer.
  void schedule(const std::string& key, core::lane lane, double due);
  asio::awaitable<void> scheduler();
  /// Starts every call that may go now; returns when the next may (infinity: none queued).
  double start_due_calls(double now);
  /// Sends the lane's head and queues the lane's next turn.
  asio::awaitable<void> send_lane(std::string key, core::lane lane);
  asio::awaitable<bool> send_head(lane_queue& queue, int partition);
  bool expire_head(lane_queue& queue);
  /// The head could not be sent or its answer read because Steward failed (an exception): it
  /// is recorded as failed, unconfirmed, and the lane goes on.
  void fail_unconfirmed(storage::outbox_row& row, int partition, std::string_view what);
  /// Logs what became of a call, naming its platform, method, chat, member and address.
  void log_call(core::log_level level, std::string_view event, std::string_view message,
                const storage::outbox_row& row, std::string_view error,
                std::initializer_list<core::log_field> extra = {}) const;
  /// Hands a call's outcome to the core thread; `sent_in_partition` (-1: none) is the partition
  /// counted in flight for it (core::chat_owners::begin_send), released once it is committed.
  void report(storage::outbox_row& row, int sent_in_partition, storage::outbox_state state,
              std::string error, core::delivery_failure why = core::delivery_failure::none,
              std::string answer = {});

  asio::io_context& ioc_;
  core::core_executor& core_;
  adapter_map adapters_;
  core::metrics& metrics_;
  dispatch_settings settings_;
  http_client client_;
  access_tokens& tokens_;
  std::map<std::string, chat_queue> chats_;
  std::map<std::string, core::sliding_window, std::less<>> global_;
  std::set<std::string, std::less<>> unconfigured_;  // platforms of rows left pending, said once
  const core::chat_owners* owners_ = nullptr;
  std::uint64_t owners_seen_ = 0;    // the owners' generation last followed
  bool rescan_due_ = false;          // the next fetch starts from rescan_from_
  std::int64_t rescan_from_ = 0;     // the lowest start asked since the last rescan
  double next_rescan_ = 0;           // monotonic seconds
  double next_full_rescan_ = 0;      // monotonic seconds
  loaded_rows loaded_;               // with instances sharing: rows held, and just finished
  std::int64_t last_loaded_id_ = 0;  // the cursor: the next fetch reads after it
  std::int64_t scanned_high_ = 0;    // the highest id any read went past
  std::deque<std::pair<double, std::int64_t>> cursor_history_;  // (when, scanned_high_)
  std::size_t queued_ = 0;
  bool fetching_ = false;
  bool fetch_again_ = false;
  bool more_in_outbox_ = false;
  std::size_t asked_ = 0;  // rows the fetch under way asked for
  std::priority_queue<turn, std::vector<turn>, std::greater<>> ready_;
  std::uint64_t turns_ = 0;
  asio::steady_timer wake_;
  double sleeping_until_ = std::numeric_limits<double>::infinity();  // rows left unloaded because
                                                                     // max_loaded was reached
  bool stopped_ = false;
};

}  // namespace steward::net
