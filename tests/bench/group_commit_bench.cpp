// Group commit on the core thread: updates committed in batches (one BEGIN IMMEDIATE per batch,
// a savepoint per update) against one transaction per update, on a real SQLite file with
// synchronous=FULL. Each iteration submits `updates` check-in messages at once, as concurrent
// webhooks would, and waits until every one is committed and answered.
//
//   build/steward_bench --benchmark_filter=CoreExecutor
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "bot/core/core_executor.hpp"
#include "bot/platforms/telegram/telegram_adapter.hpp"
#include "handlers/checkin.hpp"
#include "storage/checkin_store.hpp"
#include "storage/database.hpp"
#include "storage/ledger_store.hpp"

namespace steward {
namespace {

constexpr int updates = 512;

core::inbound_update checkin_update(int n) {
  core::chat_event e;
  e.platform = "telegram";
  e.event_id = std::to_string(n);
  e.chat = {"telegram", "-100" + std::to_string(n % 8), "G", true};
  e.author = {std::to_string(n), "Member", "", false, {}};
  e.kind = core::event_kind::command;
  e.text = "/checkin";
  e.message_id = std::to_string(n);
  e.timestamp = 1795300000;
  return {"telegram", std::to_string(n), "message", true, {e}};
}

struct world {
  explicit world(const std::string& path)
      : db({path, "FULL", 5000, false}),
        events((db.migrate(), db)),
        community(db),
        outbox(db),
        checkins(db),
        ledger(db),
        activity(db),
        commands(handlers::checkin_handler::commands(), ""),
        telegram({"1:T", "", "https://api.telegram.org", ""}),
        earned(ledger, activity, 0),
        badge_store(db),
        badges(badge_store, book, {}),
        checkin(checkins, earned, badges, book, {}),
        pipe(db, {events, community, outbox}, commands, {&checkin}, {{"telegram", &telegram}},
             clock, {"Asia/Shanghai"}) {}
  core::system_clock clock;
  storage::database db;
  storage::event_store events;
  storage::community_store community;
  storage::outbox_store outbox;
  storage::checkin_store checkins;
  storage::ledger_store ledger;
  storage::activity_store activity;
  core::command_table commands;
  platforms::telegram::telegram_adapter telegram;
  handlers::earnings earned;
  storage::badge_store badge_store;
  handlers::template_book book{{}};
  handlers::badge_rules badges;
  handlers::checkin_handler checkin;
  core::pipeline pipe;
  core::metrics stats;
};

void BM_CoreExecutor(benchmark::State& state) {
  const auto max_batch = static_cast<std::size_t>(state.range(0));
  const std::string path =
      (std::filesystem::temp_directory_path() / "steward-bench-group-commit.db").string();
  int next_id = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
    world w(path);
    core::core_executor executor(w.db, w.pipe, w.events, w.outbox, w.stats, w.clock,
                                 {max_batch, 72 * 3600, 3600});
    executor.start();
    std::mutex mutex;
    std::condition_variable done;
    int answered = 0;
    state.ResumeTiming();
    for (int i = 0; i < updates; ++i) {
      executor.submit(checkin_update(next_id++), [&](core::update_outcome) {
        std::lock_guard lock(mutex);
        if (++answered == updates) done.notify_one();
      });
    }
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return answered == updates; });
    lock.unlock();
    state.PauseTiming();
    executor.stop();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * updates);
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path + suffix);
}

// Baseline first: one transaction (and one fsync) per update.
BENCHMARK(BM_CoreExecutor)->Arg(1)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace steward

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // one log line per update would dominate the timing
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
