#include "bot/app/demo.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <tuple>

#include "bot/app/application.hpp"
#include "bot/net/local_peers.hpp"
#include "bot/platforms/dingtalk/dingtalk_adapter.hpp"
#include "bot/platforms/feishu/feishu_adapter.hpp"
#include "bot/platforms/generic/generic_adapter.hpp"
#include "bot/platforms/onebot/onebot_adapter.hpp"
#include "bot/platforms/slack/slack_adapter.hpp"
#include "bot/platforms/wecom/msg_crypt.hpp"
#include "bot/platforms/wecom/wecom_adapter.hpp"
#include "storage/database.hpp"

namespace steward::app {

namespace {

using nlohmann::json;

constexpr std::int64_t demo_chat = -1001000000001;
constexpr const char* demo_secret = "demo-secret";

struct demo_member {
  std::int64_t id;
  const char* name;
};
constexpr demo_member ann{1001, "Ann"}, bo{1002, "Bo"}, cy{1003, "Cy"}, dee{1004, "Dee"};

json chat() {
  return {{"id", demo_chat}, {"title", "Steward demo group"}, {"type", "supergroup"}};
}
json user(const demo_member& m) {
  return {{"id", m.id}, {"is_bot", false}, {"first_name", m.name}};
}

json message_update(std::int64_t update_id, const demo_member& from, const std::string& text) {
  return {{"update_id", update_id},
          {"message",
           {{"message_id", update_id - 1000},
            {"from", user(from)},
            {"chat", chat()},
            {"date", std::time(nullptr)},
            {"text", text}}}};
}

json reply_update(std::int64_t update_id, const demo_member& from, const std::string& text,
                  std::int64_t to_update_id, const demo_member& to) {
  json update = message_update(update_id, from, text);
  update["message"]["reply_to_message"] = {{"message_id", to_update_id - 1000},
                                           {"from", user(to)},
                                           {"chat", chat()},
                                           {"date", std::time(nullptr)},
                                           {"text", "…"}};
  return update;
}

json join_update(std::int64_t update_id, std::vector<demo_member> members) {
  json joined = json::array();
  for (const auto& m : members)
    joined.push_back(user(m));
  return {{"update_id", update_id},
          {"message",
           {{"message_id", update_id - 1000},
            {"from", user(members.front())},
            {"chat", chat()},
            {"date", std::time(nullptr)},
            {"new_chat_members", joined}}}};
}

// QQ through OneBot 11: the same members, posted as NapCat would post them.
constexpr std::int64_t demo_qq_group = 20002000;
constexpr std::int64_t demo_qq_self = 10001000;

json onebot_event(const char* post_type) {
  return {{"time", std::time(nullptr)}, {"self_id", demo_qq_self}, {"post_type", post_type}};
}

json onebot_message(std::int64_t id, const demo_member& from, json segments) {
  json event = onebot_event("message");
  event["message_type"] = "group";
  event["sub_type"] = "normal";
  event["message_id"] = id;
  event["group_id"] = demo_qq_group;
  event["user_id"] = from.id;
  event["message"] = std::move(segments);
  event["sender"] = {
      {"user_id", from.id}, {"nickname", from.name}, {"card", ""}, {"role", "member"}};
  return event;
}

json text_segment(const std::string& text) {
  return {{"type", "text"}, {"data", {{"text", text}}}};
}

/// How the demo speaks one platform: its webhook and the events its members cause.
struct demo_platform {
  std::string name;
  std::string shown;  ///< for people: "Telegram", "QQ (OneBot 11)"
  std::function<json(std::int64_t id, const demo_member& from, const std::string& text)> message;
  std::function<std::vector<json>(std::int64_t id, const std::vector<demo_member>& who)> joins;
  /// `admin` mutes `target` for ten minutes (a reply on Telegram, an @ on QQ).
  std::function<json(std::int64_t id, const demo_member& admin, const demo_member& target)> mute;
  std::function<std::vector<std::pair<std::string, std::string>>(const std::string& body)> sign;
  /// Platforms that encrypt what they post and sign in the query (WeCom): the query to add to
  /// the webhook's address and the body to post instead of the event.
  std::function<std::pair<std::string, std::string>(const std::string& event)> envelope = {};
};

demo_platform telegram_demo() {
  return {"telegram",
          "Telegram",
          message_update,
          [](std::int64_t id, const std::vector<demo_member>& who) {
            return std::vector<json>{join_update(id, who)};
          },
          [](std::int64_t id, const demo_member& admin, const demo_member& target) {
            return reply_update(id, admin, "/mute 10m spam", id - 2, target);
          },
          [](const std::string&) {
            return std::vector<std::pair<std::string, std::string>>{
                {"X-Telegram-Bot-Api-Secret-Token", demo_secret}};
          }};
}

demo_platform onebot_demo() {
  return {"onebot",
          "QQ (OneBot 11)",
          [](std::int64_t id, const demo_member& from, const std::string& text) {
            return onebot_message(id, from, json::array({text_segment(text)}));
          },
          [](std::int64_t id, const std::vector<demo_member>& who) {
            std::vector<json> notices;  // QQ tells each join apart
            for (const auto& m : who) {
              json event = onebot_event("notice");
              event["notice_type"] = "group_increase";
              event["sub_type"] = "approve";
              event["group_id"] = demo_qq_group;
              event["user_id"] = m.id;
              event["operator_id"] = id;
              notices.push_back(std::move(event));
            }
            return notices;
          },
          [](std::int64_t id, const demo_member& admin, const demo_member& target) {
            return onebot_message(
                id, admin,
                json::array({text_segment("/mute "),
                             {{"type", "at"},
                              {"data", {{"qq", std::to_string(target.id)}, {"name", target.name}}}},
                             text_segment(" 10m spam")}));
          },
          [](const std::string& body) {
            return std::vector<std::pair<std::string, std::string>>{
                {"X-Signature", platforms::onebot::signature_of(demo_secret, body)}};
          }};
}

// Slack: the same members as user ids U1001…, events as Slack's Events API sends them.
constexpr const char* demo_channel = "C0DEMO";

std::string slack_user(const demo_member& m) {
  return "U" + std::to_string(m.id);
}

json slack_callback(const std::string& event_id, json event) {
  return {{"type", "event_callback"}, {"event_id", event_id}, {"event", std::move(event)}};
}

json slack_message(std::int64_t id, const demo_member& from, const std::string& text) {
  return slack_callback("Ev" + std::to_string(id),
                        {{"type", "message"},
                         {"channel", demo_channel},
                         {"channel_type", "channel"},
                         {"user", slack_user(from)},
                         {"text", text},
                         {"ts", std::to_string(std::time(nullptr)) + "." + std::to_string(id)}});
}

demo_platform slack_demo() {
  return {
      "slack",
      "Slack",
      slack_message,
      [](std::int64_t id, const std::vector<demo_member>& who) {
        std::vector<json> events;
        for (const auto& m : who) {
          events.push_back(slack_callback("Ev" + std::to_string(id) + "-" + std::to_string(m.id),
                                          {{"type", "member_joined_channel"},
                                           {"user", slack_user(m)},
                                           {"channel", demo_channel}}));
        }
        return events;
      },
      [](std::int64_t id, const demo_member& admin, const demo_member& target) {
        return slack_message(id, admin,
                             "/mute <@" + slack_user(target) + "|" + target.name + "> 10m spam");
      },
      [](const std::string& body) {
        const std::string now = std::to_string(std::time(nullptr));
        return std::vector<std::pair<std::string, std::string>>{
            {"X-Slack-Request-Timestamp", now},
            {"X-Slack-Signature", platforms::slack::signature_of(demo_secret, now, body)}};
      }};
}

// A relay of any other platform, through the signed generic webhook.
constexpr const char* demo_relay_secret = "demo-relay-secret";

json relay_event(std::int64_t id, const char* type, const demo_member& from) {
  return {{"id", "e" + std::to_string(id) + "-" + std::to_string(from.id)},
          {"type", type},
          {"time", std::time(nullptr)},
          {"chat", {{"id", "demo-room"}, {"title", "Steward demo room"}}},
          {"user", {{"id", std::to_string(from.id)}, {"name", from.name}}}};
}

json relay_message(std::int64_t id, const demo_member& from, const std::string& text) {
  json event = relay_event(id, "message", from);
  event["id"] = "e" + std::to_string(id);
  event["message"] = {{"id", "m" + std::to_string(id)}, {"text", text}};
  return event;
}

demo_platform generic_demo() {
  return {"generic",
          "relay (signed generic webhook)",
          relay_message,
          [](std::int64_t id, const std::vector<demo_member>& who) {
            std::vector<json> events;
            for (const auto& m : who)
              events.push_back(relay_event(id, "member_joined", m));
            return events;
          },
          [](std::int64_t id, const demo_member& admin, const demo_member& target) {
            json event =
                relay_message(id, admin, "/mute @" + std::string(target.name) + " 10m spam");
            event["message"]["mentions"] =
                json::array({{{"user", {{"id", std::to_string(target.id)}, {"name", target.name}}},
                              {"start", 6},
                              {"end", 7 + std::string(target.name).size()}}});
            return event;
          },
          [](const std::string& body) {
            const auto now = static_cast<std::int64_t>(std::time(nullptr));
            return std::vector<std::pair<std::string, std::string>>{
                {"X-Steward-Timestamp", std::to_string(now)},
                {"X-Steward-Signature",
                 platforms::generic::signature_of(demo_relay_secret, now, body)}};
          }};
}

// Feishu: members as open_ids ou_1001…, events as Feishu's event subscription v2 sends them
// (signed; Feishu would also encrypt them, which Steward reads the same).
constexpr const char* demo_feishu_chat = "oc_demo";
constexpr const char* demo_encrypt_key = "demo-encrypt-key";

std::string feishu_user(const demo_member& m) {
  return "ou_" + std::to_string(m.id);
}

json feishu_envelope(const std::string& event_id, const char* type, json event) {
  return {{"schema", "2.0"},
          {"header", {{"event_id", event_id}, {"event_type", type}, {"token", demo_secret}}},
          {"event", std::move(event)}};
}

json feishu_message(std::int64_t id, const demo_member& from, const std::string& text,
                    json mentions = json::array()) {
  return feishu_envelope(
      "ev" + std::to_string(id), "im.message.receive_v1",
      {{"sender", {{"sender_id", {{"open_id", feishu_user(from)}}}, {"sender_type", "user"}}},
       {"message",
        {{"message_id", "om_" + std::to_string(id)},
         {"chat_id", demo_feishu_chat},
         {"chat_type", "group"},
         {"message_type", "text"},
         {"content", json{{"text", text}}.dump()},
         {"mentions", std::move(mentions)}}}});
}

demo_platform feishu_demo() {
  return {"feishu",
          "Feishu",
          [](std::int64_t id, const demo_member& from, const std::string& text) {
            return feishu_message(id, from, text);
          },
          [](std::int64_t id, const std::vector<demo_member>& who) {
            json users = json::array();
            for (const auto& m : who)
              users.push_back({{"name", m.name}, {"user_id", {{"open_id", feishu_user(m)}}}});
            return std::vector<json>{feishu_envelope(
                "ev" + std::to_string(id), "im.chat.member.user.added_v1",
                {{"chat_id", demo_feishu_chat}, {"name", "Steward demo group"}, {"users", users}})};
          },
          [](std::int64_t id, const demo_member& admin, const demo_member& target) {
            return feishu_message(id, admin, "/mute @_user_1 10m spam",
                                  json::array({{{"key", "@_user_1"},
                                                {"id", {{"open_id", feishu_user(target)}}},
                                                {"name", target.name}}}));
          },
          [](const std::string& body) {
            const std::string now = std::to_string(std::time(nullptr));
            return std::vector<std::pair<std::string, std::string>>{
                {"X-Lark-Request-Timestamp", now},
                {"X-Lark-Request-Nonce", "demo"},
                {"X-Lark-Signature",
                 platforms::feishu::signature_of(now, "demo", demo_encrypt_key, body)}};
          }};
}

// DingTalk: only messages that @-mention the robot reach it; members as staff ids.
json dingtalk_message(std::int64_t id, const demo_member& from, const std::string& text,
                      json at_users = json::array()) {
  at_users.push_back({{"dingtalkId", "$:robot"}});
  return {{"conversationId", "cidDemo"},
          {"conversationType", "2"},
          {"conversationTitle", "Steward demo group"},
          {"chatbotUserId", "$:robot"},
          {"msgId", "msg" + std::to_string(id)},
          {"msgtype", "text"},
          {"senderNick", from.name},
          {"senderStaffId", std::to_string(from.id)},
          {"isAdmin", from.id == ann.id},
          {"createAt", std::time(nullptr) * 1000},
          {"atUsers", std::move(at_users)},
          {"text", {{"content", " " + text}}}};
}

demo_platform dingtalk_demo() {
  return {"dingtalk",
          "DingTalk",
          [](std::int64_t id, const demo_member& from, const std::string& text) {
            return dingtalk_message(id, from, text);
          },
          [](std::int64_t, const std::vector<demo_member>&) {
            return std::vector<json>{};  // the robot callback carries no joins (§4.1)
          },
          [](std::int64_t id, const demo_member& admin, const demo_member& target) {
            return dingtalk_message(
                id, admin, "/mute @" + std::string(target.name) + " 10m spam",
                json::array({{{"dingtalkId", "$:x"}, {"staffId", std::to_string(target.id)}}}));
          },
          [](const std::string&) {
            const std::string now = std::to_string(std::time(nullptr) * 1000);
            return std::vector<std::pair<std::string, std::string>>{
                {"timestamp", now}, {"sign", platforms::dingtalk::signature_of(demo_secret, now)}};
          }};
}

// WeCom's AI bot: group messages that @-mention it, each answered through its response_url.
constexpr const char* demo_wecom_aes_key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
std::string wecom_user(const demo_member& m) {
  std::string id = m.name;
  for (auto& c : id)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return id;
}

// `api_url`: the fake API, where the response_urls point.
json wecom_message(const std::string& api_url, std::int64_t id, const demo_member& from,
                   const std::string& text) {
  return {{"msgid", "msg" + std::to_string(id)},
          {"aibotid", "AIBOTDEMO"},
          {"chatid", "wrDemoGroup"},
          {"chattype", "group"},
          {"from", {{"userid", wecom_user(from)}}},
          {"response_url", api_url + "/cgi-bin/aibot/response?response_code=" + std::to_string(id)},
          {"msgtype", "text"},
          {"text", {{"content", "@Steward " + text}}}};
}

demo_platform wecom_demo(const std::string& api_url) {
  demo_platform p{
      "wecom",
      "WeCom (AI bot)",
      [api_url](std::int64_t id, const demo_member& from, const std::string& text) {
        return wecom_message(api_url, id, from, text);
      },
      [](std::int64_t, const std::vector<demo_member>&) {
        return std::vector<json>{};  // the AI bot is told of no joins (§5.1)
      },
      [api_url](std::int64_t id, const demo_member& admin, const demo_member& target) {
        return wecom_message(api_url, id, admin,
                             "/mute @" + std::string(target.name) + " 10m spam");
      },
      [](const std::string&) { return std::vector<std::pair<std::string, std::string>>{}; }};
  p.envelope = [](const std::string& event) {
    const auto key = *platforms::wecom::aes_key_of(demo_wecom_aes_key);
    const std::string random = std::to_string(std::time(nullptr)) + "0123456789abcdef";
    const auto encrypted = platforms::wecom::seal(key, event, "", random);
    const std::string now = std::to_string(std::time(nullptr));
    const auto signature = platforms::wecom::signature_of(demo_secret, now, "demo", encrypted);
    return std::pair{"?msg_signature=" + signature + "&timestamp=" + now + "&nonce=demo",
                     json{{"encrypt", encrypted}}.dump()};
  };
  return p;
}

// The demo's output. Steward sends its replies once an update is committed, often before the
// webhook's answer is read: calls printed while a message is being posted are held back and
// printed after the message's own line, so each reply shows under what caused it. (Holding the
// fake API instead would stall a webhook that asks the platform something, such as its admins.)
class demo_output {
 public:
  void posting() {
    const std::lock_guard lock(mutex_);
    posting_ = true;
  }
  void posted(const std::string& line) {
    const std::lock_guard lock(mutex_);
    fmt::print("{}{}", line, held_);
    std::fflush(stdout);
    held_.clear();
    posting_ = false;
  }
  void call(const std::string& line) {
    const std::lock_guard lock(mutex_);
    if (posting_) {
      held_ += line;
      return;
    }
    fmt::print("{}", line);
    std::fflush(stdout);
  }

 private:
  std::mutex mutex_;
  bool posting_ = false;
  std::string held_;
};

demo_output& output() {
  static demo_output out;
  return out;
}

void post(const std::string& webhook, const demo_platform& platform, const json& update,
          const std::string& what) {
  std::string body = update.dump();
  std::string query;
  if (platform.envelope) std::tie(query, body) = platform.envelope(body);
  output().posting();
  const int status = net::post_json(webhook + query, body, platform.sign(body));
  output().posted(fmt::format("  👤 {:<44} → webhook answered {}\n", what, status));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
}

void play_script(const std::string& webhook, const demo_platform& p) {
  fmt::print("\n▶ A simulated {} group talks to Steward:\n", p.shown);
  for (const auto& joined : p.joins(2001, {ann, bo, cy})) {
    post(webhook, p, joined, "Ann, Bo and Cy join the group");
  }
  post(webhook, p, p.message(2002, ann, "hello everyone 👋"), "Ann: hello everyone 👋");
  post(webhook, p, p.message(2003, ann, "/checkin"), "Ann: /checkin");
  post(webhook, p, p.message(2004, bo, "签到"), "Bo: 签到");
  post(webhook, p, p.message(2003, ann, "/checkin"), "(" + p.shown + " redelivers Ann's /checkin)");
  post(webhook, p, p.message(2005, ann, "/checkin"), "Ann: /checkin (again, same day)");
  post(webhook, p, p.message(2006, bo, "积分"), "Bo: 积分");
  post(webhook, p, p.message(2007, ann, "/shop"), "Ann: /shop");
  post(webhook, p, p.message(2008, ann, "/redeem sticker"), "Ann: /redeem sticker");
  post(webhook, p, p.message(2009, cy, "排行榜"), "Cy: 排行榜");
  post(webhook, p, p.message(2010, cy, "/help"), "Cy: /help");
  post(webhook, p, p.message(2011, cy, "兼職日結，加我薇 信：abc_123"),
       "Cy: 兼職日結，加我薇 信：abc_123 (a disguised ad)");
  post(webhook, p, p.mute(2012, ann, cy), "Ann (admin) mutes Cy: /mute 10m spam");
}

// An operator changes the Chinese check-in reply through the admin API; it is used at once.
void edit_template_live(const config& cfg, const std::string& base, const demo_platform& p) {
  fmt::print("\n▶ An operator edits the check-in reply through the admin API (no restart):\n");
  std::ostringstream secret;
  create_api_token(cfg, "operator", "demo operator", secret);
  const json draft{
      {"text",
       "☀️ {mention} 早安打卡成功！+{points} 分（连续 {streak} 天，共 {balance} "
       "分）"},
      {"language", "zh"},
      {"note", "friendlier"}};
  const auto answer = net::send_json(
      "PUT", base + "/api/v1/templates/checkin", draft.dump(),
      {{"Authorization", "Bearer " + secret.str().substr(0, secret.str().find('\n'))}});
  const json saved = json::parse(answer.body, nullptr, false);
  fmt::print("  🛠  {:<44} → API answered {} (version {})\n",
             "Operator: PUT /api/v1/templates/checkin", answer.status,
             saved.is_object() ? saved.value("version", 0) : 0);
  std::fflush(stdout);
  post(base + "/webhook/" + p.name, p, p.message(2013, dee, "签到"), "Dee: 签到");
}

// The console, signed in at once: a one-time link for an admin session (valid for a day, so the
// demo can be looked at later; a link from the bot in a chat lasts ten minutes).
void print_console_link(const config& cfg, const std::string& base) {
  std::ostringstream link;
  create_console_link(cfg, {"admin", "demo console", {}, 24 * 3600, base}, link);
  fmt::print(
      "\n▶ The operator console (dashboard, members, moderation log, templates), signed in:\n"
      "  {}\n",
      link.str().substr(0, link.str().find('\n')));
}

// The text of a Feishu rich-text message ("content") or a DingTalk robot message ("msgParam"),
// both JSON inside a string.
std::string feishu_or_dingtalk_text(const json& request) {
  if (!request.is_object()) return {};
  if (request.contains("markdown") && request["markdown"].is_object()) {  // WeCom
    return request["markdown"].value("content", "");
  }
  if (request.contains("msgParam") && request["msgParam"].is_string()) {
    const auto param = json::parse(request["msgParam"].get<std::string>(), nullptr, false);
    return param.is_object() ? param.value("text", "") : "";
  }
  if (!request.contains("content") || !request["content"].is_string()) return {};
  const auto post = json::parse(request["content"].get<std::string>(), nullptr, false);
  std::string text;
  if (!post.is_object() || !post.contains("zh_cn")) return text;
  for (const auto& line : post["zh_cn"].value("content", json::array())) {
    for (const auto& element : line) {
      text += element.value("tag", "") == "at" ? "@" + element.value("user_id", "")
                                               : element.value("text", "");
    }
    text += ' ';
  }
  return text;
}

void print_bot_call(const std::string& path, const std::string& body) {
  const auto slash = path.rfind('/');
  std::string method = slash == std::string::npos ? path : path.substr(slash + 1);
  const json request = json::parse(body, nullptr, false);
  if (request.is_object() && request.contains("action")) method = request.value("action", "");
  std::string text =
      request.is_object() ? request.value("plain_text", request.value("text", "")) : "";
  if (request.is_object() && request.contains("message") && request["message"].is_array()) {
    for (const auto& segment : request["message"]) {  // OneBot: the message's segments
      const std::string type = segment.value("type", "");
      if (type == "text") text += segment["data"].value("text", "");
      if (type == "at") text += "@" + segment["data"].value("qq", "");
      if (type == "reply") text += "[quoting " + segment["data"].value("id", "") + "] ";
    }
  }
  text += feishu_or_dingtalk_text(request);
  if (text.empty() && request.is_object()) {  // moderation calls carry ids, not text
    for (const char* key : {"message_id", "user_id", "until_date", "duration"}) {
      if (request.contains(key)) text += fmt::format("{}={} ", key, request[key].dump());
    }
  }
  for (auto& c : text)
    c = c == '\n' ? ' ' : c;
  output().call(
      fmt::format("  🤖 Steward → {}: {}\n", method.substr(0, method.find('?')), text));
}

// Calls a second per chat: the fake API has no limits, and at this pace each reply goes out
// before the script's next message (one every 0.4 s), so it shows under the message it answers.
constexpr int demo_pace = 10;

config demo_config(const demo_options& options, const std::string& api_url) {
  config cfg = default_config();
  cfg.file = "(demo)";
  const auto colon = options.listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    std::from_chars(options.listen.data() + colon + 1,
                    options.listen.data() + options.listen.size(), port);
  }
  if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
    throw std::invalid_argument("--listen must be HOST:PORT, not '" + options.listen + "'");
  }
  cfg.server.host = options.listen.substr(0, colon);
  cfg.server.port = static_cast<std::uint16_t>(port);
  cfg.storage.path = options.database;
  if (options.platform == "feishu") {
    platforms::feishu::feishu_settings feishu;
    feishu.app_id = "cli_demo";
    feishu.app_secret = "demo";
    feishu.encrypt_key = demo_encrypt_key;
    feishu.verification_token = demo_secret;
    feishu.api_base_url = api_url;
    cfg.feishu = feishu;
  } else if (options.platform == "dingtalk") {
    platforms::dingtalk::dingtalk_settings dingtalk;
    dingtalk.app_key = "dingdemo";
    dingtalk.app_secret = demo_secret;
    dingtalk.api_base_url = api_url;
    dingtalk.oapi_base_url = api_url;
    cfg.dingtalk = dingtalk;
  } else if (options.platform == "wecom") {
    platforms::wecom::wecom_settings wecom;
    wecom.token = demo_secret;
    wecom.encoding_aes_key = demo_wecom_aes_key;
    wecom.api_base_url = api_url;
    cfg.wecom = wecom;
  } else if (options.platform == "slack") {
    cfg.slack = platforms::slack::slack_settings{demo_secret, "xoxb-demo", api_url, "UBOT"};
  } else if (options.platform == "generic") {
    cfg.generic = platforms::generic::generic_settings{
        demo_relay_secret, api_url + "/actions", 300, {"delete", "mute", "kick", "ban"}};
  } else if (options.platform == "onebot") {
    platforms::onebot::onebot_settings qq;
    qq.secret = demo_secret;
    qq.api_url = api_url;
    qq.self_id = std::to_string(demo_qq_self);
    qq.limits.per_chat_per_second = demo_pace;
    qq.limits.per_chat_per_minute = 1000;
    cfg.onebot = qq;
  } else {
    cfg.telegram = {"123456:DEMO", demo_secret, api_url, "steward_demo_bot"};
  }
  cfg.dispatch.drain_s = 10;
  cfg.dispatch.per_chat_per_second = demo_pace;
  storage::shop_item sticker;
  sticker.id = "sticker";
  sticker.name = "Sticker pack";
  sticker.price = 10;
  sticker.stock = 100;
  cfg.shop_items = {sticker};
  // Ann moderates (the fake API lists no admins); on Slack her id is U1001, on Feishu ou_1001,
  // on WeCom ann.
  cfg.moderation.admin_ids = {std::to_string(ann.id), slack_user(ann), feishu_user(ann),
                              wecom_user(ann)};
  cfg.templates.welcome_burst_seconds = 1;  // show the welcome within the demo
  return cfg;
}

// SQLite's application_id header field marks a file the demo made ("STDM"), so the next demo
// may replace it and no other file is ever deleted by mistake.
constexpr int demo_application_id = 0x5354444D;

bool is_demo_database(const std::string& path) {
  try {
    storage::database_settings settings;
    settings.path = path;
    settings.read_only = true;
    storage::database db(settings);
    return db.query_int("PRAGMA application_id") == demo_application_id;
  } catch (const std::exception&) {
    return false;  // not a SQLite file at all
  }
}

void mark_demo_database(const std::string& path) {
  storage::database_settings settings;
  settings.path = path;
  storage::database db(settings);
  db.execute(fmt::format("PRAGMA application_id = {}", demo_application_id));
}

}  // namespace

int run_demo(const demo_options& options) {
  using factory = std::function<demo_platform(const std::string& api_url)>;
  const auto fixed = [](demo_platform (*make)()) {
    return factory([make](const std::string&) { return make(); });
  };
  const std::map<std::string, factory> platforms{
      {"telegram", fixed(telegram_demo)}, {"onebot", fixed(onebot_demo)},
      {"slack", fixed(slack_demo)},       {"feishu", fixed(feishu_demo)},
      {"dingtalk", fixed(dingtalk_demo)}, {"wecom", wecom_demo},
      {"generic", fixed(generic_demo)}};
  const auto chosen = platforms.find(options.platform);
  if (chosen == platforms.end()) {
    fmt::print(stderr,
               "steward demo: --platform must be telegram, onebot, slack, feishu, dingtalk, "
               "wecom or generic, not '{}'\n",
               options.platform);
    return 2;
  }
  if (std::filesystem::exists(options.database) && !is_demo_database(options.database)) {
    fmt::print(stderr,
               "steward demo: {} exists and is not a demo database; the demo starts from a "
               "fresh file and will not delete it. Give another file with --db.\n",
               options.database);
    return 2;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(options.database + suffix);  // each demo starts from a fresh group
  }
  mark_demo_database(options.database);
  net::fake_platform_api fake_api(print_bot_call);
  const config cfg = demo_config(options, fake_api.base_url());
  const demo_platform platform = chosen->second(fake_api.base_url());
  application app(cfg);
  const std::string base = fmt::format("http://{}:{}", cfg.server.host, app.port());
  std::thread server([&app] { app.run(); });

  fmt::print("Steward demo: webhook {}/webhook/{}, fake {} API {}, database {}\n", base,
             platform.name, platform.shown, fake_api.base_url(), cfg.storage.path);
  play_script(base + "/webhook/" + platform.name, platform);
  edit_template_live(cfg, base, platform);
  // The welcome waits for more newcomers (welcome_burst_seconds); what is left leaves now.
  std::this_thread::sleep_for(std::chrono::seconds(5));
  fmt::print(
      "\n✔ Done. What to look at:\n"
      "  curl {0}/metrics                      # events, batches, commit latency, outbox\n"
      "  sqlite3 {1} 'select user_id, display_name, points, message_count from members'\n"
      "  sqlite3 {1} 'select * from ledger'     # the append-only points ledger\n"
      "  sqlite3 {1} 'select rule, tag, taken, spans from moderation_log'  # why Steward acted\n",
      base, cfg.storage.path);
  if (platform.name == "telegram") {
    fmt::print(
        "  curl -H 'X-Telegram-Bot-Api-Secret-Token: {2}' -d '{{\"update_id\":9001,\"message\":"
        "{{\"message_id\":9,\"date\":{3},\"chat\":{{\"id\":{4},\"type\":\"supergroup\"}},"
        "\"from\":{{\"id\":1004,\"first_name\":\"You\"}},\"text\":\"/checkin\"}}}}' "
        "{0}/webhook/telegram\n",
        base, cfg.storage.path, demo_secret, std::time(nullptr), demo_chat);
  }
  print_console_link(cfg, base);
  if (options.once) {
    app.request_stop();
  } else {
    fmt::print("Steward keeps running; press Ctrl-C to stop.\n");
  }
  std::fflush(stdout);
  server.join();
  return 0;
}

}  // namespace steward::app
