// Slack Events API requests → normalized chat_events (shared/reference/platforms.md §2.1).
#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/platforms/common/bad_field.hpp"
#include "bot/platforms/common/markup.hpp"
#include "bot/platforms/slack/slack_adapter.hpp"

namespace steward::platforms::slack {

namespace {

using core::event_kind;
using nlohmann::json;
using platforms::bad_field;

std::string text_at(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string required(const json& object, const char* key, const std::string& path) {
  auto value = text_at(object, key);
  if (value.empty()) throw bad_field(path + key, "must be a non-empty string");
  return value;
}

core::chat_event message_event(const json& event, const std::string& event_id) {
  core::chat_event out;
  out.platform = "slack";
  out.event_id = event_id;
  const std::string channel = required(event, "channel", "event.");
  const bool direct = text_at(event, "channel_type") == "im";
  out.chat = {"slack", channel, "", !direct};
  out.author.user_id = required(event, "user", "event.");
  out.message_id = required(event, "ts", "event.");
  out.timestamp = std::atoll(out.message_id.c_str());
  // A reply in a thread quotes the thread's first message.
  if (const auto parent = text_at(event, "thread_ts");
      !parent.empty() && parent != out.message_id) {
    out.reply_to_message_id = parent;
  }
  read_slack_text(text_at(event, "text"), out);
  if (event.contains("files") || event.contains("attachments")) out.entities.has_media = true;
  out.kind = event_kind::message;
  if (auto command = core::parse_slash_command(out.text)) {
    out.kind = event_kind::command;
    out.command = command->name;
    out.args = command->args;
  }
  return out;
}

void add_event(const json& event, const std::string& event_id, std::string_view bot_user_id,
               core::inbound_update& out) {
  const std::string type = text_at(event, "type");
  const std::string subtype = text_at(event, "subtype");
  out.type = subtype.empty() ? type : type + "." + subtype;
  if (type == "message") {
    // Bots (this one too) and edits' or deletions' own bookkeeping are not members talking.
    if (event.contains("bot_id") || subtype == "bot_message" || subtype == "message_deleted" ||
        subtype == "channel_join" || subtype == "channel_leave") {
      return;
    }
    if (subtype == "message_changed") {
      if (!event.contains("message") || !event["message"].is_object()) return;
      json edited = event["message"];
      edited["channel"] = text_at(event, "channel");
      edited["channel_type"] = text_at(event, "channel_type");
      if (edited.contains("bot_id")) return;
      auto e = message_event(edited, event_id);
      e.kind = event_kind::edited_message;
      e.command.clear();
      if (e.author.user_id != bot_user_id) out.events.push_back(std::move(e));
      return;
    }
    auto e = message_event(event, event_id);
    if (!bot_user_id.empty() && e.author.user_id == bot_user_id) return;
    out.events.push_back(std::move(e));
    return;
  }
  if (type == "member_joined_channel" || type == "member_left_channel") {
    core::chat_event e;
    e.platform = "slack";
    e.event_id = event_id;
    e.chat = {"slack", required(event, "channel", "event."), "", true};
    e.author.user_id = required(event, "user", "event.");
    const bool joined = type == "member_joined_channel";
    if (!bot_user_id.empty() && e.author.user_id == bot_user_id) {
      e.kind = event_kind::bot_status_changed;
      e.bot_present = joined;
      e.author = {};
    } else {
      e.kind = joined ? event_kind::member_joined : event_kind::member_left;
    }
    out.events.push_back(std::move(e));
  }
  // app_mention repeats a message already delivered as "message": nothing more to do.
}

}  // namespace

void read_slack_text(std::string_view text, core::chat_event& event) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('<', at);
    const auto close = open == std::string_view::npos ? open : text.find('>', open);
    if (close == std::string_view::npos) {
      event.text += decoded_entities(text.substr(at));
      break;
    }
    event.text += decoded_entities(text.substr(at, open - at));
    const auto inside = text.substr(open + 1, close - open - 1);
    const auto bar = inside.find('|');
    const std::string target = decoded_entities(inside.substr(0, bar));
    const std::string label =
        bar == std::string_view::npos ? "" : decoded_entities(inside.substr(bar + 1));
    if (target.rfind("@", 0) == 0) {  // <@U123> or <@U123|ann>
      const auto begin = event.text.size();
      event.text += "@" + (label.empty() ? target.substr(1) : label);
      core::member_ref member;
      member.user_id = target.substr(1);
      member.display_name = label;
      event.mentioned.push_back({member, begin, event.text.size()});
      ++event.entities.mentions;
    } else if (target.rfind("!", 0) == 0) {  // <!here>, <!channel>, <!subteam^S1|@team>
      event.text += label.empty() ? "@" + target.substr(1) : label;
      ++event.entities.mentions;
    } else if (target.rfind("#", 0) == 0) {  // <#C123|general>
      event.text += "#" + (label.empty() ? target.substr(1) : label);
    } else {  // a link: the text shows its label, or the address itself
      event.text += label.empty() ? target : label;
      ++event.entities.links;
      if (!label.empty() && label != target && target.rfind("mailto:", 0) != 0) {
        event.hidden_links.push_back(target);
      }
    }
    at = close + 1;
  }
}

core::result<core::inbound_update> parse_request(std::string_view body,
                                                 std::string_view bot_user_id) {
  const auto root = json::parse(body, nullptr, false);
  if (!root.is_object()) return core::error{"bad_json", "the body is not a JSON object"};
  core::inbound_update out;
  out.platform = "slack";
  try {
    const std::string type = text_at(root, "type");
    out.type = type;
    if (type == "url_verification") {
      out.update_id = "url_verification";
      out.known = false;
      out.routine = true;
      out.handshake = json{{"challenge", required(root, "challenge", "")}}.dump();
      return out;
    }
    if (type != "event_callback") {
      out.update_id = type.empty() ? "unknown" : type;
      out.known = false;  // app_rate_limited and anything newer: acknowledged, nothing to do
      return out;
    }
    out.update_id = required(root, "event_id", "");
    if (!root.contains("event") || !root["event"].is_object()) {
      throw bad_field("event", "must be an object");
    }
    add_event(root["event"], out.update_id, bot_user_id, out);
  } catch (const bad_field& e) {
    return core::error{"bad_event", e.field + " " + e.what(), e.field};
  } catch (const json::exception& e) {
    return core::error{"bad_event", e.what()};
  }
  return out;
}

}  // namespace steward::platforms::slack
