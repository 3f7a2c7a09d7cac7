#include "bot/platforms/common/markup.hpp"

#include <gtest/gtest.h>

#include "bot/core/group_address.hpp"

namespace steward::platforms {
namespace {

TEST(Markup, StylesLinksAndMentionsAreRead) {
  const auto pieces = read_markup(
      "<b>Hi</b> <a href=\"tg://user?id=42\">Ann</a>: <a href='https://x.org/?a=1&amp;b=2'>x</a> "
      "&#x1F600;&#20320;<i>it</i><unknown>kept</unknown>");
  ASSERT_GE(pieces.size(), 5u);
  EXPECT_EQ(pieces[0].text, "Hi");
  EXPECT_TRUE(pieces[0].bold);
  EXPECT_EQ(pieces[2].what, markup_piece::kind::mention);
  EXPECT_EQ(pieces[2].target, "42");
  EXPECT_EQ(pieces[4].what, markup_piece::kind::link);
  EXPECT_EQ(pieces[4].target, "https://x.org/?a=1&b=2");
  EXPECT_EQ(flatten_markup(pieces), "Hi @Ann: x (https://x.org/?a=1&b=2) 😀你itkept");
}

TEST(Markup, BrokenMarkupKeepsItsText) {
  EXPECT_EQ(flatten_markup(read_markup("a < b &unknown; &#xZZ; <a href=\"u\">open")),
            "a < b &unknown; &#xZZ; open (u)");
  EXPECT_EQ(flatten_markup(plain_markup("<b>as typed</b>")), "<b>as typed</b>");
}

TEST(GroupAddress, BareIdsAreTelegramsOthersArePrefixed) {
  EXPECT_EQ(core::parse_group_address("-1001234").platform, "telegram");
  EXPECT_EQ(core::parse_group_address("-1001234").chat_id, "-1001234");
  EXPECT_EQ(core::parse_group_address("onebot:20002000").platform, "onebot");
  EXPECT_EQ(core::parse_group_address("onebot:private:3").chat_id, "private:3");
  EXPECT_EQ(core::address_of("telegram", "-5"), "-5");
  EXPECT_EQ(core::address_of("onebot", "5"), "onebot:5");
}

}  // namespace
}  // namespace steward::platforms
