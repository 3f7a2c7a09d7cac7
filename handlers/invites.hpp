#pragma once

#include <vector>

#include "handlers/badges.hpp"
#include "handlers/handler.hpp"
#include "storage/invite_store.hpp"
#include "storage/ledger_store.hpp"

namespace steward::handlers {

/// When an invite counts, and what it is worth.
struct invite_settings {
  std::int64_t stay_days = 3;     ///< the newcomer must still be in the group after this long
  std::int64_t min_messages = 3;  ///< ... and have sent this many messages (or checked in)
  std::int64_t inviter_points = 50;
  std::int64_t invitee_points = 20;
};

/// /invite (邀请) gives a member their personal invite link (created once through the
/// platform, then reused). A join through it is recorded unless it is a self-invite, a bot or a
/// re-join; once the newcomer has stayed and taken part, both sides are credited (housekeeping).
class invites_handler final : public handler, public follow_up_handler {
 public:
  invites_handler(storage::invite_store& invites, storage::ledger_store& ledger,
                  badge_rules& badges, invite_settings settings);
  std::string_view name() const override { return "invites"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;
  std::vector<core::action> follow_up(const delivery_answer& answer,
                                      const core::platform_adapter& platform) override;
  /// Credits every invite that is due at `now_s`; returns the announcements to post.
  std::vector<core::action> credit_due(std::int64_t now_s);

 private:
  handler_result give_link(const context& ctx);
  void record_join(const context& ctx);
  storage::invite_store& invites_;
  storage::ledger_store& ledger_;
  badge_rules& badges_;
  invite_settings settings_;
};

}  // namespace steward::handlers
