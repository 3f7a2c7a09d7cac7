#include "bot/core/pipeline.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "bot/core/log.hpp"
#include "storage/transaction.hpp"

namespace steward::core {

const char* to_string(update_outcome outcome) {
  switch (outcome) {
    case update_outcome::processed:
      return "ok";
    case update_outcome::duplicate:
      return "duplicate";
    case update_outcome::failed:
      return "failed";
    case update_outcome::unavailable:
      return "unavailable";
    case update_outcome::elsewhere:
      return "elsewhere";
  }
  return "failed";
}

pipeline::pipeline(storage::backend& db, pipeline_stores stores, const command_table& commands,
                   std::vector<handlers::handler*> handlers,
                   std::map<std::string, const platform_adapter*, std::less<>> adapters,
                   const clock& clock, pipeline_settings settings)
    : db_(db),
      stores_(stores),
      commands_(commands),
      handlers_(std::move(handlers)),
      adapters_(std::move(adapters)),
      clock_(clock),
      settings_(std::move(settings)) {
  answers_commands_.assign(handlers_.size(), false);
  for (const auto& spec : commands_.specs()) {
    const auto owner = std::find_if(handlers_.begin(), handlers_.end(),
                                    [&](const auto* h) { return h->name() == spec.owner; });
    if (owner == handlers_.end()) {
      throw std::logic_error("command /" + spec.name + " is answered by handler '" + spec.owner +
                             "', which the pipeline does not have");
    }
    const auto index = static_cast<std::size_t>(owner - handlers_.begin());
    owner_of_[spec.name] = index;
    answers_commands_[index] = true;
  }
}

update_outcome pipeline::process(const inbound_update& update) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<event_summary> summaries;
  update_outcome outcome = update_outcome::processed;
  storage::savepoint event_savepoint(db_, "event");
  const auto tallies_before = tallies_.size();
  const auto rollups_before = rollups_ ? rollups_->mark() : std::pair<std::size_t, std::size_t>{};
  try {
    const std::int64_t now_s = clock_.now_s();
    if (stores_.events.record(update.platform, update.update_id, now_s)) {
      for (const auto& event : update.events)
        summaries.push_back(process_event(event, now_s));
    } else {
      outcome = update_outcome::duplicate;
    }
    event_savepoint.release();
  } catch (const std::exception& e) {
    // Only this update is undone; the platform gets a 500 and redelivers it later.
    const auto* first = update.events.empty() ? nullptr : &update.events.front();
    log_error("update.failed", "the update was rolled back; the platform will redeliver it",
              {field("platform", update.platform), field("update_id", update.update_id),
               field("chat", first ? first->chat.chat_id : ""),
               field("member", first ? first->author.user_id : ""), field("error", e.what())});
    event_savepoint.rollback();
    tallies_.resize(tallies_before);
    if (rollups_) rollups_->undo_to(rollups_before);
    outcome = update_outcome::failed;
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  log_update(update, outcome, summaries, took.count());
  return outcome;
}

void pipeline::log_update(const inbound_update& update, update_outcome outcome,
                          const std::vector<event_summary>& summaries, double seconds) const {
  if (!log_enabled(log_level::info)) return;  // the fields below cost more than the check
  const auto common = [&] {
    return std::vector<log_field>{field("platform", update.platform),
                                  field("update_id", update.update_id), field("type", update.type),
                                  field("outcome", to_string(outcome)),
                                  field("latency_ms", seconds * 1000)};
  };
  if (update.events.empty()) {
    log(log_level::info, "update", to_string(outcome), common());
    return;
  }
  // One line per event (an update usually holds one): which chat, which member, who handled it.
  for (std::size_t i = 0; i < update.events.size(); ++i) {
    const auto& e = update.events[i];
    const auto summary = i < summaries.size() ? summaries[i] : event_summary{};
    auto fields = common();
    fields.push_back(field("kind", to_string(e.kind)));
    fields.push_back(field("chat", e.chat.chat_id));
    fields.push_back(field("member", e.author.user_id));
    fields.push_back(field("handler", summary.handler));
    fields.push_back(field("actions", summary.actions));
    log(log_level::info, "update", to_string(outcome), fields);
  }
}

pipeline::event_summary pipeline::process_event(const chat_event& original, std::int64_t now_s) {
  auto& community = stores_.community;
  chat_event kicked;
  std::optional<chat_event> admin;  // built only for a configured admin's event
  const chat_event& event = with_admin_status(as_reported(original, kicked, now_s), admin);
  if (event.kind == event_kind::chat_migrated) {
    community.migrate_chat(event.platform, event.chat.chat_id, event.migrate_to_chat_id, now_s);
    if (on_migrated_) {
      on_migrated_(event.platform, event.chat.chat_id, event.migrate_to_chat_id, now_s);
    }
    return {"migrate", 0};
  }
  if (!event.chat.is_group) return private_chat(event);
  const auto group = community.ensure_group(event.chat, settings_.default_time_zone, now_s);
  if (event.kind == event_kind::bot_status_changed) return bot_status_changed(event, group);
  ask_bot_rights_once(event, group);
  if (event.kind == event_kind::join_request) return join_request(event);
  if (event.author.user_id.empty()) return {};
  const auto member = community.ensure_member(group.id, event.author, now_s);
  std::optional<chat_event> named;  // built only when the platform did not name the author
  return handle_member_event(with_known_name(event, member, named), group, member, now_s);
}

pipeline::event_summary pipeline::handle_member_event(const chat_event& event,
                                                      const storage::group_row& group,
                                                      const storage::member_row& member,
                                                      std::int64_t now_s) {
  auto& community = stores_.community;
  const std::int64_t at = event_time(event, now_s);
  switch (event.kind) {
    case event_kind::member_joined:
      community.record_join(member.id, at);
      break;
    case event_kind::member_left:
      community.record_leave(member.id, at);
      break;
    case event_kind::message:
    case event_kind::command:
      if (!event.author.is_bot) community.record_message(member.id, at, member.present);
      break;
    default:
      break;
  }
  return run_handlers(event, group, member, now_s, at);
}

std::int64_t event_time(const chat_event& event, std::int64_t now_s) {
  if (event.timestamp <= 0) return now_s;
  if (event.timestamp < earliest_event_time_s || event.timestamp > now_s + 86400) {
    // A date from before Telegram's bots, or more than a day ahead of our clock: not to be
    // trusted for days, streaks or windows. The moment it reached us is.
    log_warn("update.clock", "the event's date cannot be right; using the time it arrived",
             {field("platform", event.platform), field("event_id", event.event_id),
              field("chat", event.chat.chat_id), field("dated", event.timestamp),
              field("offset_s", event.timestamp - now_s)});
    return now_s;
  }
  return event.timestamp;
}

// A group whose rights the platform never told us (the bot was added before Steward ran, or
// before my_chat_member was delivered): ask once per run. If the update is rolled back the
// question is lost until the next start; moderation meanwhile assumes the rights and learns from
// the answers to its calls.
void pipeline::ask_bot_rights_once(const chat_event& event, const storage::group_row& group) {
  if (group.bot.is_admin.has_value()) return;
  if (!asked_rights_.insert(event.platform + ":" + event.chat.chat_id).second) return;
  enqueue({event.platform, event.chat.chat_id, event.event_id, ask_bot_rights{}});
}

const chat_event& pipeline::with_known_name(const chat_event& event,
                                            const storage::member_row& member,
                                            std::optional<chat_event>& named) {
  if (!event.author.display_name.empty()) return event;
  if (member.display_name.empty()) {
    const auto key = event.platform + ":" + event.chat.chat_id + ":" + event.author.user_id;
    if (asked_names_.insert(key).second) {
      enqueue({event.platform, event.chat.chat_id, event.event_id,
               ask_member_name{event.author.user_id}});
    }
    return event;
  }
  named = event;
  named->author.display_name = member.display_name;
  return *named;
}

pipeline::event_summary pipeline::join_request(const chat_event& event) {
  if (!on_join_request_ || event.request_id.empty()) return {"join_request", 0};
  const auto actions = on_join_request_(event);
  for (const auto& act : actions)
    enqueue(act);
  return {"join_request", actions.size()};
}

// A private chat stores nothing: no group, no member, no activity.
pipeline::event_summary pipeline::private_chat(const chat_event& event) {
  if (!on_private_chat_ || event.author.user_id.empty() ||
      (event.kind != event_kind::message && event.kind != event_kind::command)) {
    return {"private", 0};
  }
  const auto actions = on_private_chat_(event, commands_.match(event.text));
  for (const auto& act : actions)
    enqueue(act);
  return {"private", actions.size()};
}

// What the bot may do in a group is what the platform last told us (capabilities follow it).
pipeline::event_summary pipeline::bot_status_changed(const chat_event& event,
                                                     const storage::group_row& group) {
  if (!event.bot_present) return {"bot_status", 0};
  stores_.community.learn_bot_rights(group.id, event.bot);
  if (!on_bot_status_) return {"bot_status", 0};
  const auto actions = on_bot_status_(event, group, group.bot);
  for (const auto& act : actions)
    enqueue(act);
  return {"bot_status", actions.size()};
}

pipeline::event_summary pipeline::run_handlers(const chat_event& event,
                                               const storage::group_row& group,
                                               const storage::member_row& member,
                                               std::int64_t now_s, std::int64_t at) {
  std::optional<command_match> command;
  if ((event.kind == event_kind::message || event.kind == event_kind::command) &&
      !event.author.is_bot) {
    command = commands_.match(event.text);
  }
  event_summary summary;
  const auto today = local_day_at(at, group.time_zone);
  if (!today) throw std::runtime_error(today.failure().message);
  const handlers::context ctx{event, group, member, command, now_s, at, *today};
  const auto tallies_before = tallies_.size();
  // One lookup dispatches a command: of the handlers that answer commands only its owner runs,
  // while the others (moderation, rewards, FAQ) see every message.
  const auto owner = command ? owner_of_.find(command->name) : owner_of_.end();
  for (std::size_t i = 0; i < handlers_.size(); ++i) {
    if (owner != owner_of_.end() && i != owner->second && answers_commands_[i]) continue;
    auto* h = handlers_[i];
    auto result = h->handle(ctx);
    for (const auto& act : result.actions)
      enqueue(act);
    for (auto& t : result.tallies)
      tallies_.push_back(std::move(t));
    summary.actions += result.actions.size();
    if (result.consumed) {
      summary.handler = h->name();
      break;
    }
  }
  if (observer_) {
    observer_->observe(ctx, std::span<const tally>(tallies_).subspan(tallies_before));
  }
  return summary;
}

void pipeline::follow_up(const handlers::delivery_answer& answer) {
  auto adapter = adapters_.find(answer.platform);
  if (adapter == adapters_.end()) return;
  run_isolated("follow-up " + answer.purpose, [&] {
    for (auto* handler : follow_ups_) {
      for (const auto& act : handler->follow_up(answer, *adapter->second))
        enqueue(act);
    }
  });
}

void pipeline::before_commit() {
  if (rollups_) rollups_->flush();
}

void pipeline::drop_uncommitted() {
  tallies_.clear();
  if (rollups_) rollups_->discard();
}

bool pipeline::run_isolated(const std::string& what, const std::function<void()>& work) {
  storage::savepoint isolated(db_, "isolated");
  const auto tallies_before = tallies_.size();
  const auto rollups_before = rollups_ ? rollups_->mark() : std::pair<std::size_t, std::size_t>{};
  try {
    work();
    isolated.release();
    return true;
  } catch (const std::exception& e) {
    // Undo only this work: failing the whole batch would fail it again on every retry.
    log_error("core.work_failed", what + " failed and was undone alone",
              {field("work", what), field("error", e.what())});
    isolated.rollback();
    tallies_.resize(tallies_before);
    if (rollups_) rollups_->undo_to(rollups_before);
    return false;
  }
}

// Telegram reports Steward's kick (a ban, then an unban) as a ban: it was a kick if Steward asked
// for one for this member in the last ten minutes. (After a restart in between, a ban.)
// Members named in moderation.admin_ids are admins wherever they write; every handler then asks
// one question (is the author an admin?) and gets the same answer.
const chat_event& pipeline::with_admin_status(const chat_event& event,
                                              std::optional<chat_event>& copy) const {
  if (event.author.is_admin == true || !settings_.admin_ids.contains(event.author.user_id)) {
    return event;
  }
  copy.emplace(event);
  copy->author.is_admin = true;
  return *copy;
}

const chat_event& pipeline::as_reported(const chat_event& event, chat_event& copy,
                                        std::int64_t now_s) const {
  if (event.kind != event_kind::member_left || event.left_because != leave_reason::banned) {
    return event;
  }
  const auto it =
      recent_kicks_.find(event.platform + ":" + event.chat.chat_id + ":" + event.author.user_id);
  if (it == recent_kicks_.end() || now_s - it->second > kick_memory_s) return event;
  copy = event;
  copy.left_because = leave_reason::kicked;
  return copy;
}

void pipeline::remember_kick(const action& act) {
  const auto* kick = std::get_if<kick_member>(&act.body);
  if (kick == nullptr) return;
  const auto now_s = clock_.now_s();
  std::erase_if(recent_kicks_, [&](const auto& k) { return now_s - k.second > kick_memory_s; });
  recent_kicks_[act.platform + ":" + act.chat_id + ":" + kick->user_id] = now_s;
}

void pipeline::enqueue(const action& act) {
  if (mark_purpose_ && act.purpose.empty()) {
    if (auto purpose = mark_purpose_(act); !purpose.empty()) {
      action marked = act;
      marked.purpose = std::move(purpose);
      render(marked);
      return answer_unsupported();
    }
  }
  render(act);
  answer_unsupported();
}

// An action the platform has no call for, whose answer someone waits for (a sanction to
// announce, an invite link to hand out), is answered as refused: nothing happened, and the
// follow-ups say so instead of waiting for ever.
void pipeline::answer_unsupported() {
  if (answering_unsupported_) return;  // the loop below is already draining the list
  answering_unsupported_ = true;
  while (!unsupported_.empty()) {
    auto answer = std::move(unsupported_.front());
    unsupported_.erase(unsupported_.begin());
    follow_up(answer);
  }
  answering_unsupported_ = false;
}

void pipeline::render(const action& act) {
  remember_kick(act);
  auto adapter = adapters_.find(act.platform);
  if (adapter == adapters_.end()) {
    throw std::runtime_error("no adapter for platform '" + act.platform + "'");
  }
  auto requests = adapter->second->render(act);
  if (requests.empty() && !act.purpose.empty()) {
    unsupported_.push_back({act.platform, act.chat_id, act.purpose, act.purpose_ref,
                            "unsupported: " + act.platform + " has no call for this",
                            clock_.now_s(), false, delivery_failure::unsupported});
  }
  bool first = true;
  for (auto& request : requests) {
    storage::outbox_row row{
        0, act.platform,    act.chat_id,         request.method,     request.body, 0,
        0, request.purpose, request.purpose_ref, request.not_after_s};
    if (first) row.label = act.label;  // the message itself, not a call that goes with it
    first = false;
    stores_.outbox.enqueue(row, act.origin_event_id, clock_.now_ms());
  }
}

void pipeline::count_send(const std::string& platform, const std::string& chat_id,
                          const std::string& label, std::int64_t now_s) {
  if (rollups_ == nullptr) return;
  const auto group = stores_.community.find_group(platform, chat_id);
  if (!group) return;  // a private chat: no group to count it for
  if (const auto hour = local_hour_at(now_s, group->time_zone)) {
    rollups_->add_keyed(group->id, *hour, "template", label);
  }
}

}  // namespace steward::core
