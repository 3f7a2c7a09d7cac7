#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/command.hpp"
#include "handlers/discipline.hpp"
#include "handlers/moderation.hpp"
#include "storage/community_store.hpp"
#include "storage/moderation_store.hpp"

namespace steward::handlers {

/// A measure an operator takes from the console or the admin API.
struct sanction_order {
  std::string kind;          ///< warn, mute, kick, ban, unmute or unban
  std::int64_t seconds = 0;  ///< mute and ban: how long (0: the ladder's mute / a ban for good)
  std::string reason;
  bool announce = true;  ///< tell the group once the platform confirmed it
  std::string actor;     ///< who, for the moderation log ("api:<token name>")
};

/// What became of an order. Nothing is announced here: a notice goes out only after the
/// platform confirmed the call (the follow-up in sanction_outcomes), as for an admin in chat.
struct sanction_ticket {
  std::string refused;  ///< why it was not done at all (empty when it was done or asked)
  /// With `refused`: the bot's or the platform's reason (unknown: one of Steward's admins).
  core::refusal cannot = core::refusal::unknown;
  std::int64_t log_id = 0;
  std::string kind;              ///< what was done or asked: the order's kind or the ladder's step
  std::string taken;             ///< the moderation log's "taken"
  bool awaits_platform = false;  ///< a call was queued; the log entry says how it ended
  std::vector<core::action> actions;  ///< to queue, in order
};

/// Whether this Steward serves `platform` (its section is in the config).
using platform_check = std::function<bool(const std::string& platform)>;

/// Operators' sanctions with the same rules as admins' commands in chat: warnings climb the
/// escalation ladder, the bot's rights decide what can be done, configured admins cannot be
/// sanctioned, every measure is logged, and the group hears of a platform call only after the
/// platform confirmed it (a refusal is recorded on the log entry, not posted).
class operator_sanctions {
 public:
  operator_sanctions(storage::moderation_store& store, escalation_ladder& ladder,
                     capability_lookup caps, platform_check serves, const rules::rules_config& cfg,
                     const template_book& book);

  /// Carries out `order` against `member` of `group`; `lang` words the group's notice.
  sanction_ticket order(const storage::group_row& group, const storage::member_row& member,
                        const sanction_order& order, core::language lang, std::int64_t now_s);
  /// Whether `kind` is an order this class takes.
  static bool is_order(const std::string& kind);
  /// Whether measures can be taken in groups of `platform`: a platform taken out of the config
  /// keeps its groups in the database, but there is nobody to ask or to tell.
  bool serves(const std::string& platform) const { return serves_(platform); }
  /// Why nothing can be done in groups of `platform` when it is not served.
  static std::string not_configured(const std::string& platform);

 private:
  sanction_ticket lift(const storage::group_row& group, const storage::member_row& member,
                       const sanction_order& order, core::language lang, std::int64_t now_s);
  std::string notice(const storage::group_row& group, const sanction& s, const std::string& name,
                     const std::string& reason, core::language lang) const;
  std::int64_t log(const storage::group_row& group, const storage::member_row& member,
                   const sanction_order& order, const std::string& taken, int calls,
                   std::int64_t now_s);

  storage::moderation_store& store_;
  escalation_ladder& ladder_;
  capability_lookup caps_;
  platform_check serves_;
  const rules::rules_config& cfg_;
  std::set<std::string> admin_ids_;
  const template_book& book_;
};

}  // namespace steward::handlers
