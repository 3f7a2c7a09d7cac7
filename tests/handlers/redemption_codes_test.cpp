#include <gtest/gtest.h>

#include <random>
#include <string>

#include "handlers/shop.hpp"
#include "rules/detectors.hpp"
#include "rules/normalizer.hpp"

namespace steward::handlers {
namespace {

// Members post their redemption codes in the chat ("/fulfil CODE", "my code is CODE"): a code
// the contact detectors read as a WeChat ID or a QQ number had its sender warned for a contact
// (seen with "WXYL-3AXB"). A fixed seed: the same codes every run.
TEST(RedemptionCodes, NoCodeReadsAsAContactWhereverAMemberPostsIt) {
  const rules::contact_detectors detectors;
  std::mt19937_64 random(20261203);
  int read_as_contacts = 0;
  std::string example;
  for (int i = 0; i < 100000; ++i) {
    const auto code = redemption_code(random);
    for (const auto& text : {code, "/fulfil " + code, "我的兑换码 " + code + " 什么时候发货"}) {
      const auto found = detectors.detect(rules::normalize(text, rules::view::strict));
      if (!found.empty() && ++read_as_contacts == 1) example = text + " → " + found[0].rule;
    }
  }
  EXPECT_EQ(read_as_contacts, 0) << "e.g. " << example;
}

TEST(RedemptionCodes, CodesAreTwoGroupsOfFourWithoutVowelsOrLookAlikes) {
  std::mt19937_64 random(7);
  for (int i = 0; i < 10000; ++i) {
    const auto code = redemption_code(random);
    ASSERT_EQ(code.size(), 9u) << code;
    EXPECT_EQ(code[4], '-') << code;
    // No vowel (no word is spelled), nothing mistaken when read aloud (I/1, O/0).
    EXPECT_EQ(code.find_first_of("AEIOU01"), std::string::npos) << code;
    EXPECT_EQ(code.find_first_not_of("BCDFGHJKLMNPRSTXYZ23456789-"), std::string::npos) << code;
  }
}

}  // namespace
}  // namespace steward::handlers
