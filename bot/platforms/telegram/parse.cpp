// Telegram `Update` JSON → normalized chat_events. Field meanings: Bot API types as carried in
// @grammyjs/types (see shared/reference/platforms.md §1.1).
#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/platforms/common/bad_field.hpp"
#include "bot/platforms/common/json_fields.hpp"
#include "bot/platforms/telegram/telegram_adapter.hpp"

namespace steward::platforms::telegram {

namespace {

using core::chat_event;
using core::event_kind;
using nlohmann::json;

using platforms::bad_field;

/// A required integer field (Telegram's ids and dates are integers), as its decimal text.
std::int64_t integer_at(const json& object, const char* key, const std::string& path) {
  const auto it = object.find(key);
  if (it == object.end()) throw bad_field(path + key, "is missing");
  if (!it->is_number_integer()) throw bad_field(path + key, "must be an integer");
  return it->get<std::int64_t>();
}

std::string id_at(const json& object, const char* key, const std::string& path) {
  return std::to_string(integer_at(object, key, path));
}

/// An optional integer field: 0 when absent.
std::int64_t optional_integer_at(const json& object, const char* key, const std::string& path) {
  return object.contains(key) ? integer_at(object, key, path) : 0;
}

core::member_ref member_from(const json& user, const std::string& path) {
  if (!user.is_object()) throw bad_field(path, "must be an object");
  core::member_ref who;
  who.user_id = id_at(user, "id", path + ".");
  who.display_name = user.value("first_name", "");
  if (const std::string last = user.value("last_name", ""); !last.empty()) {
    who.display_name += (who.display_name.empty() ? "" : " ") + last;
  }
  who.username = user.value("username", "");
  who.is_bot = user.value("is_bot", false);
  return who;
}

core::chat_ref chat_from(const json& parent) {
  if (!parent.contains("chat") || !parent["chat"].is_object()) {
    throw bad_field("chat", "must be an object");
  }
  const json& chat = parent["chat"];
  const std::string type = chat.value("type", "");
  std::string title = chat.value("title", "");
  if (title.empty()) title = chat.value("first_name", "");
  return {"telegram", id_at(chat, "id", "chat."), title, type == "group" || type == "supergroup"};
}

// Where a message's links lead when the text does not say: text_link entities ("click here"
// pointing elsewhere) and the URL buttons of an inline keyboard (messages sent via a bot).
std::vector<std::string> hidden_links_of(const json& message) {
  std::vector<std::string> out;
  for (const char* key : {"entities", "caption_entities"}) {
    if (!message.contains(key) || !message[key].is_array()) continue;
    for (const auto& entity : message[key]) {
      if (!entity.is_object() || entity.value("type", "") != "text_link") continue;
      if (const auto url = entity.find("url"); url != entity.end() && url->is_string()) {
        out.push_back(url->get<std::string>());
      }
    }
  }
  const auto markup = message.find("reply_markup");
  if (markup == message.end() || !markup->is_object()) return out;
  const auto rows = markup->find("inline_keyboard");
  if (rows == markup->end() || !rows->is_array()) return out;
  for (const auto& row : *rows) {
    if (!row.is_array()) continue;
    for (const auto& button : row) {
      if (!button.is_object()) continue;
      if (const auto url = button.find("url"); url != button.end() && url->is_string()) {
        out.push_back(url->get<std::string>());
      }
    }
  }
  return out;
}

core::entity_summary entities_of(const json& message) {
  core::entity_summary summary;
  for (const char* key : {"entities", "caption_entities"}) {
    if (!message.contains(key) || !message[key].is_array()) continue;
    for (const auto& entity : message[key]) {
      const std::string type = entity.value("type", "");
      if (type == "url" || type == "text_link") ++summary.links;
      if (type == "mention" || type == "text_mention") ++summary.mentions;
    }
  }
  for (const char* media :
       {"photo", "video", "document", "audio", "voice", "sticker", "animation", "video_note"}) {
    summary.has_media = summary.has_media || message.contains(media);
  }
  summary.is_forward = message.contains("forward_origin") || message.contains("forward_from");
  return summary;
}

// Telegram counts offsets in UTF-16 code units; the byte offset in UTF-8 `text` of `units`, or
// npos when the text is shorter.
std::size_t byte_offset(std::string_view text, std::int64_t units) {
  std::size_t i = 0;
  while (units > 0 && i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    units -= bytes == 4 ? 2 : 1;  // characters beyond the BMP are two UTF-16 units
    i += bytes;
  }
  return units == 0 && i <= text.size() ? i : std::string_view::npos;
}

// Members named by a link to their account, for commands that name a member without a username.
std::vector<core::mentioned_member> mentioned_of(const json& message, std::string_view text) {
  std::vector<core::mentioned_member> out;
  const char* key = message.contains("text") ? "entities" : "caption_entities";
  if (!message.contains(key) || !message[key].is_array()) return out;
  for (const auto& entity : message[key]) {
    if (!entity.is_object() || entity.value("type", "") != "text_mention" ||
        !entity.contains("user") || !entity["user"].is_object()) {
      continue;
    }
    const auto number = [&](const char* name) {
      const auto it = entity.find(name);
      return it != entity.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
    };
    const auto offset = number("offset");
    const auto length = number("length");
    if (offset < 0 || length <= 0) continue;
    const auto begin = byte_offset(text, offset);
    const auto end =
        begin == std::string_view::npos ? begin : byte_offset(text.substr(begin), length);
    if (end == std::string_view::npos) continue;
    try {
      out.push_back({member_from(entity["user"], "entities[].user"), begin, begin + end});
    } catch (const bad_field&) {
      continue;  // a mention without a usable account names nobody; the message still counts
    }
  }
  return out;
}

chat_event base_event(const json& message, const std::string& update_id) {
  chat_event event;
  event.platform = "telegram";
  event.event_id = update_id;
  event.chat = chat_from(message);
  if (message.contains("from")) event.author = member_from(message["from"], "from");
  event.message_id = id_at(message, "message_id", "");
  event.timestamp = optional_integer_at(message, "date", "");
  return event;
}

void add_service_events(const json& message, const std::string& update_id,
                        std::vector<chat_event>& out) {
  const chat_event base = base_event(message, update_id);
  if (message.contains("new_chat_members")) {
    for (const auto& user : message["new_chat_members"]) {
      chat_event joined = base;
      joined.kind = event_kind::member_joined;
      joined.author = member_from(user, "new_chat_members[]");
      joined.event_id = update_id + ":" + std::to_string(out.size());
      out.push_back(std::move(joined));
    }
  }
  if (message.contains("left_chat_member")) {
    chat_event left = base;
    left.kind = event_kind::member_left;
    left.author = member_from(message["left_chat_member"], "left_chat_member");
    // Removed by someone else (the service message's sender): a kick.
    if (!base.author.user_id.empty() && base.author.user_id != left.author.user_id)
      left.left_because = core::leave_reason::kicked;
    out.push_back(std::move(left));
  }
  if (message.contains("migrate_to_chat_id") || message.contains("migrate_from_chat_id")) {
    chat_event moved = base;
    moved.kind = event_kind::chat_migrated;
    moved.author = {};
    if (message.contains("migrate_to_chat_id")) {
      moved.migrate_to_chat_id = id_at(message, "migrate_to_chat_id", "");
    } else {  // delivered in the new supergroup: the old id is in the message
      moved.migrate_to_chat_id = moved.chat.chat_id;
      moved.chat.chat_id = id_at(message, "migrate_from_chat_id", "");
    }
    out.push_back(std::move(moved));
  }
}

void add_message_events(const json& message, const std::string& update_id, bool edited,
                        std::vector<chat_event>& out) {
  add_service_events(message, update_id, out);
  if (!out.empty()) return;
  chat_event event = base_event(message, update_id);
  event.text = message.value("text", message.value("caption", ""));
  event.entities = entities_of(message);
  event.hidden_links = hidden_links_of(message);
  event.mentioned = mentioned_of(message, event.text);
  if (message.contains("reply_to_message") && message["reply_to_message"].contains("message_id")) {
    const auto& replied = message["reply_to_message"];
    event.reply_to_message_id = id_at(replied, "message_id", "reply_to_message.");
    if (replied.contains("from")) {
      event.reply_to_author = member_from(replied["from"], "reply_to_message.from");
    }
  }
  event.kind = edited ? event_kind::edited_message : event_kind::message;
  if (auto command = core::parse_slash_command(event.text); command && !edited) {
    event.kind = event_kind::command;
    event.command = command->name;
    event.args = command->args;
  }
  out.push_back(std::move(event));
}

bool is_present(const std::string& status) {
  return status == "member" || status == "administrator" || status == "creator";
}

void add_chat_member_event(const json& update, const std::string& update_id,
                           std::vector<chat_event>& out) {
  const std::string before = update.at("old_chat_member").value("status", "");
  const std::string after = update.at("new_chat_member").value("status", "");
  const bool was_in = is_present(before) || (before == "restricted" &&
                                             update["old_chat_member"].value("is_member", false));
  const bool is_in = is_present(after) ||
                     (after == "restricted" && update["new_chat_member"].value("is_member", false));
  if (was_in == is_in) return;  // a promotion or a permission change: no membership change
  chat_event event;
  event.platform = "telegram";
  event.event_id = update_id;
  event.chat = chat_from(update);
  event.author = member_from(update.at("new_chat_member").at("user"), "new_chat_member.user");
  event.kind = is_in ? event_kind::member_joined : event_kind::member_left;
  event.timestamp = optional_integer_at(update, "date", "");
  if (after == "kicked") {
    event.left_because = core::leave_reason::banned;  // Telegram's "kicked" status is a ban
  } else if (!is_in && update.contains("from") &&
             member_from(update["from"], "from").user_id != event.author.user_id) {
    event.left_because = core::leave_reason::kicked;
  }
  if (update.contains("invite_link"))
    event.invite_link = update["invite_link"].value("invite_link", "");
  out.push_back(std::move(event));
}

// The bot's own membership and what it may do (rights_of_member).
void add_bot_status_event(const json& update, const std::string& update_id,
                          std::vector<chat_event>& out) {
  const json& member = update.at("new_chat_member");
  const std::string status = member.value("status", "");
  chat_event event;
  event.platform = "telegram";
  event.event_id = update_id;
  event.kind = event_kind::bot_status_changed;
  event.chat = chat_from(update);
  event.timestamp = optional_integer_at(update, "date", "");
  event.bot_present =
      is_present(status) || (status == "restricted" && member.value("is_member", false));
  event.bot = rights_of_member(member);
  // restrictChatMember works in supergroups only; a basic group cannot mute anyone.
  event.bot.can_mute = update.at("chat").value("type", "") == "supergroup";
  out.push_back(std::move(event));
}

void add_callback_event(const json& query, const std::string& update_id,
                        std::vector<chat_event>& out) {
  if (!query.contains("message")) return;  // a button on an inline message: no chat to act in
  chat_event event = base_event(query["message"], update_id);
  event.kind = event_kind::button;
  event.author = member_from(query.at("from"), "from");
  event.text = query.value("data", "");
  event.button_id = query.value("id", "");
  out.push_back(std::move(event));
}

}  // namespace

// ChatMemberAdministrator carries the rights it was given; a creator has them all; anyone else
// none of the admin ones.
core::bot_rights rights_of_member(const nlohmann::json& member) {
  const std::string status = text_field(member, "status");
  const bool creator = status == "creator";
  const bool admin = creator || status == "administrator";
  core::bot_rights rights;
  rights.is_admin = admin;
  rights.can_delete = creator || (admin && flag_field(member, "can_delete_messages"));
  rights.can_restrict = creator || (admin && flag_field(member, "can_restrict_members"));
  rights.can_invite = creator || (admin && flag_field(member, "can_invite_users"));
  return rights;
}

core::result<core::inbound_update> parse_update(std::string_view body) {
  const json update = json::parse(body, nullptr, false);
  if (update.is_discarded()) return core::error{"malformed_json", "the body is not valid JSON"};
  if (!update.is_object() || !update.contains("update_id") ||
      !update["update_id"].is_number_integer()) {
    return core::error{"missing_update_id", "an Update needs an integer update_id"};
  }
  core::inbound_update out;
  out.platform = "telegram";
  out.update_id = std::to_string(update["update_id"].get<std::int64_t>());
  try {
    if (update.contains("message")) {
      out.type = "message";
      add_message_events(update["message"], out.update_id, false, out.events);
    } else if (update.contains("edited_message")) {
      out.type = "edited_message";
      add_message_events(update["edited_message"], out.update_id, true, out.events);
    } else if (update.contains("chat_member")) {
      out.type = "chat_member";
      add_chat_member_event(update["chat_member"], out.update_id, out.events);
    } else if (update.contains("my_chat_member")) {
      out.type = "my_chat_member";
      add_bot_status_event(update["my_chat_member"], out.update_id, out.events);
    } else if (update.contains("callback_query")) {
      out.type = "callback_query";
      add_callback_event(update["callback_query"], out.update_id, out.events);
    } else {
      out.known = false;
      for (const auto& [key, value] : update.items()) {
        if (key != "update_id") out.type = key;
      }
    }
  } catch (const bad_field& e) {
    // Telegram retries a failed update for 24 h: a field that cannot be read is a 400 naming it,
    // never an error that would fail every redelivery.
    const std::string field = out.type + "." + e.field;
    return core::error{"bad_field", field + " " + e.what(), field};
  } catch (const std::exception& e) {
    // json::at() on a missing field or a wrong type elsewhere: a malformed Update.
    return core::error{"malformed_update", std::string("malformed Update: ") + e.what()};
  }
  return out;
}

}  // namespace steward::platforms::telegram
