#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

#include "bot/core/chat_event.hpp"
#include "bot/core/chat_owners.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/database_guard.hpp"
#include "bot/core/metrics.hpp"
#include "bot/core/pipeline.hpp"
#include "storage/backend.hpp"
#include "storage/event_store.hpp"
#include "storage/outbox_store.hpp"

namespace steward::core {

/// Batching and housekeeping settings of the core thread.
struct executor_settings {
  std::size_t max_batch = 256;                  ///< updates per transaction at most
  std::int64_t dedupe_retention_s = 72 * 3600;  ///< > Telegram's 24 h redelivery window
  std::int64_t prune_interval_s = 3600;         ///< how often old dedupe rows are removed
};

/// The single thread that owns the SQLite writer and all mutable community state. Work arrives
/// from any thread; the thread drains it in batches, one BEGIN IMMEDIATE transaction per batch,
/// and answers each update only after COMMIT (group commit).
class core_executor {
 public:
  using update_callback = std::function<void(update_outcome)>;
  /// Pending outbox rows of this instance's chats, and how far the read went: past other
  /// instances' rows too, so that the next read starts after them (`scanned_to` ≥ every row's
  /// id; the `after_id` asked when nothing was read).
  struct pending_rows {
    std::vector<storage::outbox_row> rows;
    std::int64_t scanned_to = 0;
  };
  using rows_callback = std::function<void(pending_rows)>;

  core_executor(storage::backend& db, pipeline& pipe, storage::event_store& events,
                storage::outbox_store& outbox, metrics& stats, const clock& clock,
                executor_settings settings);
  ~core_executor();
  core_executor(const core_executor&) = delete;
  core_executor& operator=(const core_executor&) = delete;

  /// Starts the thread.
  void start();
  /// Finishes everything queued, commits, and joins the thread.
  void stop();

  /// Queues an update; `done` runs on the core thread after the batch commits (or fails).
  void submit(inbound_update update, update_callback done);
  /// Queues a dispatch outcome to be written in the next batch.
  void record_dispatch(storage::outbox_update change);
  /// Reads pending outbox rows with id > after_id (this instance's chats' only, when instances
  /// share the chats out); `done` runs on the core thread.
  void fetch_pending(std::int64_t after_id, int limit, rows_callback done);
  /// Called (on the core thread) after a commit that added outbox rows. Set before start().
  void on_outbox_written(std::function<void()> notify) { notify_outbox_ = std::move(notify); }
  /// Periodic upkeep (e.g. point expiry) run inside a write transaction once per prune interval,
  /// and at the first batch after start. Set before start().
  void on_housekeeping(std::function<void(std::int64_t now_s)> task) {
    housekeeping_ = std::move(task);
  }
  /// Work due by the clock (delayed welcomes, scheduled posts), run inside a write transaction
  /// whenever tick() is called; returns whether it wrote outbox rows. Set before start().
  void on_tick(std::function<bool(std::int64_t now_s)> task) { tick_task_ = std::move(task); }
  /// Called (on the core thread) after each batch that committed, before its callers are
  /// answered: memory that follows the database (operator content edited through the API) is
  /// brought up to date from what was committed. Set before start().
  void on_committed(std::function<void()> task) { committed_task_ = std::move(task); }
  /// Processes only updates of the chats `owners` says are this instance's (the others are
  /// answered `elsewhere`) and hands the dispatcher only their outbox rows. Set before start();
  /// without it every chat is this instance's.
  void serve_chats_of(const chat_owners& owners) { owners_ = &owners; }
  /// Queues one run of the tick task (a tick already waiting absorbs this one). Any thread.
  void tick();
  /// Runs `work` on the core thread inside the next batch's transaction (in its own savepoint:
  /// a throw undoes only its changes); `done(ok)` runs on the core thread after the commit.
  /// For the admin API, whose reads and writes must see and join the single writer.
  void call(std::function<void()> work, std::function<void(bool ok)> done);

 private:
  struct update_job {
    inbound_update update;
    update_callback done;
  };
  struct fetch_job {
    std::int64_t after_id;
    int limit;
    rows_callback done;
  };
  struct tick_job {};
  struct call_job {
    std::function<void()> work;
    std::function<void(bool)> done;
    bool ok = false;
  };
  using job = std::variant<update_job, storage::outbox_update, fetch_job, tick_job, call_job>;

  void run();
  void run_batch(std::vector<job>& batch);
  /// While the database is away: updates are answered `unavailable` and API calls fail;
  /// dispatch results and fetches go back to the front of the queue for after the reconnect
  /// (ticks recur and are dropped). Then the thread waits for the next reconnect attempt.
  void hold_while_away(std::vector<job>& batch);
  /// Returns whether the batch may have added outbox rows.
  bool write_batch(std::vector<job>& batch, std::vector<update_outcome>& outcomes);
  /// Runs the committed task; a failure is logged, not thrown (the batch stands).
  void after_commit();
  /// Answers a fetch with the pending rows; false when the connection was lost during the
  /// read (then the fetch waits for the reconnect).
  bool answer_fetch(fetch_job& f);
  /// Pending outbox rows after `after_id` of the chats this instance serves, `limit` at most.
  pending_rows owned_pending(std::int64_t after_id, int limit);
  /// Returns whether housekeeping ran.
  bool prune_if_due(std::int64_t now_s);

  storage::backend& db_;
  database_guard database_;
  pipeline& pipeline_;
  storage::event_store& events_;
  storage::outbox_store& outbox_;
  metrics& metrics_;
  const clock& clock_;
  executor_settings settings_;
  std::function<void()> notify_outbox_;
  std::function<void(std::int64_t)> housekeeping_;
  std::function<bool(std::int64_t)> tick_task_;
  std::function<void()> committed_task_;
  const chat_owners* owners_ = nullptr;
  bool tick_queued_ = false;  // guarded by mutex_

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<job> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::int64_t last_prune_s_ = 0;
};

}  // namespace steward::core
