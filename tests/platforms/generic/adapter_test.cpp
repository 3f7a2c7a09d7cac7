#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/platforms/generic/generic_adapter.hpp"

namespace steward::platforms::generic {
namespace {

using nlohmann::json;

constexpr std::int64_t now = 1700000000;

generic_adapter adapter(std::vector<std::string> can = {"delete", "mute"}) {
  return generic_adapter({"generic-test-secret", "http://127.0.0.1:9/actions", 300, can},
                         [] { return now; });
}

core::raw_request request(const std::string& body, std::string timestamp, std::string signature) {
  return {"/webhook/generic", body, [=](std::string_view name) -> std::string_view {
            if (name == "X-Steward-Timestamp") return timestamp;
            if (name == "X-Steward-Signature") return signature;
            return {};
          }};
}

TEST(GenericSignature, DocumentedVector) {
  // docs/generic-webhook.md; computed independently with Python's hmac module.
  EXPECT_EQ(signature_of("generic-test-secret", 1700000000, R"({"ok":true})"),
            "v1=aed4df683a3f24bb25fd1ebb7172b7bea691dd3369890ed7261149240bb2e867");
}

TEST(GenericVerify, TamperedStaleAndFutureRequestsAreRefused) {
  const auto a = adapter();
  const std::string body = R"({"id":"e1"})";
  const auto sign = [&](std::int64_t at) { return signature_of("generic-test-secret", at, body); };
  EXPECT_TRUE(a.verify(request(body, std::to_string(now), sign(now))));
  EXPECT_TRUE(a.verify(request(body, std::to_string(now - 299), sign(now - 299))));
  EXPECT_FALSE(a.verify(request(body + " ", std::to_string(now), sign(now))));
  EXPECT_FALSE(a.verify(request(body, std::to_string(now - 301), sign(now - 301))));  // replay
  EXPECT_FALSE(a.verify(request(body, std::to_string(now + 301), sign(now + 301))));
  EXPECT_FALSE(a.verify(request(body, std::to_string(now + 1), sign(now))));  // other time
  EXPECT_FALSE(a.verify(request(body, "", sign(now))));
  EXPECT_FALSE(a.verify(request(body, "12x", sign(now))));
  EXPECT_FALSE(a.verify(request(body, std::to_string(now), "")));
}

TEST(GenericParse, MessageWithQuoteMentionsAndCommand) {
  const auto update = parse_event(R"({"id":"evt-1","type":"message","time":1700000000,
    "chat":{"id":"team-1","title":"Makers"},
    "user":{"id":"u1","name":"Ann","is_admin":true},
    "message":{"id":"m1","text":"/mute @Bo 10m","reply_to":{"id":"m0","user":{"id":"u2","name":"Bo"}},
               "mentions":[{"user":{"id":"u2","name":"Bo"},"start":6,"end":9}],
               "links":["https://x.example"]}})");
  ASSERT_TRUE(update) << update.failure().message;
  EXPECT_EQ(update->update_id, "evt-1");
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.kind, core::event_kind::command);
  EXPECT_EQ(e.command, "mute");
  EXPECT_EQ(e.chat.chat_id, "team-1");
  EXPECT_TRUE(e.chat.is_group);
  EXPECT_EQ(e.author.is_admin, true);
  EXPECT_EQ(e.reply_to_author.user_id, "u2");
  ASSERT_EQ(e.mentioned.size(), 1u);
  EXPECT_EQ(e.mentioned[0].begin, 6u);
  EXPECT_EQ(e.hidden_links, std::vector<std::string>{"https://x.example"});
}

TEST(GenericParse, BadEventsNameTheField) {
  const auto missing_chat = parse_event(R"({"id":"e","type":"message","user":{"id":"u"}})");
  ASSERT_FALSE(missing_chat);
  EXPECT_EQ(missing_chat.failure().field, "chat");
  const auto bad_type =
      parse_event(R"({"id":"e","type":"poke","chat":{"id":"c"},"user":{"id":"u"}})");
  ASSERT_FALSE(bad_type);
  EXPECT_EQ(bad_type.failure().field, "type");
  const auto bad_span =
      parse_event(R"({"id":"e","type":"message","chat":{"id":"c"},"user":{"id":"u"},
    "message":{"id":"m","text":"hi","mentions":[{"user":{"id":"x"},"start":0,"end":9}]}})");
  ASSERT_FALSE(bad_span);
  EXPECT_EQ(bad_span.failure().field, "message.mentions[].end");
}

TEST(GenericRender, ActionsCarryHtmlPlainTextAndMentions) {
  const auto a = adapter();
  auto calls =
      a.render({"generic", "team-1", "e1",
                core::reply_message{"<b>Hi</b> <a href=\"tg://user?id=u2\">Bo</a>", "m1", true}});
  ASSERT_EQ(calls.size(), 1u);
  const auto body = json::parse(calls[0].body);
  EXPECT_EQ(body["action"], "send_message");
  EXPECT_EQ(body["chat_id"], "team-1");
  EXPECT_EQ(body["reply_to"], "m1");
  EXPECT_EQ(body["markup"], "html");
  EXPECT_EQ(body["plain_text"], "Hi @Bo");
  EXPECT_EQ(body["mentions"][0]["user_id"], "u2");
  const auto headers = a.headers_to_send("send_message", calls[0].body, now);
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[1].second, signature_of("generic-test-secret", now, calls[0].body));
}

TEST(GenericRender, BrokenUtf8IsReplacedNotThrown) {
  const auto a = adapter();
  EXPECT_NO_THROW(a.render({"generic", "c", "e", core::send_message{"&#x1F60\xE3; x", true}}));
}

TEST(GenericCapabilities, OnlyWhatTheRelayDeclared) {
  const auto caps = adapter({"delete", "mute"}).caps();
  EXPECT_TRUE(caps.delete_others_messages);
  EXPECT_TRUE(caps.mute_with_duration);
  EXPECT_FALSE(caps.kick);
  EXPECT_FALSE(caps.ban);
  EXPECT_FALSE(caps.inline_buttons);
}

TEST(GenericAnswers, OkDecidesAndReasonsAreRead) {
  const auto a = adapter();
  using kind = core::delivery_verdict::kind;
  EXPECT_EQ(a.classify({200, "", R"({"ok":true,"message_id":"m9"})"}).outcome, kind::delivered);
  EXPECT_EQ(a.sent_message_id({200, "", R"({"ok":true,"message_id":"m9"})"}), "m9");
  const auto refused = a.classify({200, "", R"({"ok":false,"error":"target_is_admin: owner"})"});
  EXPECT_EQ(refused.outcome, kind::permanent);
  EXPECT_EQ(a.explain_failure(refused.description), core::refusal::target_is_admin);
  EXPECT_EQ(a.classify({429, "7", ""}).retry_after_s, 7);
  EXPECT_EQ(a.classify({503, "", ""}).outcome, kind::transient);
  const auto admins = a.parse_admin_list({200, "", R"({"ok":true,"admins":["u1",9]})"});
  ASSERT_TRUE(admins);
  EXPECT_EQ(*admins, (std::vector<std::string>{"u1", "9"}));
}

}  // namespace
}  // namespace steward::platforms::generic
