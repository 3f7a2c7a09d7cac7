// The local day of an update (asked once per update for its group's time zone) against the
// date library's own formatting of the same day, which it used before (2 % of the core thread).
//
//   build/steward_bench --benchmark_filter='LocalDay|FormatDay'
#include <benchmark/benchmark.h>
#include <date/tz.h>

#include "bot/core/local_day.hpp"

namespace {

using namespace steward;

constexpr std::int64_t first_s = 1'795'276'800;  // 2026-11-21 16:00 UTC

void BM_LocalDayAt(benchmark::State& state) {
  std::int64_t at = first_s;
  for (auto _ : state) {
    auto day = core::local_day_at(at, "Asia/Shanghai");
    benchmark::DoNotOptimize(day);
    at += 7;
  }
}
BENCHMARK(BM_LocalDayAt);

// The zone looked up and the day written with date::format("%F"): the way before.
void BM_FormatDayWithDateLibrary(benchmark::State& state) {
  std::int64_t at = first_s;
  for (auto _ : state) {
    const auto* zone = date::locate_zone("Asia/Shanghai");
    const auto local = zone->to_local(date::sys_seconds{std::chrono::seconds{at}});
    auto iso = date::format("%F", date::floor<date::days>(local));
    benchmark::DoNotOptimize(iso);
    at += 7;
  }
}
BENCHMARK(BM_FormatDayWithDateLibrary);

}  // namespace
