// WeCom callbacks, decrypted → normalized chat_events (shared/reference/platforms.md §5.1).
#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/platforms/common/bad_field.hpp"
#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/common/markup.hpp"
#include "bot/platforms/wecom/wecom_adapter.hpp"

namespace steward::platforms::wecom {

namespace {

using core::event_kind;
using nlohmann::json;

std::string required_xml(std::string_view xml, const char* tag) {
  auto value = xml_text(xml, tag).value_or("");
  if (value.empty()) throw bad_field(tag, "must be present and not empty");
  return value;
}

std::string required(const json& object, const char* key, const std::string& path) {
  auto value = text_field(object, key);
  if (value.empty()) throw bad_field(path + key, "must be a non-empty string");
  return value;
}

void read_command(core::chat_event& e) {
  if (auto command = core::parse_slash_command(e.text)) {
    e.kind = event_kind::command;
    e.command = command->name;
    e.args = command->args;
  }
}

// The AI bot sees a group message only when it is @-mentioned, and the mention comes first:
// "@RobotA /points" is the command /points.
std::string without_leading_mention(std::string text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string::npos || text[first] != '@') return text;
  const auto space = text.find(' ', first);
  if (space == std::string::npos) return {};
  return text.substr(text.find_first_not_of(' ', space) == std::string::npos
                         ? text.size()
                         : text.find_first_not_of(' ', space));
}

// Text of a "mixed" message (text and pictures).
std::string mixed_text(const json& body, core::chat_event& e) {
  std::string out;
  for (const auto& item : array_field(object_field(body, "mixed"), "msg_item")) {
    if (text_field(item, "msgtype") == "text") {
      out += text_field(object_field(item, "text"), "content");
    } else {
      e.entities.has_media = true;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> xml_text(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const auto start = xml.find(open);
  if (start == std::string_view::npos) return std::nullopt;
  auto inner = xml.substr(start + open.size());
  constexpr std::string_view cdata = "<![CDATA[";
  if (inner.substr(0, cdata.size()) == cdata) {
    const auto end = inner.find("]]>");
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(inner.substr(cdata.size(), end - cdata.size()));
  }
  const auto end = inner.find(close);
  if (end == std::string_view::npos) return std::nullopt;
  return decoded_entities(inner.substr(0, end));
}

core::result<core::inbound_update> parse_app_message(std::string_view xml) {
  core::inbound_update out;
  out.platform = "wecom";
  try {
    const std::string type = required_xml(xml, "MsgType");
    const std::string from = required_xml(xml, "FromUserName");
    const std::string created = xml_text(xml, "CreateTime").value_or("0");
    out.type = "app." + type;
    if (type == "event") {
      // Events are told apart by who and when (they carry no MsgId, §5.4).
      out.update_id = "event:" + from + ":" + created;
      out.type += "." + xml_text(xml, "Event").value_or("");
      out.known = false;
      return out;
    }
    out.update_id = "msg:" + required_xml(xml, "MsgId");
    core::chat_event e;
    e.platform = "wecom";
    e.event_id = out.update_id;
    e.chat = {"wecom", std::string(private_prefix) + from, "", false};
    e.author.user_id = from;
    e.author.display_name = e.author.username = from;  // WeCom's account names (often pinyin)
    e.message_id = required_xml(xml, "MsgId");
    e.timestamp = std::atoll(created.c_str());
    if (type == "text") {
      e.text = xml_text(xml, "Content").value_or("");
    } else {
      e.entities.has_media = true;
    }
    read_command(e);
    out.events.push_back(std::move(e));
  } catch (const bad_field& e) {
    return core::error{"bad_event", e.field + " " + e.what(), e.field};
  }
  return out;
}

core::result<core::inbound_update> parse_bot_message(std::string_view json_text,
                                                     std::string_view api_base_url) {
  const auto body = json::parse(json_text, nullptr, false);
  if (!body.is_object()) return core::error{"bad_json", "the message is not a JSON object"};
  core::inbound_update out;
  out.platform = "wecom";
  try {
    const std::string type = text_field(body, "msgtype");
    out.type = "aibot." + type;
    out.update_id = required(body, "msgid", "");
    if (type == "event" || type == "stream") {
      out.known = false;  // enter-chat, card clicks, stream refreshes: nothing to do
      return out;
    }
    core::chat_event e;
    e.platform = "wecom";
    e.event_id = out.update_id;
    e.author.user_id = required(object_field(body, "from"), "userid", "from.");
    // The only name the AI bot is told; as a username it lets admins write "/mute @zhangsan".
    e.author.display_name = e.author.username = e.author.user_id;
    const bool group = text_field(body, "chattype") == "group";
    e.chat = {"wecom",
              group ? required(body, "chatid", "") : std::string(private_prefix) + e.author.user_id,
              "", group};
    e.message_id = out.update_id;
    // Its answer can go only to its response_url (once, within an hour): carried in the id.
    const auto response_url = text_field(body, "response_url");
    if (response_url.rfind(std::string(api_base_url) + "/", 0) == 0 &&
        response_url.find(' ') == std::string::npos) {
      e.message_id += " " + response_url;
    }
    if (type == "text") {
      e.text = text_field(object_field(body, "text"), "content");
    } else if (type == "mixed") {
      e.text = mixed_text(body, e);
    } else {
      e.entities.has_media = true;
    }
    if (group) e.text = without_leading_mention(e.text);
    read_command(e);
    out.events.push_back(std::move(e));
  } catch (const bad_field& e) {
    return core::error{"bad_event", e.field + " " + e.what(), e.field};
  }
  return out;
}

}  // namespace steward::platforms::wecom
