#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "bot/platforms/telegram/telegram_adapter.hpp"

namespace steward::platforms::telegram {
namespace {

using nlohmann::json;

core::raw_request request_with(const std::map<std::string, std::string>& headers) {
  return {"/webhook/telegram", "{}", [headers](std::string_view name) -> std::string_view {
            auto it = headers.find(std::string(name));
            return it == headers.end() ? std::string_view{} : std::string_view(it->second);
          }};
}

TEST(TelegramVerify, SecretsCompareExactly) {
  EXPECT_TRUE(secrets_equal("s3cret", "s3cret"));
  EXPECT_FALSE(secrets_equal("s3cret", "s3creT"));
  EXPECT_FALSE(secrets_equal("s3cret", "s3cre"));
  EXPECT_FALSE(secrets_equal("s3cret", ""));
  EXPECT_FALSE(secrets_equal("s3cret", "s3cret "));
}

TEST(TelegramVerify, HeaderMustMatchConfiguredSecret) {
  const telegram_adapter adapter({"1:T", "s3cret", "https://api.telegram.org", ""});
  EXPECT_TRUE(adapter.verify(request_with({{"X-Telegram-Bot-Api-Secret-Token", "s3cret"}})));
  EXPECT_FALSE(adapter.verify(request_with({{"X-Telegram-Bot-Api-Secret-Token", "wrong"}})));
  EXPECT_FALSE(adapter.verify(request_with({})));
}

TEST(TelegramVerify, EmptySecretMeansVerificationOff) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  EXPECT_TRUE(adapter.verify(request_with({})));
}

TEST(TelegramRender, ReplyUsesReplyParametersAndIntegerIds) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org/", ""});
  const auto calls =
      adapter.render({"telegram", "-1001234567890", "9", core::reply_message{"hi <b>", "1365"}});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "sendMessage");
  const auto body = json::parse(calls[0].body);
  EXPECT_EQ(body["chat_id"], -1001234567890);
  EXPECT_EQ(body["text"], "hi <b>");
  EXPECT_FALSE(body.contains("parse_mode"));  // plain text: member names are never markup
  EXPECT_EQ(body["reply_parameters"]["message_id"], 1365);
  EXPECT_EQ(body["reply_parameters"]["allow_sending_without_reply"], true);
  EXPECT_EQ(adapter.endpoint_url("sendMessage"), "https://api.telegram.org/bot1:T/sendMessage");
}

TEST(TelegramRender, ModerationActionsMapToBotApiMethods) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  auto render = [&](core::action_body body) {
    return adapter.render({"telegram", "-100", "", body});
  };

  const auto mute = render(core::restrict_member{"42", 1700003600});
  EXPECT_EQ(mute.at(0).method, "restrictChatMember");
  const auto mute_body = json::parse(mute[0].body);
  EXPECT_EQ(mute_body["until_date"], 1700003600);
  EXPECT_EQ(mute_body["permissions"]["can_send_messages"], false);
  EXPECT_EQ(mute_body["use_independent_chat_permissions"], true);

  const auto kick = render(core::kick_member{"42"});
  ASSERT_EQ(kick.size(), 2u);
  EXPECT_EQ(kick[0].method, "banChatMember");
  EXPECT_EQ(kick[1].method, "unbanChatMember");
  EXPECT_EQ(json::parse(kick[1].body)["only_if_banned"], true);

  EXPECT_EQ(json::parse(render(core::unban_member{"42"}).at(0).body)["only_if_banned"], true);
  EXPECT_EQ(json::parse(render(core::ban_member{"42", 0}).at(0).body).count("until_date"), 0u);
  EXPECT_EQ(json::parse(render(core::delete_message{"77"}).at(0).body)["message_id"], 77);
  EXPECT_EQ(
      json::parse(
          render(core::lift_restriction{"42"}).at(0).body)["permissions"]["can_send_messages"],
      true);
}

TEST(TelegramRender, ButtonsEditsAndButtonAnswers) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  const std::vector<core::inline_button> buttons{{"✅ I am human", "verify"}};
  const auto post = adapter.render(
      {"telegram", "-100", "", core::send_message{"<b>hi</b>", true, "verify_post", buttons}});
  const auto body = json::parse(post.at(0).body);
  EXPECT_EQ(body["reply_markup"]["inline_keyboard"][0][0],
            (json{{"text", "✅ I am human"}, {"callback_data", "verify"}}));
  EXPECT_EQ(post.at(0).purpose, "verify_post");
  const auto edit =
      adapter.render({"telegram", "-100", "", core::edit_message{"77", "later", false, {}}});
  EXPECT_EQ(edit.at(0).method, "editMessageText");
  const auto edited = json::parse(edit.at(0).body);
  EXPECT_EQ(edited["message_id"], 77);
  EXPECT_EQ(edited["reply_markup"]["inline_keyboard"], json::array());  // buttons removed
  const auto answer =
      adapter.render({"telegram", "-100", "", core::answer_button{"q-1", std::string(300, 'x')}});
  EXPECT_EQ(answer.at(0).method, "answerCallbackQuery");
  EXPECT_EQ(json::parse(answer.at(0).body)["callback_query_id"], "q-1");
  EXPECT_EQ(json::parse(answer.at(0).body)["text"].get<std::string>().size(), 200u);
}

TEST(TelegramRender, ConfirmedActionsCarryTheirPurposeOnTheDecidingCall) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  core::action kick{"telegram", "-100", "", core::kick_member{"42"}};
  kick.purpose = "confirm";
  kick.purpose_ref = "ref";
  const auto calls = adapter.render(kick);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].purpose, "confirm");  // the ban decides; the unban only lets them back
  EXPECT_EQ(calls[0].purpose_ref, "ref");
  EXPECT_EQ(calls[1].purpose, "");
}

TEST(TelegramRender, TimedSanctionsMustLeaveBeforeTelegramWouldMakeThemPermanent) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  const auto mute =
      adapter.render({"telegram", "-100", "", core::restrict_member{"42", 1700003600}});
  EXPECT_EQ(mute.at(0).not_after_s, 1700003600 - 35);
  const auto ban = adapter.render({"telegram", "-100", "", core::ban_member{"42", 1700003600}});
  EXPECT_EQ(ban.at(0).not_after_s, 1700003600 - 35);
  EXPECT_EQ(adapter.render({"telegram", "-100", "", core::ban_member{"42", 0}}).at(0).not_after_s,
            0);
}

TEST(TelegramRights, TheBotAsksForItsOwnMembershipAndReadsTheRights) {
  const telegram_adapter adapter({"4242:T", "", "https://api.telegram.org", ""});
  const auto ask = adapter.render({"telegram", "-100", "", core::ask_bot_rights{}});
  ASSERT_EQ(ask.size(), 1u);
  EXPECT_EQ(ask[0].method, "getChatMember");
  EXPECT_EQ(json::parse(ask[0].body)["user_id"], 4242);  // the id is the token's first part
  EXPECT_EQ(ask[0].purpose, "bot_rights");
  const auto rights = adapter.parsed_bot_rights(
      {200, "", R"({"ok":true,"result":{"status":"administrator","user":{"id":4242},
                   "can_delete_messages":true,"can_restrict_members":false}})"});
  ASSERT_TRUE(rights);
  EXPECT_EQ(rights->is_admin, true);
  EXPECT_EQ(rights->can_delete, true);
  EXPECT_EQ(rights->can_restrict, false);
  EXPECT_EQ(
      adapter.parsed_bot_rights({200, "", R"({"ok":true,"result":{"status":"member"}})"})->is_admin,
      false);
  EXPECT_FALSE(adapter.parsed_bot_rights({200, "", R"({"ok":true,"result":{"message_id":1}})"}));
  const telegram_adapter odd({"notanid", "", "https://api.telegram.org", ""});
  EXPECT_TRUE(odd.render({"telegram", "-100", "", core::ask_bot_rights{}}).empty());
}

TEST(TelegramRender, MessagesModerationAndLookupsWaitInSeparateLanes) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  EXPECT_EQ(adapter.lane_of("sendMessage"), core::lane::messages);
  EXPECT_EQ(adapter.lane_of("deleteMessage"), core::lane::moderation);
  EXPECT_EQ(adapter.lane_of("banChatMember"), core::lane::moderation);
  EXPECT_EQ(adapter.lane_of("createChatInviteLink"), core::lane::lookups);
}

// Descriptions as the Bot API server words them.
TEST(TelegramClassify, RefusalsAreExplained) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  using core::refusal;
  const std::pair<const char*, refusal> cases[] = {
      {"Bad Request: user is an administrator of the chat", refusal::target_is_admin},
      {"Bad Request: can't remove chat owner", refusal::target_is_admin},
      {"Bad Request: not enough rights to restrict/unrestrict chat member", refusal::lacks_right},
      {"Bad Request: CHAT_ADMIN_REQUIRED", refusal::not_admin},
      {"Bad Request: method is available only for supergroups", refusal::not_supergroup},
      {"Bad Request: message to delete not found", refusal::message_gone},
      {"Bad Request: message can't be deleted", refusal::too_old},
      {"Bad Request: USER_NOT_PARTICIPANT", refusal::target_absent},
      {"Bad Request: chat not found", refusal::unknown},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(adapter.explain_failure(text), expected) << text;
  }
}

TEST(TelegramClassify, AnswersMapToDispatchVerdicts) {
  using kind = core::delivery_verdict::kind;
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  EXPECT_EQ(adapter.classify({200, "", R"({"ok":true,"result":{}})"}).outcome, kind::delivered);

  const auto limited = adapter.classify(
      {429, "35", R"({"ok":false,"error_code":429,"parameters":{"retry_after":35}})"});
  EXPECT_EQ(limited.outcome, kind::retry_after);
  EXPECT_EQ(limited.retry_after_s, 35);
  EXPECT_EQ(adapter.classify({429, "7", "not json"}).retry_after_s, 7);  // header as fallback

  EXPECT_EQ(adapter.classify({502, "", "<html>"}).outcome, kind::transient);
  EXPECT_EQ(adapter.classify({0, "", "connection refused"}).outcome, kind::transient);
  const auto bad = adapter.classify({400, "", R"({"ok":false,"description":"Bad Request: x"})"});
  EXPECT_EQ(bad.outcome, kind::permanent);
  EXPECT_EQ(bad.description, "Bad Request: x");
}

}  // namespace
}  // namespace steward::platforms::telegram

namespace steward::platforms::telegram {
namespace {

TEST(TelegramInvites, CreateLinkCarriesItsPurposeAndTheAnswerIsRead) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  const auto calls = adapter.render(
      {"telegram", "-100", "9",
       core::create_invite_link{"Steward · a very long member name here", "42", "7"}});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "createChatInviteLink");
  EXPECT_EQ(calls[0].purpose, "invite_link");
  EXPECT_EQ(calls[0].purpose_ref, "42:7");
  EXPECT_EQ(nlohmann::json::parse(calls[0].body)["name"],
            "Steward · a very long member nam");  // 32 characters
  // 32 characters, not bytes: a CJK name is cut between characters, never inside one.
  const auto chinese =
      adapter.render({"telegram", "-100", "9",
                      core::create_invite_link{"邀请" + std::string(29, 'y') + "张三", "1", "2"}});
  EXPECT_EQ(nlohmann::json::parse(chinese.at(0).body)["name"],
            "邀请" + std::string(29, 'y') + "张");
  EXPECT_EQ(adapter.created_invite_link(
                {200, "", R"({"ok":true,"result":{"invite_link":"https://t.me/+abc"}})"}),
            "https://t.me/+abc");
  EXPECT_EQ(adapter.created_invite_link({400, "", R"({"ok":false})"}), "");
}

TEST(TelegramAdmins, ListRequestAndAnswer) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  const auto request = adapter.admin_list_request("-1001234567890");
  EXPECT_EQ(request.method, "getChatAdministrators");
  EXPECT_EQ(nlohmann::json::parse(request.body)["chat_id"], -1001234567890);

  const auto ids = adapter.parse_admin_list(
      {200, "", R"({"ok":true,"result":[{"status":"creator","user":{"id":1,"is_bot":false}},
                   {"status":"administrator","user":{"id":99,"is_bot":true}}]})"});
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{"1"}));  // bots act on no report
  EXPECT_FALSE(adapter.parse_admin_list({400, "", R"({"ok":false})"}));
  EXPECT_FALSE(adapter.parse_admin_list({200, "", "not json"}));
}

// The operator's log says what was wrong with an answer: "answered HTTP 200" told nothing.
TEST(TelegramAdmins, AnUnusableAnswerSaysWhatWasWrong) {
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  const auto refused = adapter.parse_admin_list(
      {403, "", R"({"ok":false,"error_code":403,"description":"Forbidden: bot was kicked"})"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.failure().message,
            "getChatAdministrators failed (HTTP 403): Forbidden: bot was kicked");
  const auto shapeless = adapter.parse_admin_list({200, "", R"({"ok":true,"result":{}})"});
  ASSERT_FALSE(shapeless);
  EXPECT_EQ(shapeless.failure().message,
            "getChatAdministrators answered without a list of administrators");
  const auto unreachable = adapter.parse_admin_list({0, "", "connection refused"});
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.failure().message,
            "getChatAdministrators got no answer: connection refused");
}

// A Bot API answer of an unexpected shape (a proxy's, a changed API's) reads as absent or as a
// failure: it never throws into the dispatcher, where it would stop the chat's lane for good.
TEST(TelegramAnswers, UnexpectedShapesReadAsAbsentAndNeverThrow) {
  using kind = core::delivery_verdict::kind;
  const telegram_adapter adapter({"1:T", "", "https://api.telegram.org", ""});
  EXPECT_EQ(adapter.classify({200, "", R"({"ok":1})"}).outcome, kind::permanent);
  EXPECT_EQ(adapter.classify({400, "", R"({"ok":false,"description":5})"}).description, "5");
  const auto limited =
      adapter.classify({429, "9", R"({"ok":false,"parameters":{"retry_after":"x"}})"});
  EXPECT_EQ(limited.outcome, kind::retry_after);
  EXPECT_EQ(limited.retry_after_s, 9);  // the header, as when the body has none
  EXPECT_EQ(adapter.classify({429, "", R"({"parameters":[1]})"}).retry_after_s, 1);

  EXPECT_EQ(adapter.parsed_bot_rights({200, "", R"({"ok":true,"result":{"status":3}})"})->is_admin,
            false);
  const auto rights = adapter.parsed_bot_rights(
      {200, "", R"({"ok":true,"result":{"status":"administrator","can_delete_messages":"yes"}})"});
  ASSERT_TRUE(rights);
  EXPECT_EQ(rights->can_delete, false);  // only a JSON true grants a right
  EXPECT_FALSE(adapter.parsed_bot_rights({200, "", R"({"ok":"true","result":{"status":"x"}})"}));

  const auto ids =
      adapter.parse_admin_list({200, "", R"({"ok":true,"result":[{"user":{"id":"7"}},{"user":5},7,
                   {"user":{"id":8,"is_bot":"no"}}]})"});
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{"8"}));
  EXPECT_FALSE(adapter.parse_admin_list({200, "", R"({"ok":true,"result":{}})"}));

  EXPECT_EQ(adapter.sent_message_id({200, "", R"({"ok":true,"result":{"message_id":"7"}})"}), "");
  EXPECT_EQ(adapter.sent_message_id({200, "", R"({"ok":true,"result":{"message_id":77}})"}), "77");
  EXPECT_EQ(adapter.sent_message_id({200, "", R"({"ok":true,"result":[]})"}), "");
  EXPECT_EQ(adapter.created_invite_link({200, "", R"({"ok":true,"result":{"invite_link":3}})"}),
            "3");
  EXPECT_EQ(adapter.created_invite_link({200, "", R"({"ok":null,"result":{}})"}), "");
}

}  // namespace
}  // namespace steward::platforms::telegram
