#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace steward::core {

/// What happened in a chat, independent of the platform it came from.
enum class event_kind {
  message,             ///< an ordinary member message
  edited_message,      ///< a member edited an earlier message
  command,             ///< a message that starts with a /command
  member_joined,       ///< a member joined (or was added)
  member_left,         ///< a member left or was removed
  button,              ///< an inline button was pressed
  bot_status_changed,  ///< the bot itself was added, removed or promoted
  chat_migrated,       ///< the chat moved to a new id (Telegram group → supergroup)
  join_request,        ///< someone asks to join (QQ): answered, or left to the admins
};

/// Stable lower-case name of a kind, for logs and metrics.
const char* to_string(event_kind kind);

/// Why a member left, for member_left events (the exit statistics tell them apart).
enum class leave_reason {
  left,    ///< the member left on their own
  kicked,  ///< someone removed them (they may come back)
  banned,  ///< they were removed and may not come back
};

/// The chat an event belongs to.
struct chat_ref {
  std::string platform;
  std::string chat_id;
  std::string title;
  bool is_group = true;  ///< false for private (one-to-one) chats
};

/// The member an event is about (the author, or the member who joined or left).
struct member_ref {
  std::string user_id;
  std::string display_name;
  std::string username;
  bool is_bot = false;
  std::optional<bool> is_admin;  ///< platform admin flag, when known
};

/// What the bot itself may do in one chat, as the platform last told us (nullopt: not told).
struct bot_rights {
  std::optional<bool> is_admin;
  std::optional<bool> can_delete;    ///< Telegram: can_delete_messages
  std::optional<bool> can_restrict;  ///< Telegram: can_restrict_members (mute, kick, ban)
  std::optional<bool> can_invite;    ///< Telegram: can_invite_users
  std::optional<bool> can_mute;      ///< the chat allows timed mutes (Telegram: supergroups)
  bool operator==(const bot_rights&) const = default;
};
/// Links, mentions, media and forwards seen in a message (for moderation and activity).
struct entity_summary {
  int links = 0;
  int mentions = 0;
  bool has_media = false;
  bool is_forward = false;
};

/// A member named in a message by a link to their account (Telegram's text_mention: members
/// without a username), and where the name stands in the text (byte offsets).
struct mentioned_member {
  member_ref member;
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// One normalized event. Holds no JSON: adapters translate everything into these fields.
struct chat_event {
  std::string platform;
  std::string event_id;  ///< unique per platform (Telegram: update id plus an index)
  chat_ref chat;
  member_ref author;
  event_kind kind = event_kind::message;
  std::string text;
  std::string command;  ///< command name without '/' or @bot suffix, lower-case
  std::string args;     ///< text after the command, trimmed
  std::string message_id;
  std::string reply_to_message_id;
  member_ref reply_to_author;  ///< who wrote the replied-to message (empty user_id if none)
  entity_summary entities;
  std::vector<mentioned_member> mentioned;  ///< members named by account links, in order
  /// Link targets the text does not show: text links (in the text or a caption) and URL buttons.
  std::vector<std::string> hidden_links;
  std::string invite_link;  ///< for joins, when the platform says which link was used
  std::string button_id;    ///< for button events: the press, to answer it (Telegram: query id)
  std::string request_id;   ///< for join_request: the platform's handle to answer it (QQ: flag)
  leave_reason left_because = leave_reason::left;  ///< for member_left
  std::string migrate_to_chat_id;                  ///< for chat_migrated: the chat's new id
  /// For bot_status_changed: whether the bot is still in the chat and what it may do there.
  bool bot_present = true;
  bot_rights bot;
  /// For admin-aware commands: the chat's administrators' user ids, when the platform said.
  std::optional<std::vector<std::string>> chat_admins;
  std::int64_t timestamp = 0;  ///< Unix seconds, as the platform stamped it
};

/// One delivery from a platform: the unit of de-duplication and of acknowledgement.
struct inbound_update {
  std::string platform;
  std::string update_id;
  std::string type;   ///< platform's own name for the update type, for metrics
  bool known = true;  ///< false for update types this version does not understand
  std::vector<chat_event> events;
  bool routine = false;  ///< nothing to do and nothing worth a log line (heartbeats)
  /// Non-empty: answer the request at once with this JSON (a URL-verification challenge).
  std::string handshake = {};
  bool handshake_is_text = false;  ///< answer the handshake as plain text (WeCom's echo)
};

}  // namespace steward::core
