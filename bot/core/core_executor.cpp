#include "bot/core/core_executor.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "bot/core/log.hpp"
#include "storage/backend.hpp"
#include "storage/transaction.hpp"

namespace steward::core {

core_executor::core_executor(storage::backend& db, pipeline& pipe, storage::event_store& events,
                             storage::outbox_store& outbox, metrics& stats, const clock& clock,
                             executor_settings settings)
    : db_(db),
      database_(db, stats),
      pipeline_(pipe),
      events_(events),
      outbox_(outbox),
      metrics_(stats),
      clock_(clock),
      settings_(settings) {}

core_executor::~core_executor() {
  stop();
}

void core_executor::start() {
  metrics_.set_outbox_depth(outbox_.pending_count());
  thread_ = std::thread([this] {
    // Named for `top -H` and tests/bench/threads.sh: the core thread is the one that writes.
    pthread_setname_np(pthread_self(), "steward-core");
    run();
  });
}

void core_executor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void core_executor::submit(inbound_update update, update_callback done) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(update_job{std::move(update), std::move(done)});
  }
  wake_.notify_one();
}

void core_executor::record_dispatch(storage::outbox_update change) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(std::move(change));
  }
  wake_.notify_one();
}

void core_executor::tick() {
  {
    std::lock_guard lock(mutex_);
    if (tick_queued_ || !tick_task_) return;
    tick_queued_ = true;
    queue_.emplace_back(tick_job{});
  }
  wake_.notify_one();
}

void core_executor::call(std::function<void()> work, std::function<void(bool)> done) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(call_job{std::move(work), std::move(done)});
  }
  wake_.notify_one();
}

void core_executor::fetch_pending(std::int64_t after_id, int limit, rows_callback done) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(fetch_job{after_id, limit, std::move(done)});
  }
  wake_.notify_one();
}

void core_executor::run() {
  std::vector<job> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      const auto work_or_stop = [this] { return stopping_ || !queue_.empty(); };
      if (!database_.away()) {
        wake_.wait(lock, work_or_stop);
      } else if (!wake_.wait_until(lock, database_.next_attempt(), work_or_stop)) {
        // Reconnect attempts go on without traffic: a load balancer keeps an instance whose
        // /readyz fails out of rotation, so none may come.
        lock.unlock();
        database_.available();
        continue;
      }
      if (queue_.empty()) return;  // stopping and nothing left to do
      while (!queue_.empty() && batch.size() < settings_.max_batch) {
        if (std::holds_alternative<tick_job>(queue_.front())) tick_queued_ = false;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (database_.available()) {
      run_batch(batch);
    } else {
      hold_while_away(batch);
    }
    batch.clear();
  }
}

void core_executor::hold_while_away(std::vector<job>& batch) {
  std::vector<job> kept;
  for (auto& j : batch) {
    if (auto* u = std::get_if<update_job>(&j)) {
      metrics_.count_event(u->update.platform, to_string(update_outcome::unavailable));
      if (u->done) u->done(update_outcome::unavailable);
    } else if (auto* c = std::get_if<call_job>(&j)) {
      if (c->done) c->done(false);
    } else if (!std::holds_alternative<tick_job>(j)) {
      kept.push_back(std::move(j));
    }
  }
  std::unique_lock lock(mutex_);
  if (stopping_) {
    if (!kept.empty()) {
      // Their rows stay pending in the outbox: sent again after the next start.
      log_warn("core.stopped_away",
               "stopping while the database is away; dispatch results not recorded",
               {field("jobs", kept.size())});
    }
    return;
  }
  for (auto it = kept.rbegin(); it != kept.rend(); ++it)
    queue_.push_front(std::move(*it));
  wake_.wait_until(lock, database_.next_attempt(), [this] { return stopping_; });
}

void core_executor::run_batch(std::vector<job>& batch) {
  std::vector<update_outcome> outcomes;
  bool wrote_outbox = false;
  bool committed = true;
  try {
    wrote_outbox = write_batch(batch, outcomes);
  } catch (const std::exception& e) {
    committed = false;
    pipeline_.drop_uncommitted();  // nothing of the batch happened
    if (database_.lost()) {
      hold_while_away(batch);
      return;
    }
    // The whole batch is rolled back: every update in it is answered 500 and redelivered.
    log_error("batch.failed", "the batch was rolled back; its updates are answered 500",
              {field("jobs", batch.size()), field("error", e.what())});
    const auto updates = std::count_if(batch.begin(), batch.end(), [](const job& j) {
      return std::holds_alternative<update_job>(j);
    });
    outcomes.assign(static_cast<std::size_t>(updates), update_outcome::failed);
  }
  if (committed) after_commit();
  db_.end_reads();
  std::size_t next = 0;
  std::vector<job> unanswered;
  for (auto& j : batch) {
    if (auto* change = std::get_if<storage::outbox_update>(&j)) {
      // Committed, or lost with a batch rolled back: either way its partition may now move
      // (a lost outcome leaves the row pending, sent again by whoever serves the chat).
      if (change->sent_in_partition >= 0 && owners_ != nullptr) {
        owners_->end_send(change->sent_in_partition);
      }
    } else if (auto* u = std::get_if<update_job>(&j)) {
      metrics_.count_event(u->update.platform, to_string(outcomes[next]));
      if (u->done) u->done(outcomes[next]);
      ++next;
    } else if (auto* f = std::get_if<fetch_job>(&j)) {
      if (!answer_fetch(*f)) unanswered.push_back(std::move(j));
    } else if (auto* c = std::get_if<call_job>(&j)) {
      if (c->done) c->done(c->ok && committed);
    }
  }
  if (!unanswered.empty()) {
    std::lock_guard lock(mutex_);
    for (auto it = unanswered.rbegin(); it != unanswered.rend(); ++it)
      queue_.push_front(std::move(*it));
  }
  if (wrote_outbox && notify_outbox_) notify_outbox_();
}

void core_executor::after_commit() {
  if (!committed_task_) return;
  try {
    committed_task_();
  } catch (const std::exception& e) {
    // The batch stands; memory catches up with the database at the next commit (after a
    // reconnect everything is read again: what others announced meanwhile was not heard).
    log_error("core.after_commit_failed",
              "memory could not be brought up to date with the database after a commit; tried "
              "again after the next one",
              {field("error", e.what()), field("lost", database_.lost())});
  }
}

bool core_executor::answer_fetch(fetch_job& f) {
  try {
    f.done(owned_pending(f.after_id, f.limit));
    return true;
  } catch (const std::exception& e) {
    // Read outside the batch's transaction, so the server may have gone in between: the read
    // is asked again once it is back. Any other failure answers "nothing read past
    // `after_id`": the dispatcher's next fetch starts from the same row.
    if (database_.lost()) return false;
    log_error("dispatch.fetch_failed",
              "could not read the pending outbox rows; the dispatcher's next fetch reads them "
              "again",
              {field("after_id", f.after_id), field("error", e.what())});
    f.done(pending_rows{{}, f.after_id});
    return true;
  }
}

bool core_executor::write_batch(std::vector<job>& batch, std::vector<update_outcome>& outcomes) {
  const auto started = std::chrono::steady_clock::now();
  std::size_t updates = 0;
  bool wrote_outbox = false;
  storage::write_transaction tx(db_);
  for (auto& j : batch) {
    if (auto* u = std::get_if<update_job>(&j)) {
      // Checked here, not only where it arrived: the chat may have moved since (keep()).
      if (owners_ != nullptr && !owners_->mine(u->update)) {
        outcomes.push_back(update_outcome::elsewhere);
        continue;
      }
      outcomes.push_back(pipeline_.process(u->update));
      wrote_outbox = wrote_outbox || outcomes.back() == update_outcome::processed;
      ++updates;
    } else if (auto* change = std::get_if<storage::outbox_update>(&j)) {
      const bool changed = outbox_.update(*change, clock_.now_ms());
      if (changed && change->state == storage::outbox_state::sent && !change->label.empty()) {
        pipeline_.count_send(change->platform, change->chat_id, change->label, clock_.now_s());
      }
      if (!change->purpose.empty()) {
        pipeline_.follow_up({change->platform, change->chat_id, change->purpose,
                             change->purpose_ref, change->answer, clock_.now_s(),
                             change->state == storage::outbox_state::sent, change->why});
        wrote_outbox = true;
      }
    } else if (std::holds_alternative<tick_job>(j)) {
      wrote_outbox = tick_task_(clock_.now_s()) || wrote_outbox;
    } else if (auto* c = std::get_if<call_job>(&j)) {
      c->ok = pipeline_.run_isolated("api call", c->work);
      wrote_outbox = wrote_outbox || c->ok;  // a call may queue posts (e.g. a digest)
    }
  }
  wrote_outbox = prune_if_due(clock_.now_s()) || wrote_outbox;
  pipeline_.before_commit();
  tx.commit();
  for (const auto& t : pipeline_.take_tallies())
    metrics_.count(t);
  metrics_.set_outbox_depth(outbox_.pending_count());
  const auto checkpoints = db_.checkpoints();
  metrics_.set_wal_checkpoints(checkpoints.background, checkpoints.in_commit);
  if (updates > 0) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    metrics_.record_batch(updates, took.count());
  }
  return wrote_outbox;
}

core_executor::pending_rows core_executor::owned_pending(std::int64_t after_id, int limit) {
  pending_rows out;
  if (owners_ == nullptr || owners_->serves_all()) {
    out.rows = outbox_.pending_after(after_id, limit);
    out.scanned_to = out.rows.empty() ? after_id : out.rows.back().id;
    return out;
  }
  // Other instances' rows are read past, and the read says so: the next one starts after them
  // rather than reading them again on every fetch.
  for (;;) {
    auto page = outbox_.pending_after(after_id, limit);
    for (auto& row : page) {
      after_id = row.id;
      if (!owners_->mine(row.platform, row.chat_id)) continue;  // its owner sends it
      out.rows.push_back(std::move(row));
      if (out.rows.size() == static_cast<std::size_t>(limit)) break;
    }
    if (out.rows.size() == static_cast<std::size_t>(limit) ||
        page.size() < static_cast<std::size_t>(limit)) {
      out.scanned_to = after_id;
      return out;
    }
  }
}

bool core_executor::prune_if_due(std::int64_t now_s) {
  if (now_s - last_prune_s_ < settings_.prune_interval_s) return false;
  last_prune_s_ = now_s;
  const int removed = events_.prune(now_s - settings_.dedupe_retention_s);
  if (removed > 0) {
    log_info("storage.pruned", "forgot update ids older than the retention",
             {field("records", removed)});
  }
  if (housekeeping_) housekeeping_(now_s);
  return true;
}

}  // namespace steward::core
