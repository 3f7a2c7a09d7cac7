// The generic webhook's events → normalized chat_events (docs/generic-webhook.md).
#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/platforms/common/bad_field.hpp"
#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/generic/generic_adapter.hpp"

namespace steward::platforms::generic {

namespace {

using core::event_kind;
using nlohmann::json;

using platforms::bad_field;

const json& object_at(const json& parent, const char* key, const std::string& path) {
  const auto it = parent.find(key);
  if (it == parent.end() || !it->is_object()) throw bad_field(path + key, "must be an object");
  return *it;
}

/// An id: a non-empty string (numbers are accepted and read as their decimal text).
std::string id_at(const json& object, const char* key, const std::string& path) {
  const auto it = object.find(key);
  if (it != object.end() && it->is_number_integer()) {
    return std::to_string(it->get<std::int64_t>());
  }
  if (it == object.end() || !it->is_string() || it->get<std::string>().empty()) {
    throw bad_field(path + key, "must be a non-empty string");
  }
  return it->get<std::string>();
}

std::string optional_text(const json& object, const char* key, const std::string& path) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) throw bad_field(path + key, "must be a string");
  return it->get<std::string>();
}

bool optional_flag(const json& object, const char* key, const std::string& path) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return false;
  if (!it->is_boolean()) throw bad_field(path + key, "must be true or false");
  return it->get<bool>();
}

core::member_ref user_from(const json& user, const std::string& path) {
  core::member_ref who;
  who.user_id = id_at(user, "id", path);
  who.display_name = optional_text(user, "name", path);
  who.username = optional_text(user, "username", path);
  who.is_bot = optional_flag(user, "is_bot", path);
  if (user.contains("is_admin") && !user["is_admin"].is_null()) {
    who.is_admin = optional_flag(user, "is_admin", path);
  }
  return who;
}

event_kind kind_of(const std::string& type) {
  if (type == "message") return event_kind::message;
  if (type == "edited_message") return event_kind::edited_message;
  if (type == "member_joined") return event_kind::member_joined;
  if (type == "member_left") return event_kind::member_left;
  if (type == "button") return event_kind::button;
  throw bad_field(
      "type",
      "must be message, edited_message, member_joined, member_left or button, not '" + type + "'");
}

void read_message(const json& message, core::chat_event& event) {
  event.message_id = id_at(message, "id", "message.");
  event.text = optional_text(message, "text", "message.");
  if (message.contains("reply_to") && !message["reply_to"].is_null()) {
    const auto& reply = object_at(message, "reply_to", "message.");
    event.reply_to_message_id = id_at(reply, "id", "message.reply_to.");
    if (reply.contains("user")) {
      event.reply_to_author =
          user_from(object_at(reply, "user", "message.reply_to."), "message.reply_to.user.");
    }
  }
  if (message.contains("mentions")) {
    if (!message["mentions"].is_array()) throw bad_field("message.mentions", "must be a list");
    for (const auto& m : message["mentions"]) {
      if (!m.is_object()) throw bad_field("message.mentions[]", "must be an object");
      const auto start = integer_field(m, "start", -1), stop = integer_field(m, "end", -1);
      if (start < 0 || stop < 0) {
        throw bad_field("message.mentions[].start", "must be byte offsets (whole numbers)");
      }
      const auto begin = static_cast<std::size_t>(start), end = static_cast<std::size_t>(stop);
      if (begin > end || end > event.text.size()) {
        throw bad_field("message.mentions[].end", "must lie within the text (byte offsets)");
      }
      event.mentioned.push_back(
          {user_from(object_at(m, "user", "message.mentions[]."), "message.mentions[].user."),
           begin, end});
      ++event.entities.mentions;
    }
  }
  if (message.contains("links")) {
    if (!message["links"].is_array()) throw bad_field("message.links", "must be a list");
    for (const auto& link : message["links"]) {
      if (link.is_string()) event.hidden_links.push_back(link.get<std::string>());
    }
  }
  event.entities.has_media = optional_flag(message, "has_media", "message.");
  event.entities.is_forward = optional_flag(message, "is_forward", "message.");
}

}  // namespace

core::result<core::inbound_update> parse_event(std::string_view body) {
  const auto root = json::parse(body, nullptr, false);
  if (!root.is_object()) return core::error{"bad_json", "the body is not a JSON object"};
  core::inbound_update out;
  out.platform = "generic";
  try {
    const std::string id = id_at(root, "id", "");
    const std::string type = optional_text(root, "type", "");
    out.update_id = id;
    out.type = type;
    core::chat_event event;
    event.platform = "generic";
    event.event_id = id;
    event.kind = kind_of(type);
    const auto& chat = object_at(root, "chat", "");
    event.chat = {"generic", id_at(chat, "id", "chat."), optional_text(chat, "title", "chat."),
                  !optional_flag(chat, "private", "chat.")};
    event.author = user_from(object_at(root, "user", ""), "user.");
    if (root.contains("time")) {
      if (!root["time"].is_number_integer()) throw bad_field("time", "must be Unix seconds");
      event.timestamp = root["time"].get<std::int64_t>();
    }
    if (event.kind == event_kind::message || event.kind == event_kind::edited_message) {
      read_message(object_at(root, "message", ""), event);
      if (auto command = core::parse_slash_command(event.text);
          command && event.kind == event_kind::message) {
        event.kind = event_kind::command;
        event.command = command->name;
        event.args = command->args;
      }
    } else if (event.kind == event_kind::button) {
      const auto& button = object_at(root, "button", "");
      event.button_id = id_at(button, "id", "button.");
      event.text = optional_text(button, "data", "button.");
      if (root.contains("message")) event.message_id = id_at(root["message"], "id", "message.");
    } else if (event.kind == event_kind::member_left) {
      const std::string why = optional_text(root, "left", "");
      if (why == "kicked") event.left_because = core::leave_reason::kicked;
      if (why == "banned") event.left_because = core::leave_reason::banned;
    }
    out.events.push_back(std::move(event));
  } catch (const bad_field& e) {
    return core::error{"bad_event", e.field + " " + e.what(), e.field};
  } catch (const json::exception& e) {
    return core::error{"bad_event", e.what()};
  }
  return out;
}

}  // namespace steward::platforms::generic
