#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/action.hpp"
#include "bot/core/command.hpp"
#include "bot/core/platform.hpp"
#include "handlers/template_book.hpp"

namespace steward::handlers {

/// The follow-up purpose of calls whose outcome is announced only once the platform answered.
inline constexpr std::string_view confirm_purpose = "confirm";

/// What a confirmed call needs when its answer comes back: the moderation-log entry it settles,
/// the notice that announces it (posted only on success), and how to word a failure.
struct confirmation {
  std::int64_t log_id = 0;
  std::int64_t group_id = 0;
  std::string kind;         ///< "delete", "mute", "kick", "ban", "unmute", "unban" or "report"
  std::string target_name;  ///< the member it is about, for a failure's wording
  core::language lang = core::language::en;
  std::string notice;        ///< posted when the platform confirmed (empty: nothing to say)
  std::string reply_to;      ///< the admin's command to answer; empty for automatic moderation
  std::string chat_id = {};  ///< where to tell (empty: the chat the call was made in)
  bool quiet = false;        ///< a failure is logged but not told (one of several removals)
  bool html = true;          ///< the notice is Telegram HTML (false: written by an older version)
};

/// Marks `act` so its outcome comes back as a follow-up carrying `c`.
core::action confirmed(core::action act, const confirmation& c);
/// The confirmation a follow-up carries, or nullopt if `ref` is not one.
std::optional<confirmation> read_confirmation(std::string_view ref);

/// Why it could not be done — "they are an admin of this group" — in the member's language,
/// from the group's templates; `detail` is the platform's own answer, quoted when `why` is
/// unknown.
std::string refusal_reason(const template_book& book, const std::string& chat_id,
                           const std::string& kind, core::refusal why, const std::string& detail,
                           core::language lang, const std::string& platform);

/// "⚠️ I could not mute Bo: they are an admin of this group." in the member's language, from
/// the group's templates (Telegram HTML); `platform` names who refused or could not be reached.
/// "Telegram said yes but sent nothing I could use; …": a call that went through but whose
/// answer lacked what was asked (an invite link), named as refusal_reason names the platform.
std::string unreadable_reason(const template_book& book, const std::string& chat_id,
                              core::language lang, const std::string& platform);

std::string failure_notice(const template_book& book, const std::string& chat_id,
                           const std::string& kind, const std::string& name, core::refusal why,
                           const std::string& detail, core::language lang,
                           const std::string& platform);

}  // namespace steward::handlers
