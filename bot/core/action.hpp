#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace steward::core {

/// A button under a message; pressing it comes back as a `button` event carrying `data`.
struct inline_button {
  std::string label;
  std::string data;
};

/// Post a new message in the chat.
struct send_message {
  explicit send_message(std::string text, bool html = false, std::string purpose = {},
                        std::vector<inline_button> buttons = {})
      : text(std::move(text)),
        html(html),
        purpose(std::move(purpose)),
        buttons(std::move(buttons)) {}
  std::string text;
  bool html = false;    ///< text is the platform's HTML subset (operator templates)
  std::string purpose;  ///< non-empty: the answer (with the new message's id) comes back
  std::vector<inline_button> buttons;  ///< one row of buttons under the message
};
/// Replace the text (and buttons) of a message the bot posted earlier.
struct edit_message {
  std::string message_id;
  std::string text;
  bool html = false;
  std::vector<inline_button> buttons;  ///< empty: the message keeps no buttons
};
/// Answer a button press (stops the member's client waiting; `text` shows as a short notice).
struct answer_button {
  std::string button_id;  ///< the press, as the platform named it (chat_event::button_id)
  std::string text;
};
/// Post a message that replies to (quotes) an earlier one.
struct reply_message {
  reply_message(std::string text, std::string to_message_id, bool html = false)
      : text(std::move(text)), to_message_id(std::move(to_message_id)), html(html) {}
  std::string text;
  std::string to_message_id;
  bool html = false;  ///< text is the platform's HTML subset (operator templates)
};
/// Remove a message.
struct delete_message {
  std::string message_id;
};
/// Mute a member until a Unix time (0 = forever).
struct restrict_member {
  std::string user_id;
  std::int64_t until = 0;
};
/// Give a muted member their permissions back.
struct lift_restriction {
  std::string user_id;
};
/// Remove a member who may come back.
struct kick_member {
  std::string user_id;
};
/// Remove a member and keep them out until a Unix time (0 = forever).
struct ban_member {
  std::string user_id;
  std::int64_t until = 0;
};
/// Let a banned member back in (never removes a current member).
struct unban_member {
  std::string user_id;
};

/// Copy a message from another chat into this one, showing where it came from.
struct forward_message {
  std::string from_chat_id;
  std::string message_id;
};

/// Ask the platform what the bot itself may do in the chat; the answer comes back to the core
/// as a "bot_rights" follow-up.
struct ask_bot_rights {};

/// Answer someone's request to join the chat (chat_event::request_id).
struct answer_join_request {
  std::string request_id;
  bool approve = false;
  std::string reason;  ///< shown to them when refused
};

/// Ask the platform for a member's name (platforms whose events carry none: Slack, Feishu); the
/// answer comes back to the core as a "member_name" follow-up, its purpose_ref the user id.
struct ask_member_name {
  std::string user_id;
};

/// Create a personal invite link; its answer comes back to the core as a delivery follow-up.
struct create_invite_link {
  std::string name;        ///< shown to admins in the chat's link list
  std::string for_member;  ///< our member id, carried to the follow-up
  std::string reply_to_message_id;
  std::string language = {};  ///< "zh" or "en": the answer's language, carried to the follow-up
};

/// React to a message with an emoji (a quieter answer than a reply).
struct react_to_message {
  std::string message_id;
  std::string emoji;
};

/// Everything a rule or handler can ask the net layer to do.
using action_body =
    std::variant<send_message, reply_message, delete_message, restrict_member, lift_restriction,
                 kick_member, ban_member, unban_member, create_invite_link, forward_message,
                 ask_bot_rights, react_to_message, edit_message, answer_button, ask_member_name,
                 answer_join_request>;

/// An action with its chat and the event that caused it.
struct action {
  std::string platform;
  std::string chat_id;
  std::string origin_event_id;
  action_body body;
  /// Non-empty: the platform's answer to the (first) call comes back to the follow-up handlers
  /// under this purpose, e.g. so a sanction is announced only once the platform confirmed it.
  std::string purpose = {};
  std::string purpose_ref = {};  ///< what the follow-up needs to know
  /// The template the message renders ("welcome", "schedule:<id>" …), counted in the group's
  /// roll-ups as a template send once the platform delivered it.
  std::string label = {};
};

}  // namespace steward::core
