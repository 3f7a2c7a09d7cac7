#include "bot/net/detail/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace steward::net {

namespace {

constexpr int fetch_limit = 500;

double monotonic_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

dispatcher::dispatcher(asio::io_context& ioc, core::core_executor& core, adapter_map adapters,
                       core::metrics& stats, dispatch_settings settings)
    : ioc_(ioc), core_(core), adapters_(std::move(adapters)), metrics_(stats), settings_(settings) {
  for (const auto& [name, adapter] : adapters_) {
    global_.emplace(name, core::token_bucket(settings_.global_per_second,
                                             std::max(1.0, settings_.global_per_second)));
  }
}

void dispatcher::start() {
  fetch();
}

void dispatcher::notify() {
  asio::post(ioc_, [this] { fetch(); });
}

void dispatcher::fetch() {
  if (stopped_) return;
  if (fetching_) {
    fetch_again_ = true;  // rows committed while a fetch was on its way: look once more after it
    return;
  }
  fetching_ = true;
  core_.fetch_pending(last_loaded_id_, fetch_limit, [this](std::vector<storage::outbox_row> rows) {
    asio::post(ioc_, [this, rows = std::move(rows)]() mutable { accept_rows(std::move(rows)); });
  });
}

void dispatcher::accept_rows(std::vector<storage::outbox_row> rows) {
  fetching_ = false;
  const bool full = rows.size() == static_cast<std::size_t>(fetch_limit);
  for (auto& row : rows) {
    last_loaded_id_ = std::max(last_loaded_id_, row.id);
    const std::string key = row.platform + ":" + row.chat_id;
    auto [it, inserted] = chats_.try_emplace(
        key, chat_queue{{},
                        false,
                        core::token_bucket(settings_.per_chat_per_second, settings_.per_chat_burst),
                        core::token_bucket(settings_.per_chat_per_minute / 60.0,
                                           settings_.per_chat_per_minute)});
    it->second.rows.push_back(std::move(row));
    ++queued_;
    if (!it->second.running) {
      it->second.running = true;
      asio::co_spawn(ioc_, run_chat(key), log_failure("dispatch: worker for " + key));
    }
  }
  if (full || std::exchange(fetch_again_, false)) fetch();
}

asio::awaitable<void> dispatcher::run_chat(std::string key) {
  auto& queue = chats_.at(key);
  while (!queue.rows.empty() && !stopped_) {
    const auto& head = queue.rows.front();
    const std::int64_t wait_ms = head.next_attempt_at_ms - wall_ms();
    if (wait_ms > 0) co_await sleep_for(std::chrono::milliseconds(wait_ms));
    if (stopped_) break;
    co_await wait_for_tokens(queue, head.platform);
    if (stopped_) break;
    if (co_await send_head(queue)) {
      queue.rows.pop_front();
      --queued_;
    }
  }
  queue.running = false;
}

asio::awaitable<void> dispatcher::wait_for_tokens(chat_queue& queue, const std::string& platform) {
  auto& global = global_.at(platform);
  for (;;) {
    const double now = monotonic_seconds();
    const double wait = std::max({queue.per_second.wait_seconds(now),
                                  queue.per_minute.wait_seconds(now), global.wait_seconds(now)});
    if (wait <= 0) break;
    co_await sleep_for(std::chrono::duration<double>(wait));
  }
  const double now = monotonic_seconds();
  queue.per_second.take(now);
  queue.per_minute.take(now);
  global.take(now);
}

// Sends the queue's head once; true when the row is finished (sent, failed or dead).
asio::awaitable<bool> dispatcher::send_head(chat_queue& queue) {
  auto& row = queue.rows.front();
  const auto* adapter = adapters_.at(row.platform);
  const auto response =
      co_await client_.post_json(adapter->endpoint_url(row.method), row.body,
                                 std::chrono::seconds(settings_.request_timeout_s));
  const auto verdict = adapter->classify(response);
  using kind = core::delivery_verdict::kind;
  ++row.attempts;
  switch (verdict.outcome) {
    case kind::delivered:
      report(row, storage::outbox_state::sent, "", response.body);
      co_return true;
    case kind::permanent:
      spdlog::warn("dispatch: {} {} failed for good: {}", row.platform, row.method,
                   verdict.description);
      report(row, storage::outbox_state::failed, verdict.description);
      co_return true;
    case kind::retry_after:
      metrics_.count_dispatch(row.platform, "rate_limited");
      row.next_attempt_at_ms = wall_ms() + verdict.retry_after_s * 1000;
      report(row, storage::outbox_state::pending, verdict.description);
      co_return false;
    case kind::transient:
      break;
  }
  if (row.attempts >= settings_.max_attempts) {
    report(row, storage::outbox_state::dead, verdict.description);
    co_return true;
  }
  const std::int64_t backoff = std::min<std::int64_t>(
      settings_.backoff_max_ms, static_cast<std::int64_t>(settings_.backoff_initial_ms)
                                    << std::min<std::int64_t>(row.attempts - 1, 20));
  metrics_.count_dispatch(row.platform, "retry");
  row.next_attempt_at_ms = wall_ms() + backoff;
  report(row, storage::outbox_state::pending, verdict.description);
  co_return false;
}

void dispatcher::report(storage::outbox_row& row, storage::outbox_state state, std::string error,
                        std::string answer) {
  static constexpr const char* names[] = {"pending", "sent", "failed", "dead"};
  if (state != storage::outbox_state::pending) {
    metrics_.count_dispatch(row.platform, names[static_cast<int>(state)]);
  }
  storage::outbox_update change{row.id,           state, row.attempts, row.next_attempt_at_ms,
                                std::move(error), {}};
  if (!row.purpose.empty() && state != storage::outbox_state::pending) {
    // The core needs this answer (e.g. the invite link Telegram created), or to know it failed.
    change.answer = state == storage::outbox_state::sent ? std::move(answer) : change.error;
    change.platform = row.platform;
    change.chat_id = row.chat_id;
    change.purpose = row.purpose;
    change.purpose_ref = row.purpose_ref;
  }
  core_.record_dispatch(std::move(change));
}

asio::awaitable<void> dispatcher::drain(std::chrono::steady_clock::time_point deadline) {
  // A webhook can be answered before the core's "outbox written" notice reaches us, so look
  // for rows once more, and wait for that look as well as for the rows already queued.
  fetch();
  while ((queued_ > 0 || fetching_) && std::chrono::steady_clock::now() < deadline) {
    co_await sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace steward::net
