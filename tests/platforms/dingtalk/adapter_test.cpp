#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/platforms/dingtalk/dingtalk_adapter.hpp"

namespace steward::platforms::dingtalk {
namespace {

using nlohmann::json;

// platforms.md §4.2: the computed example.
const std::string vector_secret = "testAppSecret";
const std::string vector_stamp = "1577262236757";

dingtalk_adapter adapter(std::int64_t now_s = 1577262236, bool scene_groups = false) {
  dingtalk_settings s;
  s.app_key = "dingkey";
  s.app_secret = vector_secret;
  s.api_base_url = "http://127.0.0.1:9/";
  s.oapi_base_url = "http://127.0.0.1:8";
  s.scene_groups = scene_groups;
  return dingtalk_adapter(s, [now_s] { return now_s; });
}

core::raw_request request(const std::string& body, std::string stamp, std::string sign) {
  return {"/webhook/dingtalk", body, [=](std::string_view name) -> std::string_view {
            if (name == "timestamp") return stamp;
            if (name == "sign") return sign;
            return {};
          }};
}

TEST(DingtalkSignature, ComputedExample) {
  EXPECT_EQ(signature_of(vector_secret, vector_stamp),
            "Dc2jA7l8d6QkQ44GaOlQvDzR5W1cS7UBLolNXURn+v4=");
}

TEST(DingtalkVerify, OneHourEitherWay) {
  const auto good = signature_of(vector_secret, vector_stamp);
  EXPECT_TRUE(adapter().verify(request("{}", vector_stamp, good)));
  EXPECT_TRUE(adapter(1577262236 + 3600).verify(request("{}", vector_stamp, good)));
  EXPECT_FALSE(adapter(1577262236 + 3601).verify(request("{}", vector_stamp, good)));
  EXPECT_FALSE(adapter(1577262236 - 3601).verify(request("{}", vector_stamp, good)));
  EXPECT_FALSE(adapter().verify(request("{}", "1577262236758", good)));
  EXPECT_FALSE(adapter().verify(request("{}", vector_stamp, "")));
  EXPECT_FALSE(adapter().verify(request("{}", "", good)));
}

json callback(const std::string& text) {
  return {{"conversationId", "cid1"},
          {"atUsers",
           json::array({{{"dingtalkId", "$:bot"}}, {{"dingtalkId", "$:bo"}, {"staffId", "bo1"}}})},
          {"chatbotUserId", "$:bot"},
          {"msgId", "msg0abc"},
          {"senderNick", "Ann"},
          {"isAdmin", true},
          {"senderStaffId", "ann1"},
          {"createAt", 1613630252678},
          {"conversationType", "2"},
          {"senderId", "$:ann"},
          {"conversationTitle", "Robot test"},
          {"text", {{"content", text}}},
          {"msgtype", "text"}};
}

TEST(DingtalkParse, MentionedCommandWithItsTargetAndTheAdminFlag) {
  const auto update = parse_callback(callback(" /mute @Bo 10m spam").dump());
  ASSERT_TRUE(update) << update.failure().message;
  EXPECT_EQ(update->update_id, "msg0abc");
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.kind, core::event_kind::command);
  EXPECT_EQ(e.command, "mute");
  EXPECT_EQ(e.chat.chat_id, "cid1");
  EXPECT_EQ(e.chat.title, "Robot test");
  EXPECT_EQ(e.author.user_id, "ann1");
  EXPECT_EQ(e.author.is_admin, true);
  EXPECT_EQ(e.timestamp, 1613630252);
  ASSERT_EQ(e.mentioned.size(), 1u);
  EXPECT_EQ(e.mentioned[0].member.user_id, "bo1");
  EXPECT_EQ(e.text.substr(e.mentioned[0].begin, e.mentioned[0].end - e.mentioned[0].begin), "@Bo");
}

TEST(DingtalkParse, OneToOneChatsArePrivateAndMissingIdsAreNamed) {
  json one = callback("/points");
  one["conversationType"] = "1";
  const auto update = parse_callback(one.dump());
  ASSERT_TRUE(update);
  EXPECT_EQ(update->events[0].chat.chat_id, "private:ann1");
  EXPECT_FALSE(update->events[0].chat.is_group);
  json bad = callback("hi");
  bad.erase("msgId");
  const auto refused = parse_callback(bad.dump());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.failure().field, "msgId");
}

core::action act(core::action_body body, std::string chat = "cid1") {
  return {"dingtalk", std::move(chat), "msg0abc", std::move(body)};
}

TEST(DingtalkRender, MarkdownThroughTheRobotApiWithTheToken) {
  const auto calls = adapter().render(
      act(core::reply_message("<b>Ann</b> got *5* points [x](y)", "msg0abc", true)));
  ASSERT_EQ(calls.size(), 1u);
  const auto http = adapter().call_for(calls[0].method, calls[0].body, 0, "tok");
  EXPECT_EQ(http.url, "http://127.0.0.1:9/v1.0/robot/groupMessages/send");
  ASSERT_EQ(http.headers.size(), 1u);
  EXPECT_EQ(http.headers[0],
            (std::pair<std::string, std::string>{"x-acs-dingtalk-access-token", "tok"}));
  const auto body = json::parse(http.body);
  EXPECT_EQ(body["robotCode"], "dingkey");
  EXPECT_EQ(body["openConversationId"], "cid1");
  EXPECT_EQ(body["msgKey"], "sampleMarkdown");
  const auto param = json::parse(body["msgParam"].get<std::string>());
  EXPECT_EQ(param["text"], "**Ann** got \\*5\\* points \\[x\\](y)");
  EXPECT_EQ(param["title"], "Ann got *5* points [x](y)");
  const auto to_one = adapter().render(act(core::send_message("hi"), "private:ann1"));
  const auto one = json::parse(adapter().call_for(to_one[0].method, to_one[0].body, 0, "t").body);
  EXPECT_EQ(one["userIds"], json::array({"ann1"}));
}

TEST(DingtalkRender, SceneGroupsMuteForTheTimeLeftAndRemove) {
  EXPECT_TRUE(adapter().render(act(core::restrict_member{"bo1", 1000})).empty());
  EXPECT_FALSE(adapter().caps().mute_with_duration);
  const auto scene = adapter(0, true);
  EXPECT_TRUE(scene.caps().mute_with_duration);
  const auto mute = scene.render(act(core::restrict_member{"bo1", 1000}));
  ASSERT_EQ(mute.size(), 1u);
  EXPECT_EQ(scene.member_of_call(mute[0]), "bo1");
  // Sent 400 s before its end: 400 s of mute, whenever the call leaves.
  const auto body = json::parse(scene.call_for(mute[0].method, mute[0].body, 600, "t").body);
  EXPECT_EQ(body["muteDuration"], 400000);
  EXPECT_EQ(body["muteStatus"], 1);
  EXPECT_FALSE(body.contains("steward_until"));
  const auto kick = scene.render(act(core::kick_member{"bo1"}));
  const auto http = scene.call_for(kick[0].method, kick[0].body, 0, "tok");
  EXPECT_EQ(http.url,
            "http://127.0.0.1:8/topapi/im/chat/scenegroup/member/delete?access_token=tok");
  EXPECT_EQ(json::parse(http.body), json({{"open_conversation_id", "cid1"}, {"user_ids", "bo1"}}));
  EXPECT_TRUE(scene.render(act(core::ban_member{"bo1", 0})).empty());
}

TEST(DingtalkClassify, TokensThrottlingAndErrors) {
  EXPECT_EQ(adapter().classify({200, "", R"({"processQueryKey":"k1"})"}).outcome,
            core::delivery_verdict::kind::delivered);
  EXPECT_EQ(adapter().sent_message_id({200, "", R"({"processQueryKey":"k1"})"}), "k1");
  EXPECT_TRUE(adapter()
                  .classify({401, "", R"({"code":"InvalidAuthentication","message":"token"})"})
                  .token_rejected);
  EXPECT_TRUE(
      adapter().classify({200, "", R"({"errcode":42001,"errmsg":"expired"})"}).token_rejected);
  EXPECT_EQ(adapter().classify({200, "", R"({"errcode":90018,"errmsg":"busy"})"}).outcome,
            core::delivery_verdict::kind::transient);
  const auto refused =
      adapter().classify({400, "", R"({"code":"param.error","message":"robot not in group"})"});
  EXPECT_EQ(refused.outcome, core::delivery_verdict::kind::permanent);
  EXPECT_EQ(refused.description, "DingTalk error param.error: robot not in group");
  const auto grant = adapter().parsed_token({200, "", R"({"accessToken":"a1","expireIn":7200})"});
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->token, "a1");
  EXPECT_TRUE(adapter().admin_list_request("cid1").method.empty());
}

}  // namespace
}  // namespace steward::platforms::dingtalk
