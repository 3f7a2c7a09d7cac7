// OneBot 11 event posts → normalized chat_events (shared/reference/platforms.md §5b.1). Messages
// come as segment arrays or as CQ-code strings, as the implementation is configured; both are
// read into the same segments.
#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/platforms/common/bad_field.hpp"
#include "bot/platforms/onebot/onebot_adapter.hpp"

namespace steward::platforms::onebot {

namespace {

using core::chat_event;
using core::event_kind;
using nlohmann::json;

using platforms::bad_field;

/// An id field: OneBot sends integers; some implementations quote them. Either way, its text.
std::string id_at(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) throw bad_field(key, "is missing");
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_string() && !it->get<std::string>().empty() &&
      it->get<std::string>().find_first_not_of("-0123456789") == std::string::npos) {
    return it->get<std::string>();
  }
  throw bad_field(key, "must be an integer");
}

std::string optional_id_at(const json& object, const char* key) {
  return object.contains(key) && !object[key].is_null() ? id_at(object, key) : "";
}

std::string string_at(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) throw bad_field(key, "must be a string");
  return it->get<std::string>();
}

/// `[CQ:type,key=value,...]` codes and the text between them, as array segments.
json segments_of_string(std::string_view message) {
  json out = json::array();
  const auto add_text = [&](std::string_view raw) {
    if (!raw.empty()) out.push_back({{"type", "text"}, {"data", {{"text", cq_unescape(raw)}}}});
  };
  std::size_t at = 0;
  while (at < message.size()) {
    const auto open = message.find("[CQ:", at);
    const auto close = open == std::string_view::npos ? open : message.find(']', open);
    if (close == std::string_view::npos) {
      add_text(message.substr(at));
      break;
    }
    add_text(message.substr(at, open - at));
    const auto code = message.substr(open + 4, close - open - 4);
    const auto comma = code.find(',');
    json data = json::object();
    if (comma != std::string_view::npos) {
      auto params = code.substr(comma + 1);
      while (!params.empty()) {
        const auto next = params.find(',');
        const auto pair = params.substr(0, next);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos) {
          data[std::string(pair.substr(0, eq))] = cq_unescape(pair.substr(eq + 1));
        }
        if (next == std::string_view::npos) break;
        params.remove_prefix(next + 1);
      }
    }
    out.push_back({{"type", std::string(code.substr(0, comma))}, {"data", data}});
    at = close + 1;
  }
  return out;
}

std::string data_string(const json& segment, const char* key) {
  if (!segment.contains("data") || !segment["data"].is_object()) return {};
  const auto& data = segment["data"];
  const auto it = data.find(key);
  if (it == data.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return {};
}

/// Reads a message's segments into the event: its text (mentions written "@name"), who it
/// mentions, what it quotes, and the links and media it carries.
void read_segments(json segments, const std::string& self_id, chat_event& event) {
  // "@bot /checkin": a command addressed to the bot by mentioning it first (after the quote
  // QQ puts first when it is a reply).
  std::size_t first = 0;
  while (first < segments.size() && segments[first].is_object() &&
         segments[first].value("type", "") == "reply") {
    ++first;
  }
  while (first < segments.size() && segments[first].is_object() &&
         segments[first].value("type", "") == "at" && !self_id.empty() &&
         data_string(segments[first], "qq") == self_id) {
    segments.erase(segments.begin() + static_cast<std::ptrdiff_t>(first));
    if (first < segments.size() && segments[first].value("type", "") == "text") {
      auto text = data_string(segments[first], "text");
      text.erase(0, text.find_first_not_of(" \t"));
      segments[first]["data"]["text"] = text;
    }
  }
  for (const auto& segment : segments) {
    if (!segment.is_object()) throw bad_field("message[]", "must be an object");
    const std::string type = segment.value("type", "");
    if (type == "text") {
      event.text += data_string(segment, "text");
    } else if (type == "at") {
      const auto qq = data_string(segment, "qq");
      std::string name = data_string(segment, "name");
      if (name.empty()) name = qq;
      const auto begin = event.text.size();
      event.text += "@" + name;
      ++event.entities.mentions;
      if (qq.empty() || qq == "all") continue;
      core::member_ref member;
      member.user_id = qq;
      member.display_name = name == qq ? "" : name;
      event.mentioned.push_back({member, begin, event.text.size()});
    } else if (type == "reply") {
      event.reply_to_message_id = data_string(segment, "id");
    } else if (type == "share") {
      const auto url = data_string(segment, "url");
      if (!url.empty()) event.hidden_links.push_back(url);
      ++event.entities.links;
    } else if (type == "forward" || type == "node") {
      event.entities.is_forward = true;
    } else if (type == "image" || type == "record" || type == "video" || type == "file" ||
               type == "json" || type == "xml" || type == "mface") {
      event.entities.has_media = true;
    }
  }
}

core::member_ref sender_of(const json& post, const std::string& user_id) {
  core::member_ref who;
  who.user_id = user_id;
  if (!post.contains("sender") || !post["sender"].is_object()) return who;
  const auto& sender = post["sender"];
  who.display_name = string_at(sender, "card");
  if (who.display_name.empty()) who.display_name = string_at(sender, "nickname");
  const std::string role = string_at(sender, "role");
  if (role == "owner" || role == "admin") who.is_admin = true;
  if (role == "member") who.is_admin = false;
  return who;
}

void add_message(const json& post, const std::string& self_id, core::inbound_update& out) {
  const std::string type = string_at(post, "message_type");
  const std::string user_id = id_at(post, "user_id");
  chat_event event;
  event.platform = "onebot";
  event.message_id = id_at(post, "message_id");
  event.author = sender_of(post, user_id);
  event.timestamp = post.contains("time") && post["time"].is_number_integer()
                        ? post["time"].get<std::int64_t>()
                        : 0;
  if (type == "group") {
    event.chat = {"onebot", id_at(post, "group_id"), "", true};
  } else if (type == "private") {
    event.chat = {"onebot", private_chat_id(user_id), event.author.display_name, false};
  } else {
    out.known = false;
    return;
  }
  if (!post.contains("message")) throw bad_field("message", "is missing");
  const auto& message = post["message"];
  if (message.is_string()) {
    read_segments(segments_of_string(message.get<std::string>()), self_id, event);
  } else if (message.is_array()) {
    read_segments(message, self_id, event);
  } else {
    throw bad_field("message", "must be a segment array or a CQ-code string");
  }
  event.kind = event_kind::message;
  if (auto command = core::parse_slash_command(event.text)) {
    event.kind = event_kind::command;
    event.command = command->name;
    event.args = command->args;
  }
  // QQ message ids are only unique per group (and may repeat across implementations).
  out.update_id = "msg:" + self_id + ":" + event.chat.chat_id + ":" + event.message_id;
  event.event_id = out.update_id;
  out.events.push_back(std::move(event));
}

chat_event bot_status(const std::string& group_id, bool present) {
  chat_event event;
  event.platform = "onebot";
  event.kind = event_kind::bot_status_changed;
  event.chat = {"onebot", group_id, "", true};
  event.bot_present = present;
  return event;
}

void add_notice(const json& post, const std::string& self_id, core::inbound_update& out) {
  const std::string notice = string_at(post, "notice_type");
  const std::string sub_type = string_at(post, "sub_type");
  out.type = "notice." + notice;
  const std::string group_id = optional_id_at(post, "group_id");
  const std::string user_id = optional_id_at(post, "user_id");
  const std::string operator_id = optional_id_at(post, "operator_id");
  const std::int64_t time = post.contains("time") && post["time"].is_number_integer()
                                ? post["time"].get<std::int64_t>()
                                : 0;
  // No event id: a notice is what it says, who did it and when.
  out.update_id = "notice:" + notice + ":" + sub_type + ":" + group_id + ":" + user_id + ":" +
                  operator_id + ":" + std::to_string(time);
  const bool is_self = !self_id.empty() && user_id == self_id;
  chat_event event;
  event.platform = "onebot";
  event.event_id = out.update_id;
  event.chat = {"onebot", group_id, "", true};
  event.author.user_id = user_id;
  event.timestamp = time;
  if (notice == "group_increase") {
    if (group_id.empty() || user_id.empty()) throw bad_field("user_id", "is missing");
    if (is_self) {
      event = bot_status(group_id, true);  // the bot was added to a group
      event.event_id = out.update_id;
    } else {
      event.kind = event_kind::member_joined;
    }
  } else if (notice == "group_decrease") {
    if (group_id.empty() || user_id.empty()) throw bad_field("user_id", "is missing");
    if (sub_type == "kick_me" || sub_type == "disband" || is_self) {
      event = bot_status(group_id, false);
      event.event_id = out.update_id;
    } else {
      event.kind = event_kind::member_left;
      if (sub_type == "kick") event.left_because = core::leave_reason::kicked;
    }
  } else if (notice == "group_admin" && is_self) {
    event = bot_status(group_id, true);
    event.event_id = out.update_id;
    const bool admin = sub_type == "set";
    event.bot.is_admin = admin;
    event.bot.can_delete = admin;
    event.bot.can_restrict = admin;
    event.bot.can_mute = admin;
  } else {
    return;  // bans, recalls, pokes …: nothing Steward acts on (yet)
  }
  out.events.push_back(std::move(event));
}

}  // namespace

std::string private_chat_id(std::string_view user_id) {
  return "private:" + std::string(user_id);
}

std::string cq_escape(std::string_view text, bool in_parameter) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '[':
        out += "&#91;";
        break;
      case ']':
        out += "&#93;";
        break;
      case ',':
        out += in_parameter ? "&#44;" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string cq_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '&') {
      // "&amp;" last: "&amp;#91;" stands for the text "&#91;", not for "[".
      bool done = false;
      for (const auto& [code, c] : {std::pair<std::string_view, char>{"&#91;", '['},
                                    {"&#93;", ']'},
                                    {"&#44;", ','},
                                    {"&amp;", '&'}}) {
        if (text.substr(i, code.size()) == code) {
          out += c;
          i += code.size() - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out += text[i];
  }
  return out;
}

namespace {

// Someone asks to join a group (sub_type "add"); invitations of the bot itself ("invite") and
// friend requests are left to the QQ account's owner.
void add_request(const json& post, core::inbound_update& out) {
  const std::string kind = string_at(post, "request_type");
  const std::string sub_type = string_at(post, "sub_type");
  out.type = "request." + kind + (sub_type.empty() ? "" : "." + sub_type);
  const std::string flag = string_at(post, "flag");
  if (kind != "group" || sub_type != "add" || flag.empty()) {
    out.update_id = "request:" + (flag.empty() ? out.type : flag);
    out.known = false;
    return;
  }
  out.update_id = "request:" + flag;
  chat_event event;
  event.platform = "onebot";
  event.event_id = out.update_id;
  event.kind = event_kind::join_request;
  event.chat = {"onebot", id_at(post, "group_id"), "", true};
  event.author.user_id = id_at(post, "user_id");
  event.text = string_at(post, "comment");
  event.request_id = flag;
  const auto time = post.find("time");
  event.timestamp = time != post.end() && time->is_number_integer() ? time->get<std::int64_t>() : 0;
  out.events.push_back(std::move(event));
}

}  // namespace

core::result<core::inbound_update> parse_event(std::string_view body) {
  const auto post = json::parse(body, nullptr, false);
  if (!post.is_object()) return core::error{"bad_json", "the body is not a JSON object"};
  core::inbound_update out;
  out.platform = "onebot";
  try {
    const std::string post_type = string_at(post, "post_type");
    if (post_type.empty()) throw bad_field("post_type", "is missing");
    out.type = post_type;
    const std::string self_id = optional_id_at(post, "self_id");
    if (post_type == "message") {
      out.type = "message." + string_at(post, "message_type");
      add_message(post, self_id, out);
    } else if (post_type == "notice") {
      add_notice(post, self_id, out);
    } else if (post_type == "meta_event") {
      out.type = "meta_event." + string_at(post, "meta_event_type");
      out.known = false;
      out.routine = true;  // heartbeats every few seconds: nothing to keep
    } else if (post_type == "request") {
      add_request(post, out);
    } else {
      out.known = false;  // the bot's own messages (message_sent), anything newer
    }
  } catch (const bad_field& e) {
    return core::error{"bad_event", std::string(e.field) + " " + e.what(), e.field};
  } catch (const json::exception& e) {
    return core::error{"bad_event", e.what()};
  }
  if (out.update_id.empty()) out.update_id = out.type;
  return out;
}

}  // namespace steward::platforms::onebot
