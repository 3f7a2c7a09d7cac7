#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/chat_event.hpp"
#include "bot/core/command.hpp"
#include "bot/core/platform.hpp"
#include "handlers/template_book.hpp"
#include "rules/rules_config.hpp"
#include "storage/moderation_store.hpp"

namespace steward::handlers {

/// The shortest timed mute or ban Steward sets. Telegram treats an end less than 30 s after the
/// moment its server handles the call as "forever", and the call needs a moment to get there.
constexpr std::int64_t shortest_timed_sanction_s = 60;
/// The longest timed mute or ban: Telegram treats anything longer as "forever", so longer ones
/// are set, and announced, as permanent.
constexpr std::int64_t longest_timed_sanction_s = 366 * 86400;

/// A measure against a member.
struct sanction {
  std::string kind;        ///< "warn", "mute", "kick" or "ban"
  std::int64_t until = 0;  ///< mute and ban: Unix time it ends (0 = for good)
  int warnings = 0;        ///< active warnings, this one included (ladder steps only)
  int ladder_size = 0;
};

/// A timed sanction of `kind` lasting `seconds` from `now_s` (the moment Steward acts, never a
/// message's own date); permanent when longer than the platform honours.
sanction timed_sanction(const std::string& kind, std::int64_t now_s, std::int64_t seconds);

/// What a sanction turned into on a platform: the calls, and a log line for what was done.
struct enforcement {
  std::vector<core::action> actions;  ///< the platform calls, main one first (none: not done)
  std::string taken;  ///< "mute until 1700000000", "delete (fallback: platform cannot mute)"
  std::string done;   ///< the kind actually asked of the platform: s.kind, the fallback, or ""
  core::refusal cannot = core::refusal::unknown;  ///< when done is empty: why not
};

/// The escalation ladder: each warning moves a member one step (warn → warn → mute 1 h →
/// mute 1 d → ban by default); warnings older than the decay period no longer count.
class escalation_ladder {
 public:
  escalation_ladder(storage::moderation_store& store, const rules::rules_config& cfg);
  /// Records a warning at `now_s` and returns the step it reaches.
  sanction escalate(std::int64_t member_id, std::int64_t now_s, const std::string& reason,
                    const std::string& actor);
  /// When warnings given before this time have decayed.
  std::int64_t active_since(std::int64_t at) const { return at - cfg_.warning_decay_seconds; }
  /// The mute a rule asks for when it names no duration: the ladder's first mute, else 1 h.
  std::int64_t default_mute_seconds() const;

 private:
  storage::moderation_store& store_;
  const rules::rules_config& cfg_;
};

/// `s` as the platform can carry it out: a mute longer than the platform allows (QQ: 30 days,
/// none for ever) ends when the platform ends it, so that what is announced is what happens.
sanction within_platform_limits(sanction s, const core::capabilities& caps, std::int64_t now_s);

/// The platform calls for a sanction on `user_id` in the event's chat, honouring what the bot
/// may do there: an action it cannot perform becomes `fallback` ("delete", "flag", "kick").
enforcement enforce(const core::chat_event& event, const std::string& user_id, const sanction& s,
                    const core::capabilities& caps, const core::bot_rights& rights,
                    const std::string& fallback);

/// The chat notice for a sanction (Telegram HTML, from the group's templates): who, what, until
/// when (in the group's time zone), and why.
std::string sanction_notice(const template_book& book, const std::string& chat_id,
                            const sanction& s, const std::string& name, const std::string& reason,
                            core::language lang, const std::string& time_zone);

/// "2026-11-22 18:00 UTC+8" for notices, in the group's time zone.
std::string format_until(std::int64_t until, const std::string& time_zone);

/// Chinese if the text has ideographs, else English: notices answer in the member's language.
core::language language_of(const std::string& text);

}  // namespace steward::handlers
