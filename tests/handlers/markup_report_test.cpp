#include "handlers/markup_report.hpp"

#include <gtest/gtest.h>

namespace steward::handlers {
namespace {

TEST(MarkupLosses, EachFeatureAgainstWhatThePlatformShows) {
  core::capabilities all;
  const std::string rich = "<B>Hi</B> {mention}: <a href=\"https://x.example\">rules</a>";
  EXPECT_TRUE(markup_losses(rich, all).empty());
  core::capabilities plain;
  plain.shows_styles = plain.shows_links = plain.notifies_mentions = false;
  EXPECT_EQ(markup_losses(rich, plain).size(), 3u);
  // A mention written as a link is a mention, not a link.
  const auto mention_only = markup_losses("<a href=\"tg://user?id=1\">Ann</a> hello", plain);
  ASSERT_EQ(mention_only.size(), 1u);
  EXPECT_EQ(mention_only[0], "mentions show the member's name but do not notify them");
  EXPECT_TRUE(markup_losses("Plain {name} text", plain).empty());
}

}  // namespace
}  // namespace steward::handlers
