#pragma once

#include <cstdint>
#include <string>

#include "bot/core/command.hpp"

namespace steward::handlers {

/// The English or the Chinese form of a phrase, for the language a command was asked in.
inline const char* in(core::language lang, const char* en, const char* zh) {
  return lang == core::language::zh ? zh : en;
}

/// "5h 12m" / "5小时12分钟": a wait, rounded up to the minute.
std::string format_wait(std::int64_t seconds, core::language lang);

/// "1 point", "5 points" / "5 分": an amount of points in the language asked.
std::string points_phrase(std::int64_t n, core::language lang);

/// A member's name for replies: display name, else @username, else a neutral word.
std::string name_for_reply(const std::string& display_name, core::language lang);

}  // namespace steward::handlers
