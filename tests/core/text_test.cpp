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

}  // namespace
}  // namespace steward::core
