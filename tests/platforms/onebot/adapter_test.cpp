#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "bot/platforms/onebot/onebot_adapter.hpp"

namespace steward::platforms::onebot {
namespace {

using nlohmann::json;

// shared/reference/platforms.md §5b.1: the group message the official vector signs (312 bytes).
const std::string vector_body =
    R"({"time":1700000000,"self_id":10001000,"post_type":"message","message_type":"group","sub_type":"normal","message_id":12345,"group_id":20002000,"user_id":30003000,"message":[{"type":"text","data":{"text":"hi"}}],"raw_message":"hi","font":14,"sender":{"user_id":30003000,"nickname":"Ann","card":"","role":"member"}})";

onebot_settings settings() {
  onebot_settings s;
  s.secret = "onebot-test-secret";
  s.api_url = "http://127.0.0.1:3000/";
  s.access_token = "tok";
  s.self_id = "10001000";
  return s;
}

core::raw_request signed_request(const std::string& body, std::string signature) {
  return {"/webhook/onebot", body, [signature](std::string_view name) -> std::string_view {
            if (name == "X-Signature" && !signature.empty()) return signature;
            return {};
          }};
}

TEST(OneBotSignature, OfficialVectors) {
  ASSERT_EQ(vector_body.size(), 312u);
  EXPECT_EQ(signature_of("onebot-test-secret", vector_body),
            "sha1=0483737dc3a1e93b6b80f5e882cee50176d8de4e");
  EXPECT_EQ(signature_of("onebot-test-secret", vector_body + "\n"),
            "sha1=fb23e4aba14db137460ce095fda24eb8b4ba79b5");
  EXPECT_EQ(signature_of("abc", R"({"post_type":"meta_event"})"),
            "sha1=dee84b90c9e6d7a4dbf39d9ad95829fd5981780f");
}

TEST(OneBotVerify, OnlyTheExactBodyUnderTheSecretPasses) {
  const onebot_adapter adapter(settings());
  const std::string good = "sha1=0483737dc3a1e93b6b80f5e882cee50176d8de4e";
  EXPECT_TRUE(adapter.verify(signed_request(vector_body, good)));
  EXPECT_FALSE(adapter.verify(signed_request(vector_body + "\n", good)));  // a byte added
  EXPECT_FALSE(adapter.verify(signed_request(vector_body, "")));           // unsigned
  EXPECT_FALSE(
      adapter.verify(signed_request(vector_body, "sha1=0483737dc3a1e93b6b80f5e882cee50176d8de4f")));
  EXPECT_FALSE(adapter.verify(signed_request(vector_body, good.substr(5))));  // no "sha1="
  auto unset = settings();
  unset.secret.clear();
  EXPECT_FALSE(onebot_adapter(unset).verify(signed_request(vector_body, good)));
}

TEST(OneBotParse, GroupMessageOfTheVector) {
  const auto update = parse_event(vector_body);
  ASSERT_TRUE(update) << update.failure().message;
  EXPECT_EQ(update->update_id, "msg:10001000:20002000:12345");
  ASSERT_EQ(update->events.size(), 1u);
  const auto& e = update->events[0];
  EXPECT_EQ(e.platform, "onebot");
  EXPECT_EQ(e.chat.chat_id, "20002000");
  EXPECT_TRUE(e.chat.is_group);
  EXPECT_EQ(e.author.user_id, "30003000");
  EXPECT_EQ(e.author.display_name, "Ann");
  EXPECT_EQ(e.author.is_admin, false);
  EXPECT_EQ(e.message_id, "12345");
  EXPECT_EQ(e.text, "hi");
  EXPECT_EQ(e.timestamp, 1700000000);
  EXPECT_EQ(e.kind, core::event_kind::message);
}

json group_message(json message, std::string role = "member") {
  return {{"time", 1700000000},
          {"self_id", 10001000},
          {"post_type", "message"},
          {"message_type", "group"},
          {"message_id", -77},
          {"group_id", 20002000},
          {"user_id", 30003000},
          {"message", std::move(message)},
          {"sender",
           {{"user_id", 30003000}, {"nickname", "Ann"}, {"card", "Ann (ops)"}, {"role", role}}}};
}

TEST(OneBotParse, SegmentsGiveTextMentionsQuotesAndMedia) {
  const auto update = parse_event(
      group_message(
          json::array({
              {{"type", "reply"}, {"data", {{"id", "555"}}}},
              {{"type", "text"}, {"data", {{"text", "hey "}}}},
              {{"type", "at"}, {"data", {{"qq", "40004000"}, {"name", "Bo"}}}},
              {{"type", "face"}, {"data", {{"id", "14"}}}},
              {{"type", "image"}, {"data", {{"file", "a.jpg"}}}},
              {{"type", "share"}, {"data", {{"url", "https://spam.example/x"}, {"title", "t"}}}},
          }),
          "admin")
          .dump());
  ASSERT_TRUE(update) << update.failure().message;
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.text, "hey @Bo");
  EXPECT_EQ(e.reply_to_message_id, "555");
  ASSERT_EQ(e.mentioned.size(), 1u);
  EXPECT_EQ(e.mentioned[0].member.user_id, "40004000");
  EXPECT_EQ(e.text.substr(e.mentioned[0].begin, e.mentioned[0].end - e.mentioned[0].begin), "@Bo");
  EXPECT_TRUE(e.entities.has_media);
  EXPECT_EQ(e.hidden_links, std::vector<std::string>{"https://spam.example/x"});
  EXPECT_EQ(e.author.display_name, "Ann (ops)");  // the group card before the nickname
  EXPECT_EQ(e.author.is_admin, true);
  EXPECT_EQ(e.message_id, "-77");  // go-cqhttp's CRC32 ids may be negative
}

TEST(OneBotParse, CqStringFormatReadsLikeSegments) {
  const auto update = parse_event(
      group_message("[CQ:reply,id=555][CQ:at,qq=10001000] /checkin &#91;x&#93; &amp;#91; a&#44;b")
          .dump());
  ASSERT_TRUE(update) << update.failure().message;
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.reply_to_message_id, "555");
  // Mentioning the bot first addresses the command to it.
  EXPECT_EQ(e.kind, core::event_kind::command);
  EXPECT_EQ(e.command, "checkin");
  EXPECT_EQ(e.text, "/checkin [x] &#91; a,b");
}

TEST(OneBotParse, NoticesBecomeJoinsLeavesAndBotStatus) {
  const auto notice = [](std::string type, std::string sub, int user) {
    return json{{"time", 1700000100},  {"self_id", 10001000}, {"post_type", "notice"},
                {"notice_type", type}, {"sub_type", sub},     {"group_id", 20002000},
                {"user_id", user},     {"operator_id", 1}}
        .dump();
  };
  auto joined = parse_event(notice("group_increase", "approve", 30003000));
  ASSERT_TRUE(joined);
  ASSERT_EQ(joined->events.size(), 1u);
  EXPECT_EQ(joined->events[0].kind, core::event_kind::member_joined);
  EXPECT_EQ(joined->events[0].author.user_id, "30003000");
  EXPECT_EQ(joined->update_id, "notice:group_increase:approve:20002000:30003000:1:1700000100");

  auto kicked = parse_event(notice("group_decrease", "kick", 30003000));
  ASSERT_TRUE(kicked);
  EXPECT_EQ(kicked->events.at(0).kind, core::event_kind::member_left);
  EXPECT_EQ(kicked->events.at(0).left_because, core::leave_reason::kicked);

  auto bot_removed = parse_event(notice("group_decrease", "kick_me", 10001000));
  ASSERT_TRUE(bot_removed);
  EXPECT_EQ(bot_removed->events.at(0).kind, core::event_kind::bot_status_changed);
  EXPECT_FALSE(bot_removed->events.at(0).bot_present);

  auto promoted = parse_event(notice("group_admin", "set", 10001000));
  ASSERT_TRUE(promoted);
  EXPECT_EQ(promoted->events.at(0).bot.is_admin, true);

  auto recall = parse_event(notice("group_recall", "", 30003000));
  ASSERT_TRUE(recall);
  EXPECT_TRUE(recall->known);
  EXPECT_TRUE(recall->events.empty());
}

TEST(OneBotParse, HeartbeatsAreRoutineAndOwnMessagesIgnored) {
  auto beat = parse_event(R"({"post_type":"meta_event","meta_event_type":"heartbeat","time":1})");
  ASSERT_TRUE(beat);
  EXPECT_TRUE(beat->routine);
  EXPECT_FALSE(beat->known);
  auto own = parse_event(R"({"post_type":"message_sent","message_type":"group"})");
  ASSERT_TRUE(own);
  EXPECT_FALSE(own->known);
}

TEST(OneBotParse, BadPostsNameTheField) {
  EXPECT_FALSE(parse_event("[1]"));
  auto no_user = parse_event(
      R"({"post_type":"message","message_type":"group","message_id":1,"group_id":2,"message":"x"})");
  ASSERT_FALSE(no_user);
  EXPECT_EQ(no_user.failure().field, "user_id");
  auto bad_message = parse_event(
      R"({"post_type":"message","message_type":"group","message_id":1,"group_id":2,"user_id":3,"message":5})");
  ASSERT_FALSE(bad_message);
  EXPECT_EQ(bad_message.failure().field, "message");
}

TEST(OneBotCq, EscapeThenUnescapeGivesTheTextBack) {
  EXPECT_EQ(cq_escape("a&b[c],d"), "a&amp;b&#91;c&#93;,d");
  EXPECT_EQ(cq_escape("a,b", true), "a&#44;b");
  for (std::string text : {"[CQ:at,qq=all]", "&#91;", "&amp;", "plain", "&&[[,]]"}) {
    EXPECT_EQ(cq_unescape(cq_escape(text, true)), text);
  }
}

core::action in_group(core::action_body body) {
  return {"onebot", "20002000", "e1", std::move(body)};
}

json body_of(const core::outbound_request& r) {
  return json::parse(r.body);
}

TEST(OneBotRender, MessagesAreSegmentsSoMembersCannotInjectCqCodes) {
  const onebot_adapter adapter(settings());
  auto calls = adapter.render(in_group(core::send_message{"[CQ:at,qq=all] hi & bye"}));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "send_group_msg");
  const auto body = body_of(calls[0]);
  EXPECT_EQ(body["group_id"], 20002000);
  ASSERT_EQ(body["message"].size(), 1u);
  EXPECT_EQ(body["message"][0]["type"], "text");
  EXPECT_EQ(body["message"][0]["data"]["text"], "[CQ:at,qq=all] hi & bye");
}

TEST(OneBotRender, TemplatesBecomeTextAndRealMentions) {
  const onebot_adapter adapter(settings());
  auto calls = adapter.render(in_group(
      core::reply_message{"<b>Welcome</b> <a href=\"tg://user?id=30003000\">Ann &amp; co</a>, see "
                          "<a href=\"https://example.com/rules\">the rules</a> &lt;3",
                          "555", true}));
  ASSERT_EQ(calls.size(), 1u);
  const auto segments = body_of(calls[0])["message"];
  ASSERT_EQ(segments.size(), 4u) << segments.dump();
  EXPECT_EQ(segments[0], (json{{"type", "reply"}, {"data", {{"id", "555"}}}}));
  EXPECT_EQ(segments[1]["data"]["text"], "Welcome ");
  EXPECT_EQ(segments[2], (json{{"type", "at"}, {"data", {{"qq", "30003000"}}}}));
  EXPECT_EQ(segments[3]["data"]["text"], ", see the rules (https://example.com/rules) <3");
}

TEST(OneBotRender, PrivateChatsUseSendPrivateMsg) {
  const onebot_adapter adapter(settings());
  core::action act{"onebot", private_chat_id("30003000"), "e", core::send_message{"hi"}};
  auto calls = adapter.render(act);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "send_private_msg");
  EXPECT_EQ(body_of(calls[0])["user_id"], 30003000);
}

TEST(OneBotRender, TimedMuteCountsFromTheMomentItIsSent) {
  const onebot_adapter adapter(settings());
  auto calls = adapter.render(in_group(core::restrict_member{"30003000", 1700003600}));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "set_group_ban");
  EXPECT_EQ(calls[0].not_after_s, 1700003599);
  // Sent 10 s late (rate limits), it still ends when it was announced to end.
  const auto sent = json::parse(adapter.body_to_send("set_group_ban", calls[0].body, 1700000010));
  EXPECT_EQ(sent["duration"], 3590);
  EXPECT_FALSE(sent.contains("steward_until"));
  EXPECT_EQ(sent["user_id"], 30003000);

  auto forever = adapter.render(in_group(core::restrict_member{"30003000", 0}));
  EXPECT_EQ(body_of(forever.at(0))["duration"], longest_mute_s);
  auto lift = adapter.render(in_group(core::lift_restriction{"30003000"}));
  EXPECT_EQ(body_of(lift.at(0))["duration"], 0);
}

TEST(OneBotRender, AForeignEndMarkerIsNoTimeToCountTo) {
  // Found by fuzz_onebot: a number too large for an integer was read as one (undefined).
  const onebot_adapter adapter(settings());
  const auto sent = json::parse(adapter.body_to_send(
      "set_group_ban", R"({"group_id":1,"user_id":2,"duration":0,"steward_until":1e88})", 100));
  EXPECT_FALSE(sent.contains("steward_until"));
  EXPECT_EQ(sent["duration"], 1);
}

TEST(OneBotRender, BrokenUtf8InATextIsReplacedNotThrown) {
  // Found by fuzz_generic (all renderers share the cause): dump() threw on invalid UTF-8.
  const onebot_adapter adapter(settings());
  const std::string broken = "Ann \xE3\x3B";
  std::vector<core::outbound_request> calls;
  EXPECT_NO_THROW(calls = adapter.render(in_group(core::send_message{broken})));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_NE(calls[0].body.find("Ann \xEF\xBF\xBD"), std::string::npos);  // U+FFFD
}

TEST(OneBotRender, ModerationCalls) {
  const onebot_adapter adapter(settings());
  auto del = adapter.render(in_group(core::delete_message{"-77"}));
  EXPECT_EQ(del.at(0).method, "delete_msg");
  EXPECT_EQ(body_of(del.at(0))["message_id"], -77);
  auto kick = adapter.render(in_group(core::kick_member{"30003000"}));
  EXPECT_EQ(kick.at(0).method, "set_group_kick");
  EXPECT_EQ(body_of(kick.at(0))["reject_add_request"], false);
  auto ban = adapter.render(in_group(core::ban_member{"30003000", 0}));
  EXPECT_EQ(body_of(ban.at(0))["reject_add_request"], true);
  auto rights = adapter.render(in_group(core::ask_bot_rights{}));
  ASSERT_EQ(rights.size(), 2u);
  EXPECT_EQ(rights[1].method, "get_group_info");
  EXPECT_EQ(rights[1].purpose, "chat_title");
  EXPECT_EQ(adapter.parsed_chat_title(
                {200, "", R"({"status":"ok","retcode":0,"data":{"group_name":"Makers"}})"}),
            "Makers");
  EXPECT_EQ(rights[0].method, "get_group_member_info");
  EXPECT_EQ(rights[0].purpose, "bot_rights");
  EXPECT_EQ(body_of(rights[0])["user_id"], 10001000);
  // No call exists for these on OneBot 11.
  EXPECT_TRUE(adapter.render(in_group(core::unban_member{"30003000"})).empty());
  EXPECT_TRUE(adapter.render(in_group(core::create_invite_link{"x", "1", ""})).empty());
  EXPECT_TRUE(adapter.render(in_group(core::edit_message{"1", "t", false, {}})).empty());
}

TEST(OneBotAnswers, RetcodeDecidesNotTheHttpStatus) {
  const onebot_adapter adapter(settings());
  using kind = core::delivery_verdict::kind;
  EXPECT_EQ(
      adapter.classify({200, "", R"({"status":"ok","retcode":0,"data":{"message_id":9}})"}).outcome,
      kind::delivered);
  const auto refused = adapter.classify(
      {200, "",
       R"({"status":"failed","retcode":100,"msg":"NOT_MANAGEABLE","wording":"机器人权限不足"})"});
  EXPECT_EQ(refused.outcome, kind::permanent);
  EXPECT_EQ(refused.description, "NOT_MANAGEABLE: 机器人权限不足");
  EXPECT_EQ(adapter.explain_failure(refused.description), core::refusal::lacks_right);
  EXPECT_EQ(adapter.classify({403, "", ""}).outcome, kind::permanent);
  EXPECT_EQ(adapter.classify({502, "", "bad gateway"}).outcome, kind::transient);
  EXPECT_EQ(adapter.classify({0, "", "connection refused"}).outcome, kind::transient);
  EXPECT_EQ(
      adapter.sent_message_id({200, "", R"({"status":"ok","retcode":0,"data":{"message_id":-9}})"}),
      "-9");
}

TEST(OneBotAnswers, AdminsAndRightsFromMemberInfo) {
  const onebot_adapter adapter(settings());
  const auto admins = adapter.parse_admin_list(
      {200, "",
       R"({"status":"ok","retcode":0,"data":[{"user_id":1,"role":"owner"},{"user_id":2,"role":"member"},{"user_id":3,"role":"admin"}]})"});
  ASSERT_TRUE(admins);
  EXPECT_EQ(*admins, (std::vector<std::string>{"1", "3"}));
  const auto rights = adapter.parsed_bot_rights(
      {200, "", R"({"status":"ok","retcode":0,"data":{"user_id":10001000,"role":"member"}})"});
  ASSERT_TRUE(rights);
  EXPECT_EQ(rights->is_admin, false);
  EXPECT_FALSE(rights->can_invite.has_value());  // nothing an admin could grant
  EXPECT_FALSE(adapter.caps().in_chat(*rights).delete_others_messages);
  EXPECT_EQ(adapter.endpoint_url("send_group_msg"),
            "http://127.0.0.1:3000/send_group_msg?access_token=tok");
}

}  // namespace
}  // namespace steward::platforms::onebot

namespace steward::platforms::onebot {
namespace {

TEST(OneBotParse, GroupJoinRequestsCarryTheirFlagAndAreAnsweredWithIt) {
  const auto update = parse_event(
      R"({"time":1700000000,"self_id":10001,"post_type":"request","request_type":"group",)"
      R"("sub_type":"add","group_id":20002,"user_id":30003,"comment":"hi","flag":"f1"})");
  ASSERT_TRUE(update) << update.failure().message;
  EXPECT_EQ(update->update_id, "request:f1");
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.kind, core::event_kind::join_request);
  EXPECT_EQ(e.request_id, "f1");
  EXPECT_EQ(e.author.user_id, "30003");
  EXPECT_EQ(e.chat.chat_id, "20002");
  EXPECT_EQ(e.text, "hi");
  // The bot's own invitations and friend requests are left to the account's owner.
  const auto invite = parse_event(
      R"({"post_type":"request","request_type":"group","sub_type":"invite","flag":"f2"})");
  ASSERT_TRUE(invite);
  EXPECT_FALSE(invite->known);
  const onebot_adapter adapter(settings());
  const auto calls = adapter.render(
      {"onebot", "20002", "request:f1", core::answer_join_request{"f1", false, "banned"}});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "set_group_add_request");
  EXPECT_EQ(nlohmann::json::parse(calls[0].body),
            nlohmann::json(
                {{"flag", "f1"}, {"sub_type", "add"}, {"approve", false}, {"reason", "banned"}}));
}

}  // namespace
}  // namespace steward::platforms::onebot
