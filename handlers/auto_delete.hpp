#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "handlers/handler.hpp"
#include "handlers/quiet_settings.hpp"
#include "storage/auto_delete_store.hpp"

namespace steward::handlers {

/// Auto-delete for quiet groups: a member's command and Steward's reply to it are deleted a
/// while after they were posted (the reply counted from when the platform delivered it). The
/// command is deleted only where the bot may delete others' messages (or may not be known to
/// be unable to); its own replies always. Deletions wait in the database, so they survive a
/// restart, and go out through the outbox like every other call.
class auto_delete_handler final : public handler, public follow_up_handler {
 public:
  auto_delete_handler(storage::auto_delete_store& store, quiet_settings settings);

  std::string_view name() const override { return "auto_delete"; }
  /// Schedules a command message's deletion; never consumes the event.
  handler_result handle(const context& ctx) override;
  /// Schedules a delivered reply's deletion.
  std::vector<core::action> follow_up(const delivery_answer& answer,
                                      const core::platform_adapter& platform) override;
  /// The purpose a reply to a scheduled command gets, so its message id comes back; empty for
  /// every other action.
  std::string purpose_for(const core::action& action);
  /// The deletions due by `now_s`.
  std::vector<core::action> flush_due(std::int64_t now_s);
  /// The settings in force (for the badge digest, which shares them).
  const quiet_settings& settings() const { return settings_; }

 private:
  storage::auto_delete_store& store_;
  quiet_settings settings_;
};

}  // namespace steward::handlers
