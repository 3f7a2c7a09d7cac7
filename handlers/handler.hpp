#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/chat_event.hpp"
#include "bot/core/command.hpp"
#include "bot/core/local_day.hpp"
#include "bot/core/platform.hpp"
#include "bot/core/tally.hpp"
#include "storage/community_store.hpp"

namespace steward::handlers {

/// What a handler sees: the event, its group and member as stored, the command, if any, and the
/// event's local day in the group's time zone.
struct context {
  const core::chat_event& event;
  const storage::group_row& group;
  const storage::member_row& member;
  const std::optional<core::command_match>& command;
  std::int64_t now_s = 0;
  std::int64_t at = 0;  ///< when it happened: the platform's timestamp, else now_s
  const core::local_day& today;
};

/// What a handler decided: actions for the net layer, and whether later handlers are skipped.
struct handler_result {
  std::vector<core::action> actions;
  bool consumed = false;
  std::vector<core::tally> tallies = {};  ///< counted in /metrics once the update commits
};

/// One piece of bot behaviour. Runs on the core thread inside the event's savepoint; may write
/// state through its stores, never performs I/O.
class handler {
 public:
  virtual ~handler() = default;
  /// A short stable name for logs.
  virtual std::string_view name() const = 0;
  /// Handles the event (or not: an empty, unconsumed result).
  virtual handler_result handle(const context& ctx) = 0;
};

/// Sees every member event after the handlers ran, with what they counted (the roll-ups).
class event_observer {
 public:
  virtual ~event_observer() = default;
  /// Called inside the event's savepoint; `tallies`: what this event's handlers counted.
  virtual void observe(const context& ctx, std::span<const core::tally> tallies) = 0;
};

/// A platform's answer to an outbox call that was made with a purpose.
struct delivery_answer {
  std::string platform;
  std::string chat_id;
  std::string purpose;
  std::string purpose_ref;
  std::string answer;  ///< the platform's answer, or the error when not delivered
  std::int64_t now_s = 0;
  bool delivered = true;  ///< false: the call failed for good (its answer is the error)
  core::delivery_failure why = core::delivery_failure::none;
};

/// What a platform can do, by platform name.
using capability_lookup = std::function<core::capabilities(const std::string& platform)>;

/// Acts on the answers of purposeful calls (on the core thread, in the batch's transaction).
class follow_up_handler {
 public:
  virtual ~follow_up_handler() = default;
  /// Actions to take now that `answer` arrived (empty if the purpose is not this handler's).
  virtual std::vector<core::action> follow_up(const delivery_answer& answer,
                                              const core::platform_adapter& platform) = 0;
};

/// A reply to the event's message in the event's chat (`html`: a rendered template).
core::action reply_to(const core::chat_event& event, std::string text, bool html = false);
/// A new message in the event's chat (`html`: a rendered template).
core::action post_in(const core::chat_event& event, std::string text, bool html = false);
/// Any platform call in the event's chat (delete, mute, ban …), caused by the event.
core::action act_in(const core::chat_event& event, core::action_body body);
/// `action`, marked as rendering template `label` (counted as a template send once delivered).
core::action labelled(core::action action, std::string label);

}  // namespace steward::handlers
