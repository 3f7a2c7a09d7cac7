#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/platforms/slack/slack_adapter.hpp"

namespace steward::platforms::slack {
namespace {

using nlohmann::json;

// api.slack.com "Verifying requests from Slack" (shared/reference/platforms.md §2.2).
const std::string vector_secret = "8f742231b10e8888abcd99yyyzzz85a5";
const std::string vector_body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
    "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";

slack_adapter adapter(std::int64_t now = 1531420618) {
  return slack_adapter({vector_secret, "xoxb-1", "http://127.0.0.1:9", "UBOT"},
                       [now] { return now; });
}

core::raw_request request(const std::string& body, std::string timestamp, std::string signature) {
  return {"/webhook/slack", body, [=](std::string_view name) -> std::string_view {
            if (name == "X-Slack-Request-Timestamp") return timestamp;
            if (name == "X-Slack-Signature") return signature;
            return {};
          }};
}

TEST(SlackNames, UsersInfoIsAGetAndTheChosenDisplayNameWins) {
  const auto calls = adapter().render({"slack", "C1", "e", core::ask_member_name{"U2"}});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].purpose, "member_name");
  EXPECT_EQ(calls[0].purpose_ref, "U2");
  const auto http = adapter().call_for(calls[0].method, calls[0].body, 0, "");
  EXPECT_EQ(http.verb, "GET");
  EXPECT_EQ(http.url, "http://127.0.0.1:9/api/users.info?user=U2");
  EXPECT_EQ(adapter().parsed_member_name(
                {200, "", R"({"ok":true,"user":{"name":"bo","profile":{"display_name":"Bo"}}})"}),
            "Bo");
  EXPECT_EQ(adapter().parsed_member_name(
                {200, "", R"({"ok":true,"user":{"name":"bo","real_name":"Bo Li","profile":{}}})"}),
            "Bo Li");
  EXPECT_EQ(adapter().parsed_member_name({200, "", R"({"ok":false,"error":"user_not_found"})"}),
            "");
}

TEST(SlackSignature, OfficialVector) {
  EXPECT_EQ(signature_of(vector_secret, "1531420618", vector_body),
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
}

TEST(SlackVerify, FiveMinutesEitherWayAndExactBytes) {
  const std::string good = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  EXPECT_TRUE(adapter().verify(request(vector_body, "1531420618", good)));
  EXPECT_TRUE(adapter(1531420618 + 300).verify(request(vector_body, "1531420618", good)));
  EXPECT_FALSE(adapter(1531420618 + 301).verify(request(vector_body, "1531420618", good)));
  EXPECT_FALSE(adapter(1531420618 - 301).verify(request(vector_body, "1531420618", good)));
  EXPECT_FALSE(adapter().verify(request(vector_body + "&", "1531420618", good)));
  EXPECT_FALSE(adapter().verify(request(vector_body, "1531420619", good)));
  EXPECT_FALSE(adapter().verify(request(vector_body, "", good)));
  EXPECT_FALSE(adapter().verify(request(vector_body, "1531420618", "")));
}

TEST(SlackParse, UrlVerificationIsAnsweredWithTheChallenge) {
  const auto update = parse_request(
      R"({"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"})");
  ASSERT_TRUE(update);
  EXPECT_EQ(json::parse(update->handshake)["challenge"],
            "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  EXPECT_TRUE(update->events.empty());
}

json callback(json event) {
  return {{"type", "event_callback"}, {"event_id", "Ev1"}, {"event", std::move(event)}};
}

TEST(SlackParse, MessagesWithMentionsLinksAndThreads) {
  const auto update = parse_request(
      callback({{"type", "message"},
                {"channel", "C1"},
                {"user", "U1"},
                {"ts", "1355517523.000005"},
                {"thread_ts", "1355517500.000001"},
                {"channel_type", "channel"},
                {"text", "/kick <@U2|bo> see <https://evil.example|docs> &amp; <!here> &lt;3"}})
          .dump());
  ASSERT_TRUE(update) << update.failure().message;
  EXPECT_EQ(update->update_id, "Ev1");
  const auto& e = update->events.at(0);
  EXPECT_EQ(e.kind, core::event_kind::command);
  EXPECT_EQ(e.command, "kick");
  EXPECT_EQ(e.text, "/kick @bo see docs & @here <3");
  ASSERT_EQ(e.mentioned.size(), 1u);
  EXPECT_EQ(e.mentioned[0].member.user_id, "U2");
  EXPECT_EQ(e.text.substr(e.mentioned[0].begin, e.mentioned[0].end - e.mentioned[0].begin), "@bo");
  EXPECT_EQ(e.hidden_links, std::vector<std::string>{"https://evil.example"});
  EXPECT_EQ(e.reply_to_message_id, "1355517500.000001");
  EXPECT_EQ(e.message_id, "1355517523.000005");
  EXPECT_EQ(e.timestamp, 1355517523);
}

TEST(SlackParse, BotsEditsJoinsAndTheBotItself) {
  const auto own = parse_request(
      callback(
          {{"type", "message"}, {"channel", "C1"}, {"user", "UBOT"}, {"ts", "1.1"}, {"text", "x"}})
          .dump(),
      "UBOT");
  ASSERT_TRUE(own);
  EXPECT_TRUE(own->events.empty());
  const auto bot = parse_request(callback({{"type", "message"},
                                           {"subtype", "bot_message"},
                                           {"bot_id", "B1"},
                                           {"channel", "C1"},
                                           {"ts", "1.2"}})
                                     .dump());
  ASSERT_TRUE(bot);
  EXPECT_TRUE(bot->events.empty());
  const auto edited =
      parse_request(callback({{"type", "message"},
                              {"subtype", "message_changed"},
                              {"channel", "C1"},
                              {"message", {{"user", "U1"}, {"ts", "1.3"}, {"text", "now spam"}}}})
                        .dump());
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->events.at(0).kind, core::event_kind::edited_message);
  EXPECT_EQ(edited->events.at(0).text, "now spam");
  const auto joined = parse_request(
      callback({{"type", "member_joined_channel"}, {"user", "U3"}, {"channel", "C1"}}).dump());
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->events.at(0).kind, core::event_kind::member_joined);
  EXPECT_EQ(joined->events.at(0).author.user_id, "U3");
  const auto missing =
      parse_request(callback({{"type", "message"}, {"user", "U1"}, {"ts", "1"}}).dump());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.failure().field, "event.channel");
}

TEST(SlackRender, MrkdwnEscapesMembersAndKeepsStyles) {
  // A member's name cannot ping the channel or forge a link.
  EXPECT_EQ(to_mrkdwn("<!channel> <https://x|y> & co", false),
            "&lt;!channel&gt; &lt;https://x|y&gt; &amp; co");
  EXPECT_EQ(to_mrkdwn("<b>Welcome</b> <a href=\"tg://user?id=U2\">Bo</a>, read "
                      "<a href=\"https://x.example/rules\">the rules</a> &lt;3",
                      true),
            "*Welcome* <@U2>, read <https://x.example/rules|the rules> &lt;3");
}

TEST(SlackRender, RepliesGoInTheThreadAndOnlyKicksAreSanctions) {
  const auto a = adapter();
  auto reply = a.render({"slack", "C1", "e", core::reply_message{"hi", "1.5"}});
  ASSERT_EQ(reply.size(), 1u);
  EXPECT_EQ(reply[0].method, "chat.postMessage");
  EXPECT_EQ(json::parse(reply[0].body)["thread_ts"], "1.5");
  auto kick = a.render({"slack", "C1", "e", core::kick_member{"U2"}});
  EXPECT_EQ(kick.at(0).method, "conversations.kick");
  EXPECT_EQ(json::parse(kick.at(0).body)["user"], "U2");
  EXPECT_TRUE(a.render({"slack", "C1", "e", core::restrict_member{"U2", 0}}).empty());
  EXPECT_TRUE(a.render({"slack", "C1", "e", core::ban_member{"U2", 0}}).empty());
  EXPECT_FALSE(a.caps().mute_with_duration);
  EXPECT_FALSE(a.caps().delete_others_messages);
  EXPECT_EQ(a.headers_to_send("chat.postMessage", "{}", 0).at(0).second, "Bearer xoxb-1");
  EXPECT_EQ(a.endpoint_url("chat.postMessage"), "http://127.0.0.1:9/api/chat.postMessage");
}

TEST(SlackRender, BrokenUtf8IsReplacedNotThrown) {
  EXPECT_NO_THROW(adapter().render({"slack", "C1", "e", core::send_message{"bad \xE3;", false}}));
}

TEST(SlackAnswers, OkFalseIsARefusalAnd429Waits) {
  const auto a = adapter();
  using kind = core::delivery_verdict::kind;
  EXPECT_EQ(a.classify({200, "", R"({"ok":true,"ts":"1.9"})"}).outcome, kind::delivered);
  EXPECT_EQ(a.sent_message_id({200, "", R"({"ok":true,"ts":"1.9"})"}), "1.9");
  const auto refused = a.classify({200, "", R"({"ok":false,"error":"restricted_action"})"});
  EXPECT_EQ(refused.outcome, kind::permanent);
  EXPECT_EQ(a.explain_failure(refused.description), core::refusal::lacks_right);
  const auto limited = a.classify({429, "30", R"({"ok":false,"error":"ratelimited"})"});
  EXPECT_EQ(limited.outcome, kind::retry_after);
  EXPECT_EQ(limited.retry_after_s, 30);
  EXPECT_FALSE(a.parse_admin_list({200, "", "{}"}));
}

}  // namespace
}  // namespace steward::platforms::slack
