#include <gtest/gtest.h>

#include "bot/platforms/telegram/telegram_adapter.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::platforms::telegram {
namespace {

using core::event_kind;

core::inbound_update parse_fixture(const std::string& name) {
  auto parsed = parse_update(testing::read_fixture("telegram/" + name));
  if (!parsed) throw std::runtime_error(name + ": " + parsed.failure().message);
  return std::move(*parsed);
}

TEST(TelegramParse, TextMessageWithEntitiesAndReply) {
  const auto update = parse_fixture("message_text.json");
  EXPECT_EQ(update.update_id, "734001");
  ASSERT_EQ(update.events.size(), 1u);
  const auto& e = update.events[0];
  EXPECT_EQ(e.kind, event_kind::message);
  EXPECT_EQ(e.chat.chat_id, "-1001234567890");
  EXPECT_TRUE(e.chat.is_group);
  EXPECT_EQ(e.author.user_id, "1111111");
  EXPECT_EQ(e.author.display_name, "Ann Lee");
  EXPECT_EQ(e.author.username, "ann");
  EXPECT_EQ(e.message_id, "1365");
  EXPECT_EQ(e.reply_to_message_id, "1300");
  EXPECT_EQ(e.timestamp, 1700000000);
  EXPECT_EQ(e.entities.links, 1);
  EXPECT_EQ(e.entities.mentions, 1);
}

// A member without a username is named by a link to their account; Telegram counts its offset in
// UTF-16 units (an emoji outside the BMP is two).
TEST(TelegramParse, MentionsOfAccountsCarryTheMemberAndWhereTheNameStands) {
  const std::string body = R"({"update_id": 9, "message": {"message_id": 3, "date": 1700000000,
    "chat": {"id": -100, "type": "supergroup", "title": "G"},
    "from": {"id": 1, "is_bot": false, "first_name": "Ann"},
    "text": "👋 Bo Lee 50 点",
    "entities": [{"type": "text_mention", "offset": 3, "length": 6,
                  "user": {"id": 42, "is_bot": false, "first_name": "Bo", "last_name": "Lee"}},
                 {"type": "text_mention", "offset": 90, "length": 2, "user": {"id": 7}},
                 {"type": "text_mention", "offset": 0, "length": 1, "user": {"first_name": "x"}},
                 {"type": "text_mention", "offset": "3", "length": 6, "user": {"id": 8}}]}})";
  auto parsed = parse_update(body);
  ASSERT_TRUE(parsed) << parsed.failure().message;
  const auto& e = parsed->events.at(0);
  ASSERT_EQ(e.mentioned.size(), 1u);  // out of range, without an id, or mistyped: skipped
  EXPECT_EQ(e.mentioned[0].member.user_id, "42");
  EXPECT_EQ(e.mentioned[0].member.display_name, "Bo Lee");
  EXPECT_EQ(e.text.substr(e.mentioned[0].begin, e.mentioned[0].end - e.mentioned[0].begin),
            "Bo Lee");
}

// Links whose target the text does not show: text links in the text or a caption, and the URL
// buttons of a message sent via a bot. Malformed ones are skipped, not fatal.
TEST(TelegramParse, HiddenLinksAreTheTargetsOfTextLinksAndUrlButtons) {
  const std::string body = R"({"update_id": 9, "message": {"message_id": 3, "date": 1700000000,
    "chat": {"id": -100, "type": "supergroup", "title": "G"},
    "from": {"id": 1, "is_bot": false, "first_name": "Ann"},
    "caption": "prize inside",
    "caption_entities": [{"type": "text_link", "offset": 0, "length": 5, "url": "https://a.top/x"},
                         {"type": "text_link", "offset": 6, "length": 6, "url": 7},
                         {"type": "bold", "offset": 0, "length": 5}],
    "reply_markup": {"inline_keyboard": [[{"text": "Win", "url": "https://b.top/y"},
                                          {"text": "Hi", "callback_data": "x"}], "oops"]}}})";
  auto parsed = parse_update(body);
  ASSERT_TRUE(parsed) << parsed.failure().message;
  const auto& e = parsed->events.at(0);
  EXPECT_EQ(e.text, "prize inside");
  EXPECT_EQ(e.hidden_links, (std::vector<std::string>{"https://a.top/x", "https://b.top/y"}));
  EXPECT_TRUE(parse_fixture("message_text.json").events.at(0).hidden_links.empty());
}

TEST(TelegramParse, CommandWithBotSuffixAndArgs) {
  const auto e = parse_fixture("command_with_botname.json").events.at(0);
  EXPECT_EQ(e.kind, event_kind::command);
  EXPECT_EQ(e.command, "checkin");
  EXPECT_EQ(e.args, "today!");
}

TEST(TelegramParse, EveryNewMemberIsOneJoinEvent) {
  const auto update = parse_fixture("new_chat_members.json");
  ASSERT_EQ(update.events.size(), 2u);
  EXPECT_EQ(update.events[0].kind, event_kind::member_joined);
  EXPECT_EQ(update.events[0].author.user_id, "2222");
  EXPECT_EQ(update.events[1].author.user_id, "3333");
  EXPECT_NE(update.events[0].event_id, update.events[1].event_id);
}

TEST(TelegramParse, LeftMember) {
  const auto e = parse_fixture("left_chat_member.json").events.at(0);
  EXPECT_EQ(e.kind, event_kind::member_left);
  EXPECT_EQ(e.author.user_id, "3333");
}

TEST(TelegramParse, ChatMemberJoinCarriesInviteLink) {
  const auto update = parse_fixture("chat_member_joined.json");
  EXPECT_EQ(update.type, "chat_member");
  ASSERT_EQ(update.events.size(), 1u);
  EXPECT_EQ(update.events[0].kind, event_kind::member_joined);
  EXPECT_EQ(update.events[0].author.user_id, "4444");
  EXPECT_EQ(update.events[0].invite_link, "https://t.me/+AbCdEf");
}

TEST(TelegramParse, PromotionIsNotAMembershipChange) {
  const auto update = parse_fixture("chat_member_promoted.json");
  EXPECT_TRUE(update.known);
  EXPECT_TRUE(update.events.empty());
}

TEST(TelegramParse, BotStatusChange) {
  const auto update = parse_fixture("my_chat_member.json");
  ASSERT_EQ(update.events.size(), 1u);
  EXPECT_EQ(update.events[0].kind, event_kind::bot_status_changed);
  EXPECT_TRUE(update.events[0].bot_present);
  EXPECT_EQ(update.events[0].bot.is_admin, true);
  EXPECT_EQ(update.events[0].bot.can_delete, false);  // rights not listed are not granted
}

TEST(TelegramParse, BotRightsComeFromItsAdministratorRecord) {
  const auto e = parse_fixture("my_chat_member_without_rights.json").events.at(0);
  EXPECT_EQ(e.bot.is_admin, true);
  EXPECT_EQ(e.bot.can_delete, true);
  EXPECT_EQ(e.bot.can_restrict, false);
  EXPECT_EQ(e.bot.can_invite, true);
  EXPECT_EQ(e.bot.can_mute, true);  // a supergroup
}

TEST(TelegramParse, CallbackQueryIsAButtonInTheMessagesChat) {
  const auto e = parse_fixture("callback_query.json").events.at(0);
  EXPECT_EQ(e.kind, event_kind::button);
  EXPECT_EQ(e.text, "shop:buy:7");
  EXPECT_EQ(e.button_id, "4382bfdwdsb323b2d9");  // to answer the press
  EXPECT_EQ(e.chat.chat_id, "-1001234567890");
  EXPECT_EQ(e.author.user_id, "1111111");
}

TEST(TelegramParse, MigrationFromEitherSideNamesOldAndNewChat) {
  for (const char* name : {"migrate_to_chat_id.json", "migrate_from_chat_id.json"}) {
    const auto e = parse_fixture(name).events.at(0);
    EXPECT_EQ(e.kind, event_kind::chat_migrated) << name;
    EXPECT_EQ(e.chat.chat_id, "-4001") << name;
    EXPECT_EQ(e.migrate_to_chat_id, "-1004001") << name;
  }
}

TEST(TelegramParse, EditedCommandIsNotACommand) {
  const auto e = parse_fixture("edited_message.json").events.at(0);
  EXPECT_EQ(e.kind, event_kind::edited_message);
  EXPECT_TRUE(e.command.empty());
}

TEST(TelegramParse, UnknownTypeIsFlaggedNotAnError) {
  const auto update = parse_fixture("message_reaction.json");
  EXPECT_FALSE(update.known);
  EXPECT_EQ(update.type, "message_reaction");
}

TEST(TelegramParse, MediaCaptionAndForward) {
  const auto e = parse_fixture("photo_with_caption.json").events.at(0);
  EXPECT_EQ(e.text, "our meetup");
  EXPECT_TRUE(e.entities.has_media);
  EXPECT_TRUE(e.entities.is_forward);
}

TEST(TelegramParse, PrivateChatIsNotAGroup) {
  const auto e = parse_fixture("private_message.json").events.at(0);
  EXPECT_FALSE(e.chat.is_group);
  EXPECT_EQ(e.chat.title, "Ann");
}

TEST(TelegramParse, MalformedInputIsAnErrorWithACode) {
  struct bad_case {
    std::string body;
    std::string code;
  };
  const std::vector<bad_case> cases = {
      {"{\"update_id\": 1, \"message\": ", "malformed_json"},
      {"", "malformed_json"},
      {"[1,2]", "missing_update_id"},
      {"{\"update_id\": \"7\"}", "missing_update_id"},
      {testing::read_fixture("telegram/missing_chat.json"), "bad_field"},
  };
  for (const auto& c : cases) {
    const auto parsed = parse_update(c.body);
    ASSERT_FALSE(parsed) << c.body;
    EXPECT_EQ(parsed.failure().code, c.code) << c.body;
  }
}

}  // namespace
}  // namespace steward::platforms::telegram

namespace steward::platforms::telegram {
namespace {

// Telegram retries a failing update for 24 h: a field of the wrong type must be a clear 400
// naming it, never an update that fails later on every redelivery.
TEST(TelegramParse, WrongTypedIdsAreRefusedByName) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"update_id":1,"message":{"message_id":"abc","date":1700000000,
          "chat":{"id":-100,"type":"supergroup"},"from":{"id":7,"first_name":"A"},"text":"x"}})",
       "message.message_id"},
      {R"({"update_id":1,"message":{"message_id":5,"date":1700000000,
          "chat":{"id":"-100","type":"supergroup"},"from":{"id":7,"first_name":"A"},"text":"x"}})",
       "message.chat.id"},
      {R"({"update_id":1,"message":{"message_id":5,"date":1700000000,
          "chat":{"id":-100,"type":"supergroup"},"from":{"id":7.5,"first_name":"A"},"text":"x"}})",
       "message.from.id"},
      {R"({"update_id":1,"edited_message":{"message_id":5,"date":"yesterday",
          "chat":{"id":-100,"type":"supergroup"},"from":{"id":7,"first_name":"A"},"text":"x"}})",
       "edited_message.date"},
      {R"({"update_id":1,"message":{"date":1700000000,
          "chat":{"id":-100,"type":"supergroup"},"from":{"id":7,"first_name":"A"},"text":"x"}})",
       "message.message_id"},
  };
  for (const auto& [body, field] : cases) {
    const auto parsed = parse_update(body);
    ASSERT_FALSE(parsed) << field;
    EXPECT_EQ(parsed.failure().code, "bad_field");
    EXPECT_EQ(parsed.failure().field, field);
    EXPECT_NE(parsed.failure().message.find(field), std::string::npos);
  }
}

}  // namespace
}  // namespace steward::platforms::telegram
