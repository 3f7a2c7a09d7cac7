#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/platforms/wecom/msg_crypt.hpp"
#include "bot/platforms/wecom/wecom_adapter.hpp"

namespace steward::platforms::wecom {
namespace {

using nlohmann::json;

// WeCom's official WXBizMsgCrypt vectors (platforms.md §5.2).
const std::string vector_token = "QDG6eK";
const std::string vector_corp = "wx5823bf96d3bd56c7";
const std::string vector_key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const std::string vector_echo =
    "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
const std::string vector_encrypt =
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/"
    "0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/"
    "sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+"
    "6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+"
    "LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+"
    "BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+"
    "rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/"
    "T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

wecom_adapter adapter(std::int64_t now = 1409659813) {
  wecom_settings s;
  s.token = vector_token;
  s.encoding_aes_key = vector_key;
  s.corp_id = vector_corp;
  s.corp_secret = "secret";
  s.agent_id = "218";
  s.api_base_url = "http://127.0.0.1:9";
  return wecom_adapter(s, [now] { return now; });
}

core::raw_request request(const std::string& target, const std::string& body) {
  return {target, body, [](std::string_view) { return std::string_view(); }};
}

std::string percent_encoded(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '+') {
      out += "%2B";
    } else if (c == '/') {
      out += "%2F";
    } else if (c == '=') {
      out += "%3D";
    } else {
      out += c;
    }
  }
  return out;
}

TEST(WecomCrypt, OfficialSignaturesAndDecryption) {
  EXPECT_EQ(signature_of(vector_token, "1409659589", "263014780", vector_echo),
            "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
  EXPECT_EQ(signature_of(vector_token, "1409659813", "1372623149", vector_encrypt),
            "477715d11cdb4164915debcba66cb864d751f3e6");
  const auto key = aes_key_of(vector_key);
  ASSERT_TRUE(key);
  const auto echo = open(*key, vector_echo);
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->message, "1616140317555161061");
  EXPECT_EQ(echo->receive_id, vector_corp);
  // The POST vector ends in padding byte 30: only a 32-byte PKCS#7 reader accepts it.
  const auto message = open(*key, vector_encrypt);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->message.size(), 284u);
  EXPECT_EQ(xml_text(message->message, "Content"), "hello");
  EXPECT_EQ(message->receive_id, vector_corp);
  EXPECT_FALSE(aes_key_of("short"));
}

TEST(WecomCrypt, DeterministicEncryptionMatchesTheOfficialSdk) {
  // @wecom/crypto encrypt() with random = 16 × "a" (platforms.md §5.2).
  EXPECT_EQ(
      seal(*aes_key_of(vector_key), "<xml>hi</xml>", vector_corp, std::string(16, 'a')),
      "2JaQ0H0H/TuqGM/rDRTvaxvTPSp7ShCOB2vIxQCXu5Uy5iT7GLAgiJF0QCe7AcjtkT0rfT83SCsiRZtrqPV3tw==");
}

TEST(WecomVerify, UrlCheckIsAnsweredWithTheDecryptedEchoAsText) {
  const std::string target =
      "/webhook/wecom?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
      "&timestamp=1409659589&nonce=263014780&echostr=" +
      percent_encoded(vector_echo);
  EXPECT_TRUE(adapter(1409659589).verify(request(target, "")));
  const auto update = adapter(1409659589).parse(request(target, ""));
  ASSERT_TRUE(update) << update.failure().message;
  EXPECT_EQ(update->handshake, "1616140317555161061");
  EXPECT_TRUE(update->handshake_is_text);
  // A '+' that came unencoded (read as a space) still verifies.
  std::string raw_plus = target;
  raw_plus.replace(raw_plus.find("%2B"), 3, "+");
  EXPECT_TRUE(adapter(1409659589).verify(request(raw_plus, "")));
  std::string wrong = target;
  wrong.replace(wrong.find("nonce=263014780"), 15, "nonce=263014781");
  EXPECT_FALSE(adapter(1409659589).verify(request(wrong, "")));
  EXPECT_FALSE(adapter(1409659589 + 86401).verify(request(target, "")));
}

TEST(WecomParse, OfficialAppMessageIsAPrivateTextMessage) {
  const std::string body = "<xml><ToUserName><![CDATA[" + vector_corp +
                           "]]></ToUserName><Encrypt><![CDATA[" + vector_encrypt +
                           "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
  const auto target = std::string(
      "/webhook/wecom?msg_signature=477715d11cdb4164915debcba66cb864d751f3e6"
      "&timestamp=1409659813&nonce=1372623149");
  EXPECT_TRUE(adapter().verify(request(target, body)));
  // The ciphertext is what is signed: one changed byte of it fails.
  std::string changed = body;
  changed[changed.find("RypE") + 4] = 'w';
  EXPECT_FALSE(adapter().verify(request(target, changed)));
  const auto update = adapter().parse(request(target, body));
  ASSERT_TRUE(update) << update.failure().message;
  EXPECT_EQ(update->update_id, "msg:4561255354251345929");
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.chat.chat_id, "private:mycreate");
  EXPECT_FALSE(e.chat.is_group);
  EXPECT_EQ(e.text, "hello");
  EXPECT_EQ(e.timestamp, 1409659813);
}

TEST(WecomParse, AiBotGroupMessageKeepsItsResponseUrlForTheReply) {
  const json message{{"msgid", "CAIQ16"},
                     {"aibotid", "AIBOT"},
                     {"chatid", "CHAT1"},
                     {"chattype", "group"},
                     {"from", {{"userid", "ann"}}},
                     {"response_url", "http://127.0.0.1:9/cgi-bin/aibot/response?response_code=x"},
                     {"msgtype", "text"},
                     {"text", {{"content", "@RobotA /points"}}}};
  const auto update = parse_bot_message(message.dump(), "http://127.0.0.1:9");
  ASSERT_TRUE(update) << update.failure().message;
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.kind, core::event_kind::command);
  EXPECT_EQ(e.command, "points");
  EXPECT_EQ(e.chat.chat_id, "CHAT1");
  const auto calls =
      adapter().render({"wecom", "CHAT1", "CAIQ16",
                        core::reply_message{"<b>Ann</b>: 5 points", e.message_id, true}});
  ASSERT_EQ(calls.size(), 1u);
  const auto http = adapter().call_for(calls[0].method, calls[0].body, 0, "tok");
  EXPECT_EQ(http.url, "http://127.0.0.1:9/cgi-bin/aibot/response?response_code=x");
  EXPECT_EQ(json::parse(http.body),
            json({{"msgtype", "markdown"}, {"markdown", {{"content", "**Ann**: 5 points"}}}}));
  // A response_url elsewhere is not followed; a group message without one cannot be answered.
  json elsewhere = message;
  elsewhere["response_url"] = "https://evil.example/steal";
  const auto other = parse_bot_message(elsewhere.dump(), "http://127.0.0.1:9");
  EXPECT_EQ(other->events.at(0).message_id, "CAIQ16");
  EXPECT_TRUE(
      adapter().render({"wecom", "CHAT1", "x", core::reply_message{"hi", "CAIQ16"}}).empty());
  EXPECT_TRUE(adapter().render({"wecom", "CHAT1", "x", core::send_message{"hi"}}).empty());
}

TEST(WecomRender, TheAppWritesToOneMemberWithItsToken) {
  const auto calls =
      adapter().render({"wecom", "private:ann", "x", core::send_message{"hi *there*"}});
  ASSERT_EQ(calls.size(), 1u);
  const auto http = adapter().call_for(calls[0].method, calls[0].body, 0, "tok");
  EXPECT_EQ(http.url, "http://127.0.0.1:9/cgi-bin/message/send?access_token=tok");
  EXPECT_EQ(json::parse(http.body), json({{"touser", "ann"},
                                          {"msgtype", "markdown"},
                                          {"agentid", 218},
                                          {"markdown", {{"content", "hi \\*there\\*"}}}}));
  const auto token = adapter().token_call();
  ASSERT_TRUE(token);
  EXPECT_EQ(token->verb, "GET");
  EXPECT_EQ(token->url,
            "http://127.0.0.1:9/cgi-bin/gettoken?corpid=" + vector_corp + "&corpsecret=secret");
  EXPECT_TRUE(adapter()
                  .classify({200, "", R"({"errcode":42001,"errmsg":"access_token expired"})"})
                  .token_rejected);
  EXPECT_EQ(adapter().classify({200, "", R"({"errcode":0,"errmsg":"ok","msgid":"m1"})"}).outcome,
            core::delivery_verdict::kind::delivered);
  EXPECT_FALSE(adapter().caps().delete_others_messages);
  EXPECT_FALSE(adapter().caps().kick);
}

}  // namespace
}  // namespace steward::platforms::wecom
