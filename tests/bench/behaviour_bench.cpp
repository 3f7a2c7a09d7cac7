// The behaviour windows' cost per message (flood, near-duplicates, raids, ads split across
// messages): 200 groups, members drawn from 1,000 (all remembered) or 100,000 (more than the
// tracker keeps, so members are forgotten and remembered again), one in five messages
// suspicious (a link, a contact, or a newcomer's), a thousand messages a second; and the same
// without reading messages together (split_messages = 1), which shows what that part costs.
//
//   build/steward_bench --benchmark_filter='Behaviour'
#include <benchmark/benchmark.h>

#include <random>

#include "rules/behaviour.hpp"
#include "rules/normalizer.hpp"
#include "rules/utf8.hpp"

namespace {

using namespace steward::rules;

struct sample {
  std::string group, member, text, folded;
  bool suspicious;
};

std::vector<sample> make_samples(std::size_t members) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<std::size_t> who(0, members - 1);
  std::uniform_int_distribution<int> pct(0, 99), len(6, 30);
  std::uniform_int_distribution<char32_t> cp(0x4E00, 0x9FA5);
  std::vector<sample> out;
  for (int i = 0; i < 50'000; ++i) {
    const std::size_t member = who(rng);
    std::string text;
    for (int n = len(rng); n > 0; --n)
      append_utf8(text, cp(rng));
    text += " ok";
    std::string folded = normalize(text, view::folded).text;
    out.push_back({"telegram:-100" + std::to_string(member % 200), std::to_string(member),
                   std::move(text), std::move(folded), pct(rng) < 20});
  }
  return out;
}

void observe_all(benchmark::State& state, const rules_config& cfg) {
  const auto rules = rule_set::compile(cfg);
  const auto samples = make_samples(static_cast<std::size_t>(state.range(0)));
  behaviour_tracker tracker(cfg);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& s = samples[i % samples.size()];
    const auto at = 1'795'276'800 + static_cast<std::int64_t>(i / 1000);
    auto found = tracker.observe(s.group, s.member, s.text, s.folded, std::to_string(i), at, *rules,
                                 s.suspicious);
    benchmark::DoNotOptimize(found);
    ++i;
  }
  state.counters["remembered"] = static_cast<double>(tracker.tracked_members());
}

void BM_BehaviourObserve(benchmark::State& state) {
  observe_all(state, rules_config{});
}
BENCHMARK(BM_BehaviourObserve)->Arg(1'000)->Arg(100'000);

void BM_BehaviourObserveNotSplit(benchmark::State& state) {
  rules_config cfg;
  cfg.split_messages = 1;
  observe_all(state, cfg);
}
BENCHMARK(BM_BehaviourObserveNotSplit)->Arg(1'000)->Arg(100'000);

}  // namespace
