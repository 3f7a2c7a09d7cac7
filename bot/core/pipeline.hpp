#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bot/core/chat_event.hpp"
#include "bot/core/clock.hpp"
#include "bot/core/command.hpp"
#include "bot/core/platform.hpp"
#include "handlers/handler.hpp"
#include "storage/analytics_store.hpp"
#include "storage/community_store.hpp"
#include "storage/event_store.hpp"
#include "storage/outbox_store.hpp"

namespace steward::storage {
class backend;
}

namespace steward::core {

/// Settings of the per-event pipeline.
struct pipeline_settings {
  std::string default_time_zone = "Asia/Shanghai";  ///< for groups seen for the first time
  /// moderation.admin_ids: members who are admins in every group, whatever the platform says.
  /// The one place this is decided: their events reach the handlers marked as an admin's.
  std::set<std::string, std::less<>> admin_ids = {};
};

/// The stores the pipeline itself writes.
struct pipeline_stores {
  storage::event_store& events;
  storage::community_store& community;
  storage::outbox_store& outbox;
};

/// What became of one update.
/// What became of an update: `failed` is answered 500 and `unavailable` (the database is away)
/// 503; the platform redelivers both.
/// What became of an update: `unavailable` — the database is away; `elsewhere` — its chat is
/// served by another instance now (both answered 503: the platform redelivers).
enum class update_outcome { processed, duplicate, failed, unavailable, elsewhere };

/// Stable lower-case name of an outcome, for logs and metrics.
const char* to_string(update_outcome outcome);

/// 2013-01-01 UTC: no chat platform Steward serves stamped a bot's update before it.
inline constexpr std::int64_t earliest_event_time_s = 1'356'998'400;

/// When an event happened: its platform's timestamp when that is sane (not before
/// earliest_event_time_s, not more than a day ahead of `now_s`), else `now_s` (logged).
std::int64_t event_time(const chat_event& event, std::int64_t now_s);

/// One update's way through the core: de-duplicate → member facts → handlers → actions rendered
/// into the outbox, all inside one savepoint of the caller's open write transaction.
class pipeline {
 public:
  pipeline(storage::backend& db, pipeline_stores stores, const command_table& commands,
           std::vector<handlers::handler*> handlers,
           std::map<std::string, const platform_adapter*, std::less<>> adapters, const clock& clock,
           pipeline_settings settings);

  /// Processes one update; on failure its savepoint is rolled back and `failed` returned.
  update_outcome process(const inbound_update& update);
  /// Hands a purposeful call's answer to the follow-up handlers and queues what they decide.
  void follow_up(const handlers::delivery_answer& answer);
  /// Counts a delivered message that rendered template `label` in the group's roll-ups.
  void count_send(const std::string& platform, const std::string& chat_id, const std::string& label,
                  std::int64_t now_s);
  /// Registers the follow-up handlers (before the core thread starts).
  void set_follow_ups(std::vector<handlers::follow_up_handler*> handlers) {
    follow_ups_ = std::move(handlers);
  }
  /// Called when a chat moved to a new id (a group upgraded to a supergroup), after its members
  /// were moved, inside the update's savepoint; for state kept by chat id. Before start.
  using migration_hook = std::function<void(const std::string& platform, const std::string& from,
                                            const std::string& to, std::int64_t now_s)>;
  void on_chat_migrated(migration_hook hook) { on_migrated_ = std::move(hook); }
  /// Called when the bot's own status in a group changed, after the new rights were stored;
  /// returns what to post about it (`before`: the rights as they were). Before start.
  using bot_status_hook = std::function<std::vector<action>(
      const chat_event& event, const storage::group_row& group, const bot_rights& before)>;
  void on_bot_status(bot_status_hook hook) { on_bot_status_ = std::move(hook); }
  /// Answers an event in a private (one-to-one) chat, which never becomes a group. Before start.
  using private_chat_hook = std::function<std::vector<action>(
      const chat_event& event, const std::optional<command_match>& command)>;
  void on_private_chat(private_chat_hook hook) { on_private_chat_ = std::move(hook); }
  /// Answers a request to join a group (or leaves it to the admins: no actions). Before start.
  using join_request_hook = std::function<std::vector<action>(const chat_event& event)>;
  void on_join_request(join_request_hook hook) { on_join_request_ = std::move(hook); }
  /// Gives an action queued without a purpose one, so its answer comes back to the follow-ups
  /// (auto-delete marks replies to commands); the marker returns "" to leave it. Before start.
  using purpose_marker = std::function<std::string(const action&)>;
  void mark_purposes(purpose_marker marker) { mark_purpose_ = std::move(marker); }
  /// Registers the roll-ups: `observer` sees every member event after its handlers, and what it
  /// gathers in `rollups` is undone with a rolled-back update. Before start.
  void set_rollups(handlers::event_observer* observer, storage::analytics_store* rollups) {
    observer_ = observer;
    rollups_ = rollups;
  }
  /// What the handlers of the updates processed since the last call counted (see core::tally);
  /// the caller counts them once their transaction committed, or drops them.
  std::vector<tally> take_tallies() { return std::exchange(tallies_, {}); }
  /// Writes what the batch gathered for the roll-ups; called right before the batch commits.
  void before_commit();
  /// Forgets everything the batch gathered (tallies, roll-ups): its transaction rolled back.
  void drop_uncommitted();
  /// Renders an action into the outbox (for work that starts outside an update).
  void enqueue(const action& act);
  /// Runs `work` in its own savepoint; a failure is logged and undone alone. Returns success.
  bool run_isolated(const std::string& what, const std::function<void()>& work);

 private:
  /// What one event led to, for the per-update log line.
  struct event_summary {
    std::string_view handler = "-";
    std::size_t actions = 0;
  };

  /// Renders an action into outbox rows.
  void render(const action& act);
  /// Gives the follow-ups the answers of actions the platform could not render.
  void answer_unsupported();
  event_summary process_event(const chat_event& event, std::int64_t now_s);
  event_summary bot_status_changed(const chat_event& event, const storage::group_row& group);
  event_summary private_chat(const chat_event& event);
  /// Someone who is not a member yet asks to join: no member row is made for them.
  event_summary join_request(const chat_event& event);
  void ask_bot_rights_once(const chat_event& event, const storage::group_row& group);
  /// The event with its author's name filled in from what Steward knows (platforms whose events
  /// carry none); the platform is asked once per run for a name Steward does not know yet.
  const chat_event& with_known_name(const chat_event& event, const storage::member_row& member,
                                    std::optional<chat_event>& named);
  event_summary handle_member_event(const chat_event& event, const storage::group_row& group,
                                    const storage::member_row& member, std::int64_t now_s);
  event_summary run_handlers(const chat_event& event, const storage::group_row& group,
                             const storage::member_row& member, std::int64_t now_s,
                             std::int64_t at);
  void log_update(const inbound_update& update, update_outcome outcome,
                  const std::vector<event_summary>& summaries, double seconds) const;

  storage::backend& db_;
  pipeline_stores stores_;
  const command_table& commands_;
  std::vector<handlers::handler*> handlers_;
  std::map<std::string, std::size_t, std::less<>> owner_of_;  // command → its handler's index
  std::vector<bool> answers_commands_;  // by handler index: it answers some command
  purpose_marker mark_purpose_;
  std::map<std::string, const platform_adapter*, std::less<>> adapters_;
  const clock& clock_;
  pipeline_settings settings_;
  std::vector<handlers::follow_up_handler*> follow_ups_;
  std::vector<handlers::delivery_answer> unsupported_;  ///< waiting for answer_unsupported()
  bool answering_unsupported_ = false;
  migration_hook on_migrated_;
  bot_status_hook on_bot_status_;
  private_chat_hook on_private_chat_;
  join_request_hook on_join_request_;
  std::set<std::string> asked_rights_;  // platform:chat asked for the bot's rights this run
  std::set<std::string> asked_names_;   // platform:chat:user asked for a name this run
  std::vector<tally> tallies_;          // of updates processed, not yet committed
  // Kicks Steward asked for lately (platform:chat:user → when), so that the ban a kick is made
  // of on Telegram counts as a kick when the member's departure arrives.
  std::map<std::string, std::int64_t> recent_kicks_;
  static constexpr std::int64_t kick_memory_s = 600;
  const chat_event& as_reported(const chat_event& event, chat_event& copy,
                                std::int64_t now_s) const;
  const chat_event& with_admin_status(const chat_event& event,
                                      std::optional<chat_event>& copy) const;
  void remember_kick(const action& act);
  handlers::event_observer* observer_ = nullptr;
  storage::analytics_store* rollups_ = nullptr;
};

}  // namespace steward::core
