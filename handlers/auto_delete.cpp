#include "handlers/auto_delete.hpp"

#include <variant>

namespace steward::handlers {

namespace {
constexpr const char* purpose = "auto_delete";
// Deletions queued per tick at most; the rest wait for the next second.
constexpr std::size_t per_tick = 200;
}  // namespace

auto_delete_handler::auto_delete_handler(storage::auto_delete_store& store, quiet_settings settings)
    : store_(store), settings_(std::move(settings)) {}

handler_result auto_delete_handler::handle(const context& ctx) {
  const auto& e = ctx.event;
  if (!ctx.command || !e.chat.is_group || e.message_id.empty()) return {};
  const auto after = settings_.auto_delete_after(e.chat.chat_id);
  if (after <= 0) return {};
  // A member's message can go only with the right to delete others' messages; without it the
  // command is remembered all the same, so the reply to it is recognised and deleted.
  store_.schedule({e.platform, e.chat.chat_id, e.message_id}, ctx.now_s + after,
                  ctx.group.bot.can_delete != false);
  return {};
}

std::string auto_delete_handler::purpose_for(const core::action& action) {
  const auto* reply = std::get_if<core::reply_message>(&action.body);
  if (reply == nullptr || settings_.auto_delete_after(action.chat_id) <= 0) return {};
  const bool to_command = store_.scheduled({action.platform, action.chat_id, reply->to_message_id});
  return to_command ? purpose : "";
}

std::vector<core::action> auto_delete_handler::follow_up(const delivery_answer& answer,
                                                         const core::platform_adapter& platform) {
  if (answer.purpose != purpose || !answer.delivered) return {};
  const std::string id = platform.sent_message_id({200, "", answer.answer});
  const auto after = settings_.auto_delete_after(answer.chat_id);
  if (!id.empty() && after > 0) {
    store_.schedule({answer.platform, answer.chat_id, id}, answer.now_s + after);
  }
  return {};
}

std::vector<core::action> auto_delete_handler::flush_due(std::int64_t now_s) {
  std::vector<core::action> out;
  for (auto& message : store_.take_due(now_s, per_tick)) {
    out.push_back({std::move(message.platform), std::move(message.chat_id), "",
                   core::delete_message{std::move(message.message_id)}});
  }
  return out;
}

}  // namespace steward::handlers
