// Moderation cost per message: normalise + word lists + allow list + contact detectors (the full
// rule_set::scan) against a bare Hyperscan scan of the same raw messages with the same words,
// at 10k and 100k words; plus rebuild time and matcher memory at 100k words.
//
//   build/steward_bench --benchmark_filter='Rules|Bare'
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "rules/literal_matcher.hpp"
#include "rules/rule_set.hpp"
#include "rules/utf8.hpp"

namespace {

using namespace steward::rules;

constexpr std::size_t message_count = 20000;

std::string random_cjk(std::mt19937& rng, int length) {
  std::uniform_int_distribution<char32_t> cp(0x4E00, 0x9FA5);
  std::string out;
  for (int i = 0; i < length; ++i)
    append_utf8(out, cp(rng));
  return out;
}

std::string random_latin(std::mt19937& rng, int length) {
  std::uniform_int_distribution<int> letter('a', 'z');
  std::string out;
  for (int i = 0; i < length; ++i)
    out += static_cast<char>(letter(rng));
  return out;
}

/// Synthetic words: 80 % CJK of 2–4 characters, 20 % English of 4–8 letters.
std::vector<std::string> make_words(std::size_t count) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pct(0, 99), cjk_len(2, 4), latin_len(4, 8);
  std::vector<std::string> words;
  while (words.size() < count) {
    words.push_back(pct(rng) < 80 ? random_cjk(rng, cjk_len(rng))
                                  : random_latin(rng, latin_len(rng)));
  }
  return words;
}

/// Chat-like messages of about 80 bytes; 3 % carry a listed word, 1 % a phone number.
std::vector<std::string> make_messages(const std::vector<std::string>& words) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pct(0, 99), len(8, 34);
  std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < message_count; ++i) {
    std::string m = random_cjk(rng, len(rng) * 2 / 3) + " ok " + random_latin(rng, 5) + "，";
    const int roll = pct(rng);
    if (roll < 3) m += words[pick(rng)];
    if (roll == 3) m += "电话 138 0013 8000";
    m += random_cjk(rng, len(rng) / 3) + " " + random_latin(rng, 4);
    out.push_back(std::move(m));
  }
  return out;
}

struct fixture {
  std::vector<std::string> words;
  std::vector<std::string> messages;
  std::string words_file;
  std::shared_ptr<const rule_set> rules;
};

const fixture& fixture_for(std::size_t words) {
  static std::map<std::size_t, fixture> cache;
  auto& f = cache[words];
  if (f.words.empty()) {
    f.words = make_words(words);
    f.messages = make_messages(f.words);
    f.words_file = (std::filesystem::temp_directory_path() /
                    ("steward_bench_words_" + std::to_string(words) + ".txt"))
                       .string();
    std::ofstream out(f.words_file);
    for (const auto& w : f.words)
      out << w << "\n";
    out.close();
    rules_config cfg;
    cfg.words = {f.words_file};
    f.rules = rule_set::compile(cfg);
  }
  return f;
}

double mean_bytes(const std::vector<std::string>& messages) {
  double total = 0;
  for (const auto& m : messages)
    total += static_cast<double>(m.size());
  return total / static_cast<double>(messages.size());
}

void BareHyperscan(benchmark::State& state) {
  if (!hyperscan_available()) {
    state.SkipWithError("built without Hyperscan");
    return;
  }
  const auto& f = fixture_for(static_cast<std::size_t>(state.range(0)));
  std::vector<std::string> unique(f.words.begin(), f.words.end());
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  const auto matcher = make_hyperscan_matcher(unique);
  std::size_t i = 0, hits = 0;
  for (auto _ : state) {
    matcher->scan(f.messages[i++ % f.messages.size()], [&](const literal_hit&) { ++hits; });
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_per_msg"] = mean_bytes(f.messages);
}

void RulesFullScan(benchmark::State& state) {
  const auto& f = fixture_for(static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0, found = 0;
  for (auto _ : state)
    found += f.rules->scan(f.messages[i++ % f.messages.size()]).size();
  benchmark::DoNotOptimize(found);
  state.SetItemsProcessed(state.iterations());
  state.counters["matcher_MB"] = static_cast<double>(f.rules->memory()) / 1e6;
}

void RulesRebuild(benchmark::State& state) {
  const auto& f = fixture_for(static_cast<std::size_t>(state.range(0)));
  rules_config cfg;
  cfg.words = {f.words_file};
  for (auto _ : state)
    benchmark::DoNotOptimize(rule_set::compile(cfg));
}

BENCHMARK(BareHyperscan)->Arg(10000)->Arg(100000);
BENCHMARK(RulesFullScan)->Arg(10000)->Arg(100000);
BENCHMARK(RulesRebuild)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
