#include "bot/core/pipeline.hpp"

#include <spdlog/spdlog.h>

#include "storage/transaction.hpp"

namespace steward::core {

const char* to_string(update_outcome outcome) {
  switch (outcome) {
    case update_outcome::processed: return "ok";
    case update_outcome::duplicate: return "duplicate";
    case update_outcome::failed: return "failed";
  }
  return "failed";
}

pipeline::pipeline(storage::database& db, pipeline_stores stores, const command_table& commands,
                   std::vector<handlers::handler*> handlers,
                   std::map<std::string, const platform_adapter*, std::less<>> adapters,
                   const clock& clock, pipeline_settings settings)
    : db_(db),
      stores_(stores),
      commands_(commands),
      handlers_(std::move(handlers)),
      adapters_(std::move(adapters)),
      clock_(clock),
      settings_(std::move(settings)) {}

update_outcome pipeline::process(const inbound_update& update) {
  storage::savepoint event_savepoint(db_, "event");
  try {
    const std::int64_t now_s = clock_.now_s();
    if (!stores_.events.record(update.platform, update.update_id, now_s)) {
      event_savepoint.release();
      return update_outcome::duplicate;
    }
    for (const auto& event : update.events) process_event(event, now_s);
    event_savepoint.release();
    return update_outcome::processed;
  } catch (const std::exception& e) {
    // Only this update is undone; the platform gets a 500 and redelivers it later.
    spdlog::error("pipeline: update {}:{} failed: {}", update.platform, update.update_id, e.what());
    event_savepoint.rollback();
    return update_outcome::failed;
  }
}

void pipeline::process_event(const chat_event& event, std::int64_t now_s) {
  auto& community = stores_.community;
  if (event.kind == event_kind::chat_migrated) {
    community.migrate_chat(event.platform, event.chat.chat_id, event.migrate_to_chat_id, now_s);
    return;
  }
  const auto group = community.ensure_group(event.chat, settings_.default_time_zone, now_s);
  if (event.author.user_id.empty() || event.kind == event_kind::bot_status_changed) return;
  const auto member = community.ensure_member(group.id, event.author, now_s);
  const std::int64_t at = event.timestamp > 0 ? event.timestamp : now_s;
  switch (event.kind) {
    case event_kind::member_joined: community.record_join(member.id, at); break;
    case event_kind::member_left: community.record_leave(member.id, at); break;
    case event_kind::message:
    case event_kind::command:
      if (!event.author.is_bot) community.record_message(member.id, at);
      break;
    default: break;
  }
  for (const auto& act : run_handlers(event, group, member, now_s)) enqueue(act);
}

std::vector<action> pipeline::run_handlers(const chat_event& event,
                                           const storage::group_row& group,
                                           const storage::member_row& member, std::int64_t now_s) {
  std::optional<command_match> command;
  if ((event.kind == event_kind::message || event.kind == event_kind::command) &&
      !event.author.is_bot) {
    command = commands_.match(event.text);
  }
  std::vector<action> actions;
  const handlers::context ctx{event, group, member, command, now_s};
  for (auto* h : handlers_) {
    auto result = h->handle(ctx);
    for (auto& act : result.actions) actions.push_back(std::move(act));
    if (result.consumed) {
      spdlog::debug("pipeline: event {} handled by {}", event.event_id, h->name());
      break;
    }
  }
  return actions;
}

void pipeline::enqueue(const action& act) {
  auto adapter = adapters_.find(act.platform);
  if (adapter == adapters_.end()) {
    throw std::runtime_error("no adapter for platform '" + act.platform + "'");
  }
  for (auto& request : adapter->second->render(act)) {
    stores_.outbox.enqueue({0, act.platform, act.chat_id, request.method, request.body, 0, 0},
                           act.origin_event_id, clock_.now_ms());
  }
}

}  // namespace steward::core
