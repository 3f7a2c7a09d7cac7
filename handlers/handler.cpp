#include "handlers/handler.hpp"

namespace steward::handlers {

core::action reply_to(const core::chat_event& event, std::string text) {
  return core::action{event.platform, event.chat.chat_id, event.event_id,
                      core::reply_message{std::move(text), event.message_id}};
}

}  // namespace steward::handlers
