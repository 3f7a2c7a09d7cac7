#include "storage/moderation_store.hpp"

#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::storage {
namespace {

class ModerationStoreTest : public ::testing::Test {
 protected:
  ModerationStoreTest() : store_(temp_.db()) {
    temp_.db().execute(R"sql(
INSERT INTO groups (id, platform, chat_id, title, time_zone, created_at)
  VALUES (1, 'telegram', '-100', 'Makers', 'UTC', 1), (2, 'telegram', '-200', 'Cooks', 'UTC', 1);
INSERT INTO members (id, group_id, user_id, display_name, username, first_seen)
  VALUES (1, 1, '7', 'Ann', 'ann', 1), (2, 2, '8', 'Bo', 'bo', 1);
)sql");
  }

  testing::temp_store temp_;
  moderation_store store_;
};

TEST_F(ModerationStoreTest, AnEditIsReadAsTheMessagesNewestTextAndReplayedOnce) {
  store_.record_message(1, "10", 1, "see you at 5", 100, false);
  store_.record_message(2, "10", 2, "same id, another group", 101, false);
  store_.record_message(1, "11", 1, "bring snacks", 102, false);
  store_.record_message(1, "10", 1, "see you at 6", 103, false);  // the edit

  EXPECT_EQ(store_.message_text(1, "10"), "see you at 6");
  EXPECT_EQ(store_.message_text(2, "10"), "same id, another group");
  EXPECT_EQ(store_.message_text(1, "12"), std::nullopt);

  const auto all = store_.messages_since(0);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].text, "same id, another group");
  EXPECT_EQ(all[1].text, "bring snacks");
  EXPECT_EQ(all[2].text, "see you at 6");
  const auto newest = store_.messages_since(0, 1, 1);
  ASSERT_EQ(newest.size(), 1u);
  EXPECT_EQ(newest[0].text, "see you at 6");
  EXPECT_EQ(store_.recent_texts(1, 5),
            (std::vector<std::string>{"see you at 6", "bring snacks", "see you at 5"}));
}

TEST_F(ModerationStoreTest, LookupsGoBackThroughTheNewestMessagesOnly) {
  store_.record_message(1, "1", 1, "the oldest", 100, false);
  store_.record_message(1, "2", 1, "the second", 100, false);
  // Then as many of Bo's as are looked through, less one: "the second" is the oldest in reach.
  temp_.db().execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                     std::to_string(moderation_store::messages_searched - 1) +
                     ") INSERT INTO messages (group_id, message_id, member_id, text, at) "
                     "SELECT 2, 'b' || i, 2, 'chatter', 200 FROM n");

  EXPECT_EQ(store_.message_text(1, "1"), std::nullopt);
  EXPECT_EQ(store_.message_text(1, "2"), "the second");
  EXPECT_EQ(store_.recent_texts(1, 5), (std::vector<std::string>{"the second"}));
  EXPECT_EQ(store_.messages_since(0, 1).size(), 2u);  // replay reads by time, every message
}

TEST_F(ModerationStoreTest, WordListEditsAreKeptInTheOrderTheyWereMade) {
  EXPECT_TRUE(store_.word_edits().empty());
  const auto first =
      store_.record_word_edit({0, "words", false, "cheap pills", "ad", "delete", "api:ops", 100});
  const auto second =
      store_.record_word_edit({0, "allow", false, "舞台独白", "", "", "api:ops", 101});
  const auto third =
      store_.record_word_edit({0, "words", true, "cheap pills", "", "", "api:bo", 102});
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  const auto edits = store_.word_edits();
  ASSERT_EQ(edits.size(), 3u);
  EXPECT_EQ(edits[0].id, first);
  EXPECT_EQ(edits[0].list, "words");
  EXPECT_FALSE(edits[0].removed);
  EXPECT_EQ(edits[0].word, "cheap pills");
  EXPECT_EQ(edits[0].tag, "ad");
  EXPECT_EQ(edits[0].action, "delete");
  EXPECT_EQ(edits[0].actor, "api:ops");
  EXPECT_EQ(edits[0].at, 100);
  EXPECT_EQ(edits[1].list, "allow");
  EXPECT_EQ(edits[1].word, "舞台独白");
  EXPECT_TRUE(edits[2].removed);
  EXPECT_EQ(edits[2].actor, "api:bo");
}

}  // namespace
}  // namespace steward::storage
