#pragma once

#include <set>
#include <string>
#include <vector>

#include "handlers/discipline.hpp"
#include "handlers/handler.hpp"
#include "handlers/moderation.hpp"
#include "handlers/template_book.hpp"
#include "rules/engine.hpp"
#include "storage/community_store.hpp"
#include "storage/moderation_store.hpp"

namespace steward::handlers {

/// The admin moderation commands — /warn [reason], /unwarn, /warns, /mute <duration> [reason],
/// /unmute, /kick, /ban [duration] [reason], /unban, /del, /approve, /unapprove, /reload — and
/// /report for every member. Admins are the platform's (cached getChatAdministrators) plus
/// configured ids; others get a polite refusal. Targets: the replied-to member, @username or
/// a user id. Replies confirm who, what and until when.
class mod_commands_handler : public handler {
 public:
  mod_commands_handler(rules::rules_engine& engine, storage::moderation_store& store,
                       storage::community_store& community, escalation_ladder& ladder,
                       capability_lookup caps, const template_book& book);

  std::string_view name() const override { return "mod_commands"; }
  /// The commands it answers: its entries in the command registry.
  static std::vector<core::command_spec> commands();
  handler_result handle(const context& ctx) override;
  /// Keeps what admins remove and approve as the classifier's samples (may be null: not kept).
  void set_learning(spam_learning* learning) { learning_ = learning; }

 private:
  handler_result sanction_command(const context& ctx, const std::string& command);
  handler_result lift_command(const context& ctx, const std::string& command);
  handler_result record_command(const context& ctx, const std::string& command);
  handler_result report(const context& ctx);
  handler_result forward_report(const context& ctx, storage::moderation_entry entry,
                                const std::string& reporter, const std::string& author);
  handler_result mention_admins(const context& ctx, storage::moderation_entry entry,
                                const std::string& reporter, const std::string& author);
  std::string report_refusal(const context& ctx);
  /// Reports one member may file per window: enough for a spam wave, not for harassing admins.
  static constexpr int report_limit = 3;
  static constexpr std::int64_t report_window_s = 600;
  handler_result reload(const context& ctx);
  handler_result delete_replied(const context& ctx);
  std::string refuse_target(const context& ctx, const storage::member_row& target);
  /// Writes the command to the moderation log; returns the entry's id.
  std::int64_t log(const context& ctx, std::int64_t member_id, const std::string& rule,
                   const std::string& taken, const std::string& reason, int pending_calls = 0);

  rules::rules_engine& engine_;
  storage::moderation_store& store_;
  storage::community_store& community_;
  escalation_ladder& ladder_;
  capability_lookup caps_;
  std::set<std::string> admin_ids_;
  const template_book& book_;
  spam_learning* learning_ = nullptr;
  /// Keeps the replied-to message as a spam sample (an admin removed it: /del, /ban, /kick).
  void learn_removed(const context& ctx, const std::string& source);
};

}  // namespace steward::handlers
