// FAQ cost per message at 10, 100 and 1000 entries against normalising the same message alone
// (the part every FAQ lookup starts with); template rendering against fmt::format of the same
// text.
//
//   build/steward_bench --benchmark_filter='Faq|Normalise|Render|Fmt'
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <random>

#include "handlers/faq.hpp"
#include "handlers/template_renderer.hpp"
#include "rules/normalizer.hpp"
#include "rules/utf8.hpp"

namespace {

using namespace steward;

std::string random_cjk(std::mt19937& rng, int length) {
  std::uniform_int_distribution<char32_t> cp(0x4E00, 0x9FA5);
  std::string out;
  for (int i = 0; i < length; ++i)
    rules::append_utf8(out, cp(rng));
  return out;
}

/// Chat-like messages of 12-40 characters; 2 % ask one of the FAQ triggers.
std::vector<std::string> make_messages(const std::vector<handlers::faq_entry>& faq) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> pct(0, 99), len(12, 40);
  std::uniform_int_distribution<std::size_t> pick(0, faq.size() - 1);
  std::vector<std::string> out;
  for (int i = 0; i < 5000; ++i) {
    std::string m = random_cjk(rng, len(rng)) + " ok?";
    if (pct(rng) < 2) m += faq[pick(rng)].triggers.front();
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<handlers::faq_entry> make_faq(std::size_t count) {
  std::mt19937 rng(5);
  std::vector<handlers::faq_entry> out;
  for (std::size_t i = 0; i < count; ++i) {
    handlers::faq_entry e;
    e.id = "q" + std::to_string(i);
    e.triggers = {random_cjk(rng, 4), random_cjk(rng, 3)};
    e.answer = "Answer {name}";
    e.cooldown_s = 0;
    out.push_back(std::move(e));
  }
  return out;
}

void BM_NormaliseOnly(benchmark::State& state) {
  const auto messages = make_messages(make_faq(10));
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        rules::normalize(messages[i++ % messages.size()], rules::view::folded));
  }
}
BENCHMARK(BM_NormaliseOnly);

void BM_FaqAnswer(benchmark::State& state) {
  const auto faq = make_faq(static_cast<std::size_t>(state.range(0)));
  const auto messages = make_messages(faq);
  handlers::faq_handler handler(faq);
  std::size_t i = 0, answered = 0;
  for (auto _ : state) {
    answered += handler.answer_for("-1", messages[i++ % messages.size()], 1) != nullptr;
  }
  state.counters["answered"] =
      benchmark::Counter(static_cast<double>(answered) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_FaqAnswer)->Arg(10)->Arg(100)->Arg(1000);

const std::string welcome =
    "👋 Welcome to {group}, {mentions}!\nPlease read the rules:\n{rules}\nSend /checkin every day "
    "for points, and /help to see what I can do.";

void BM_RenderTemplate(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(handlers::render_template(
        welcome, {{"group", "Makers & Co"}},
        {{"mentions", "<a href=\"tg://user?id=1\">Ann</a>"}, {"rules", "1. Be kind"}}));
  }
}
BENCHMARK(BM_RenderTemplate);

void BM_FmtFormatBaseline(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(fmt::format(
        "👋 Welcome to {}, {}!\nPlease read the rules:\n{}\nSend /checkin every day for points, "
        "and /help to see what I can do.",
        handlers::escape_html("Makers & Co"), "<a href=\"tg://user?id=1\">Ann</a>", "1. Be kind"));
  }
}
BENCHMARK(BM_FmtFormatBaseline);

}  // namespace
