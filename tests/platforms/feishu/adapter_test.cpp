#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/platforms/feishu/feishu_adapter.hpp"

namespace steward::platforms::feishu {
namespace {

using nlohmann::json;

// platforms.md §3.2-3.3: the official decryption vector and the computed signature example.
const std::string vector_key = "test key";
const std::string vector_encrypt = "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=";

feishu_settings settings() {
  feishu_settings s;
  s.app_id = "cli_test";
  s.app_secret = "secret";
  s.encrypt_key = vector_key;
  s.verification_token = "vtoken";
  s.api_base_url = "http://127.0.0.1:9/";
  s.bot_open_id = "ou_bot";
  return s;
}

feishu_adapter adapter(std::int64_t now = 1700000000) {
  return feishu_adapter(settings(), [now] { return now; });
}

core::raw_request request(const std::string& body, std::string timestamp, std::string nonce,
                          std::string signature) {
  return {"/webhook/feishu", body, [=](std::string_view name) -> std::string_view {
            if (name == "X-Lark-Request-Timestamp") return timestamp;
            if (name == "X-Lark-Request-Nonce") return nonce;
            if (name == "X-Lark-Signature") return signature;
            return {};
          }};
}

std::string encrypted_body(const json& event, char iv_byte = 'v') {
  return json{{"encrypt", encrypt(vector_key, event.dump(), std::string(16, iv_byte))}}.dump();
}

core::raw_request signed_request(const std::string& body, const std::string& timestamp) {
  return request(body, timestamp, "n1", signature_of(timestamp, "n1", vector_key, body));
}

TEST(FeishuCrypto, OfficialVectorDecryptsToHelloWorld) {
  EXPECT_EQ(decrypt(vector_key, vector_encrypt), "hello world");
  EXPECT_FALSE(decrypt("other key", vector_encrypt));
  EXPECT_FALSE(decrypt(vector_key, "not base64!"));
  EXPECT_FALSE(decrypt(vector_key, "aGVsbG8="));  // shorter than IV and one block
  const auto iv = std::string("\x3f\x7e\xf0\xf9\x56\x48\x98\xd8\x0f\x10\xed\x51\x06\x12\x7a\x46");
  EXPECT_EQ(encrypt(vector_key, "hello world", iv), vector_encrypt);
}

TEST(FeishuSignature, ComputedExampleOverTheRawBody) {
  EXPECT_EQ(signature_of("1700000000", "nonce123", vector_key,
                         R"({"encrypt":")" + vector_encrypt + "\"}"),
            "669e3ed5328644f71370e3249f96af0fd17e5ed4d7b178c44f11f7997339e344");
}

TEST(FeishuVerify, SignatureWindowAndExactBytes) {
  const std::string body = encrypted_body({{"schema", "2.0"}});
  EXPECT_TRUE(adapter().verify(signed_request(body, "1700000000")));
  EXPECT_TRUE(adapter(1700000000 + 8 * 3600).verify(signed_request(body, "1700000000")));
  EXPECT_FALSE(adapter(1700000000 + 8 * 3600 + 1).verify(signed_request(body, "1700000000")));
  EXPECT_FALSE(adapter(1700000000 - 301).verify(signed_request(body, "1700000000")));
  EXPECT_TRUE(adapter().verify(signed_request(body, "1700000000123")));  // milliseconds
  EXPECT_FALSE(adapter(1700000000 + 9 * 3600).verify(signed_request(body, "1700000000123")));
  auto tampered = signed_request(body, "1700000000");
  const std::string longer = body + " ";
  tampered.body = longer;
  EXPECT_FALSE(adapter().verify(tampered));
  EXPECT_FALSE(adapter().verify(
      request(body, "1700000000", "n2", signature_of("1700000000", "n1", vector_key, body))));
  EXPECT_FALSE(adapter().verify(request(body, "", "n1", signature_of("", "n1", vector_key, body))));
}

TEST(FeishuVerify, UnsignedChallengeNeedsTheVerificationToken) {
  const json challenge{
      {"challenge", "ajls384kdj"}, {"token", "vtoken"}, {"type", "url_verification"}};
  EXPECT_TRUE(adapter().verify(request(challenge.dump(), "", "", "")));
  EXPECT_TRUE(adapter().verify(request(encrypted_body(challenge), "", "", "")));
  json wrong = challenge;
  wrong["token"] = "guess";
  EXPECT_FALSE(adapter().verify(request(wrong.dump(), "", "", "")));
  // Only the challenge may come unsigned.
  const json event{{"schema", "2.0"}, {"header", {{"token", "vtoken"}, {"event_id", "e"}}}};
  EXPECT_FALSE(adapter().verify(request(event.dump(), "", "", "")));
}

TEST(FeishuParse, ChallengeIsAnsweredDecrypted) {
  const json challenge{
      {"challenge", "ajls384kdj"}, {"token", "vtoken"}, {"type", "url_verification"}};
  const auto update = adapter().parse(request(encrypted_body(challenge), "", "", ""));
  ASSERT_TRUE(update) << update.failure().message;
  EXPECT_EQ(json::parse(update->handshake), json({{"challenge", "ajls384kdj"}}));
}

json envelope(const std::string& type, json event, const std::string& token = "vtoken") {
  return {
      {"schema", "2.0"},
      {"header",
       {{"event_id", "5e3702a8"}, {"event_type", type}, {"token", token}, {"app_id", "cli_test"}}},
      {"event", std::move(event)}};
}

json text_message(const std::string& text, json mentions = json::array()) {
  return {{"sender", {{"sender_id", {{"open_id", "ou_ann"}}}, {"sender_type", "user"}}},
          {"message",
           {{"message_id", "om_1"},
            {"parent_id", "om_0"},
            {"create_time", "1609073151345"},
            {"chat_id", "oc_g"},
            {"chat_type", "group"},
            {"message_type", "text"},
            {"content", json{{"text", text}}.dump()},
            {"mentions", std::move(mentions)}}}};
}

TEST(FeishuParse, TextMessageWithMentionsAndABotCommand) {
  const json mentions =
      json::array({{{"key", "@_user_1"}, {"id", {{"open_id", "ou_bot"}}}, {"name", "Steward"}},
                   {{"key", "@_user_2"}, {"id", {{"open_id", "ou_bo"}}}, {"name", "Bo"}}});
  const auto update = adapter().parse(
      request(encrypted_body(envelope("im.message.receive_v1",
                                      text_message("@_user_1 /mute @_user_2 10m spam", mentions))),
              "", "", ""));
  ASSERT_TRUE(update) << update.failure().message;
  EXPECT_EQ(update->update_id, "5e3702a8");
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.platform, "feishu");
  EXPECT_EQ(e.chat.chat_id, "oc_g");
  EXPECT_TRUE(e.chat.is_group);
  EXPECT_EQ(e.author.user_id, "ou_ann");
  EXPECT_EQ(e.kind, core::event_kind::command);
  EXPECT_EQ(e.command, "mute");
  EXPECT_EQ(e.text, "/mute @Bo 10m spam");
  ASSERT_EQ(e.mentioned.size(), 1u);
  EXPECT_EQ(e.mentioned[0].member.user_id, "ou_bo");
  EXPECT_EQ(e.text.substr(e.mentioned[0].begin, e.mentioned[0].end - e.mentioned[0].begin), "@Bo");
  EXPECT_EQ(e.message_id, "om_1");
  EXPECT_EQ(e.reply_to_message_id, "om_0");
  EXPECT_EQ(e.timestamp, 1609073151);
}

TEST(FeishuParse, RichTextLinksAndMedia) {
  json event = text_message("");
  event["message"]["message_type"] = "post";
  event["message"]["content"] =
      json{{"title", ""},
           {"content",
            json::array(
                {json::array({{{"tag", "text"}, {"text", "see "}},
                              {{"tag", "a"}, {"href", "https://evil.example"}, {"text", "docs"}}}),
                 json::array({{{"tag", "img"}, {"image_key", "k"}}})})}}
          .dump();
  const auto update =
      adapter().parse(request(envelope("im.message.receive_v1", event).dump(), "", "", ""));
  ASSERT_TRUE(update) << update.failure().message;
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.text, "see docs\n");
  EXPECT_EQ(e.hidden_links, std::vector<std::string>{"https://evil.example"});
  EXPECT_TRUE(e.entities.has_media);
}

TEST(FeishuParse, BotsMessagesAreNotMembersTalking) {
  json event = text_message("hello");
  event["sender"]["sender_type"] = "app";
  const auto update =
      adapter().parse(request(envelope("im.message.receive_v1", event).dump(), "", "", ""));
  ASSERT_TRUE(update);
  EXPECT_TRUE(update->events.empty());
}

TEST(FeishuParse, WrongVerificationTokenIsRefusedNamingTheField) {
  const auto update = adapter().parse(
      request(envelope("im.message.receive_v1", text_message("hi"), "other").dump(), "", "", ""));
  ASSERT_FALSE(update);
  EXPECT_EQ(update.failure().field, "header.token");
}

TEST(FeishuParse, MembersAddedAndRemovedTellLeavingFromRemoval) {
  const json users = json::array({{{"name", "Ann"}, {"user_id", {{"open_id", "ou_ann"}}}},
                                  {{"name", "Bo"}, {"user_id", {{"open_id", "ou_bo"}}}}});
  const auto added = adapter().parse(
      request(envelope("im.chat.member.user.added_v1", {{"chat_id", "oc_g"},
                                                        {"name", "Fans"},
                                                        {"operator_id", {{"open_id", "ou_ann"}}},
                                                        {"users", users}})
                  .dump(),
              "", "", ""));
  ASSERT_TRUE(added) << added.failure().message;
  ASSERT_EQ(added->events.size(), 2u);
  EXPECT_EQ(added->events[1].kind, core::event_kind::member_joined);
  EXPECT_EQ(added->events[1].author.display_name, "Bo");
  EXPECT_EQ(added->events[1].chat.title, "Fans");
  EXPECT_NE(added->events[0].event_id, added->events[1].event_id);
  const auto removed = adapter().parse(request(
      envelope("im.chat.member.user.deleted_v1",
               {{"chat_id", "oc_g"}, {"operator_id", {{"open_id", "ou_ann"}}}, {"users", users}})
          .dump(),
      "", "", ""));
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->events[0].left_because, core::leave_reason::left);    // Ann left herself
  EXPECT_EQ(removed->events[1].left_because, core::leave_reason::kicked);  // Ann removed Bo
}

core::action act(core::action_body body) {
  return {"feishu", "oc_g", "5e3702a8", std::move(body)};
}

TEST(FeishuRender, RepliesAsRichTextWithAStableUuid) {
  const auto calls = adapter().render(act(
      core::reply_message("<b>Ann</b> got 5 points &lt;3 <a href=\"tg://user?id=ou_ann\">Ann</a>\n"
                          "next",
                          "om_1", true)));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "reply");
  const auto http = adapter().call_for(calls[0].method, calls[0].body, 0, "t-123");
  EXPECT_EQ(http.verb, "POST");
  EXPECT_EQ(http.url, "http://127.0.0.1:9/open-apis/im/v1/messages/om_1/reply");
  ASSERT_EQ(http.headers.size(), 1u);
  EXPECT_EQ(http.headers[0].second, "Bearer t-123");
  const auto body = json::parse(http.body);
  EXPECT_EQ(body["msg_type"], "post");
  const auto post = json::parse(body["content"].get<std::string>());
  const auto& lines = post["zh_cn"]["content"];
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0][0], json({{"tag", "text"}, {"text", "Ann"}, {"style", {"bold"}}}));
  EXPECT_EQ(lines[0][1]["text"], " got 5 points <3 ");
  EXPECT_EQ(lines[0][2], json({{"tag", "at"}, {"user_id", "ou_ann"}}));
  EXPECT_EQ(lines[1][0]["text"], "next");
  // The same call rendered again carries the same uuid (Feishu sends it once); another differs.
  const auto again = adapter().render(act(core::reply_message(
      "<b>Ann</b> got 5 points &lt;3 <a href=\"tg://user?id=ou_ann\">Ann</a>\nnext", "om_1",
      true)));
  EXPECT_EQ(json::parse(adapter().call_for("reply", again[0].body, 0, "t").body)["uuid"],
            body["uuid"]);
  const auto other = adapter().render(act(core::reply_message("other", "om_1")));
  EXPECT_NE(json::parse(adapter().call_for("reply", other[0].body, 0, "t").body)["uuid"],
            body["uuid"]);
}

TEST(FeishuRender, MemberTextIsNeverMarkup) {
  const auto post = json::parse(to_post("<at user_id=\"all\">x</at> <b>hi</b>", false));
  EXPECT_EQ(post["zh_cn"]["content"][0][0]["text"], "<at user_id=\"all\">x</at> <b>hi</b>");
}

TEST(FeishuRender, RecallKickAndWhatFeishuCannotDo) {
  const auto recall = adapter().render(act(core::delete_message{"om_9"}));
  const auto http = adapter().call_for(recall[0].method, recall[0].body, 0, "t");
  EXPECT_EQ(http.verb, "DELETE");
  EXPECT_EQ(http.url, "http://127.0.0.1:9/open-apis/im/v1/messages/om_9");
  EXPECT_TRUE(http.body.empty());
  const auto kick = adapter().render(act(core::kick_member{"ou_bo"}));
  const auto kick_http = adapter().call_for(kick[0].method, kick[0].body, 0, "t");
  EXPECT_EQ(kick_http.verb, "DELETE");
  EXPECT_EQ(kick_http.url,
            "http://127.0.0.1:9/open-apis/im/v1/chats/oc_g/members?member_id_type=open_id");
  EXPECT_EQ(json::parse(kick_http.body), json({{"id_list", {"ou_bo"}}}));
  EXPECT_EQ(adapter().member_of_call(kick[0]), "ou_bo");
  EXPECT_EQ(adapter().lane_of("kick"), core::lane::moderation);
  EXPECT_TRUE(adapter().render(act(core::restrict_member{"ou_bo", 0})).empty());
  EXPECT_TRUE(adapter().render(act(core::ban_member{"ou_bo", 0})).empty());
  EXPECT_FALSE(adapter().caps().mute_with_duration);
  EXPECT_FALSE(adapter().caps().ban);
}

TEST(FeishuToken, FetchedWithAppCredentialsAndRejectedTokensAreNoticed) {
  const auto call = adapter().token_call();
  ASSERT_TRUE(call);
  EXPECT_EQ(call->url, "http://127.0.0.1:9/open-apis/auth/v3/tenant_access_token/internal");
  EXPECT_EQ(json::parse(call->body), json({{"app_id", "cli_test"}, {"app_secret", "secret"}}));
  const auto grant = adapter().parsed_token(
      {200, "", R"({"code":0,"msg":"ok","tenant_access_token":"t-abc","expire":7200})"});
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->token, "t-abc");
  EXPECT_EQ(grant->expires_in_s, 7200);
  const auto refused = adapter().parsed_token({200, "", R"({"code":10003,"msg":"invalid param"})"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.failure().message, "invalid param");
  const auto stale = adapter().classify(
      {400, "", R"({"code":99991663,"msg":"Invalid access token for authorization."})"});
  EXPECT_TRUE(stale.token_rejected);
  EXPECT_EQ(stale.outcome, core::delivery_verdict::kind::transient);
}

TEST(FeishuClassify, RateLimitsWaitAsToldAndErrorsAreQuoted) {
  const auto limited = adapter().classify({429, "3", R"({"code":99991400,"msg":"frequency"})"});
  EXPECT_EQ(limited.outcome, core::delivery_verdict::kind::retry_after);
  EXPECT_EQ(limited.retry_after_s, 3);
  const auto refused =
      adapter().classify({400, "", R"({"code":230027,"msg":"Lack of necessary permissions"})"});
  EXPECT_EQ(refused.outcome, core::delivery_verdict::kind::permanent);
  EXPECT_EQ(refused.description, "Feishu error 230027: Lack of necessary permissions");
  EXPECT_EQ(adapter().explain_failure(refused.description), core::refusal::lacks_right);
  EXPECT_EQ(adapter().classify({200, "", R"({"code":0,"data":{"message_id":"om_2"}})"}).outcome,
            core::delivery_verdict::kind::delivered);
  EXPECT_EQ(adapter().sent_message_id({200, "", R"({"code":0,"data":{"message_id":"om_2"}})"}),
            "om_2");
  EXPECT_EQ(adapter().classify({200, "", "[1]"}).outcome, core::delivery_verdict::kind::permanent);
}

TEST(FeishuNames, AskedFromTheContactDirectory) {
  const auto calls = adapter().render(act(core::ask_member_name{"ou_bo"}));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].purpose, "member_name");
  const auto http = adapter().call_for(calls[0].method, calls[0].body, 0, "t");
  EXPECT_EQ(http.verb, "GET");
  EXPECT_EQ(http.url, "http://127.0.0.1:9/open-apis/contact/v3/users/ou_bo?user_id_type=open_id");
  EXPECT_EQ(adapter().parsed_member_name({200, "", R"({"code":0,"data":{"user":{"name":"Bo"}}})"}),
            "Bo");
  EXPECT_EQ(adapter().parsed_member_name({400, "", R"({"code":41050,"msg":"no permission"})"}), "");
}

TEST(FeishuAdmins, OwnerAndManagersFromTheChatsInformation) {
  const auto request = adapter().admin_list_request("oc_g");
  EXPECT_EQ(adapter().call_for(request.method, request.body, 0, "t").verb, "GET");
  const core::delivery_response answer{
      200, "",
      R"({"code":0,"data":{"name":"Fans","owner_id":"ou_ann","user_manager_id_list":["ou_bo"]}})"};
  const auto admins = adapter().parse_admin_list(answer);
  ASSERT_TRUE(admins);
  EXPECT_EQ(*admins, (std::vector<std::string>{"ou_ann", "ou_bo"}));
  EXPECT_EQ(adapter().parsed_chat_title(answer), "Fans");
}

}  // namespace
}  // namespace steward::platforms::feishu
