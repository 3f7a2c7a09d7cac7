#include "rules/behaviour.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "rules/normalizer.hpp"
#include "rules/utf8.hpp"

namespace steward::rules {
namespace {

std::string folded(const std::string& text) {
  return normalize(text, view::folded).text;
}

class BehaviourTest : public ::testing::Test {
 protected:
  BehaviourTest() {
    cfg.flood_messages = 4;
    cfg.flood_seconds = 10;
    rules = rule_set::compile(cfg);
  }

  std::vector<std::string> observe(behaviour_tracker& t, const std::string& member,
                                   const std::string& text, std::int64_t at,
                                   bool suspicious = false) {
    std::vector<std::string> found;
    for (const auto& m : t.observe("g", member, text, folded(text), "m" + std::to_string(next_id++),
                                   at, *rules, suspicious)) {
      found.push_back(m.what.rule);
    }
    return found;
  }

  rules_config cfg;
  std::shared_ptr<const rule_set> rules;
  int next_id = 1;
};

// Memory stays bounded however many members write, and the member who floods — the most
// recently active — is still caught.
TEST_F(BehaviourTest, ManyMembersAreForgottenQuietestFirstAndAFlooderIsStillCaught) {
  behaviour_tracker t(cfg);
  std::vector<std::string> flooder;
  for (int i = 0; i < 30000; ++i) {
    observe(t, "member" + std::to_string(i), "hello number " + std::to_string(i), 100 + i / 5000);
    if (i % 7000 == 6999) flooder = observe(t, "flooder", "buy " + std::to_string(i), 106);
  }
  EXPECT_LE(t.tracked_members(), 20000u);
  EXPECT_GE(t.tracked_members(), 15000u);
  EXPECT_EQ(flooder, std::vector<std::string>{"flood"});  // the 4th message within 10 s
}

TEST_F(BehaviourTest, FloodIsNMessagesWithinTheWindow) {
  behaviour_tracker t(cfg);
  EXPECT_TRUE(observe(t, "a", "one thing", 100).empty());
  EXPECT_TRUE(observe(t, "a", "another thing", 101).empty());
  EXPECT_TRUE(observe(t, "a", "a third thing", 102).empty());
  EXPECT_EQ(observe(t, "a", "and a fourth", 103), std::vector<std::string>{"flood"});
  behaviour_tracker slow(cfg);
  for (int i = 0; i < 6; ++i) {
    EXPECT_TRUE(
        observe(slow, "b", "message " + std::string(1, 'a' + i) + " here", 100 + i * 5).empty());
  }
}

TEST_F(BehaviourTest, NearDuplicatesCountButAcknowledgementsNever) {
  behaviour_tracker t(cfg);
  EXPECT_TRUE(observe(t, "a", "Buy cheap followers today at our shop!!", 100).empty());
  EXPECT_TRUE(observe(t, "a", "buy cheap followers today at our shop", 200).empty());
  EXPECT_EQ(observe(t, "a", "Buy cheap followers today at our shop!", 300),
            std::vector<std::string>{"duplicate"});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(observe(t, "c", "收到", 400 + i * 20).empty());
    EXPECT_TRUE(observe(t, "c", "+1", 401 + i * 20).empty());
    EXPECT_TRUE(observe(t, "c", "好的", 402 + i * 20).empty());
  }
}

TEST_F(BehaviourTest, RaidNeedsManyMembersAndSomethingSuspicious) {
  behaviour_tracker t(cfg);
  for (const char* m : {"a", "b", "c", "d"}) {
    EXPECT_TRUE(observe(t, m, "happy new year everyone", 100).empty()) << m;
  }
  EXPECT_TRUE(observe(t, "a", "join example.com now for prizes", 200, true).empty());
  EXPECT_TRUE(observe(t, "b", "join example.com now for prizes", 201, true).empty());
  EXPECT_EQ(observe(t, "c", "join example.com now for prizes", 202, true),
            std::vector<std::string>{"raid"});
}

// A busy group's chatter does not push a raid's first copies out of memory: only suspicious
// messages (a link or contact, or a newcomer's) are kept for the raid check.
TEST_F(BehaviourTest, ARaidIsFoundThroughHundredsOfOrdinaryMessages) {
  behaviour_tracker t(cfg);
  const std::string ad = "join example.com now for prizes";
  EXPECT_TRUE(observe(t, "raider1", ad, 100, true).empty());
  for (int i = 0; i < 600; ++i) {
    const auto member = "member" + std::to_string(i);
    EXPECT_TRUE(observe(t, member, "an ordinary remark, number " + std::to_string(i), 101).empty());
  }
  EXPECT_TRUE(observe(t, "raider2", ad, 102, true).empty());
  for (int i = 0; i < 600; ++i) {
    const auto member = "member" + std::to_string(i);
    EXPECT_TRUE(observe(t, member, "another remark, number " + std::to_string(i), 103).empty());
  }
  EXPECT_EQ(observe(t, "raider3", ad, 104, true), std::vector<std::string>{"raid"});
}

// A duplicate or a raid removes every copy it saw in the window — each once, however long the
// raid goes on — not only the message that tipped it over.
TEST_F(BehaviourTest, DuplicatesAndRaidsHandOutEveryEarlierCopyOnce) {
  behaviour_tracker t(cfg);
  const auto ids = [&](const std::string& member, const std::string& id, std::int64_t at,
                       bool suspicious) {
    const std::string text = "join example.com now for prizes";
    std::vector<std::string> out;
    for (const auto& m : t.observe("g", member, text, folded(text), id, at, *rules, suspicious)) {
      out.insert(out.end(), m.earlier_message_ids.begin(), m.earlier_message_ids.end());
    }
    return out;
  };
  EXPECT_TRUE(ids("a", "a1", 100, false).empty());
  EXPECT_TRUE(ids("a", "a2", 150, false).empty());
  EXPECT_EQ(ids("a", "a3", 200, false), (std::vector<std::string>{"a1", "a2"}));  // duplicate
  EXPECT_TRUE(ids("b", "b1", 300, true).empty());
  EXPECT_TRUE(ids("c", "c1", 301, true).empty());
  EXPECT_EQ(ids("d", "d1", 302, true), (std::vector<std::string>{"b1", "c1"}));  // raid
  // d1 went with the decision on it: a fifth raider's message takes nothing more along.
  EXPECT_TRUE(ids("e", "e1", 303, true).empty());
}

// The group's memory is a ring of at most 512 suspicious messages: after it has wrapped (and
// an edit has taken one out of its middle), a raid still hands out its own copies' ids.
TEST_F(BehaviourTest, ARaidAfterTheGroupsMemoryWrappedHandsOutItsOwnCopies) {
  behaviour_tracker t(cfg);
  const auto raid_ids = [&](const std::string& member, const std::string& text,
                            const std::string& id, std::int64_t at) {
    std::vector<std::string> out;
    for (const auto& m : t.observe("g", member, text, folded(text), id, at, *rules, true)) {
      out.insert(out.end(), m.earlier_message_ids.begin(), m.earlier_message_ids.end());
    }
    return out;
  };
  for (int i = 0; i < 700; ++i) {
    const auto n = std::to_string(i);
    // Short texts (under 8 code points) are compared exactly: "hi " and i in letters.
    std::string word = "hi ";
    for (int k = i; word.size() == 3 || k > 0; k /= 26)
      word += static_cast<char>('a' + k % 26);
    EXPECT_TRUE(raid_ids("newcomer" + n, word, "n" + n, 100).empty()) << word;
  }
  const std::string ad = "join example.com now for prizes";
  EXPECT_TRUE(raid_ids("x", ad, "x1", 101).empty());
  // newcomer650 edits their greeting into something else: its record leaves the ring's middle.
  EXPECT_TRUE(raid_ids("newcomer650", "never mind", "n650", 101).empty());
  EXPECT_TRUE(raid_ids("y", ad, "y1", 102).empty());
  EXPECT_EQ(raid_ids("z", ad, "z1", 103), (std::vector<std::string>{"x1", "y1"}));
}

TEST_F(BehaviourTest, AdSplitAcrossMessagesIsFoundWithItsParts) {
  behaviour_tracker t(cfg);
  EXPECT_TRUE(t.observe("g", "a", "加我微", folded("加我微"), "m1", 100, *rules, false).empty());
  const auto found =
      t.observe("g", "a", "信abc_123", folded("信abc_123"), "m2", 101, *rules, false);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].what.rule, "split");
  EXPECT_EQ(found[0].what.tag, "contact");
  EXPECT_EQ(found[0].earlier_message_ids, std::vector<std::string>{"m1"});
  // Outside the window the parts are unrelated.
  EXPECT_TRUE(t.observe("g", "b", "加我微", folded("加我微"), "m3", 100, *rules, false).empty());
  EXPECT_TRUE(
      t.observe("g", "b", "信abc_123", folded("信abc_123"), "m4", 500, *rules, false).empty());
}

TEST(SimhashTest, SimilarTextsAreCloseDifferentOnesFar) {
  const auto a = simhash("buy cheap followers today at our shop");
  const auto b = simhash("buy cheap followers today at our shop!");
  const auto c = simhash("the weather is lovely in the mountains");
  EXPECT_LE(__builtin_popcountll(a ^ b), 3);
  EXPECT_GT(__builtin_popcountll(a ^ c), 10);
}

// The definition, one bit at a time: what the counting in byte lanes must agree with.
std::uint64_t simhash_by_definition(std::string_view text) {
  std::u32string cps;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto d = decode_utf8(text, pos);
    cps += d.cp;
    pos += d.size;
  }
  if (cps.empty()) return 0;
  int weights[64] = {};
  const std::size_t n = cps.size() < 3 ? 1 : cps.size() - 2;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t h =
        std::hash<std::u32string_view>{}(std::u32string_view(cps).substr(i, 3)) *
        0x9E3779B97F4A7C15ULL;
    for (int bit = 0; bit < 64; ++bit)
      weights[bit] += (h >> bit) & 1 ? 1 : -1;
  }
  std::uint64_t out = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (weights[bit] > 0) out |= 1ULL << bit;
  }
  return out;
}

TEST(SimhashTest, AgreesWithTheDefinitionForShortLongAndMixedTexts) {
  std::vector<std::string> texts{"",       "a",    "ab",
                                 "abc",    "早",   "早上",
                                 "早上好", "+1 👍", "buy cheap followers today at our shop"};
  // Past 255 grams the byte lanes are emptied into the counts: texts longer than that too.
  std::string long_text;
  for (int i = 0; i < 700; ++i) {
    long_text += i % 3 == 0 ? "群" : i % 3 == 1 ? "x" : std::to_string(i);
    texts.push_back(long_text);
  }
  for (const auto& t : texts)
    EXPECT_EQ(simhash(t), simhash_by_definition(t)) << t.size() << " bytes";
}

}  // namespace
}  // namespace steward::rules

namespace steward::rules {
namespace {

// An edit that keeps the text, or a redelivery after a rollback, is the same message: it is not
// its own duplicate and adds nothing towards a flood.
// An edited message no longer counts towards a raid with its old text: the group's memory drops
// its record and what the raid check compares of it together.
TEST_F(BehaviourTest, AnEditedMessageLeavesTheRaidCountWithItsOldText) {
  behaviour_tracker t(cfg);
  const std::string raid = "join example.com now for prizes";
  const auto post = [&](const std::string& member, const std::string& id, const std::string& text,
                        std::int64_t at) {
    std::vector<std::string> rules_found, ids;
    for (const auto& m : t.observe("g", member, text, folded(text), id, at, *rules, true)) {
      rules_found.push_back(m.what.rule);
      ids.insert(ids.end(), m.earlier_message_ids.begin(), m.earlier_message_ids.end());
    }
    return std::make_pair(rules_found, ids);
  };
  EXPECT_TRUE(post("x", "x1", raid, 300).first.empty());
  EXPECT_TRUE(post("y", "y1", "what time is the meetup on friday", 301).first.empty());
  EXPECT_TRUE(post("x", "x1", "sorry, wrong group entirely here", 302).first.empty());  // edit
  EXPECT_TRUE(post("z", "z1", raid, 303).first.empty());
  EXPECT_TRUE(post("w", "w1", raid, 304).first.empty());  // two members say it now, not three
  const auto [found, ids] = post("u", "u1", raid, 305);
  EXPECT_EQ(found, std::vector<std::string>{"raid"});
  EXPECT_EQ(ids, (std::vector<std::string>{"z1", "w1"}));
}

TEST_F(BehaviourTest, TheSameMessageSeenAgainReplacesItself) {
  behaviour_tracker t(cfg);
  const auto seen_as = [&](const std::string& id, const std::string& text, std::int64_t at) {
    std::vector<std::string> found;
    for (const auto& m : t.observe("g", "a", text, folded(text), id, at, *rules, false)) {
      found.push_back(m.what.rule);
    }
    return found;
  };
  const std::string text = "a long enough sentence to compare";
  EXPECT_TRUE(seen_as("m1", text, 100).empty());
  EXPECT_TRUE(seen_as("m1", text, 101).empty());  // unchanged edit: no duplicate
  for (int i = 0; i < 6; ++i) {
    EXPECT_TRUE(seen_as("m2", "redelivered " + std::to_string(i), 102 + i).empty()) << i;
  }
  // Different messages with the first one's text still are repeats (the third is acted on).
  EXPECT_TRUE(seen_as("m3", text, 110).empty());
  EXPECT_EQ(seen_as("m4", text, 111), (std::vector<std::string>{"duplicate"}));
}

}  // namespace
}  // namespace steward::rules
