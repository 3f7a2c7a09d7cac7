#include "bot/net/detail/dispatcher.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "bot/core/url.hpp"

namespace steward::net {

namespace {

constexpr int fetch_limit = 500;
// With instances sharing the database, how often the pending rows are read again from where
// the cursor stood rescan_horizon_s ago (a row whose id was taken before then but committed
// only after the cursor passed it is found so), and how often from the first row (the backstop
// for a transaction slower than the horizon).
constexpr double rescan_every_s = 2.0;
constexpr double rescan_horizon_s = 10.0;
constexpr double full_rescan_every_s = 60.0;

double monotonic_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The limits are measured where the platform counts, after the call's way there: this much spare
// per window absorbs the difference between our clock and the arrival of the call.
constexpr double clearance_s = 0.040;

core::sliding_window window_of(double per_second, double burst) {
  return core::rate_window(per_second, burst, clearance_s);
}

const char* lane_name(core::lane lane) {
  switch (lane) {
    case core::lane::messages:
      return "messages";
    case core::lane::moderation:
      return "moderation";
    case core::lane::lookups:
      return "lookups";
  }
  return "?";
}

}  // namespace

dispatcher::dispatcher(asio::io_context& ioc, core::core_executor& core, adapter_map adapters,
                       core::metrics& stats, dispatch_settings settings, access_tokens& tokens)
    : ioc_(ioc),
      core_(core),
      adapters_(std::move(adapters)),
      metrics_(stats),
      settings_(settings),
      tokens_(tokens),
      wake_(ioc) {
  for (const auto& [name, adapter] : adapters_) {
    // Spread evenly: a whole second's calls in one burst reach the platform bunched.
    global_.emplace(name, core::steady_window(limits_of(name).global_per_second, clearance_s));
  }
}

core::send_limits dispatcher::limits_of(std::string_view platform) const {
  const auto adapter = adapters_.find(platform);
  if (adapter != adapters_.end()) {
    if (auto own = adapter->second->own_limits()) return *own;
  }
  return {settings_.per_chat_per_second, settings_.per_chat_burst, settings_.per_chat_per_minute,
          settings_.global_per_second};
}

void dispatcher::start() {
  asio::co_spawn(ioc_, scheduler(), log_failure("dispatch: scheduler"));
  fetch();
}

void dispatcher::notify() {
  asio::post(ioc_, [this] { fetch(); });
}

void dispatcher::fetch() {
  if (stopped_) return;
  if (owners_ != nullptr) follow_owners();
  if (queued_ >= static_cast<std::size_t>(settings_.max_loaded)) {
    more_in_outbox_ = true;  // loaded when half of the room is free again (finished_one)
    return;
  }
  if (fetching_) {
    fetch_again_ = true;  // rows committed while a fetch was on its way: look once more after it
    return;
  }
  if (std::exchange(rescan_due_, false)) {  // not while a fetch is out
    last_loaded_id_ = std::min(last_loaded_id_, rescan_from_);
  }
  fetching_ = true;
  asked_ =
      std::min<std::size_t>(fetch_limit, static_cast<std::size_t>(settings_.max_loaded) - queued_);
  const auto read = loaded_.read_asked();
  core_.fetch_pending(last_loaded_id_, static_cast<int>(asked_),
                      [this, read](core::core_executor::pending_rows page) {
                        asio::post(ioc_, [this, read, page = std::move(page)]() mutable {
                          accept_rows(std::move(page), read);
                        });
                      });
}

void dispatcher::follow_owners() {
  // Other instances write rows for this one's chats too (scheduled posts, API calls), and ids
  // from one sequence need not commit in order: a cursor alone could pass a row committed
  // after a later one. So the pending rows of the last seconds are read again now and then —
  // not all of them: that would cost more the longer the backlog.
  const auto rescan_from = [this](std::int64_t id) {
    rescan_from_ = rescan_due_ ? std::min(rescan_from_, id) : id;
    rescan_due_ = true;
  };
  const double now = monotonic_seconds();
  if (!owners_->serves_all() && now >= next_rescan_) {
    const bool full = now >= next_full_rescan_;
    rescan_from(full ? 0 : cursor_before_horizon(now));
    if (full) next_full_rescan_ = now + full_rescan_every_s;
    next_rescan_ = now + rescan_every_s;
    cursor_history_.emplace_back(now, scanned_high_);
    // Kept: every sample within the horizon and the newest one before it.
    while (cursor_history_.size() > 1 && cursor_history_[1].first <= now - rescan_horizon_s)
      cursor_history_.pop_front();
  }
  if (owners_->generation() == owners_seen_) return;
  owners_seen_ = owners_->generation();
  rescan_from(0);  // chats gained may have rows far behind the cursor
  const double instances = std::max(1, owners_->instances());
  for (auto& [name, window] : global_)
    window = core::steady_window(limits_of(name).global_per_second / instances, clearance_s);
}

std::int64_t dispatcher::cursor_before_horizon(double now) const {
  std::int64_t from = 0;  // no sample that old yet: from the first row
  for (const auto& [when, id] : cursor_history_) {
    if (when > now - rescan_horizon_s) break;
    from = id;
  }
  return from;
}

void dispatcher::accept_rows(core::core_executor::pending_rows page, std::uint64_t read) {
  fetching_ = false;
  loaded_.read_answered(read);
  auto& rows = page.rows;
  const bool full = rows.size() == asked_;
  last_loaded_id_ = std::max(last_loaded_id_, page.scanned_to);
  scanned_high_ = std::max(scanned_high_, page.scanned_to);
  for (auto& row : rows) {
    if (owners_ != nullptr && !loaded_.take(row.id)) continue;  // loaded before, or just sent
    const auto adapter = adapters_.find(row.platform);
    if (adapter == adapters_.end()) {
      leave_unconfigured(row);
      continue;
    }
    const std::string key = row.platform + ":" + row.chat_id;
    const core::lane lane = adapter->second->lane_of(row.method);
    const auto limits = limits_of(row.platform);
    auto [it, inserted] = chats_.try_emplace(
        key, chat_queue{{},
                        window_of(limits.per_chat_per_second, limits.per_chat_burst),
                        window_of(limits.per_chat_per_minute / 60.0, limits.per_chat_per_minute)});
    if (inserted && owners_ != nullptr) {
      it->second.partition = core::partition_of(row.platform, row.chat_id);
    }
    auto& queue = it->second.lanes[static_cast<std::size_t>(lane)];
    queue.rows.push_back(std::move(row));
    ++queued_;
    if (!queue.scheduled) {
      queue.scheduled = true;
      schedule(key, lane, monotonic_seconds());
    }
  }
  metrics_.set_dispatch_loaded(static_cast<std::int64_t>(queued_));
  if (full || std::exchange(fetch_again_, false)) fetch();
}

void dispatcher::leave_unconfigured(const storage::outbox_row& row) {
  if (owners_ != nullptr) loaded_.release(row.id);
  if (!unconfigured_.insert(row.platform).second) return;  // said once per platform
  core::log_warn("dispatch.unconfigured",
                 "calls for a platform that is not configured wait in the outbox; they go out "
                 "once it is configured again",
                 {core::field("platform", row.platform), core::field("first_call", row.id),
                  core::field("chat", row.chat_id), core::field("method", row.method)});
}

void dispatcher::finished_one() {
  --queued_;
  metrics_.set_dispatch_loaded(static_cast<std::int64_t>(queued_));
  if (more_in_outbox_ && queued_ <= static_cast<std::size_t>(settings_.max_loaded) / 2) {
    more_in_outbox_ = false;
    fetch();
  }
}

void dispatcher::schedule(const std::string& key, core::lane lane, double due) {
  ready_.push({due, ++turns_, key, lane});
  if (due < sleeping_until_) wake_.cancel();  // the scheduler sleeps past this turn: wake it
}

asio::awaitable<void> dispatcher::scheduler() {
  while (!stopped_) {
    const double now = monotonic_seconds();
    const double next = start_due_calls(now);
    sleeping_until_ = next;
    if (next == std::numeric_limits<double>::infinity()) {
      wake_.expires_at(asio::steady_timer::time_point::max());
    } else {
      wake_.expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(
          std::chrono::duration<double>(std::max(0.0, next - now))));
    }
    co_await wake_.async_wait(use_tuple);                        // or cancelled by schedule()
    sleeping_until_ = -std::numeric_limits<double>::infinity();  // awake: no need to wake it
  }
}

double dispatcher::start_due_calls(double now) {
  while (!ready_.empty()) {
    const turn next = ready_.top();
    if (next.due > now) return next.due;
    auto& chat = chats_.at(next.key);
    auto& queue = chat.lanes[static_cast<std::size_t>(next.lane)];
    if (queue.rows.empty()) {
      ready_.pop();
      queue.scheduled = false;
      continue;
    }
    if (leave_if_moved(chat, queue)) {
      ready_.pop();
      queue.scheduled = false;
      continue;
    }
    auto& head = queue.rows.front();
    const std::int64_t retry_in_ms = head.next_attempt_at_ms - wall_ms();
    if (retry_in_ms > 0) {  // backing off, or told to wait by a 429
      ready_.pop();
      schedule(next.key, next.lane, now + static_cast<double>(retry_in_ms) / 1000.0);
      continue;
    }
    if (expire_head(queue)) {
      ready_.pop();
      pop_head(queue);
      schedule(next.key, next.lane, now);
      continue;
    }
    const bool message = next.lane == core::lane::messages;
    if (message) {
      const double chat_wait =
          std::max(chat.per_second.wait_seconds(now), chat.per_minute.wait_seconds(now));
      if (chat_wait > 0) {  // this chat's own limit: its turn moves, others go first
        ready_.pop();
        schedule(next.key, next.lane, now + chat_wait);
        continue;
      }
    }
    auto& global = global_.at(head.platform);
    // The platform's limit holds every lane back alike: the earliest turn waits for it.
    if (const double wait = global.wait_seconds(now); wait > 0) return now + wait;
    global.take(now);
    if (message) {
      chat.per_second.take(now);
      chat.per_minute.take(now);
    }
    ready_.pop();
    if (chat.partition >= 0) {
      // Counted before the partition is looked at again, so the lease keeper either sees this
      // call in flight or has given the partition back before it is made.
      owners_->begin_send(chat.partition);
      if (leave_if_moved(chat, queue)) {
        owners_->end_send(chat.partition);
        queue.scheduled = false;
        continue;
      }
    }
    asio::co_spawn(
        ioc_, send_lane(next.key, next.lane),
        log_failure("dispatch: " + std::string(lane_name(next.lane)) + " of " + next.key));
  }
  return std::numeric_limits<double>::infinity();
}

asio::awaitable<void> dispatcher::send_lane(std::string key, core::lane lane) {
  auto& chat = chats_.at(key);
  auto& queue = chat.lanes[static_cast<std::size_t>(lane)];
  bool finished = false;
  try {
    finished = co_await send_head(queue, chat.partition);
  } catch (const std::exception& e) {
    // A bug reading the call or its answer must not hold up the chat's later calls for good.
    fail_unconfirmed(queue.rows.front(), chat.partition, e.what());
    finished = true;
  } catch (...) {
    // No outcome goes to the core: the partition is not held back for it.
    if (chat.partition >= 0) owners_->end_send(chat.partition);
    throw;
  }
  if (finished) pop_head(queue);
  if (stopped_ || queue.rows.empty()) {
    queue.scheduled = false;
  } else {
    schedule(key, lane, monotonic_seconds());
  }
}

void dispatcher::fail_unconfirmed(storage::outbox_row& row, int partition, std::string_view what) {
  // The call may have gone through: it is not made again, and nobody is told it failed.
  log_call(core::log_level::error, "dispatch.unconfirmed",
           "Steward failed on this call; not made again, as it may have gone through", row, what);
  report(row, partition, storage::outbox_state::failed,
         fmt::format("Steward failed on this call, which may have gone through: {}", what),
         core::delivery_failure::unconfirmed);
}

void dispatcher::pop_head(lane_queue& queue, bool finished) {
  if (owners_ != nullptr) {
    const auto id = queue.rows.front().id;
    if (finished) {
      loaded_.finish(id);
    } else {
      loaded_.release(id);
    }
  }
  queue.rows.pop_front();
  finished_one();
}

bool dispatcher::leave_if_moved(const chat_queue& chat, lane_queue& queue) {
  if (owners_ == nullptr || owners_->serves_all() || owners_->mine(chat.partition)) return false;
  const auto& head = queue.rows.front();
  core::log_info("dispatch.moved", "the chat moved to another instance; it sends these calls",
                 {core::field("platform", head.platform), core::field("chat", head.chat_id),
                  core::field("calls", queue.rows.size())});
  while (!queue.rows.empty())
    pop_head(queue, false);
  return true;
}

// A call past its deadline (a timed mute whose end is too near) is failed, not made.
bool dispatcher::expire_head(lane_queue& queue) {
  auto& row = queue.rows.front();
  if (row.not_after_s <= 0 || wall_ms() / 1000 <= row.not_after_s) return false;
  log_call(core::log_level::warn, "dispatch.expired", "not sent: its deadline passed", row,
           "not sent before its deadline",
           {core::field("late_s", wall_ms() / 1000 - row.not_after_s)});
  report(row, -1, storage::outbox_state::failed, "not sent before its deadline",
         core::delivery_failure::expired);
  return true;
}

// Sends the lane's head once; true when the row is finished (sent, failed or dead).
asio::awaitable<bool> dispatcher::send_head(lane_queue& queue, int partition) {
  auto& row = queue.rows.front();
  const auto* adapter = adapters_.at(row.platform);
  const auto now_s = wall_ms() / 1000;
  const auto response =
      co_await call_platform(client_, tokens_, *adapter, row.method, row.body,
                             std::chrono::seconds(settings_.request_timeout_s), now_s);
  ++row.attempts;  // made: an answer that cannot be read below still counts
  const auto verdict = adapter->classify(response);
  using kind = core::delivery_verdict::kind;
  switch (verdict.outcome) {
    case kind::delivered:
      report(row, partition, storage::outbox_state::sent, "", core::delivery_failure::none,
             response.body);
      co_return true;
    case kind::permanent:
      log_call(core::log_level::warn, "dispatch.refused", "the platform refused the call", row,
               verdict.description);
      report(row, partition, storage::outbox_state::failed, verdict.description,
             core::delivery_failure::refused);
      co_return true;
    case kind::retry_after:
      metrics_.count_dispatch(row.platform, "rate_limited");
      log_call(core::log_level::warn, "dispatch.rate_limited",
               fmt::format("rate-limited: waiting {} s as asked", verdict.retry_after_s), row,
               verdict.description, {core::field("retry_after_s", verdict.retry_after_s)});
      row.next_attempt_at_ms = wall_ms() + verdict.retry_after_s * 1000;
      report(row, partition, storage::outbox_state::pending, verdict.description);
      co_return false;
    case kind::transient:
      break;
  }
  if (row.attempts >= settings_.max_attempts) {
    log_call(core::log_level::error, "dispatch.dead",
             fmt::format("given up after {} attempts", row.attempts), row, verdict.description);
    report(row, partition, storage::outbox_state::dead, verdict.description,
           core::delivery_failure::unreachable);
    co_return true;
  }
  const std::int64_t backoff = std::min<std::int64_t>(
      settings_.backoff_max_ms, static_cast<std::int64_t>(settings_.backoff_initial_ms)
                                    << std::min<std::int64_t>(row.attempts - 1, 20));
  metrics_.count_dispatch(row.platform, "retry");
  log_call(core::log_level::warn, "dispatch.retry",
           fmt::format("failed; retrying in {} ms", backoff), row, verdict.description,
           {core::field("max_attempts", settings_.max_attempts)});
  row.next_attempt_at_ms = wall_ms() + backoff;
  report(row, partition, storage::outbox_state::pending, verdict.description);
  co_return false;
}

void dispatcher::log_call(core::log_level level, std::string_view event, std::string_view message,
                          const storage::outbox_row& row, std::string_view error,
                          std::initializer_list<core::log_field> extra) const {
  const auto* adapter = adapters_.at(row.platform);
  // Host and port only: the endpoint's path carries the bot's token.
  const auto url = core::parse_url(adapter->endpoint_url(row.method));
  std::vector<core::log_field> fields{
      core::field("platform", row.platform),
      core::field("method", row.method),
      core::field("chat", row.chat_id),
      core::field("member", adapter->member_of_call({row.method, row.body})),
      core::field("address", url ? url->host + ":" + url->port : ""),
      core::field("attempt", row.attempts),
      core::field("error", error)};
  fields.insert(fields.end(), extra.begin(), extra.end());
  core::log(level, event, message, fields);
}

void dispatcher::report(storage::outbox_row& row, int sent_in_partition,
                        storage::outbox_state state, std::string error, core::delivery_failure why,
                        std::string answer) {
  static constexpr const char* names[] = {"pending", "sent", "failed", "dead"};
  if (state != storage::outbox_state::pending) {
    metrics_.count_dispatch(row.platform, names[static_cast<int>(state)]);
    if (row.created_at_ms > 0) {
      metrics_.record_dispatch_wait(static_cast<double>(wall_ms() - row.created_at_ms) / 1000.0);
    }
  }
  storage::outbox_update change{row.id,           state, row.attempts, row.next_attempt_at_ms,
                                std::move(error), {}};
  change.sent_in_partition = sent_in_partition;
  if (!row.purpose.empty() && state != storage::outbox_state::pending) {
    // The core needs this answer (e.g. the invite link Telegram created), or to know it failed.
    change.answer = state == storage::outbox_state::sent ? std::move(answer) : change.error;
    change.platform = row.platform;
    change.chat_id = row.chat_id;
    change.purpose = row.purpose;
    change.purpose_ref = row.purpose_ref;
    change.why = why;
  }
  if (state == storage::outbox_state::sent && !row.label.empty()) {
    change.platform = row.platform;
    change.chat_id = row.chat_id;
    change.label = row.label;
  }
  core_.record_dispatch(std::move(change));
}

asio::awaitable<void> dispatcher::drain(std::chrono::steady_clock::time_point deadline) {
  // A webhook can be answered before the core's "outbox written" notice reaches us, so look
  // for rows once more, and wait for that look as well as for the rows already queued.
  fetch();
  while ((queued_ > 0 || fetching_ || more_in_outbox_) &&
         std::chrono::steady_clock::now() < deadline) {
    co_await sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace steward::net
