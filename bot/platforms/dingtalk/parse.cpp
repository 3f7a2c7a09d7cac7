// DingTalk robot callbacks → normalized chat_events (shared/reference/platforms.md §4.1). Only
// messages that @-mention the robot reach it, and one-to-one chats.
#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/platforms/common/bad_field.hpp"
#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/dingtalk/dingtalk_adapter.hpp"

namespace steward::platforms::dingtalk {

namespace {

using core::event_kind;
using nlohmann::json;

std::string required(const json& object, const char* key) {
  auto value = text_field(object, key);
  if (value.empty()) throw bad_field(key, "must be a non-empty string");
  return value;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\n");
  const auto last = text.find_last_not_of(" \t\n");
  return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

// The text of a message: plain text, or the text runs of rich text.
std::string text_of(const json& body, const std::string& type, core::chat_event& event) {
  if (type == "text") return text_field(object_field(body, "text"), "content");
  if (type == "richText") {
    std::string out;
    for (const auto& run : array_field(object_field(body, "content"), "richText")) {
      if (const auto text = text_field(run, "text"); !text.empty()) {
        out += text;
      } else {
        event.entities.has_media = true;  // a picture among the text
      }
    }
    return out;
  }
  event.entities.has_media =
      type == "picture" || type == "video" || type == "file" || type == "audio";
  return {};
}

// DingTalk lists the mentioned members (the robot too) but not where their names stand: the
// k-th "@name" word of the text is taken for the k-th member other than the robot.
void read_mentions(const json& body, core::chat_event& event) {
  const std::string robot = text_field(body, "chatbotUserId");
  std::vector<std::string> staff;
  for (const auto& user : array_field(body, "atUsers")) {
    const auto id = text_field(user, "staffId");
    if (!id.empty() && text_field(user, "dingtalkId") != robot) staff.push_back(id);
  }
  std::size_t next = 0;
  const auto& text = event.text;
  for (std::size_t at = text.find('@'); at != std::string::npos && next < staff.size();
       at = text.find('@', at + 1)) {
    if (at > 0 && text[at - 1] != ' ') continue;
    auto end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    core::member_ref member;
    member.user_id = staff[next++];
    member.display_name = text.substr(at + 1, end - at - 1);
    event.mentioned.push_back({member, at, end});
    ++event.entities.mentions;
  }
}

}  // namespace

core::result<core::inbound_update> parse_callback(std::string_view raw) {
  const auto body = json::parse(raw, nullptr, false);
  if (!body.is_object()) return core::error{"bad_json", "the body is not a JSON object"};
  core::inbound_update out;
  out.platform = "dingtalk";
  try {
    out.update_id = required(body, "msgId");
    const std::string type = text_field(body, "msgtype");
    out.type = type.empty() ? "message" : type;
    core::chat_event e;
    e.platform = "dingtalk";
    e.event_id = out.update_id;
    e.message_id = out.update_id;
    e.author.user_id = text_field(body, "senderStaffId");
    if (e.author.user_id.empty()) e.author.user_id = required(body, "senderId");
    e.author.display_name = text_field(body, "senderNick");
    if (const auto it = body.find("isAdmin"); it != body.end() && it->is_boolean()) {
      e.author.is_admin = it->get<bool>();
    }
    const bool group = text_field(body, "conversationType") != "1";
    e.chat = {
        "dingtalk",
        group ? required(body, "conversationId") : std::string(private_prefix) + e.author.user_id,
        text_field(body, "conversationTitle"), group};
    e.timestamp = integer_field(body, "createAt", 0) / 1000;
    e.text = trimmed(text_of(body, type, e));
    read_mentions(body, e);
    if (auto command = core::parse_slash_command(e.text)) {
      e.kind = event_kind::command;
      e.command = command->name;
      e.args = command->args;
    }
    out.events.push_back(std::move(e));
  } catch (const bad_field& e) {
    return core::error{"bad_event", e.field + " " + e.what(), e.field};
  } catch (const json::exception& e) {
    return core::error{"bad_event", e.what()};
  }
  return out;
}

}  // namespace steward::platforms::dingtalk
