#include "rules/normalizer.hpp"

#include <gtest/gtest.h>

namespace steward::rules {
namespace {

std::string original_of(const std::string& text, const normalized_text& n, std::size_t begin,
                        std::size_t end) {
  const auto [b, e] = n.original(begin, end);
  return text.substr(b, e - b);
}

TEST(NormalizerTest, FoldedViewMapsBackToOriginalBytes) {
  const std::string text = "Ｆ.Ｕ.c.k 兼職";
  const auto n = normalize(text, view::folded);
  EXPECT_EQ(n.text, "fuck兼职");  // noise between single characters goes
  EXPECT_EQ(original_of(text, n, 0, 4), "Ｆ.Ｕ.c.k");
  EXPECT_EQ(original_of(text, n, 4, n.text.size()), "兼職");
}

TEST(NormalizerTest, RepeatsCollapseWithTheirCounts) {
  const auto n = normalize("fuuuck", view::folded);
  EXPECT_EQ(n.text, "fuck");
  EXPECT_EQ(n.runs(0, 4), (std::vector<std::uint16_t>{1, 3, 1, 1}));
}

TEST(NormalizerTest, StrictViewKeepsSeparatorsAndFoldsDigits) {
  EXPECT_EQ(normalize("壹三⑧-８", view::strict).text, "138-8");
  EXPECT_EQ(normalize("A\u200bB", view::strict).text, "ab");
}

TEST(NormalizerTest, NoiseBetweenWordsBecomesOneSpace) {
  EXPECT_EQ(normalize("hello,   world!!", view::folded).text, "helo world");
  EXPECT_EQ(normalize("微信：abc123", view::folded).text, "微信 abc123");
}

TEST(NormalizerTest, LookalikesFoldOnlyInMixedOrConfusableWords) {
  EXPECT_EQ(normalize("frее", view::folded).text, "fre");       // Cyrillic е in a Latin word
  EXPECT_EQ(normalize("привет", view::folded).text, "привет");  // a real Russian word stays
}

TEST(NormalizerTest, PinyinSpellsIdeographs) {
  EXPECT_EQ(normalize("微信", view::pinyin).text, "wei xin ");
}

TEST(NormalizerTest, MalformedUtf8IsKeptAccountedFor) {
  const std::string text =
      "a\xff"
      "b";
  const auto n = normalize(text, view::strict);
  EXPECT_EQ(n.origins.size(), 3u);
  EXPECT_EQ(n.origins[2].begin, 2u);
}

}  // namespace
}  // namespace steward::rules
