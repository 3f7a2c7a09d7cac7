#pragma once

#include <string>
#include <vector>

#include "handlers/confirmation.hpp"
#include "handlers/handler.hpp"
#include "handlers/template_book.hpp"
#include "rules/rules_config.hpp"
#include "storage/community_store.hpp"
#include "storage/moderation_store.hpp"

namespace steward::handlers {

/// What becomes of a confirmed call once the platform answered. Confirmed: its notice is posted
/// and its moderation-log entry settles as done. Refused or unreachable: the entry records
/// `failed` with the platform's reason, the chat (or, for automatic moderation, the report chat)
/// is told plainly what could not be done and why, a missing right is remembered so later
/// decisions use the fallback, and a mute Telegram allows only in supergroups falls back to a
/// kick when the ladder's fallback is "kick".
class sanction_outcomes : public follow_up_handler {
 public:
  sanction_outcomes(storage::moderation_store& log, storage::community_store& community,
                    const rules::rules_config& cfg, const template_book& book);

  std::vector<core::action> follow_up(const delivery_answer& answer,
                                      const core::platform_adapter& platform) override;

 private:
  std::vector<core::action> on_failure(const delivery_answer& answer, const confirmation& c,
                                       core::refusal why);
  void learn_rights(const confirmation& c, core::refusal why);
  core::action tell(const delivery_answer& answer, const confirmation& c, std::string text,
                    bool html);

  storage::moderation_store& log_;
  storage::community_store& community_;
  const rules::rules_config& cfg_;
  const template_book& book_;
};

/// Why a confirmed call did not go through, from how it failed and what the platform said.
core::refusal refusal_of(const delivery_answer& answer, const core::platform_adapter& platform);

}  // namespace steward::handlers
