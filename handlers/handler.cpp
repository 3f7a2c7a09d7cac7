#include "handlers/handler.hpp"

namespace steward::handlers {

core::action reply_to(const core::chat_event& event, std::string text, bool html) {
  return core::action{event.platform, event.chat.chat_id, event.event_id,
                      core::reply_message{std::move(text), event.message_id, html}};
}

core::action act_in(const core::chat_event& event, core::action_body body) {
  return core::action{event.platform, event.chat.chat_id, event.event_id, std::move(body)};
}

core::action labelled(core::action action, std::string label) {
  action.label = std::move(label);
  return action;
}

core::action post_in(const core::chat_event& event, std::string text, bool html) {
  return core::action{event.platform, event.chat.chat_id, event.event_id,
                      core::send_message{std::move(text), html}};
}

}  // namespace steward::handlers
