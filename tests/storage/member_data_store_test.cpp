#include "storage/member_data_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "storage/database.hpp"
#include "tests/support/temp_store.hpp"

namespace steward::storage {
namespace {

class MemberDataTest : public ::testing::Test {
 protected:
  MemberDataTest() : store_(temp_.db()) {
    auto& db = temp_.db();
    db.execute(R"sql(
INSERT INTO groups (id, platform, chat_id, title, time_zone, created_at)
  VALUES (1, 'telegram', '-100', 'Makers', 'UTC', 1);
INSERT INTO members (id, group_id, user_id, display_name, username, first_seen, points)
  VALUES (1, 1, '7', 'Ann Lee', 'annlee', 1, 15), (2, 1, '8', 'Bo', 'bo', 1, 5);
INSERT INTO ledger (member_id, delta, reason, idempotency_key, created_at)
  VALUES (1, 10, 'checkin', 'k1', 10), (1, 5, 'message', 'k2', 20), (2, 5, 'checkin', 'k3', 10);
INSERT INTO checkins VALUES (1, 100, '1970-04-11', 1, 10, 'telegram:1', 10, NULL);
INSERT INTO messages (group_id, message_id, member_id, text, at, newcomer)
  VALUES (1, '50', 1, 'call me at 13800138000', 100, 0), (1, '51', 2, 'hello from Bo', 100, 0);
INSERT INTO moderation_log (group_id, member_id, message_id, rule, action, taken, spans,
                            normalized, text, at)
  VALUES (1, 1, '50', 'phone', 'delete', 'delete', '[[11,22]]', '13800138000',
          'call me at 13800138000', 100),
         (1, 2, '52', 'flood', 'delete', 'delete', '[]', '', 'hello hello', 100);
INSERT INTO warnings (member_id, at, reason, actor) VALUES (1, 100, 'posted her phone', 'admin');
INSERT INTO invite_links VALUES ('https://t.me/+ann', 1, 100);
INSERT INTO welcomes VALUES ('telegram', '-100', '7', 'Makers', 'Ann Lee', 100, 0);
INSERT INTO outbox (platform, chat_id, method, body, state, created_at, updated_at)
  VALUES ('telegram', '-100', 'sendMessage',
          '{"text":"<a href=\"tg://user?id=7\">Ann Lee</a> checked in"}', 'sent', 100000, 100000),
         ('telegram', '-100', 'sendMessage', '{"text":"Bo checked in"}', 'sent', 100000, 100000),
         ('telegram', '-100', 'sendMessage', '{"text":"welcome Ann Lee"}', 'pending', 100000,
          100000);
)sql");
  }

  long long count(const std::string& sql) { return temp_.db().query_int(sql); }

  const member_identity ann_{1, "telegram", "-100", "7", "Ann Lee"};
  testing::temp_store temp_;
  member_data_store store_;
};

TEST_F(MemberDataTest, ExportHoldsEveryRowAboutTheMemberAndNoOneElses) {
  const auto data = store_.export_member(ann_);
  EXPECT_EQ(data.tables.at("members").size(), 1u);
  EXPECT_EQ(data.tables.at("ledger").size(), 2u);
  EXPECT_EQ(data.tables.at("checkins").size(), 1u);
  EXPECT_EQ(data.tables.at("messages").size(), 1u);
  EXPECT_EQ(data.tables.at("moderation_log").size(), 1u);
  EXPECT_EQ(data.tables.at("warnings").size(), 1u);
  EXPECT_EQ(data.tables.at("invite_links").size(), 1u);
  EXPECT_EQ(data.tables.at("welcomes").size(), 1u);
  const auto& member = data.tables.at("members")[0];
  const auto name = std::find_if(member.begin(), member.end(),
                                 [](const auto& column) { return column.first == "display_name"; });
  ASSERT_NE(name, member.end());
  EXPECT_EQ(std::get<std::string>(name->second), "Ann Lee");
}

TEST_F(MemberDataTest, ErasureKeepsTheLedgerWholeAndLeavesNothingThatNamesThem) {
  const auto report = store_.erase_member(ann_, 5000);
  EXPECT_EQ(report.messages_deleted, 1);
  EXPECT_EQ(report.log_entries_anonymised, 1);
  EXPECT_EQ(report.warnings_cleared, 1);
  EXPECT_EQ(report.invite_links_deleted, 1);
  EXPECT_EQ(report.welcomes_deleted, 1);
  EXPECT_EQ(report.replies_anonymised, 1);

  EXPECT_EQ(count("SELECT count(*) FROM members WHERE id = 1 AND display_name = '' AND "
                  "username = '' AND user_id = 'erased:1' AND hidden = 1 AND erased_at = 5000"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM members m WHERE points != "
                  "(SELECT coalesce(sum(delta), 0) FROM ledger WHERE member_id = m.id)"),
            0);
  EXPECT_EQ(count("SELECT points FROM members WHERE id = 1"), 15);
  EXPECT_EQ(count("SELECT count(*) FROM moderation_log WHERE member_id = 1 AND rule = 'phone' "
                  "AND text = '' AND normalized = ''"),
            1);
  for (const char* leak : {"Ann Lee", "13800138000", "annlee", "phone"}) {
    const std::string like = std::string("'%") + leak + "%'";
    EXPECT_EQ(count("SELECT count(*) FROM messages WHERE text LIKE " + like) +
                  count("SELECT count(*) FROM outbox WHERE state = 'sent' AND body LIKE " + like) +
                  count("SELECT count(*) FROM welcomes WHERE name LIKE " + like) +
                  count("SELECT count(*) FROM warnings WHERE reason LIKE " + like),
              0)
        << leak;
  }
  // Bo is untouched.
  EXPECT_EQ(count("SELECT count(*) FROM messages WHERE member_id = 2"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM moderation_log WHERE member_id = 2 AND text != ''"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE body LIKE '%Bo checked in%'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM members WHERE user_id = '8' AND display_name = 'Bo'"), 1);
}

TEST_F(MemberDataTest, OldTextsAreForgottenAndDecisionsKept) {
  store_.forget_texts_before(101);
  EXPECT_EQ(count("SELECT count(*) FROM moderation_log WHERE text != '' OR normalized != ''"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM moderation_log"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), 1);  // the pending one is still to be sent
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'pending'"), 1);

  temp_.db().execute("UPDATE moderation_log SET text = 'recent', at = 200 WHERE member_id = 2");
  store_.forget_texts_before(101);
  EXPECT_EQ(count("SELECT count(*) FROM moderation_log WHERE text = 'recent'"), 1);
}

}  // namespace
}  // namespace steward::storage
