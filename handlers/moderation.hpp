#pragma once

#include <functional>
#include <set>
#include <string>

#include "handlers/confirmation.hpp"
#include "handlers/discipline.hpp"
#include "handlers/handler.hpp"
#include "handlers/spam_learning.hpp"
#include "rules/behaviour.hpp"
#include "rules/engine.hpp"
#include "storage/moderation_store.hpp"

namespace steward::handlers {

/// Automatic moderation. Runs first: stores the message (for replays), reads it with the rules
/// in force and the member's recent behaviour, and acts on the strongest non-shadow finding —
/// flag, delete, a step on the escalation ladder, mute, kick or ban — explaining why in the
/// chat and recording every decision in the moderation log. Admins, configured admin ids and
/// approved members are exempt. A message it removes is consumed: it earns nothing.
class moderation_handler : public handler {
 public:
  moderation_handler(rules::rules_engine& engine, storage::moderation_store& store,
                     escalation_ladder& ladder, capability_lookup caps, const template_book& book);

  std::string_view name() const override { return "moderation"; }
  handler_result handle(const context& ctx) override;

  /// Whether a member is exempt: a platform admin, a configured admin id, or approved.
  bool exempt(const context& ctx);
  /// Reads stored messages (oldest first) into the memory of recent behaviour — flood,
  /// near-duplicates, raids, ads split across messages — as they were read when they came,
  /// without acting on anything: so that a chat served anew (after a restart, or moved from
  /// another instance) is not judged with an empty memory. Commands are left out, as they are
  /// when they come. Returns how many messages were read.
  std::size_t recall(const std::vector<storage::stored_message>& recent);
  /// Lets the classifier admins taught judge messages too (rule "learned"; may be null: none).
  void set_learning(const spam_learning* learning) { learning_ = learning; }

 private:
  handler_result act(const context& ctx, const rules::verdict& v,
                     const std::vector<std::string>& also_delete);
  std::vector<core::action> removals(const context& ctx, const std::vector<std::string>& earlier,
                                     const confirmation& removal);
  sanction sanction_for(const context& ctx, const rules::verdict& v, const std::string& reason);
  /// Writes the decision to the moderation log; returns its id (0 when nothing matched).
  std::int64_t log(const context& ctx, const rules::verdict& v, const std::string& taken,
                   bool shadow, std::size_t pending_calls = 0);

  rules::rules_engine& engine_;
  storage::moderation_store& store_;
  escalation_ladder& ladder_;
  capability_lookup caps_;
  rules::behaviour_tracker behaviour_;
  std::set<std::string> admin_ids_;
  const template_book& book_;
  const spam_learning* learning_ = nullptr;
};

/// A short human description of why a verdict acted ("contact details (phone)"), as plain text
/// from the group's templates.
std::string describe_reason(const rules::verdict& v, core::language lang, const template_book& book,
                            const std::string& chat_id);

}  // namespace steward::handlers
