// Hyperscan and the code-point Aho-Corasick must report exactly the same hits: a differential
// test over 100k random messages built from a vocabulary that overlaps the word list.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>

#include "rules/literal_matcher.hpp"

namespace steward::rules {
namespace {

std::vector<std::string> alphabet() {
  return {"傻", "逼", "兼", "职", "日", "结", "a",  "s", "f", "u",  "c",  "k",
          " ",  "1",  "8",  "台", "独", "舞", "白", "é", "😀", "ss", "中", "文"};
}

std::string random_piece(std::mt19937& rng, const std::vector<std::string>& parts, int max_len) {
  std::uniform_int_distribution<int> len(1, max_len);
  std::uniform_int_distribution<std::size_t> pick(0, parts.size() - 1);
  std::string out;
  for (int i = len(rng); i > 0; --i)
    out += parts[pick(rng)];
  return out;
}

std::vector<std::tuple<std::uint32_t, std::size_t, std::size_t>> hits(const literal_matcher& m,
                                                                      const std::string& text) {
  std::vector<std::tuple<std::uint32_t, std::size_t, std::size_t>> out;
  m.scan(text, [&](const literal_hit& h) { out.emplace_back(h.id, h.begin, h.end); });
  std::sort(out.begin(), out.end());
  return out;
}

TEST(MatcherTest, HyperscanAgreesWithAhoCorasickOnRandomMessages) {
  if (!hyperscan_available()) GTEST_SKIP() << "built without Hyperscan";
  std::mt19937 rng(20261122);
  const auto parts = alphabet();
  std::set<std::string> unique;
  while (unique.size() < 400)
    unique.insert(random_piece(rng, parts, 4));
  const std::vector<std::string> literals(unique.begin(), unique.end());
  const auto hs = make_hyperscan_matcher(literals);
  const auto ac = make_aho_corasick(literals);
  std::size_t total = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::string text = random_piece(rng, parts, 30);
    const auto a = hits(*hs, text), b = hits(*ac, text);
    ASSERT_EQ(a, b) << "message " << i << ": " << text;
    total += a.size();
  }
  EXPECT_GT(total, 100000u);  // the vocabulary overlaps, so the comparison is not vacuous
}

TEST(MatcherTest, ReportsOverlappingAndRepeatedHits) {
  for (const auto engine : {matcher_engine::hyperscan, matcher_engine::aho_corasick}) {
    const auto m = make_matcher(engine, {"ab", "bab", "b"});
    const auto found = hits(*m, "abab");
    const std::vector<std::tuple<std::uint32_t, std::size_t, std::size_t>> want{
        {0, 0, 2}, {0, 2, 4}, {1, 1, 4}, {2, 1, 2}, {2, 3, 4}};
    EXPECT_EQ(found, want);
  }
}

TEST(MatcherTest, EmptyListMatchesNothing) {
  for (const auto engine : {matcher_engine::hyperscan, matcher_engine::aho_corasick}) {
    EXPECT_TRUE(hits(*make_matcher(engine, {}), "anything").empty());
  }
}

}  // namespace
}  // namespace steward::rules
