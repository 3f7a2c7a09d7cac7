#include "bot/core/text.hpp"

#include <gtest/gtest.h>

namespace steward::core {
namespace {

TEST(CountChars, CountsCharactersNotBytes) {
  EXPECT_EQ(count_chars(""), 0u);
  EXPECT_EQ(count_chars("ab"), 2u);
  EXPECT_EQ(count_chars("价格"), 2u);  // 6 bytes
  EXPECT_EQ(count_chars("👋 hi"), 4u);  // a 4-byte emoji is one character
}

TEST(Text, TypedSpacesAndClosingPunctuation) {
  EXPECT_EQ(trim_typed("\u3000 签到\u00a0\t"), "签到");
  EXPECT_EQ(find_typed_space("兑换\u3000杯").first, 6u);
  EXPECT_EQ(find_typed_space("兑换\u3000杯").second, 3u);
  EXPECT_EQ(find_typed_space("签到").first, std::string_view::npos);
  EXPECT_EQ(strip_closing_punctuation("签到！！ "), "签到");
  EXPECT_EQ(strip_closing_punctuation("签到。"), "签到");
  EXPECT_EQ(strip_closing_punctuation("hi! ?"), "hi");
  EXPECT_EQ(strip_closing_punctuation("!"), "!");  // nothing but punctuation stays as it is
}

}  // namespace
}  // namespace steward::core
