#include "bot/core/chat_event.hpp"

namespace steward::core {

const char* to_string(event_kind kind) {
  switch (kind) {
    case event_kind::message:
      return "message";
    case event_kind::edited_message:
      return "edited_message";
    case event_kind::command:
      return "command";
    case event_kind::member_joined:
      return "member_joined";
    case event_kind::member_left:
      return "member_left";
    case event_kind::button:
      return "button";
    case event_kind::bot_status_changed:
      return "bot_status_changed";
    case event_kind::chat_migrated:
      return "chat_migrated";
    case event_kind::join_request:
      return "join_request";
  }
  return "unknown";
}

}  // namespace steward::core
