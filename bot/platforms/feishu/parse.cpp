// Feishu event documents (schema 2.0) → normalized chat_events (shared/reference/platforms.md
// §3.1). The document is the request body, or its decryption when an Encrypt Key is set.
#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/platforms/common/bad_field.hpp"
#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/common/signature.hpp"
#include "bot/platforms/feishu/feishu_adapter.hpp"

namespace steward::platforms::feishu {

namespace {

using core::event_kind;
using nlohmann::json;

std::string required(const json& object, const char* key, const std::string& path) {
  auto value = text_field(object, key);
  if (value.empty()) throw bad_field(path + key, "must be a non-empty string");
  return value;
}

std::string open_id_of(const json& ids) {
  return text_field(ids, "open_id");
}

// Whether a mention that starts the message addresses the bot: it names the bot, or (the bot's
// open_id not configured) a command follows it.
bool addresses_bot(const json& mention, const feishu_settings& settings, std::string_view rest) {
  const auto first = rest.find_first_not_of(' ');
  if (settings.bot_open_id.empty()) return first != std::string_view::npos && rest[first] == '/';
  return open_id_of(object_field(mention, "id")) == settings.bot_open_id;
}

// A mention's placeholder ("@_user_1") becomes "@Name".
void add_mention(const json& mention, core::chat_event& event) {
  const std::string open_id = open_id_of(object_field(mention, "id"));
  const std::string name = text_field(mention, "name");
  const auto begin = event.text.size();
  event.text += "@" + (name.empty() ? open_id : name);
  ++event.entities.mentions;
  if (open_id.empty()) return;  // @all
  core::member_ref member;
  member.user_id = open_id;
  member.display_name = name;
  event.mentioned.push_back({member, begin, event.text.size()});
}

// Text content: placeholders replaced by the mentioned names.
void read_text(const std::string& text, const json& mentions, const feishu_settings& settings,
               core::chat_event& event) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto mark = text.find("@_", at);
    if (mark == std::string::npos) {
      event.text += text.substr(at);
      break;
    }
    event.text += text.substr(at, mark - at);
    const json* found = nullptr;
    std::size_t key_size = 0;
    for (const auto& mention : mentions) {
      const auto key = text_field(mention, "key");
      if (!key.empty() && text.compare(mark, key.size(), key) == 0 && key.size() > key_size) {
        found = &mention;
        key_size = key.size();
      }
    }
    if (found == nullptr) {
      event.text += "@_";
      at = mark + 2;
      continue;
    }
    at = mark + key_size;
    const std::string_view rest = std::string_view(text).substr(at);
    if (text.find_first_not_of(' ') == mark && addresses_bot(*found, settings, rest)) {
      while (at < text.size() && text[at] == ' ')
        ++at;  // "@bot /cmd" → "/cmd"
      event.text.clear();
      continue;
    }
    add_mention(*found, event);
  }
}

// Rich text: lines of elements (text, a, at, img, media, emotion, code_block).
void read_post(const json& content, const json& mentions, const feishu_settings& settings,
               core::chat_event& event) {
  const json* body = &content;
  if (!content.contains("content")) {  // a localized post: {"zh_cn": {...}}
    for (const auto& [locale, post] : content.items()) {
      if (post.is_object()) {
        body = &post;
        break;
      }
    }
  }
  if (const auto title = text_field(*body, "title"); !title.empty()) event.text += title + "\n";
  bool first_line = true;
  for (const auto& line : array_field(*body, "content")) {
    if (!first_line) event.text += '\n';
    first_line = false;
    if (!line.is_array()) continue;
    for (const auto& element : line) {
      const auto tag = text_field(element, "tag");
      if (tag == "text" || tag == "code_block") {
        event.text += text_field(element, "text");
      } else if (tag == "a") {
        const auto label = text_field(element, "text");
        const auto href = text_field(element, "href");
        event.text += label.empty() ? href : label;
        ++event.entities.links;
        if (!href.empty() && label != href) event.hidden_links.push_back(href);
      } else if (tag == "at") {
        json mention{{"id", {{"open_id", text_field(element, "user_id")}}},
                     {"name", text_field(element, "user_name")}};
        for (const auto& known : mentions) {
          if (text_field(known, "key") == text_field(element, "user_id")) mention = known;
        }
        const bool first = event.text.find_first_not_of(" \n") == std::string::npos;
        if (first && !settings.bot_open_id.empty() &&
            open_id_of(object_field(mention, "id")) == settings.bot_open_id) {
          continue;  // "@bot /cmd" in rich text
        }
        add_mention(mention, event);
      } else if (tag == "img" || tag == "media") {
        event.entities.has_media = true;
      }
    }
  }
  if (event.text.rfind('/', 0) != 0) {
    const auto start = event.text.find_first_not_of(' ');
    if (start != std::string::npos && start > 0) event.text.erase(0, start);
  }
}

core::chat_event message_event(const json& event, const std::string& event_id,
                               const feishu_settings& settings) {
  const auto& message = object_field(event, "message");
  const auto& sender = object_field(event, "sender");
  core::chat_event out;
  out.platform = "feishu";
  out.event_id = event_id;
  out.chat = {"feishu", required(message, "chat_id", "event.message."), "",
              text_field(message, "chat_type") != "p2p"};
  out.author.user_id = open_id_of(object_field(sender, "sender_id"));
  if (out.author.user_id.empty()) {
    throw bad_field("event.sender.sender_id.open_id", "must be a non-empty string");
  }
  out.message_id = required(message, "message_id", "event.message.");
  out.reply_to_message_id = text_field(message, "parent_id");
  out.timestamp = std::atoll(text_field(message, "create_time").c_str()) / 1000;
  const auto type = text_field(message, "message_type");
  const auto content = json::parse(text_field(message, "content"), nullptr, false);
  const auto& mentions = array_field(message, "mentions");
  if (type == "text") {
    read_text(text_field(content, "text"), mentions, settings, out);
  } else if (type == "post") {
    read_post(content.is_object() ? content : json::object(), mentions, settings, out);
  } else {
    out.entities.has_media = type == "image" || type == "file" || type == "media" ||
                             type == "audio" || type == "sticker";
  }
  if (auto command = core::parse_slash_command(out.text)) {
    out.kind = event_kind::command;
    out.command = command->name;
    out.args = command->args;
  }
  return out;
}

// Users added to or removed from a group; "deleted" covers leaving and removal alike, told
// apart by who did it.
void add_member_events(const json& event, const std::string& event_id, bool joined,
                       core::inbound_update& out) {
  const std::string chat_id = required(event, "chat_id", "event.");
  const std::string operator_id = open_id_of(object_field(event, "operator_id"));
  int index = 0;
  for (const auto& user : array_field(event, "users")) {
    core::chat_event e;
    e.platform = "feishu";
    e.event_id = event_id + ":" + std::to_string(index++);
    e.chat = {"feishu", chat_id, text_field(event, "name"), true};
    e.author.user_id = open_id_of(object_field(user, "user_id"));
    e.author.display_name = text_field(user, "name");
    if (e.author.user_id.empty()) continue;
    e.kind = joined ? event_kind::member_joined : event_kind::member_left;
    if (!joined && !operator_id.empty() && operator_id != e.author.user_id) {
      e.left_because = core::leave_reason::kicked;
    }
    out.events.push_back(std::move(e));
  }
}

void add_bot_event(const json& event, const std::string& event_id, bool present,
                   core::inbound_update& out) {
  core::chat_event e;
  e.platform = "feishu";
  e.event_id = event_id;
  e.chat = {"feishu", required(event, "chat_id", "event."), text_field(event, "name"), true};
  e.kind = event_kind::bot_status_changed;
  e.bot_present = present;
  out.events.push_back(std::move(e));
}

void add_events(const json& root, const feishu_settings& settings, core::inbound_update& out) {
  const auto& header = object_field(root, "header");
  if (!settings.verification_token.empty() &&
      !equal_in_constant_time(settings.verification_token, text_field(header, "token"))) {
    throw bad_field("header.token", "is not the app's Verification Token");
  }
  out.update_id = required(header, "event_id", "header.");
  out.type = text_field(header, "event_type");
  if (!root.contains("event") || !root["event"].is_object()) {
    throw bad_field("event", "must be an object");
  }
  const auto& event = root["event"];
  if (out.type == "im.message.receive_v1") {
    // Messages of bots (this one too) are not members talking.
    if (text_field(object_field(event, "sender"), "sender_type") != "user") return;
    out.events.push_back(message_event(event, out.update_id, settings));
  } else if (out.type == "im.chat.member.user.added_v1") {
    add_member_events(event, out.update_id, true, out);
  } else if (out.type == "im.chat.member.user.deleted_v1") {
    add_member_events(event, out.update_id, false, out);
  } else if (out.type == "im.chat.member.bot.added_v1") {
    add_bot_event(event, out.update_id, true, out);
  } else if (out.type == "im.chat.member.bot.deleted_v1") {
    add_bot_event(event, out.update_id, false, out);
  } else {
    out.known = false;  // acknowledged; nothing for Steward to do
  }
}

}  // namespace

core::result<core::inbound_update> parse_event(std::string_view plain,
                                               const feishu_settings& settings) {
  const auto root = json::parse(plain, nullptr, false);
  if (!root.is_object()) return core::error{"bad_json", "the event is not a JSON object"};
  core::inbound_update out;
  out.platform = "feishu";
  try {
    if (text_field(root, "type") == "url_verification") {
      out.type = out.update_id = "url_verification";
      out.known = false;
      out.routine = true;
      out.handshake = json{{"challenge", required(root, "challenge", "")}}.dump();
      return out;
    }
    if (text_field(root, "schema") != "2.0") {
      throw bad_field("schema", "must be \"2.0\" (event subscription v2)");
    }
    add_events(root, settings, out);
  } catch (const bad_field& e) {
    return core::error{"bad_event", e.field + " " + e.what(), e.field};
  } catch (const json::exception& e) {
    return core::error{"bad_event", e.what()};
  }
  return out;
}

}  // namespace steward::platforms::feishu
